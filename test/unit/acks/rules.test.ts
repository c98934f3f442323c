// The rules of ack-common and the builders beyond the expected files: envelope errors at each level, duplicates,
// UNG groups, receipt-only CONTRL, warnings, version checks, and how the collector assigns issues to levels.
import { describe, expect, it } from 'vitest';
import { AckError } from '../../../engine/core/ack-common.js';
import { buildContrl, type ContrlOptions } from '../../../engine/core/ack-contrl.js';
import type { AckInput } from '../../../engine/core/ack-input.js';
import { readAck, readTa1 } from '../../../engine/core/ack-reader.js';
import { buildTa1 } from '../../../engine/core/ack-ta1.js';
import { build997, build999 } from '../../../engine/core/ack-x12.js';
import { SegmentWriter } from '../../../engine/core/segment-writer.js';
import type { OutSegment } from '../../../engine/core/segment-writer.js';
import { collect, envelopeContrl, fixture, grammarFor } from './harness.js';

function only(text: string, duplicate = false): AckInput {
  const { inputs } = collect(text, duplicate);
  expect(inputs).toHaveLength(1);
  return inputs[0]!;
}

/** Segments as text, one per entry, with the separators of the expected files. */
function texts(segments: OutSegment[], editype: 'x12' | 'edifact' = 'x12'): string[] {
  const separators =
    editype === 'x12'
      ? { segment: '~', element: '*', component: '>', repetition: '^', release: '', decimal: '.' }
      : { segment: "'", element: '+', component: ':', repetition: '*', release: '?', decimal: '.' };
  const writer = new SegmentWriter(editype, {
    separators,
    lineBreak: '',
    keepTrailingEmpty: false,
    repeats: true,
  });
  return segments.map((segment) => writer.write(segment));
}

const replace = (name: string, from: string, to: string): string => {
  const text = fixture(name);
  expect(text).toContain(from);
  return text.replace(from, to);
};

describe('X12 envelope errors', () => {
  it('reports a wrong GE01 in AK905 and marks the group E, its sets still accepted', () => {
    const input = only(replace('850-4010-clean.x12', 'GE*1*201~', 'GE*2*201~'));
    expect(input.groups[0]!.issues.map((i) => i.code)).toEqual(['GE_COUNT']);
    expect(texts(build997(input, input.groups[0]!).segments).slice(-2)).toEqual(['AK5*A~', 'AK9*E*2*1*1*5~']);
    expect(buildTa1(input).elements.slice(3)).toEqual(['A', '000']);
  });

  it('rejects a transaction set whose SE01 is wrong with AK502 4', () => {
    const input = only(replace('850-4010-clean.x12', 'SE*14*0001~', 'SE*15*0001~'));
    expect(texts(build997(input, input.groups[0]!).segments).slice(-2)).toEqual(['AK5*R*4~', 'AK9*R*1*1*0~']);
  });

  it('puts a GS element error on the group (AK9 E without a code), not the interchange', () => {
    const input = only(replace('850-4010-clean.x12', '*20240301*0930*201*', '*20240230*0930*201*'));
    expect(input.issues).toEqual([]);
    expect(input.groups[0]!.issues.map((i) => [i.code, i.location.segmentId])).toEqual([
      ['DATE_INVALID', 'GS'],
    ]);
    expect(texts(build997(input, input.groups[0]!).segments).at(-1)).toBe('AK9*E*1*1*1~');
  });

  it('notes interchange errors in TA1 with E and the note code of the first', () => {
    const count = only(replace('850-4010-clean.x12', 'IEA*1*', 'IEA*2*'));
    expect(count.issues.map((i) => i.code)).toEqual(['IEA_COUNT']);
    expect(buildTa1(count).elements.slice(3)).toEqual(['E', '021']);
    const reference = only(replace('850-4010-clean.x12', 'IEA*1*000000201', 'IEA*1*000000202'));
    expect(buildTa1(reference).elements.slice(3)).toEqual(['E', '001']);
  });

  it('maps an ISA element error by its position', () => {
    const input = only(replace('850-4010-clean.x12', '*0*P*>~', '*0*X*>~'));
    expect(input.issues.map((i) => [i.code, i.location.element])).toEqual([['CODE_INVALID', 15]]);
    expect(buildTa1(input).elements.slice(3)).toEqual(['E', '020']);
  });

  it('only notes a duplicate with policy note', () => {
    const input = only(fixture('850-4010-clean.x12'), true);
    expect(buildTa1(input, { duplicate: 'note' }).elements.slice(3)).toEqual(['E', '025']);
  });
});

describe('X12 versions', () => {
  it('refuses a 999 for a 004010 group', () => {
    const input = only(fixture('850-4010-clean.x12'));
    expect(() => build999(input, input.groups[0]!)).toThrow(AckError);
    expect(() => build999(input, input.groups[0]!)).toThrow(/005010 and later.*send a 997/);
  });

  it('acknowledges 004010VICS with a 004010 997', () => {
    const input = only(replace('850-4010-clean.x12', '*X*004010~', '*X*004010VICS~'));
    const ack = build997(input, input.groups[0]!);
    expect([ack.version, texts(ack.segments)[0]]).toEqual(['004010', 'AK1*PO*201~']);
  });

  it('leaves separators out of copied bad data', () => {
    const input = only(fixture('850-4010-errors.x12'));
    input.groups[0]!.messages[1]!.issues.find((i) => i.code === 'DATE_INVALID')!.data = '2024*02~30';
    const ack = build997(input, input.groups[0]!, {
      separators: { segment: '~', element: '*', component: '>', repetition: '', release: '', decimal: '.' },
    });
    expect(texts(ack.segments)).toContain('AK4*2*373*8*20240230~');
  });

  it('writes C030 with component and repetition positions', () => {
    const input = only(fixture('850-5010-errors.x12'));
    const issue = input.groups[0]!.messages[1]!.issues.find((i) => i.code === 'ELEMENT_MISSING')!;
    issue.location = { ...issue.location, component: 2, repetition: 3 };
    expect(texts(build999(input, input.groups[0]!).segments)).toContain('IK4*2>2>3*100*1~');
    expect(texts(build997(input, input.groups[0]!).segments)).toContain('AK4*2>2>3*100*1~');
  });
});

