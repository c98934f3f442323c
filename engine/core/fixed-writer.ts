/**
 * Writes records as fixed-width lines by the grammar, the inverse of fixed-parser.ts.
 *
 * Contract:
 * - Every record is one line of its fields, each exactly as wide as its `max`, in the grammar's field order;
 *   each line is ended by `syntax.recordSeparator` ('\n' when not set), the last one included.
 * - Values are strings already (a mapping formats numbers and dates with formatValue first); the writer only
 *   pads them, as formatValue pads fixed-width elements: numbers (N, R, n) with zeros on the left (after a
 *   minus sign), everything else with spaces on the right. An empty value, and a field the record does not
 *   give, is all spaces. Widths count characters.
 * - Records carry the record id as their first element, as the parser gives them (the tag is not added).
 * WriteErrors: VALUE_TOO_LONG (a value wider than its field, a composite or repeated value, more values than
 * the record has fields), WRITER_STATE (a record the grammar does not define or one with composite fields).
 */
import { isComposite, type ElementDef, type Grammar } from './grammar.js';
import type { OutSegment } from './segment-writer.js';
import { WriteError } from './write-error.js';

export function writeFixed(records: OutSegment[], grammar: Grammar): string {
  const eol = grammar.syntax.recordSeparator ?? '\n';
  let out = '';
  for (const { tag, elements } of records) {
    const def = grammar.segments[tag];
    if (!def)
      throw new WriteError('WRITER_STATE', `record ${tag} is not defined in grammar ${grammar.id}`, tag);
    if (elements.length > def.fields.length)
      throw new WriteError(
        'VALUE_TOO_LONG',
        `${elements.length} values given; record ${tag} has ${def.fields.length} fields`,
        tag,
      );
    let line = '';
    def.fields.forEach((field, i) => {
      const position = `${tag}${String(i + 1).padStart(2, '0')}`;
      if (isComposite(field))
        throw new WriteError(
          'WRITER_STATE',
          `${field.id} is a composite; fixed-width records have simple fields only`,
          position,
        );
      const value = elements[i] ?? '';
      if (typeof value !== 'string')
        throw new WriteError('VALUE_TOO_LONG', 'a fixed-width field takes one simple value', position);
      line += padField(value, field, position);
    });
    out += line + eol;
  }
  return out;
}

/** The value padded to the field's width; a WriteError naming record and field when it does not fit. */
export function padField(given: string, field: ElementDef, position: string): string {
  const width = field.max;
  const numeric = field.format === 'N' || field.format === 'R' || field.format === 'n';
  // Numbers are read trimmed of spaces, so they are written without them.
  const value = numeric ? given.trim() : given;
  if (value.length > width)
    throw new WriteError(
      'VALUE_TOO_LONG',
      `"${value}" (${field.id || field.name}) is ${value.length} characters long; the field is ${width} wide`,
      position,
    );
  if (value === '') return ' '.repeat(width);
  if (numeric) {
    const negative = value.startsWith('-');
    return negative ? `-${value.slice(1).padStart(width - 1, '0')}` : value.padStart(width, '0');
  }
  return value.padEnd(width, ' ');
}
