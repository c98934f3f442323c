/**
 * X12 functional acknowledgements, one per received functional group: 997 (the layout of the group's version:
 * 004010, or 005010 and later) and 999 (005010 and later, implementation guide 005010X231A1). The result is the
 * body between ST and SE: the engine writes ST (ST01 and ST03 from here, its own control number) and SE, and puts
 * the acknowledgement in a group with GS01 `FA` and GS08 `version`.
 *
 *   AK1      01 GS01, 02 GS06; 03 GS08 (005010 on)
 *   per transaction set, in the order received:
 *   AK2      01 ST01, 02 ST02; 03 ST03 (005010 on, when the set had one)
 *   AK3/IK3  per segment in error, in segment order: 01 segment id, 02 position in the set (ST = 1),
 *            04 AK304/IK304 code (03, the LS/LE loop id, is not used: our grammars have no bounded loops)
 *   AK4/IK4  per element in error of that segment: 01 C030 element position, component position (and, 005010 on,
 *            repetition), 02 the element's reference number when the grammar has one, 03 AK403/IK403 code,
 *            04 a copy of the bad value
 *   AK5/IK5  01 A accepted, E accepted with errors noted, R rejected (rules in ack-common); 02-06 the AK502/IK502
 *            codes of the set's envelope (SE) errors, then 5 (one or more segments in error) when AK3s were written
 *   AK9      01 A all accepted; E none rejected but errors noted (in a set or the group envelope); P some
 *            rejected; R all rejected. 02 sets included (GE01 as received, else the count), 03 received,
 *            04 accepted (A or E), 05-09 the AK905 codes of the group envelope (GE) errors
 *
 * A segment error (AK304 other than 8) has its own AK3; the element errors of one segment share one AK3 with code
 * 8. The 999's CTX segments are not written: they carry the context of implementation-guide situational rules and
 * business units (such as CLM01 of an 837), which grammar validation does not check.
 */
import {
  ackCodes,
  AckError,
  bySegment,
  distinct,
  hasErrors,
  messageStatus,
  position,
  reported,
  trimmed,
  type MessageStatus,
} from './ack-common.js';
import type { AckGroup, AckInput, AckIssue, AckMessage } from './ack-input.js';
import type { ElementValue } from './segment.js';
import type { OutSegment } from './segment-writer.js';
import type { Separators } from './separators.js';

export interface X12AckOptions {
  /**
   * The separators the acknowledgement will be written with. Copied bad values lose these characters: X12 has
   * no escape, and a value holding one would fail the write.
   */
  separators?: Separators;
}

export interface X12Ack {
  /** ST01. */
  transactionSet: '997' | '999';
  /** ST03: 005010X231A1 for a 999; undefined for a 997. */
  implementationReference?: string;
  /** GS08 of the group to send it in (GS01 is FA): the acknowledged group's version for a 997. */
  version: string;
  /** AK1 to AK9, without ST and SE. */
  segments: OutSegment[];
}

/** The 999's implementation guide, its ST03 and GS08. */
export const X231 = '005010X231A1';

const STATUS: Readonly<Record<MessageStatus, string>> = {
  accepted: 'A',
  'accepted-with-errors': 'E',
  rejected: 'R',
};

/** The longest copy of bad data AK404/IK404 (an1..99) holds. */
const MAX_DATA = 99;

export function build997(input: AckInput, group: AckGroup, options: X12AckOptions = {}): X12Ack {
  const version = groupVersion(input, group);
  return {
    transactionSet: '997',
    version,
    segments: body(group, { kind: '997', v5: version >= '005010', separators: options.separators }),
  };
}

export function build999(input: AckInput, group: AckGroup, options: X12AckOptions = {}): X12Ack {
  const version = groupVersion(input, group);
  if (version < '005010')
    throw new AckError(
      'ACK_NOT_APPLICABLE',
      `a 999 acknowledges 005010 and later groups; group ${group.group.controlNumber} is ${version}: send a 997`,
    );
  return {
    transactionSet: '999',
    implementationReference: X231,
    version: X231,
    segments: body(group, { kind: '999', v5: true, separators: options.separators }),
  };
}

interface Layout {
  kind: '997' | '999';
  /** 005010 and later elements: AK103, AK203, the repetition in C030. */
  v5: boolean;
  separators: Separators | undefined;
}

/**
 * The first six characters of GS08 (`004010VICS` -> `004010`); without GS08, the version of ISA12 (`00401` ->
 * `004010`).
 */
