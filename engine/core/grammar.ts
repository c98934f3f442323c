/**
 * The grammar model: what a message of one type may contain. Grammars are data (JSON files under grammars/
 * and usersys/grammars/) in the format `bots-grammar/1`, documented by docs/schemas/grammar.v1.schema.json.
 * A message grammar is self-contained: its structure, every segment it uses and the code lists those
 * segments reference.
 */
import type { Editype } from './envelope.js';

export const GRAMMAR_FORMAT = 'bots-grammar/1';

/**
 * Value formats. X12: AN string, ID code, N numeric with implied decimals (`decimals`), R decimal,
 * DT date, TM time, B binary. EDIFACT: a alphabetic, n numeric, an alphanumeric.
 */
export type X12Format = 'AN' | 'ID' | 'N' | 'R' | 'DT' | 'TM' | 'B';
export type EdifactFormat = 'a' | 'n' | 'an';
export type ElementFormat = X12Format | EdifactFormat;

export interface ElementDef {
  /** Data element number (`353`, `1004`); empty when the source names none. */
  id: string;
  name: string;
  mandatory: boolean;
  format: ElementFormat;
  /** Implied decimal places of an X12 `N` element (N2 = 2). */
  decimals?: number;
  /** Length limits; EDIFACT `an3` has min = max = 3, `an..35` has min 1, max 35. */
  min: number;
  max: number;
  /** Key into Grammar.codes; the value must be one of that list. */
  codes?: string;
  /** Maximum repetitions when the element repeats (X12 repetition separator, EDIFACT syntax 4). */
  repeat?: number;
}

export interface CompositeDef {
  /** Composite id (`C506`, `S009`; X12 `C001`). */
  id: string;
  name: string;
  mandatory: boolean;
  components: ElementDef[];
  repeat?: number;
}

export type FieldDef = ElementDef | CompositeDef;

/**
 * A segment (X12, EDIFACT) or record (CSV, fixed, JSON, XML). For JSON and XML, fields are found by their `id`
 * (property or element name; `@name` for an XML attribute) and child records by their tag.
 */
export interface SegmentDef {
  tag: string;
  name: string;
  /** Fields in position order: fields[0] is element 01. */
  fields: FieldDef[];
}

export interface SegmentNode {
  segment: string;
  min: number;
  max: number;
}

/** A loop (X12) or segment group (EDIFACT). content[0] is always the trigger segment, with min = max = 1. */
export interface GroupNode {
  /** `SG2` for EDIFACT; X12 loops are named by their trigger segment (`N1`, `PO1`, `HL`). */
  group: string;
  min: number;
  max: number;
  content: StructureNode[];
}

export type StructureNode = SegmentNode | GroupNode;

export interface CodeList {
  name?: string;
  values: string[];
}

/**
 * CSV layout. With `recordId` the first field of every line is the record id (and the record's first field);
 * without it the grammar has one record type and every line is one of it.
 */
export interface CsvSyntax {
  /** Field separator, one character (`,`, `;`, `\t`, `|`). */
  separator: string;
  /** Quote character around fields that hold separators, quotes or line breaks; '' for none. */
  quote: string;
  /** Escape character for a quote inside a quoted field; '' means the quote is doubled (RFC 4180). */
  escape: string;
  /** The first line holds column names and is not data. */
  header: boolean;
  recordId: boolean;
}

/** Fixed-width layout: fields follow each other with their `max` as width; the record id sits at a position. */
export interface FixedSyntax {
  /** 1-based position and length of the record id in every line. */
  recordIdStart: number;
  recordIdLength: number;
}

export interface GrammarSyntax {
  envelope: 'x12' | 'edifact' | 'none';
  /** Default charset for writing (EDIFACT syntax id such as UNOA, or an encoding name). */
  charset?: string;
  /** Default separators for writing; reading always takes them from the envelope. */
  separators?: {
    segment?: string;
    element?: string;
    component?: string;
    repetition?: string;
    release?: string;
    decimal?: string;
  };
  /** CSV and fixed: what ends a record when writing (reading accepts LF and CRLF). */
  recordSeparator?: '\n' | '\r\n';
  csv?: CsvSyntax;
  fixed?: FixedSyntax;
}

export interface Grammar {
  format: typeof GRAMMAR_FORMAT;
  /** Message type id in Bots' form (`850004010`, `ORDERSD96AUN`), or an envelope id (`x12-envelope-00401`). */
  id: string;
  kind: 'message' | 'envelope';
  editype: Editype;
  /** Standard version: `004010`, `D96A`, syntax `3` or `4`. */
  version: string;
  title: string;
  /** Where the content came from and under which licence, one line each. */
  sources: string[];
  syntax: GrammarSyntax;
  /** Message grammars: the segment table, ST/UNH first and SE/UNT last. Envelope grammars: empty. */
  structure: StructureNode[];
  segments: Record<string, SegmentDef>;
  codes: Record<string, CodeList>;
}

export function isGroup(node: StructureNode): node is GroupNode {
  return 'group' in node;
}

export function isComposite(field: FieldDef): field is CompositeDef {
  return 'components' in field;
}
