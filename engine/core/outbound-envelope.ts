/**
 * The envelope headers of outgoing interchanges: ISA/GS/ST for X12, UNB/UNH for EDIFACT, built from the parties,
 * the control numbers the engine took from its counters, the run's clock and the partner's envelope values. The
 * trailers (IEA/GE/SE, UNZ/UNT) are written by InterchangeWriter from these headers.
 *
 * Partner envelope values (PartnerConfig.envelope) override the defaults by element name: `ISA01`..`ISA04`,
 * `ISA05`/`ISA06` (our qualifier and id), `ISA07`/`ISA08`, `ISA11`, `GS02`/`GS03` (application codes), and
 * EDIFACT `UNB.S001.0001` (syntax id), `UNB.S001.0002` (syntax version), `UNB.S002.0004`/`UNB.S002.0007`,
 * `UNB.S003.0010`/`UNB.S003.0007`, `UNB.0026` (application reference), `UNB.0032` (agreement id).
 */
import type { Party } from './envelope.js';
import type { SegmentDef } from './grammar.js';
import type { ElementValue } from './segment.js';
import { formatSegment } from './value-formatter.js';

/** GS01 by transaction set (ST01); Bots' default for others is the set id itself, which no partner accepts, so
 * an unknown set is an error the caller reports. */
const FUNCTIONAL_IDS: Readonly<Record<string, string>> = {
  '810': 'IN',
  '812': 'CD',
  '820': 'RA',
  '824': 'AG',
  '830': 'PS',
  '832': 'SC',
  '846': 'IB',
  '850': 'PO',
  '852': 'PD',
  '855': 'PR',
  '856': 'SH',
  '860': 'PC',
  '861': 'RC',
  '864': 'TX',
  '865': 'CA',
  '940': 'OW',
  '943': 'AR',
  '944': 'RE',
  '945': 'SW',
  '947': 'AW',
  '997': 'FA',
  '999': 'FA',
};

export function functionalId(transactionSet: string): string | undefined {
  return Object.hasOwn(FUNCTIONAL_IDS, transactionSet) ? FUNCTIONAL_IDS[transactionSet] : undefined;
}

/** An X12 message type id (`850004010`, `999005010X231A1`) as transaction set and GS08 version. */
export function x12TypeParts(messagetype: string): { set: string; version: string } {
  return { set: messagetype.slice(0, 3), version: messagetype.slice(3) || '004010' };
}

/** What every interchange header is made of. */
export interface InterchangeValues {
  sender: Party;
  receiver: Party;
  /** ISA13 (written as 9 digits) or UNB 0020: a counter value. */
  control: number;
  test: boolean;
  /** ISA14 / UNB 0031: ask the receiver for an acknowledgement. */
  askAck: boolean;
  at: Date;
  /** The receiving partner's envelope values. */
  values: Readonly<Record<string, string>>;
}

export interface X12InterchangeValues extends InterchangeValues {
  /** GS08 of the groups inside (004010, 005010...): decides ISA12 and ISA11. */
  version: string;
  component: string;
  repetition: string;
}

/** ISA elements, formatted to the fixed widths of the envelope grammar's ISA definition. */
export function x12InterchangeHeader(v: X12InterchangeValues, isa: SegmentDef): ElementValue[] {
  const five = v.version >= '005010';
  const pick = (name: string, fallback: string): string => v.values[name] ?? fallback;
  const segment = formatSegment(
    'ISA',
    [
      pick('ISA01', '00'),
      pick('ISA02', ''),
      pick('ISA03', '00'),
      pick('ISA04', ''),
      pick('ISA05', v.sender.qualifier || 'ZZ'),
      pick('ISA06', v.sender.id),
      pick('ISA07', v.receiver.qualifier || 'ZZ'),
      pick('ISA08', v.receiver.id),
      v.at,
      v.at,
      five ? v.repetition || '^' : pick('ISA11', 'U'),
      five ? '00501' : '00401',
      v.control,
      v.askAck ? '1' : '0',
      v.test ? 'T' : 'P',
      v.component,
    ],
    isa,
    '.',
  );
  return segment.elements;
}

export interface X12GroupValues {
  functionalId: string;
  sender: string;
  receiver: string;
  control: number;
  at: Date;
  version: string;
  values: Readonly<Record<string, string>>;
}

export function x12GroupHeader(v: X12GroupValues): ElementValue[] {
  return [
    v.functionalId,
    v.values.GS02 ?? v.sender,
    v.values.GS03 ?? v.receiver,
    yyyymmdd(v.at),
    hhmm(v.at),
    String(v.control),
    'X',
    v.version,
  ];
}

/** ST01, ST02 (the control number, at least 4 digits), and ST03 when given (the 005010 implementation). */
export function x12MessageHeader(set: string, control: number, st03?: string): ElementValue[] {
  const header = [set, String(control).padStart(4, '0')];
  if (st03) header.push(st03);
  return header;
}

/** An EDIFACT message type id in Bots' form (`ORDERSD96AUN`, `ORDERSD96AUNEAN008`, `CONTRL22UN`). */
export interface EdifactTypeParts {
  type: string;
  version: string;
  release: string;
  agency: string;
  association: string;
}

export function edifactTypeParts(messagetype: string): EdifactTypeParts | undefined {
  const m = /^([A-Z]{6})([A-Z0-9])(\d{2}[A-Z]|\d)([A-Z]{2})([A-Z0-9]*)$/.exec(messagetype);
  if (!m) return undefined;
  return { type: m[1]!, version: m[2]!, release: m[3]!, agency: m[4]!, association: m[5]! };
}

export type EdifactInterchangeValues = InterchangeValues;

export function edifactInterchangeHeader(v: EdifactInterchangeValues): ElementValue[] {
  const pick = (name: string, fallback: string): string => v.values[name] ?? fallback;
  const party = (id: string, qualifier: string): ElementValue => (qualifier ? [id, qualifier] : id);
  const header: ElementValue[] = [
    [pick('UNB.S001.0001', 'UNOC'), pick('UNB.S001.0002', '3')],
    party(pick('UNB.S002.0004', v.sender.id), pick('UNB.S002.0007', v.sender.qualifier)),
    party(pick('UNB.S003.0010', v.receiver.id), pick('UNB.S003.0007', v.receiver.qualifier)),
    [yyyymmdd(v.at).slice(2), hhmm(v.at)],
    String(v.control),
  ];
  const tail = ['', pick('UNB.0026', ''), '', v.askAck ? '1' : '', pick('UNB.0032', ''), v.test ? '1' : ''];
  while (tail.length > 0 && tail[tail.length - 1] === '') tail.pop();
  return [...header, ...tail];
}

export function edifactMessageHeader(reference: string, parts: EdifactTypeParts): ElementValue[] {
  const id = [parts.type, parts.version, parts.release, parts.agency];
  if (parts.association) id.push(parts.association);
  return [reference, id];
}

function yyyymmdd(at: Date): string {
  return `${at.getUTCFullYear()}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}`;
}

function hhmm(at: Date): string {
  return `${two(at.getUTCHours())}${two(at.getUTCMinutes())}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
