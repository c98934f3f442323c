/**
 * EDIFACT CONTRL (ISO 9735 syntax and service report) for one received interchange, in the syntax of that
 * interchange: syntax 4 gets CONTRL:4:1:UN, earlier syntaxes CONTRL:D:3:UN. The result is the body between UNH
 * and UNT and the S009 for UNH; the engine writes UNH/UNT and the UNB/UNZ around it, partners reversed.
 *
 *   UCI  0020 the UNB's 0020; S002, S003 its sender and recipient as received; 0083 7 acknowledged (and every
 *        lower level not explicitly rejected), 4 rejected (a duplicate), 8 received (option receiptOnly: nothing
 *        else is reported); 0085, 0013 (0135 in syntax 4) and S011 for the first interchange envelope error
 *   UCF  per UNG group: 0048, S006, S007 as received, 0083 7, and 0085/0013/S011 for its first envelope error
 *   UCM  per message, under its UCF when grouped: 0062, S009 as received, 0083 7 acknowledged or 4 rejected
 *        (rules in ack-common), and 0085/0013/S011 for its first UNH or UNT error (18 unspecified for a rejected
 *        message whose errors have no CONTRL code)
 *   UCS  per segment in error, in segment order: 0096 position in the message (UNH = 1); 0085 for an error of the
 *        segment itself (missing, not supported in this position, too many); without 0085 for element errors only
 *   UCD  per element error of that segment: 0085, S011 0098 element position, 0104 component position and, in
 *        syntax 4, 0136 occurrence
 *
 * 0085 values come from ACK_CODES. Envelope errors it leaves out: UNZ_COUNT 29, UNZ_REFERENCE 28, UNZ_MISSING 13,
 * SEGMENT_OUTSIDE_ENVELOPE 33 (invalid occurrence outside message, group or interchange); an error in a UNB
 * element takes that element code of ACK_CODES; any other 18 (unspecified); a duplicate interchange 26.
 * Envelope errors are reported with action 7: the messages inside are still processed, each answered by its UCM.
 */
import {
  ackCodes,
  AckError,
  bySegment,
  messageStatus,
  position,
  reported,
  trimmed,
  type DuplicatePolicy,
} from './ack-common.js';
import type { AckGroup, AckInput, AckIssue, AckMessage } from './ack-input.js';
import { Repeated, type ElementValue } from './segment.js';
import type { OutSegment } from './segment-writer.js';

export interface ContrlOptions {
  /** Default 'reject'. */
  duplicate?: DuplicatePolicy;
  /** Only confirm receipt (UCI action 8): no UCF or UCM. */
  receiptOnly?: boolean;
}

export interface ContrlAck {
  /** UNH S009: CONTRL:D:3:UN or CONTRL:4:1:UN. */
  identifier: string[];
  /** UCI to the last UCD, without UNH and UNT. */
  segments: OutSegment[];
}

const ENVELOPE_CODES: Readonly<Record<string, string>> = {
  UNZ_COUNT: '29',
  UNZ_REFERENCE: '28',
  UNZ_MISSING: '13',
  SEGMENT_OUTSIDE_ENVELOPE: '33',
};
const UNSPECIFIED = '18';
const DUPLICATE = '26';

/** The CONTRL limits: UCS groups per UCM, UCD per UCS. */
const MAX_UCS = 999;
const MAX_UCD = 99;

export function buildContrl(input: AckInput, options: ContrlOptions = {}): ContrlAck {
  const { interchange } = input;
  const header = interchange.header;
  if (interchange.editype !== 'edifact' || !header)
    throw new AckError('ACK_NOT_APPLICABLE', 'a CONTRL acknowledges EDIFACT interchanges with a UNB only');
  const v4 = interchange.syntaxVersion === '4';
  const partyParts = v4 ? 4 : 3;
  const segments: OutSegment[] = [];
  const rejectDuplicate = input.duplicate && (options.duplicate ?? 'reject') === 'reject';
  const action = rejectDuplicate ? '4' : options.receiptOnly ? '8' : '7';
  const error: Fault | undefined = input.duplicate
    ? { code: DUPLICATE }
    : options.receiptOnly
      ? undefined
      : envelopeFault(input.issues);
  segments.push(
    out('UCI', [
      interchange.controlNumber,
      composite(header.elements[1], partyParts),
      composite(header.elements[2], partyParts),
      action,
      ...faultElements(error),
    ]),
  );
  if (action !== '7') return { identifier: identifier(v4), segments };
  for (const message of input.messages) segments.push(...messageResponse(message, v4));
  for (const group of input.groups) segments.push(...groupResponse(group, v4));
  return { identifier: identifier(v4), segments };
}

