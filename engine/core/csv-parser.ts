/**
 * Reads CSV input through its grammar (RFC 4180 plus the grammar's `syntax.csv` options) into records.
 *
 * Contract (a RecordParser, see record-format.ts):
 * - Fields are separated by `csv.separator`. A field that starts with `csv.quote` is quoted: it ends at the next
 *   lone quote and may hold separators, line breaks and quotes, escaped by doubling or, when `csv.escape` is
 *   set, by the escape character (which then escapes any character after it, itself included). A quote inside
 *   an unquoted field, and a quote preceded by spaces, is plain data. The escape character is plain data
 *   outside quotes. Values are strings as read; validation checks their formats afterwards.
 * - Records end at LF or CRLF; a lone CR is data. A final line break is optional. Empty lines are skipped
 *   (a line of spaces is a record: spaces are data in CSV).
 * - `csv.header`: the first non-empty line holds column names; it is not a record, and its names are given as
 *   `names` on every record (cut to the record's field count, '' for fields beyond the header; records of
 *   the header's length share its array: do not change it).
 * - `csv.recordId`: the first field of every line is the record id: the record's tag (spaces trimmed) and also
 *   its first element. Without it the grammar has exactly one record definition and every line is that record.
 * - Elements are positional in the line's order, which is the grammar's field order; a line with fewer fields
 *   gives a shorter element list (the validator reports missing mandatory fields).
 * - Positions: `line` and `column` (1-based) and `offset` of the record's first character. Offsets and columns
 *   count bytes of the input for UTF-8 and single-byte charsets (see byteWidth); `raw` is the record's text
 *   without its line break, quotes and all.
 * Issues (never throws): CSV_QUOTE_UNCLOSED (at the quote that opens a field that never closes; the quote is
 * then read as data up to the end of its line and reading goes on), CSV_QUOTE_STRAY (characters between a
 * closing quote and the next separator or line end; they are kept in the value), RECORD_UNKNOWN (a record id
 * the grammar does not define; the record is left out, so the structure check does not report it again),
 * GRAMMAR_LAYOUT_INVALID (the grammar cannot drive the parser; nothing is read).
 */
import type { RecordNode } from './envelope.js';
import type { CsvSyntax, SegmentDef } from './grammar.js';
import type { IssueList, Location } from './issue.js';
import type { RecordFormatOptions, RecordParser } from './record-format.js';
import type { Segment } from './segment.js';
import { byteWidth, type ByteWidth } from './text-positions.js';

export const parseCsv: RecordParser = (text, options) => {
  const layout = csvLayout(options);
  if (!layout) return [];
  const scanner = new CsvScanner(text, layout.csv, options.issues, byteWidth(options.charset));
  const records: RecordNode[] = [];
  let header: string[] | undefined;
  for (let record = scanner.next(); record; record = scanner.next()) {
    if (layout.csv.header && !header) {
      header = record.fields;
      continue;
    }
    const tag = layout.single?.tag ?? (record.fields[0] ?? '').trim();
    if (!layout.defs.has(tag)) {
      options.issues.add('RECORD_UNKNOWN', 'error', `record id "${tag}" is not a record of ${layout.id}`, {
        segmentId: tag,
        line: record.line,
        column: 1,
        offset: record.offset,
      });
      continue;
    }
    const segment: Segment = {
      tag,
      elements: record.fields,
      offset: record.offset,
      line: record.line,
      column: 1,
      raw: record.raw,
    };
    if (header) segment.names = namesFor(header, record.fields.length);
    records.push({ segment, children: [] });
  }
  return records;
};

interface CsvLayout {
  id: string;
  csv: CsvSyntax;
  defs: ReadonlyMap<string, SegmentDef>;
  /** The one record definition of a grammar without record ids. */
  single: SegmentDef | undefined;
}

