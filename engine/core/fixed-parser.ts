/**
 * Reads fixed-width input through its grammar (`syntax.fixed`) into records.
 *
 * Contract (a RecordParser, see record-format.ts):
 * - Every line is one record; lines end at LF or CRLF, a final line break is optional, and lines that are
 *   empty or hold only spaces and tabs are skipped.
 * - The record id is the text at `fixed.recordIdStart` (1-based) for `fixed.recordIdLength` characters,
 *   trimmed. The record's fields follow each other from the first character of the line, each as wide as its
 *   `max`; the record id is normally the first field. Widths count characters of the decoded text.
 * - Values are trimmed: numbers (formats N, R, n) of spaces on both sides, keeping leading zeros as written;
 *   every other format of trailing spaces only. Elements are positional in the grammar's field order and
 *   `names` are the grammar's field ids
 *   (one array per record type, shared by its records: do not change it).
 * - Positions: `line`, `column` 1 and `offset` of the line's first character; offsets count bytes for UTF-8
 *   and single-byte charsets (see byteWidth in text-positions.ts). `raw` is the line without its line break.
 * Issues (never throws): RECORD_UNKNOWN (a record id the grammar does not define; the line is left out),
 * RECORD_TOO_SHORT and RECORD_TOO_LONG (a line that is not as long as its record's fields together; the
 * fields that are there are read, extra characters are ignored), GRAMMAR_LAYOUT_INVALID (no usable
 * `syntax.fixed`, or a record with composite fields, which fixed-width records cannot have: such lines are
 * left out and the problem is reported once per record id).
 */
import { byteWidth } from './text-positions.js';
import type { RecordNode } from './envelope.js';
import { isComposite, type ElementDef, type SegmentDef } from './grammar.js';
import type { RecordParser } from './record-format.js';
import type { Segment } from './segment.js';

export const parseFixed: RecordParser = (text, { grammar, issues, charset }) => {
  const problem = (message: string, line = 1, offset = 0): void =>
    issues.add('GRAMMAR_LAYOUT_INVALID', 'error', message, { line, column: 1, offset });
  if (!grammar) {
    problem('fixed-width input is read through its grammar: give --grammar FILE or --messagetype ID');
    return [];
  }
  const id = grammar.grammar.id;
  const fixed = grammar.grammar.syntax.fixed;
  if (
    !fixed ||
    !Number.isInteger(fixed.recordIdStart) ||
    !Number.isInteger(fixed.recordIdLength) ||
    fixed.recordIdStart < 1 ||
    fixed.recordIdLength < 1
  ) {
    problem(
      `grammar ${id} has no usable fixed-width layout (syntax.fixed: recordIdStart, recordIdLength >= 1)`,
    );
    return [];
  }
  const idFrom = fixed.recordIdStart - 1;
  const idTo = idFrom + fixed.recordIdLength;
  const width = byteWidth(charset);
  const layouts = new Map<string, RecordLayout | undefined>();
  const records: RecordNode[] = [];
  let lineNumber = 0;
  let offset = 0;
  for (let start = 0; start < text.length;) {
    lineNumber++;
    const lf = text.indexOf('\n', start);
    const next = lf < 0 ? text.length : lf + 1;
    const end = lf < 0 ? text.length : lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    const line = text.slice(start, end);
    const lineOffset = offset;
    offset += width(text, start, next);
    start = next;
    if (BLANK.test(line)) continue;
    const tag = line.slice(idFrom, idTo).trim();
    const def = grammar.segments.get(tag);
    const where = { segmentId: tag, line: lineNumber, column: 1, offset: lineOffset };
    if (!def) {
      issues.add('RECORD_UNKNOWN', 'error', `record id "${tag}" is not a record of ${id}`, where);
      continue;
    }
    if (!layouts.has(tag)) {
      const layout = recordLayout(def);
      layouts.set(tag, layout);
      if (!layout)
        problem(
          `grammar ${id}: record ${tag} has composite fields, which fixed-width records cannot have; its lines are not read`,
          lineNumber,
          lineOffset,
        );
    }
    const layout = layouts.get(tag);
    if (!layout) continue;
    if (line.length !== layout.width) {
      const short = line.length < layout.width;
      const at = Math.min(line.length, layout.width);
      issues.add(
        short ? 'RECORD_TOO_SHORT' : 'RECORD_TOO_LONG',
        'error',
        `record ${tag} is ${line.length} characters long; its fields take ${layout.width}`,
        { ...where, column: width(line, 0, at) + 1, offset: lineOffset + width(line, 0, at) },
      );
    }
    const elements: string[] = [];
    let from = 0;
    for (const field of layout.fields) {
      const value = line.slice(from, from + field.max);
      from += field.max;
      elements.push(NUMERIC.has(field.format) ? value.trim() : trimTrailingSpaces(value));
    }
    const segment: Segment = {
      tag,
      elements,
      offset: lineOffset,
      line: lineNumber,
      column: 1,
      raw: line,
      // One array per record type, shared by its records.
      names: layout.names,
    };
    records.push({ segment, children: [] });
  }
  return records;
};

interface RecordLayout {
  fields: ElementDef[];
  names: string[];
  /** Characters of a whole line: the sum of the fields' widths. */
  width: number;
}

/** The record's fields with their widths; undefined when it has a composite field. */
function recordLayout(def: SegmentDef): RecordLayout | undefined {
  const fields: ElementDef[] = [];
  for (const field of def.fields) {
    if (isComposite(field)) return undefined;
    fields.push(field);
  }
  return {
    fields,
    names: fields.map((field) => field.id),
    width: fields.reduce((sum, field) => sum + field.max, 0),
  };
}

const CR = 13;
const BLANK = /^[ \t]*$/;
const NUMERIC: ReadonlySet<string> = new Set(['N', 'R', 'n']);

function trimTrailingSpaces(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 32) end--;
  return end === value.length ? value : value.slice(0, end);
}
