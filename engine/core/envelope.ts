/**
 * The envelope model shared by X12 and EDIFACT: interchanges hold optional functional groups, groups hold
 * messages (X12 transaction sets). Readers emit them as events so a file is processed one message at a time.
 */
import type { Segment } from './segment.js';
import type { Separators } from './separators.js';

export type Editype = 'x12' | 'edifact' | 'csv' | 'fixed' | 'json' | 'xml';

export interface Party {
  qualifier: string;
  id: string;
}

export interface Interchange {
  /** CSV, fixed, JSON and XML inputs have no envelope: one interchange without header stands for the file. */
  editype: Editype;
  /** 1-based index in the file. */
  index: number;
  /** Undefined for an EDIFACT message that came without UNB. */
  header: Segment | undefined;
  trailer?: Segment;
  separators: Separators;
  /** EDIFACT: the interchange started with UNA. */
  hasUna: boolean;
  /** The UNA's characters after the tag, exactly as read (the segment terminator comes next); '' without UNA. */
  una: string;
  sender: Party;
  receiver: Party;
  controlNumber: string;
  /** ISA12 or the UNB syntax version; charset name as read. */
  syntaxVersion: string;
  charset: string;
  test: boolean;
  groups: number;
  messages: number;
}

export interface Group {
  index: number;
  header: Segment;
  trailer?: Segment;
  functionalId: string;
  sender: string;
  receiver: string;
  controlNumber: string;
  version: string;
  messages: number;
}

export interface Message {
  interchange: Interchange;
  group: Group | undefined;
  /** 1-based index inside the interchange. */
  index: number;
  /** Message type id in Bots' form: 850004010, ORDERSD96AUN. */
  type: string;
  /** The type without industry or association suffix (850004010VICS -> 850004010; ...EAN008 -> ...UN). */
  baseType: string;
  /** ST02 or UNH 0062. */
  reference: string;
  /** From the header to the trailer, both included (the trailer may be missing on broken input). */
  segments: Segment[];
  /** JSON and XML: the records as nested in the input (segments holds them in document order). */
  records?: RecordNode[];
}

/** A record with the records nested in it (JSON objects, XML elements). */
export interface RecordNode {
  segment: Segment;
  children: RecordNode[];
}

export interface EnvelopeHandler {
  interchangeStart?(interchange: Interchange): void;
  groupStart?(group: Group, interchange: Interchange): void;
  message(message: Message): void;
  groupEnd?(group: Group, interchange: Interchange): void;
  interchangeEnd?(interchange: Interchange): void;
  /** Segments that are not part of any message: TA1, and segments found outside the envelopes. */
  otherSegment?(segment: Segment, interchange: Interchange | undefined): void;
}