/** The grammar's CSV layout, or undefined (with an issue) when it cannot drive the parser. */
function csvLayout({ grammar, issues }: RecordFormatOptions): CsvLayout | undefined {
  const problem = (message: string): undefined =>
    void issues.add('GRAMMAR_LAYOUT_INVALID', 'error', message, { line: 1, column: 1, offset: 0 });
  if (!grammar)
    return problem('CSV input is read through its grammar: give --grammar FILE or --messagetype ID');
  const id = grammar.grammar.id;
  const csv = grammar.grammar.syntax.csv;
  if (!csv) return problem(`grammar ${id} has no CSV layout (syntax.csv)`);
  if (csv.separator.length !== 1 || csv.quote.length > 1 || csv.escape.length > 1)
    return problem(`grammar ${id}: the CSV separator is one character, quote and escape one or none`);
  const special = [csv.separator, csv.quote, csv.escape].filter((c) => c !== '');
  if (special.some((c) => c === '\n' || c === '\r'))
    return problem(`grammar ${id}: CSV separator, quote and escape cannot be line break characters`);
  if (csv.separator === csv.quote || csv.separator === csv.escape)
    return problem(`grammar ${id}: the CSV separator cannot also be the quote or escape character`);
  let single: SegmentDef | undefined;
  if (!csv.recordId) {
    if (grammar.segments.size !== 1)
      return problem(
        `grammar ${id} has ${grammar.segments.size} record definitions; without record ids (csv.recordId) it must have exactly one`,
      );
    single = [...grammar.segments.values()][0];
  }
  return { id, csv, defs: grammar.segments, single };
}

/** Header names for a record of `count` fields. */
function namesFor(header: string[], count: number): string[] {
  if (count === header.length) return header;
  const names = header.slice(0, count);
  while (names.length < count) names.push('');
  return names;
}

/** One record as scanned: its fields and where it starts. */
interface CsvRecord {
  fields: string[];
  line: number;
  offset: number;
  raw: string;
}

/** Result of scanning one record from a start position; `unclosed` is the index of a quote that never closes. */
interface Scan {
  fields: string[];
  /** Index of the record's line break (or the end of the text). */
  end: number;
  /** Index where the next record starts. */
  next: number;
  /** Lines the record's line breaks add (quoted line breaks and the record's own). */
  lines: number;
  stray: { at: number; line: number; lineStart: number }[];
  unclosed?: { at: number; line: number; lineStart: number };
}

/**
 * Scans the text record by record. Keeps the line number and the byte offset of the current record start;
 * byte counts are worked out incrementally from there, so the whole scan stays linear.
 */
class CsvScanner {
  private pos = 0;
  private line = 1;
  private offset = 0;
  private readonly sep: number;
  private readonly quote: number;
  private readonly escape: number;

  constructor(
    private readonly text: string,
    csv: CsvSyntax,
    private readonly issues: IssueList,
    private readonly width: ByteWidth,
  ) {
    this.sep = csv.separator.charCodeAt(0);
    this.quote = csv.quote === '' ? -1 : csv.quote.charCodeAt(0);
    // An escape equal to the quote is the doubling of RFC 4180.
    this.escape = csv.escape === '' || csv.escape === csv.quote ? -1 : csv.escape.charCodeAt(0);
  }

  /** The next record, skipping empty lines; undefined at the end of the text. */
  next(): CsvRecord | undefined {
    const text = this.text;
    for (;;) {
      if (this.pos >= text.length) return undefined;
      const c = text.charCodeAt(this.pos);
      const blank = c === LF ? 1 : c === CR && text.charCodeAt(this.pos + 1) === LF ? 2 : 0;
      if (blank === 0) break;
      this.advance(this.pos + blank, 1);
    }
    const start = this.pos;
    let scan = this.scan(start, -1);
    if (scan.unclosed) {
      const { at, line, lineStart } = scan.unclosed;
      this.issues.add(
        'CSV_QUOTE_UNCLOSED',
        'error',
        `the quote that opens this field is never closed; it was read as data up to the end of line ${line}`,
        this.location(start, at, line, lineStart),
      );
      scan = this.scan(start, at);
    }
    for (const stray of scan.stray)
      this.issues.add(
        'CSV_QUOTE_STRAY',
        'error',
        'characters after the closing quote of a field: a quoted field ends at a separator or the line end',
        this.location(start, stray.at, stray.line, stray.lineStart),
      );
    const record: CsvRecord = {
      fields: scan.fields,
      line: this.line,
      offset: this.offset,
      raw: text.slice(start, scan.end),
    };
    this.advance(scan.next, scan.lines);
    return record;
  }

