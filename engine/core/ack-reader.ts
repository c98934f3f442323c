/**
 * Reads received acknowledgements: which of the interchanges, groups and messages we sent were accepted,
 * accepted with errors, partially accepted, rejected or only received, with the error codes given.
 *
 * - 997/999: one group (AK1: GS01, GS06 as `reference`), per AK2 the transaction set (ST02 as `reference`) with
 *   AK501/IK501 and AK502..06, the AK3/IK3 and AK4/IK4 details, and AK9 for the group.
 * - CONTRL: the interchange (UCI 0020), groups (UCF 0048) and messages (UCM 0062) with 0083 and 0085, and
 *   the UCS/UCD details of each message. A message a UCI with action 7 does not list is acknowledged too
 *   (ISO 9735: "lower levels acknowledged if not explicitly rejected"); the result lists only what the CONTRL
 *   names.
 * - TA1 (an interchange segment, handed over by EnvelopeHandler.otherSegment): readTa1.
 */
import { AckError } from './ack-common.js';
import type { Message } from './envelope.js';
import { componentValue, elementValue, type Segment } from './segment.js';

export type AckStatus = 'accepted' | 'accepted-with-errors' | 'partially-accepted' | 'rejected' | 'received';

/** A segment or element in error, as the acknowledgement locates it. */
export interface AckDetail {
  /** AK301/IK301; undefined for CONTRL (UCS names the position only). */
  segmentId?: string;
  /** Segment position in the message (ST/UNH = 1). */
  position: number;
  element?: number;
  component?: number;
  repetition?: number;
  /** AK304/IK304 for a segment, AK403/IK403 for an element; CONTRL 0085. Undefined when none is given. */
  code?: string;
  /** AK404/IK404: the copy of the bad value. */
  data?: string;
}

export interface AckedLevel {
  /** Our control reference: ISA13/UNB 0020, GS06/UNG 0048, ST02/UNH 0062. */
  reference: string;
  status: AckStatus;
  /** AK502..06, AK905..09, or the CONTRL 0085 of this level. */
  codes: string[];
}

export interface AckedGroup extends AckedLevel {
  /** AK101 (GS01); '' for CONTRL. */
  functionalId: string;
  /** AK902..04: sets included, received, accepted. */
  counts?: { included: number; received: number; accepted: number };
}

export interface AckedMessage extends AckedLevel {
  /** AK201 (ST01) or UCM S009 0065. */
  type: string;
  /** The reference of the group it was sent in, when the acknowledgement says so. */
  group?: string;
  details: AckDetail[];
}

export interface AckResult {
  kind: '997' | '999' | 'CONTRL';
  /** CONTRL only: its UCI. */
  interchange?: AckedLevel;
  groups: AckedGroup[];
  messages: AckedMessage[];
}

export interface Ta1Result extends AckedLevel {
  /** TA102, TA103: date and time of the acknowledged interchange. */
  date: string;
  time: string;
  /** TA105, `000` when no error. */
  note: string;
}

const X12_STATUS: Readonly<Record<string, AckStatus>> = {
  A: 'accepted',
  E: 'accepted-with-errors',
  P: 'partially-accepted',
  R: 'rejected',
  M: 'rejected',
  W: 'rejected',
  X: 'rejected',
};

/** 0083; 1, 2, 3, 5 and 6 are the syntax 2 codes that later syntaxes dropped. */
const CONTRL_STATUS: Readonly<Record<string, AckStatus>> = {
  '1': 'accepted',
  '2': 'accepted-with-errors',
  '3': 'partially-accepted',
  '4': 'rejected',
  '5': 'accepted',
  '6': 'rejected',
  '7': 'accepted',
  '8': 'received',
};

export function readAck(message: Message): AckResult {
  const header = message.segments[0];
  const { editype } = message.interchange;
  // ST01; UNH S009 0065 (UNH's first element is the reference).
  const type = !header
    ? ''
    : editype === 'x12'
      ? elementValue(header, 1)
      : componentValue(header.elements[1], 1);
  if (editype === 'x12' && (type === '997' || type === '999')) return readX12(message.segments, type);
  if (editype === 'edifact' && type === 'CONTRL') return readContrl(message.segments);
  throw new AckError(
    'ACK_NOT_ACKNOWLEDGEMENT',
    `message ${message.reference} (${message.type}) is not a 997, 999 or CONTRL`,
  );
}

export function readTa1(segment: Segment): Ta1Result {
  if (segment.tag !== 'TA1')
    throw new AckError('ACK_NOT_ACKNOWLEDGEMENT', `segment ${segment.tag} is not a TA1`);
  const v = (n: number): string => elementValue(segment, n);
  return {
    reference: v(1),
    date: v(2),
    time: v(3),
    status: status(X12_STATUS, v(4), 'TA104'),
    codes: v(5) === '' || v(5) === '000' ? [] : [v(5)],
    note: v(5),
  };
}

