/**
 * The code lists (UNCL): per data element, its code values in directory order. After an entry's `Repr:` line
 * every line whose text starts left of the name column is a code (`        1 Certificate of analysis` in D.96A,
 * `     1     Certificate of analysis` in D.01B); names wrap and descriptions are indented further. Codes
 * marked `-` (deleted) are left out; codes marked `X` (marked for deletion) are still valid in the directory.
 * `Note:` paragraphs between Repr and the codes are skipped.
 */
import type { CodeList } from '../../../engine/core/grammar.js';
import { splitRecords, textLines } from './untdid-text.js';

const HEADER = /^[ +*#|X-]*(\d{4}) +(\S.*?)(?: +\[[BIC]\])?$/;
// Codes start before this column in both layouts; wrapped names and descriptions start at or after it.
const NAME_COLUMN = 10;

export function parseCodeLists(bytes: Uint8Array): Map<string, CodeList> {
  const lists = new Map<string, CodeList>();
  for (const record of splitRecords(textLines(bytes))) {
    const headerIndex = record.lines.findIndex((line) => line.trim() !== '');
    const header = headerIndex < 0 ? null : HEADER.exec(record.lines[headerIndex] ?? '');
    const reprIndex = record.lines.findIndex((line) => /^ *Repr:/.test(line));
    if (!header || reprIndex < 0) continue;
    const [, id = '', name = ''] = header;
    const values = codeValues(record.lines.slice(reprIndex + 1));
    if (values.length > 0) lists.set(id, { name, values });
  }
  return lists;
}

function codeValues(lines: string[]): string[] {
  const values = new Set<string>();
  let inNote = false;
  for (const line of lines) {
    if (line.trim() === '') {
      inNote = false;
      continue;
    }
    const indicator = line.slice(0, 2);
    const text = `  ${line.slice(2)}`;
    const start = text.search(/\S/);
    if (/^ *Note:/.test(text)) inNote = true;
    if (inNote || start >= NAME_COLUMN) continue;
    const code = /^\S+/.exec(text.slice(start))?.[0];
    if (code && !indicator.includes('-')) values.add(code);
  }
  return [...values];
}