describe('CONTRL', () => {
  const contrl = (input: AckInput, options?: ContrlOptions): string[] =>
    texts(buildContrl(input, options).segments, 'edifact');

  it('rejects a duplicate with 0083 4 and 0085 26, listing no messages', () => {
    expect(contrl(only(fixture('orders-3-errors.edi'), true))).toEqual([
      "UCI+ICR0301+5412345000013:14+8712345000010:14+4+26'",
    ]);
  });

  it('only notes a duplicate with policy note', () => {
    const segments = contrl(only(fixture('orders-3-clean.edi'), true), { duplicate: 'note' });
    expect(segments).toEqual([
      "UCI+ICR0201+5412345000013:14+8712345000010:14+7+26'",
      "UCM+1+ORDERS:D:96A:UN:EAN008+7'",
    ]);
  });

  it('confirms receipt only with action 8', () => {
    expect(contrl(only(fixture('orders-3-errors.edi')), { receiptOnly: true })).toEqual([
      "UCI+ICR0301+5412345000013:14+8712345000010:14+8'",
    ]);
  });

  it('reports an interchange envelope error in UCI with the service segment and element', () => {
    const input = only(replace('orders-3-clean.edi', "UNZ+1+ICR0201'", "UNZ+2+ICR0201'"));
    expect(contrl(input)[0]).toBe("UCI+ICR0201+5412345000013:14+8712345000010:14+7+29+UNZ+1'");
  });

  it('reports UNT errors in UCM and rejects the message', () => {
    const input = only(replace('orders-4-clean.edi', "UNT+15+1'", "UNT+16+1'"));
    expect(contrl(input)[1]).toBe("UCM+1+ORDERS:D:96A:UN:EAN008+4+29+UNT+1'");
  });

  it('acknowledges a message with a reported warning, listing it', () => {
    const input = only(replace('orders-3-clean.edi', 'BGM+220+PO4471+9', 'BGM+220+po4471+9'));
    expect(input.messages[0]!.issues.map((i) => [i.code, i.severity])).toEqual([
      ['CHARSET_INVALID', 'warning'],
    ]);
    expect(contrl(input).slice(1)).toEqual(["UCM+1+ORDERS:D:96A:UN:EAN008+7'", "UCS+2'", "UCD+21+2'"]);
  });

  it('answers UNG groups with UCF, and the result validates', () => {
    const grouped = fixture('orders-3-clean.edi')
      .replace('UNH+1+', "UNG+ORDERS+5412345000013:14+8712345000010:14+240301:0930+GRP1+UN+D:96A'\nUNH+1+")
      .replace("UNZ+1+ICR0201'", "UNE+1+GRP1'\nUNZ+1+ICR0201'");
    const input = only(grouped);
    expect(input.groups.map((g) => g.messages.length)).toEqual([1]);
    expect(contrl(input)).toEqual([
      "UCI+ICR0201+5412345000013:14+8712345000010:14+7'",
      "UCF+GRP1+5412345000013:14+8712345000010:14+7'",
      "UCM+1+ORDERS:D:96A:UN:EAN008+7'",
    ]);
    const read = collect(envelopeContrl(input, buildContrl(input)));
    expect(read.issues).toEqual([]);
    expect(grammarFor(read.messages[0]!)?.grammar.id).toBe('CONTRLD3UN');
    expect(readAck(read.messages[0]!).messages).toEqual([
      { reference: '1', status: 'accepted', codes: [], type: 'ORDERS', group: 'GRP1', details: [] },
    ]);
  });

  it('refuses X12 input, as TA1 refuses EDIFACT input', () => {
    expect(() => buildContrl(only(fixture('850-4010-clean.x12')))).toThrow(/EDIFACT/);
    expect(() => buildTa1(only(fixture('orders-3-clean.edi')))).toThrow(/X12 interchanges/);
  });
});

describe('reading acknowledgements', () => {
  it('reads the syntax 2 CONTRL fixtures of test/fixtures/contrl', () => {
    const text = fixture('../contrl/contrl-3-reject.edi');
    const result = readAck(collect(text).messages[0]!);
    expect(result.interchange).toEqual({ reference: 'ICR0102', status: 'rejected', codes: [] });
    expect(result.messages.map((m) => [m.reference, m.status, m.type])).toEqual([
      ['1', 'rejected', 'ORDERS'],
    ]);
    expect(result.messages[0]!.details).toEqual([
      { position: 2, code: '13' },
      { position: 9, element: 1, component: 2, code: '12' },
    ]);
  });

  it('refuses a message that is no acknowledgement, and a 997 without AK9', () => {
    const order = collect(fixture('850-4010-clean.x12')).messages[0]!;
    expect(() => readAck(order)).toThrow(/not a 997, 999 or CONTRL/);
    const ack = collect(fixture('997-4010-clean.x12').replace('AK9*A*1*1*1~\nSE*6', 'SE*5')).messages[0]!;
    expect(() => readAck(ack)).toThrow(/997: no AK9/);
    expect(() => readTa1(order.segments[1]!)).toThrow(/BEG is not a TA1/);
  });
});
