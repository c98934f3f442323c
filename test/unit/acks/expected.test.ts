// Acknowledgements of real inputs, read and validated by engine/core, built, enveloped with fixed control numbers,
// date and time, and compared line by line (one segment per line) with expected files written by hand from the
// standards (test/fixtures/acks/README.md explains each). The generated acknowledgements must also validate
// against the shipped 997/999/CONTRL grammars, and reading them back must give the statuses that went in.
import { describe, expect, it } from 'vitest';
import { messageStatus, type MessageStatus } from '../../../engine/core/ack-common.js';
import { buildContrl } from '../../../engine/core/ack-contrl.js';
import type { AckInput } from '../../../engine/core/ack-input.js';
import { readAck, readTa1, type AckStatus } from '../../../engine/core/ack-reader.js';
import { buildTa1 } from '../../../engine/core/ack-ta1.js';
import { build997, build999 } from '../../../engine/core/ack-x12.js';
import { collect, envelopeContrl, envelopeTa1, envelopeX12, fixture, grammarFor } from './harness.js';

interface Case {
  name: string;
  input: string;
  expected: string;
  duplicate?: boolean;
  build: (input: AckInput) => string;
}

const x997 = (input: AckInput): string => envelopeX12(input, build997(input, input.groups[0]!));
const x999 = (input: AckInput): string => envelopeX12(input, build999(input, input.groups[0]!));
const ta1 = (input: AckInput): string => envelopeTa1(input, buildTa1(input));
const contrl = (input: AckInput): string => envelopeContrl(input, buildContrl(input));

const CASES: Case[] = [
  { name: '997 004010, clean', input: '850-4010-clean.x12', expected: '997-4010-clean.x12', build: x997 },
  {
    name: '997 004010, one of two rejected',
    input: '850-4010-errors.x12',
    expected: '997-4010-errors.x12',
    build: x997,
  },
  { name: '997 005010, clean', input: '850-5010-clean.x12', expected: '997-5010-clean.x12', build: x997 },
  {
    name: '997 005010, one of two rejected',
    input: '850-5010-errors.x12',
    expected: '997-5010-errors.x12',
    build: x997,
  },
  { name: '999, clean', input: '850-5010-clean.x12', expected: '999-clean.x12', build: x999 },
  { name: '999, one of two rejected', input: '850-5010-errors.x12', expected: '999-errors.x12', build: x999 },
  { name: 'TA1 accepted', input: '850-4010-clean.x12', expected: 'ta1-accepted.x12', build: ta1 },
  {
    name: 'TA1 duplicate',
    input: '850-4010-clean.x12',
    expected: 'ta1-duplicate.x12',
    duplicate: true,
    build: ta1,
  },
  {
    name: 'CONTRL syntax 3, clean',
    input: 'orders-3-clean.edi',
    expected: 'contrl-3-clean.edi',
    build: contrl,
  },
  {
    name: 'CONTRL syntax 3, one of two rejected',
    input: 'orders-3-errors.edi',
    expected: 'contrl-3-errors.edi',
    build: contrl,
  },
  {
    name: 'CONTRL syntax 4, clean',
    input: 'orders-4-clean.edi',
    expected: 'contrl-4-clean.edi',
    build: contrl,
  },
  {
    name: 'CONTRL syntax 4, one of two rejected',
    input: 'orders-4-errors.edi',
    expected: 'contrl-4-errors.edi',
    build: contrl,
  },
];

function acknowledge(c: Case): { input: AckInput; text: string } {
  const { inputs } = collect(fixture(c.input), c.duplicate);
  expect(inputs).toHaveLength(1);
  const input = inputs[0]!;
  return { input, text: c.build(input) };
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

const X12_STATUS: Readonly<Record<MessageStatus, AckStatus>> = {
  accepted: 'accepted',
  'accepted-with-errors': 'accepted-with-errors',
  rejected: 'rejected',
};

describe('acknowledgements compared with hand-written expected files', () => {
  it.each(CASES)('$name: $input -> $expected', (c) => {
    expect(lines(acknowledge(c).text)).toEqual(lines(fixture(c.expected)));
  });

  it.each(CASES)('$name: the acknowledgement validates against the shipped grammars', (c) => {
    const read = collect(acknowledge(c).text);
    expect(read.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    for (const message of read.messages) expect(grammarFor(message), message.type).toBeDefined();
  });
});

describe('reading the generated acknowledgements back', () => {
  const x12 = CASES.filter((c) => c.build === x997 || c.build === x999);
  it.each(x12)('$name: the statuses and references that went in', (c) => {
    const { input, text } = acknowledge(c);
    const [message] = collect(text).messages;
    const result = readAck(message!);
    const group = input.groups[0]!;
    expect(result.groups.map((g) => g.reference)).toEqual([group.group.controlNumber]);
    expect(result.messages.map((m) => [m.reference, m.status])).toEqual(
      group.messages.map((m) => [m.reference, X12_STATUS[messageStatus(m)]]),
    );
    const rejected = group.messages.filter((m) => messageStatus(m) === 'rejected').length;
    expect(result.groups[0]!.status).toBe(
      rejected === 0 ? 'accepted' : rejected === group.messages.length ? 'rejected' : 'partially-accepted',
    );
  });

  it.each(CASES.filter((c) => c.build === contrl))('$name: the statuses and references that went in', (c) => {
    const { input, text } = acknowledge(c);
    const result = readAck(collect(text).messages[0]!);
    expect(result.interchange).toEqual({
      reference: input.interchange.controlNumber,
      status: 'accepted',
      codes: [],
    });
    expect(result.messages.map((m) => [m.reference, m.status])).toEqual(
      input.messages.map((m) => [m.reference, messageStatus(m) === 'rejected' ? 'rejected' : 'accepted']),
    );
  });

  it('gives back the error details of the rejected transaction set of a 999', () => {
    const { text } = acknowledge(CASES.find((c) => c.expected === '999-errors.x12')!);
    const rejected = readAck(collect(text).messages[0]!).messages[1]!;
    expect(rejected.codes).toEqual(['5']);
    expect(rejected.details).toEqual([
      { segmentId: 'CUR', position: 3, code: '8' },
      { segmentId: 'CUR', position: 3, element: 2, code: '1' },
      { segmentId: 'CUR', position: 4, code: '5' },
      { segmentId: 'BSN', position: 5, code: '1' },
      { segmentId: 'DTM', position: 6, code: '8' },
      { segmentId: 'DTM', position: 6, element: 2, code: '8', data: '20240230' },
    ]);
  });

  it('gives back the UCS/UCD details of a rejected message in a CONTRL', () => {
    const { text } = acknowledge(CASES.find((c) => c.expected === 'contrl-4-errors.edi')!);
    const rejected = readAck(collect(text).messages[0]!).messages[1]!;
    expect(rejected.details).toEqual([
      { position: 2, element: 1, component: 1, code: '12' },
      { position: 4, code: '15' },
      { position: 8, element: 1, component: 2, code: '13' },
      { position: 10, code: '35' },
    ]);
  });

  it.each([
    ['ta1-accepted.x12', false, 'accepted', '000'],
    ['ta1-duplicate.x12', true, 'rejected', '025'],
  ] as const)('reads the TA1 of %s back', (expected, duplicate, status, note) => {
    const c = CASES.find((k) => k.expected === expected)!;
    expect(duplicate).toBe(c.duplicate === true);
    const [segment] = collect(acknowledge(c).text).other;
    expect(readTa1(segment!)).toEqual({
      reference: '000000201',
      date: '240301',
      time: '0930',
      status,
      codes: note === '000' ? [] : [note],
      note,
    });
  });
});
