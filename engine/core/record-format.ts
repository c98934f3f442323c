/**
 * The contract of the record formats (CSV, fixed-width, JSON, XML): a parser turns a whole decoded input into
 * records, nested where the format nests them. A record is a Segment: its tag is the record id, its elements
 * the field values (in the grammar's field order when a grammar is given, else in input order, with `names`),
 * and its line, column and offset say where it starts. Parsers report problems as issues with a location and
 * never throw for bad input; the glue in record-reader.ts turns the records into one message.
 */
import type { CharsetInfo } from './charset.js';
import type { CompiledGrammar } from './compiled-grammar.js';
import type { Editype, RecordNode } from './envelope.js';
import type { IssueList } from './issue.js';

export type RecordEditype = Extract<Editype, 'csv' | 'fixed' | 'json' | 'xml'>;

export interface RecordFormatOptions {
  /** Required for CSV and fixed (their layout is in the grammar); JSON and XML without one are read "no-check". */
  grammar: CompiledGrammar | undefined;
  issues: IssueList;
  charset: CharsetInfo;
}

/** `text` is the decoded input; the result is the top-level records in input order. */
export type RecordParser = (text: string, options: RecordFormatOptions) => RecordNode[];

export function isRecordEditype(editype: string): editype is RecordEditype {
  return editype === 'csv' || editype === 'fixed' || editype === 'json' || editype === 'xml';
}