  /** Moves the record start to `to`, `lines` lines further. */
  private advance(to: number, lines: number): void {
    this.offset += this.width(this.text, this.pos, to);
    this.pos = to;
    this.line += lines;
  }

  /** Location of index `at` on line `line` (which starts at index `lineStart`) of the record starting at `start`. */
  private location(start: number, at: number, line: number, lineStart: number): Location {
    const offset = this.offset + this.width(this.text, start, at);
    const column = this.width(this.text, lineStart, at) + 1;
    return { line, column, offset };
  }

  /**
   * Scans one record from `start`. `literalFrom` >= 0: quotes from that index to the end of its line are data
   * (the recovery from an unclosed quote).
   */
  private scan(start: number, literalFrom: number): Scan {
    const text = this.text;
    const n = text.length;
    const literalTo = literalFrom < 0 ? -1 : lineEnd(text, literalFrom);
    const result: Scan = { fields: [], end: n, next: n, lines: 0, stray: [] };
    let line = this.line;
    let lineStart = start;
    let i = start;
    for (;;) {
      let value: string;
      const c = text.charCodeAt(i);
      if (c === this.quote && !(i >= literalFrom && i < literalTo)) {
        const open = { at: i, line, lineStart };
        let parts = '';
        let from = ++i;
        let closed = false;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === this.escape) {
            parts += text.slice(from, i);
            from = i + 1;
            if (text.charCodeAt(i + 1) === LF) {
              line++;
              lineStart = i + 2;
            }
            i += 2;
          } else if (d === this.quote) {
            parts += text.slice(from, i);
            if (this.escape < 0 && text.charCodeAt(i + 1) === this.quote) {
              from = i + 1;
              i += 2;
            } else {
              i++;
              closed = true;
              break;
            }
          } else {
            if (d === LF) {
              line++;
              lineStart = i + 1;
            }
            i++;
          }
        }
        if (!closed) {
          result.unclosed = open;
          // Report against the original scan; the caller scans again with this quote as data.
          return result;
        }
        value = parts;
        const strayFrom = i;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === this.sep || d === LF || (d === CR && text.charCodeAt(i + 1) === LF)) break;
          i++;
        }
        if (i > strayFrom) {
          result.stray.push({ at: strayFrom, line, lineStart });
          value += text.slice(strayFrom, i);
        }
      } else {
        const from = i;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === this.sep || d === LF) break;
          i++;
        }
        const end =
          i < n && text.charCodeAt(i) === LF && i > from && text.charCodeAt(i - 1) === CR ? i - 1 : i;
        value = text.slice(from, end);
      }
      result.fields.push(value);
      if (i < n && text.charCodeAt(i) === this.sep) {
        i++;
        continue;
      }
      // End of the record: LF, CRLF (a quoted field stops at its CR) or the end of the text.
      if (i >= n) {
        result.end = n;
        result.next = n;
      } else {
        if (text.charCodeAt(i) === CR) result.end = i++;
        else result.end = i > start && text.charCodeAt(i - 1) === CR ? i - 1 : i;
        result.next = i + 1;
        line++;
      }
      result.lines = line - this.line;
      return result;
    }
  }
}

const LF = 10;
const CR = 13;

/** Index of the LF that ends the line holding `at` (the text's length when none follows). */
function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}