function readX12(segments: Segment[], kind: '997' | '999'): AckResult {
  const groups: AckedGroup[] = [];
  const messages: AckedMessage[] = [];
  let group: AckedGroup | undefined;
  let message: AckedMessage | undefined;
  let awaitingStatus = false;
  let segmentTag = '';
  let segmentPosition = 0;
  for (const segment of segments) {
    const v = (n: number): string => elementValue(segment, n);
    switch (segment.tag) {
      case 'AK1':
        group = { reference: v(2), functionalId: v(1), status: 'accepted', codes: [] };
        break;
      case 'AK2':
        if (!group) throw malformed(kind, 'AK2 before AK1');
        if (awaitingStatus) throw malformed(kind, `AK2 ${message!.reference} has no ${statusTag(kind)}`);
        message = {
          reference: v(2),
          type: v(1),
          group: group.reference,
          status: 'accepted',
          codes: [],
          details: [],
        };
        awaitingStatus = true;
        break;
      case 'AK3':
      case 'IK3':
        segmentTag = v(1);
        segmentPosition = Number(v(2));
        message?.details.push(detail({ segmentId: segmentTag, position: segmentPosition }, v(4)));
        break;
      case 'AK4':
      case 'IK4': {
        const c = (n: number): number | undefined => number(componentValue(segment.elements[0], n));
        const found = detail(
          {
            segmentId: segmentTag,
            position: segmentPosition,
            element: c(1),
            component: c(2),
            repetition: c(3),
          },
          v(3),
        );
        if (v(4) !== '') found.data = v(4);
        message?.details.push(found);
        break;
      }
      case 'AK5':
      case 'IK5':
        if (!message) throw malformed(kind, `${segment.tag} before AK2`);
        message.status = status(X12_STATUS, v(1), `${segment.tag}01`);
        message.codes = codesFrom(segment, 2, 6);
        messages.push(message);
        awaitingStatus = false;
        break;
      case 'AK9':
        if (!group) throw malformed(kind, 'AK9 before AK1');
        group.status = status(X12_STATUS, v(1), 'AK901');
        group.counts = { included: Number(v(2)), received: Number(v(3)), accepted: Number(v(4)) };
        group.codes = codesFrom(segment, 5, 9);
        groups.push(group);
        break;
    }
  }
  if (!group) throw malformed(kind, 'no AK1');
  if (awaitingStatus) throw malformed(kind, `AK2 ${message!.reference} has no ${statusTag(kind)}`);
  if (!groups.includes(group)) throw malformed(kind, 'no AK9');
  return { kind, groups, messages };
}

function readContrl(segments: Segment[]): AckResult {
  let interchange: AckedLevel | undefined;
  const groups: AckedGroup[] = [];
  const messages: AckedMessage[] = [];
  let group: AckedGroup | undefined;
  let message: AckedMessage | undefined;
  let segmentPosition = 0;
  for (const segment of segments) {
    const v = (n: number): string => elementValue(segment, n);
    switch (segment.tag) {
      case 'UCI':
        interchange = level(v(1), v(4), v(5), 'UCI');
        break;
      case 'UCF':
        group = { ...level(v(1), v(4), v(5), 'UCF'), functionalId: '' };
        groups.push(group);
        break;
      case 'UCM':
        message = { ...level(v(1), v(3), v(4), 'UCM'), type: v(2), details: [] };
        if (group) message.group = group.reference;
        messages.push(message);
        break;
      case 'UCS':
        segmentPosition = Number(v(1));
        if (v(2) !== '') message?.details.push({ position: segmentPosition, code: v(2) });
        break;
      case 'UCD': {
        const c = (n: number): number | undefined => number(componentValue(segment.elements[1], n));
        message?.details.push(
          detail({ position: segmentPosition, element: c(1), component: c(2), repetition: c(3) }, v(1)),
        );
        break;
      }
    }
  }
  if (!interchange) throw malformed('CONTRL', 'no UCI');
  return { kind: 'CONTRL', interchange, groups, messages };
}

function level(reference: string, action: string, error: string, tag: string): AckedLevel {
  return {
    reference,
    status: status(CONTRL_STATUS, action, `${tag} 0083`),
    codes: error === '' ? [] : [error],
  };
}

function detail(at: AckDetail, code: string): AckDetail {
  return code === '' ? at : { ...at, code };
}

function codesFrom(segment: Segment, from: number, to: number): string[] {
  const codes: string[] = [];
  for (let n = from; n <= to; n++) {
    const value = elementValue(segment, n);
    if (value !== '') codes.push(value);
  }
  return codes;
}

function status(table: Readonly<Record<string, AckStatus>>, code: string, where: string): AckStatus {
  if (!Object.hasOwn(table, code))
    throw new AckError('ACK_MALFORMED', `${where} "${code}" is not a known status`);
  return table[code]!;
}

function number(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

function statusTag(kind: '997' | '999'): string {
  return kind === '997' ? 'AK5' : 'IK5';
}

function malformed(kind: string, what: string): AckError {
  return new AckError('ACK_MALFORMED', `${kind}: ${what}`);
}
