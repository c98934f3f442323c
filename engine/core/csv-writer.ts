/**
 * Writes records as CSV by the grammar's `syntax.csv`, the inverse of csv-parser.ts.
 *
 * Contract:
 * - Every record is one line, its elements joined by `csv.separator`, each line ended by
 *   `syntax.recordSeparator` ('\n' when not set), the last one included. Elements are written as given, empty
 *   ones at the end too (values are strings already: a mapping formats them with formatValue first).
 * - A field is quoted only when it must be: when it holds the separator, the quote, CR or LF. Inside quotes a
 *   quote is doubled, or preceded by `csv.escape` when that is set (which then escapes itself too). A line
 *   that would be empty (one empty field) is written as two quotes, so reading does not skip it as blank.
 * - `csv.header`: a first line of column names, the field ids of the first record of the structure.
 * - `csv.recordId`: the first field of every line is the record id. Records carry it as their first element,
 *   as the parser gives them; an empty or missing first element is filled with the tag.
 * WriteErrors: VALUE_HAS_SEPARATOR (a field that needs quotes when the grammar has no quote character),
 * VALUE_TOO_LONG (a composite or repeated value: CSV fields are simple), WRITER_STATE (a record the grammar
 * does not define, a first element that is not the record id, a grammar without CSV layout).
 */
import { isGroup, type CsvSyntax, type Grammar, type StructureNode } from './grammar.js';
import type { ElementValue } from './segment.js';
import type { OutSegment } from './segment-writer.js';
import { WriteError } from './write-error.js';

export function writeCsv(records: OutSegment[], grammar: Grammar): string {
  const csv = grammar.syntax.csv;
  if (!csv) throw new WriteError('WRITER_STATE', `grammar ${grammar.id} has no CSV layout (syntax.csv)`);
  const eol = grammar.syntax.recordSeparator ?? '\n';
  const field = fieldWriter(csv);
  let out = '';
  if (csv.header) {
    const tag = firstRecord(grammar.structure);
    const def = tag === undefined ? undefined : grammar.segments[tag];
    if (!def)
      throw new WriteError('WRITER_STATE', `grammar ${grammar.id} has no record to take a header from`);
    out +=
      line(
        def.fields.map((f, i) => field(f.id, `${tag}${pad(i + 1)}`)),
        csv,
      ) + eol;
  }
  for (const record of records) {
    const { tag } = record;
    if (!(tag in grammar.segments))
      throw new WriteError('WRITER_STATE', `record ${tag} is not defined in grammar ${grammar.id}`, tag);
    const values = record.elements.map((value, i) => simple(value, `${tag}${pad(i + 1)}`));
    if (csv.recordId) {
      if (values.length === 0 || values[0] === '') values[0] = tag;
      else if (values[0] !== tag)
        throw new WriteError(
          'WRITER_STATE',
          `the first field of a record is its record id "${tag}", not "${values[0]}"`,
          `${tag}01`,
        );
    }
    out +=
      line(
        values.map((value, i) => field(value, `${tag}${pad(i + 1)}`)),
        csv,
      ) + eol;
  }
  return out;
}

/** Fields joined; a line of one empty field is written as "" (quote permitting) so it is not a blank line. */
function line(fields: string[], csv: CsvSyntax): string {
  if (fields.length <= 1 && (fields[0] ?? '') === '') return csv.quote + csv.quote;
  return fields.join(csv.separator);
}

/** Returns a function that quotes and escapes one value when needed. */
function fieldWriter(csv: CsvSyntax): (value: string, position: string) => string {
  const { separator, quote } = csv;
  const escape = csv.escape === quote ? '' : csv.escape;
  return (value, position) => {
    const needs =
      value.includes(separator) ||
      (quote !== '' && value.includes(quote)) ||
      value.includes('\n') ||
      value.includes('\r');
    if (!needs) return value;
    if (quote === '')
      throw new WriteError(
        'VALUE_HAS_SEPARATOR',
        `"${value}" holds the separator or a line break, and the grammar has no quote character to enclose it`,
        position,
      );
    let body = '';
    for (const c of value) {
      if (c === quote) body += (escape || quote) + c;
      else if (escape !== '' && c === escape) body += escape + c;
      else body += c;
    }
    return quote + body + quote;
  };
}

function simple(value: ElementValue, position: string): string {
  if (typeof value === 'string') return value;
  throw new WriteError('VALUE_TOO_LONG', 'a CSV field takes one simple value', position);
}

/** The tag of the first record in the structure, depth first. */
function firstRecord(nodes: StructureNode[]): string | undefined {
  const node = nodes[0];
  if (!node) return undefined;
  return isGroup(node) ? firstRecord(node.content) : node.segment;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