function groupVersion(input: AckInput, group: AckGroup): string {
  if (input.interchange.editype !== 'x12')
    throw new AckError('ACK_NOT_APPLICABLE', 'a 997 or 999 acknowledges X12 functional groups only');
  const gs08 = group.group.version.slice(0, 6);
  return gs08.length === 6 ? gs08 : `${input.interchange.syntaxVersion.slice(0, 5)}0`;
}

function body(ack: AckGroup, layout: Layout): OutSegment[] {
  const { group } = ack;
  const segments: OutSegment[] = [
    out('AK1', [group.functionalId, group.controlNumber, layout.v5 ? group.version : '']),
  ];
  const statuses = ack.messages.map((message) => {
    const status = messageStatus(message);
    segments.push(...transactionSet(message, status, layout));
    return status;
  });
  const accepted = statuses.filter((status) => status !== 'rejected').length;
  const declared = group.trailer?.elements[0];
  const included =
    typeof declared === 'string' && /^\d+$/.test(declared) ? declared : String(statuses.length);
  const groupCodes = distinct(
    reported(ack.issues).map((issue) => ackCodes(issue)!.ak905),
    5,
  );
  segments.push(
    out('AK9', [
      groupStatus(statuses, hasErrors(ack.issues)),
      included,
      String(statuses.length),
      String(accepted),
      ...groupCodes,
    ]),
  );
  return segments;
}

function groupStatus(statuses: MessageStatus[], envelopeErrors: boolean): string {
  const rejected = statuses.filter((status) => status === 'rejected').length;
  if (rejected > 0) return rejected === statuses.length ? 'R' : 'P';
  return envelopeErrors || statuses.includes('accepted-with-errors') ? 'E' : 'A';
}

function transactionSet(message: AckMessage, status: MessageStatus, layout: Layout): OutSegment[] {
  const segments = [
    out('AK2', [message.type, message.reference, layout.v5 ? message.implementationReference : '']),
  ];
  const notes = segmentNotes(reported(message.issues));
  for (const note of notes) segments.push(...noteSegments(note, layout));
  const codes = distinct(
    [...reported(message.issues).map((issue) => ackCodes(issue)!.ak502), notes.length > 0 ? '5' : undefined],
    5,
  );
  segments.push(out(layout.kind === '997' ? 'AK5' : 'IK5', [STATUS[status], ...codes]));
  return segments;
}

/** One AK3: a segment error, or the element errors of one segment. */
interface SegmentNote {
  segmentId: string;
  position: number;
  code: string;
  elements: AckIssue[];
}

function segmentNotes(issues: AckIssue[]): SegmentNote[] {
  const notes: SegmentNote[] = [];
  for (const issue of bySegment(issues)) {
    const codes = ackCodes(issue)!;
    const { segmentNumber, segmentId } = issue.location;
    if (codes.ak304 === undefined || segmentNumber === undefined || segmentId === undefined) continue;
    const elementError = codes.ak403 !== undefined;
    const last = notes[notes.length - 1];
    if (elementError && last?.position === segmentNumber && last.code === codes.ak304) {
      last.elements.push(issue);
      continue;
    }
    notes.push({
      segmentId,
      position: segmentNumber,
      code: codes.ak304,
      elements: elementError ? [issue] : [],
    });
  }
  return notes;
}

function noteSegments(note: SegmentNote, layout: Layout): OutSegment[] {
  const is997 = layout.kind === '997';
  const segments = [out(is997 ? 'AK3' : 'IK3', [note.segmentId, String(note.position), '', note.code])];
  // The 997 allows 99 AK4 per AK3; the 999 allows 99999 IK4, more than the issue list keeps.
  const elements = is997 ? note.elements.slice(0, 99) : note.elements;
  for (const issue of elements) {
    const { element, component, repetition } = issue.location;
    if (element === undefined) continue;
    const codes = ackCodes(issue)!;
    const reference = issue.elementReference ?? '';
    segments.push(
      out(is997 ? 'AK4' : 'IK4', [
        [String(element), position(component), layout.v5 ? position(repetition) : ''],
        /^\d{1,4}$/.test(reference) ? reference : '',
        (is997 ? codes.ak403 : codes.ik403) ?? '',
        copy(issue.data, layout.separators),
      ]),
    );
  }
  return segments;
}

function copy(data: string | undefined, separators: Separators | undefined): string {
  if (data === undefined) return '';
  const reserved = separators
    ? [separators.segment, separators.element, separators.component, separators.repetition].join('')
    : '';
  const kept = reserved === '' ? data : [...data].filter((c) => !reserved.includes(c)).join('');
  return kept.slice(0, MAX_DATA);
}

function out(tag: string, elements: ElementValue[]): OutSegment {
  return { tag, elements: trimmed(elements) };
}
