/**
 * The X12 interchange acknowledgement TA1. The engine writes it at interchange level: after ISA, before any GS
 * (or alone, with IEA01 = 0).
 *
 *   TA101 ISA13, TA102 ISA09 (date), TA103 ISA10 (time) of the received interchange
 *   TA104 A accepted; E accepted, errors noted (envelope errors, or a duplicate with policy 'note');
 *         R rejected (a duplicate). Envelope errors do not reject: the engine processes the groups inside.
 *   TA105 note code: 000 when nothing is noted, else the first that applies:
 *     duplicate interchange                    025 duplicate interchange control number
 *     IEA_REFERENCE                            001 control numbers in header and trailer do not match
 *     IEA_COUNT                                021 invalid number of included groups value
 *     IEA_MISSING, SEGMENT_UNTERMINATED        023 improper (premature) end-of-file
 *     GS_MISSING, SEGMENT_OUTSIDE_ENVELOPE     024 invalid interchange content
 *     an ISA element error (envelope grammar)  by position: ISA01 010, 02 011, 03 012, 04 013, 05 005, 06 006,
 *                                              07 007, 08 008, 09 014, 10 015, 11 016, 12 017, 13 018, 14 019,
 *                                              15 020, 16 027
 *     an IEA element error                     IEA01 021, IEA02 018
 *     any other error                          024 invalid interchange content
 * Warnings are not reported.
 */
import { AckError, type DuplicatePolicy } from './ack-common.js';
import type { AckInput, AckIssue } from './ack-input.js';
import { elementValue } from './segment.js';
import type { OutSegment } from './segment-writer.js';

export interface Ta1Options {
  /** Default 'reject'. */
  duplicate?: DuplicatePolicy;
}

const NOTE_BY_CODE: Readonly<Record<string, string>> = {
  IEA_REFERENCE: '001',
  IEA_COUNT: '021',
  IEA_MISSING: '023',
  SEGMENT_UNTERMINATED: '023',
  GS_MISSING: '024',
  SEGMENT_OUTSIDE_ENVELOPE: '024',
};

/** Note codes of ISA01..ISA16 (index 0 = ISA01) and IEA01..IEA02. */
const ISA_NOTES = [
  '010',
  '011',
  '012',
  '013',
  '005',
  '006',
  '007',
  '008',
  '014',
  '015',
  '016',
  '017',
  '018',
  '019',
  '020',
  '027',
];
const IEA_NOTES = ['021', '018'];

const OTHER = '024';
const DUPLICATE = '025';
const NO_ERROR = '000';

export function buildTa1(input: AckInput, options: Ta1Options = {}): OutSegment {
  const { interchange } = input;
  const header = interchange.header;
  if (interchange.editype !== 'x12' || !header || header.tag !== 'ISA')
    throw new AckError('ACK_NOT_APPLICABLE', 'a TA1 acknowledges X12 interchanges with an ISA only');
  const errors = input.issues.filter((issue) => issue.severity === 'error');
  const reject = input.duplicate && (options.duplicate ?? 'reject') === 'reject';
  const status = reject ? 'R' : input.duplicate || errors.length > 0 ? 'E' : 'A';
  const note = input.duplicate ? DUPLICATE : errors[0] ? noteCode(errors[0]) : NO_ERROR;
  return {
    tag: 'TA1',
    elements: [interchange.controlNumber, elementValue(header, 9), elementValue(header, 10), status, note],
  };
}

/** The TA105 code of an interchange error. */
function noteCode(issue: AckIssue): string {
  if (Object.hasOwn(NOTE_BY_CODE, issue.code)) return NOTE_BY_CODE[issue.code]!;
  const { segmentId, element } = issue.location;
  const byElement =
    element === undefined
      ? undefined
      : segmentId === 'ISA'
        ? ISA_NOTES[element - 1]
        : segmentId === 'IEA'
          ? IEA_NOTES[element - 1]
          : undefined;
  return byElement ?? OTHER;
}
