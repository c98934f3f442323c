/**
 * Drives the real reader and validation of engine/core over an input, the way the engine does (envelope
 * segments against the envelope grammars, messages against the shipped grammar of their type), feeding an
 * AckInputCollector; and envelopes built acknowledgements with fixed control numbers, date and time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AckInputCollector, type AckInput } from '../../../engine/core/ack-input.js';
import type { ContrlAck } from '../../../engine/core/ack-contrl.js';
import type { X12Ack } from '../../../engine/core/ack-x12.js';
import type { CompiledGrammar } from '../../../engine/core/compiled-grammar.js';
import { EdiReader } from '../../../engine/core/edi-reader.js';
import type { Group, Interchange, Message } from '../../../engine/core/envelope.js';
import { InterchangeWriter } from '../../../engine/core/interchange-writer.js';
import { IssueList, type Issue } from '../../../engine/core/issue.js';
import { validateEnvelopeSegment, validateMessage } from '../../../engine/core/message-validator.js';
import type { Segment } from '../../../engine/core/segment.js';
import type { OutSegment } from '../../../engine/core/segment-writer.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'acks');
const catalog = new GrammarCatalog(undefined);

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'latin1');
}

export interface Collected {
  inputs: AckInput[];
  messages: Message[];
  /** TA1 and other segments outside messages. */
  other: Segment[];
  issues: Issue[];
}

/** Reads and validates `text`; `duplicate` marks every interchange as seen before. */
export function collect(text: string, duplicate = false): Collected {
  const issues = new IssueList();
  const collector = new AckInputCollector(issues);
  const result: Collected = { inputs: [], messages: [], other: [], issues: issues.items };
  let groupOpen: Group | undefined;
  const check = (segment: Segment | undefined, interchange: Interchange): void => {
    const envelope = segment && envelopeGrammar(interchange, groupOpen);
    if (!segment || !envelope) return;
    const { tag: segmentId, line, column, offset } = segment;
    const location = { interchange: interchange.index, segmentId, line, column, offset };
    validateEnvelopeSegment(segment, envelope, interchange, location, issues);
  };
  const reader = new EdiReader(
    {
      interchangeStart: (interchange) => {
        check(interchange.header, interchange);
        collector.interchangeStart(interchange);
      },
      groupStart: (group, interchange) => {
        groupOpen = group;
        check(group.header, interchange);
        collector.groupStart(group);
      },
      message: (message) => {
        const grammar = grammarFor(message);
        validateMessage(message, grammar, issues, { charsetCheck: 'warn', tree: false });
        collector.message(message, grammar);
        result.messages.push(message);
      },
      groupEnd: (group, interchange) => {
        check(group.trailer, interchange);
        collector.groupEnd();
        groupOpen = undefined;
      },
      interchangeEnd: (interchange) => {
        check(interchange.trailer, interchange);
        result.inputs.push(collector.interchangeEnd(duplicate));
      },
      otherSegment: (segment, interchange) => {
        if (interchange && segment.tag === 'TA1') check(segment, interchange);
        result.other.push(segment);
      },
    },
    { issues },
  );
  reader.push(Buffer.from(text, 'latin1'));
  reader.end();
  return result;
}

/** The shipped grammar of a message's type (exact, else base), as the engine's lookup finds it. */
export function grammarFor(message: Message): CompiledGrammar | undefined {
  return catalog.find(message.interchange.editype, message.type, message.baseType)?.compiled;
}

/** The envelope grammar as the file validator chooses it (engine/runtime/file-validator.ts). */
function envelopeGrammar(interchange: Interchange, group: Group | undefined): CompiledGrammar | undefined {
  if (interchange.editype === 'edifact')
    return catalog.envelope('edifact', `edifact-envelope-${interchange.syntaxVersion === '4' ? '4' : '3'}`);
  const version = group ? group.version.slice(0, 6) : interchange.syntaxVersion;
  return catalog.envelope(
    'x12',
    version >= (group ? '005010' : '00402') ? 'x12-envelope-00501' : 'x12-envelope-00401',
  );
}

// Fixed envelope values of the acknowledgements: our control numbers, date and time.
const CONTROL = '901';
const DATE = '20240315';
const TIME = '1000';

function writer(interchange: Interchange): { writer: InterchangeWriter; text: () => string } {
  let text = '';
  const editype = interchange.editype === 'x12' ? 'x12' : 'edifact';
  const separators = interchange.separators;
  const layout = {
    separators,
    lineBreak: '\n' as const,
    keepTrailingEmpty: false,
    repeats: separators.repetition !== '',
  };
  return { writer: new InterchangeWriter(editype, layout, (piece) => (text += piece)), text: () => text };
}

/** ISA answering the received one: parties reversed, our control number, date and time. */
function isa(interchange: Interchange): string[] {
  const { sender, receiver, syntaxVersion, separators, test } = interchange;
  return [
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    receiver.qualifier,
    receiver.id.padEnd(15),
    sender.qualifier,
    sender.id.padEnd(15),
    DATE.slice(2),
    TIME,
    syntaxVersion >= '00402' ? separators.repetition : 'U',
    syntaxVersion,
    CONTROL.padStart(9, '0'),
    '0',
    test ? 'T' : 'P',
    separators.component,
  ];
}

/** A 997 or 999 in its own interchange and FA group, as the engine would send it. */
export function envelopeX12(input: AckInput, ack: X12Ack): string {
  const { writer: w, text } = writer(input.interchange);
  const received = input.groups[0]!.group;
  w.startInterchange(isa(input.interchange));
  w.startGroup(['FA', received.receiver, received.sender, DATE, TIME, CONTROL, 'X', ack.version]);
  const st = [ack.transactionSet, '0001'];
  if (ack.implementationReference) st.push(ack.implementationReference);
  w.message(st, ack.segments);
  w.endGroup();
  w.endInterchange();
  return text();
}

/** A TA1 alone in an interchange (IEA01 = 0). */
export function envelopeTa1(input: AckInput, ta1: OutSegment): string {
  const { writer: w, text } = writer(input.interchange);
  w.startInterchange(isa(input.interchange));
  w.segment(ta1);
  w.endInterchange();
  return text();
}

/** A CONTRL in a UNB answering the received one: parties reversed, same syntax identifier. */
export function envelopeContrl(input: AckInput, ack: ContrlAck): string {
  const { interchange } = input;
  const { writer: w, text } = writer(interchange);
  const v4 = interchange.syntaxVersion === '4';
  w.startInterchange(
    [
      [interchange.charset, interchange.syntaxVersion],
      [interchange.receiver.id, interchange.receiver.qualifier],
      [interchange.sender.id, interchange.sender.qualifier],
      [v4 ? DATE : DATE.slice(2), TIME],
      `CTL0${CONTROL}`,
    ],
    true,
  );
  w.message(['1', ack.identifier], ack.segments);
  w.endInterchange();
  return text();
}