function identifier(v4: boolean): string[] {
  return v4 ? ['CONTRL', '4', '1', 'UN'] : ['CONTRL', 'D', '3', 'UN'];
}

/** An error reported in UCI, UCF or UCM: 0085, the service segment's tag (0013/0135), S011. */
interface Fault {
  code: string;
  tag?: string;
  element?: number;
  component?: number;
}

function faultElements(fault: Fault | undefined): ElementValue[] {
  if (!fault) return [];
  return [
    fault.code,
    fault.tag ?? '',
    fault.element === undefined ? '' : [String(fault.element), position(fault.component)],
  ];
}

/** The first error of an interchange or group envelope. */
function envelopeFault(issues: readonly AckIssue[]): Fault | undefined {
  const issue = issues.find((i) => i.severity === 'error');
  if (!issue) return undefined;
  const { segmentId, element, component } = issue.location;
  const code = Object.hasOwn(ENVELOPE_CODES, issue.code)
    ? ENVELOPE_CODES[issue.code]!
    : (ackCodes(issue)?.contrl ?? UNSPECIFIED);
  const tag = segmentId ?? /^(UN[BZGE])_/.exec(issue.code)?.[1];
  return { code, tag, element, component };
}

function groupResponse(ack: AckGroup, v4: boolean): OutSegment[] {
  const { header } = ack.group;
  const segments = [
    out('UCF', [
      ack.group.controlNumber,
      composite(header.elements[1], 2),
      composite(header.elements[2], 2),
      '7',
      ...faultElements(envelopeFault(ack.issues)),
    ]),
  ];
  for (const message of ack.messages) segments.push(...messageResponse(message, v4));
  return segments;
}

function messageResponse(message: AckMessage, v4: boolean): OutSegment[] {
  const status = messageStatus(message);
  const issues = reported(message.issues);
  const service = issues.filter(isServiceSegmentIssue);
  const first = service[0];
  const fault: Fault | undefined = first
    ? {
        code: ackCodes(first)!.contrl,
        tag: first.location.segmentId ?? 'UNT',
        element: first.location.element,
        component: first.location.component,
      }
    : status === 'rejected' && issues.length === 0
      ? { code: UNSPECIFIED }
      : undefined;
  const segments = [
    out('UCM', [
      message.reference,
      message.identifier.slice(0, v4 ? 7 : 5),
      status === 'rejected' ? '4' : '7',
      ...faultElements(fault),
    ]),
  ];
  const notes = segmentNotes(issues.filter((issue) => !isServiceSegmentIssue(issue))).slice(0, MAX_UCS);
  for (const note of notes) {
    segments.push(out('UCS', [String(note.position), note.code ?? '']));
    for (const issue of note.elements.slice(0, MAX_UCD)) {
      const { element, component, repetition } = issue.location;
      segments.push(
        out('UCD', [
          ackCodes(issue)!.contrl,
          [String(element), position(component), v4 ? position(repetition) : ''],
        ]),
      );
    }
  }
  return segments;
}

/** Errors of UNH and UNT are reported in UCM, as ISO 9735 has it for service segments. */
function isServiceSegmentIssue(issue: AckIssue): boolean {
  const { segmentId } = issue.location;
  return segmentId === 'UNH' || segmentId === 'UNT' || issue.code.startsWith('UNT_');
}

/** One UCS: the errors of one segment (its own code, if any, and its element errors). */
interface SegmentNote {
  position: number;
  code?: string;
  elements: AckIssue[];
}

function segmentNotes(issues: AckIssue[]): SegmentNote[] {
  const notes: SegmentNote[] = [];
  for (const issue of bySegment(issues)) {
    const at = issue.location.segmentNumber;
    if (at === undefined) continue;
    let note = notes[notes.length - 1];
    if (note?.position !== at || (issue.location.element === undefined && note.code !== undefined)) {
      note = { position: at, elements: [] };
      notes.push(note);
    }
    if (issue.location.element === undefined) note.code = ackCodes(issue)!.contrl;
    else note.elements.push(issue);
  }
  return notes;
}

/** A composite of the received header, at most `parts` components (the CONTRL segment's definition). */
function composite(value: ElementValue | undefined, parts: number): ElementValue {
  const one = value instanceof Repeated ? value.values[0] : value;
  if (one === undefined) return '';
  return typeof one === 'string' ? one : one.slice(0, parts);
}

function out(tag: string, elements: ElementValue[]): OutSegment {
  return { tag, elements: trimmed(elements) };
}
