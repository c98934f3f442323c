/**
 * The data element directory (TRED.96A, EDED.01B): element number, name and representation. Entries start with
 * `1004  Document/message number` (an optional change indicator before it, an optional usage mark `[B]` after it)
 * and carry a `Repr: an..35` line.
 */
import {
  parseRepresentation,
  sourceError,
  splitRecords,
  textLines,
  type Representation,
} from './untdid-text.js';

export interface DirectoryElement extends Representation {
  id: string;
  name: string;
}

const HEADER = /^[ +*#|X-]*(\d{4}) +(\S.*?)(?: +\[[BIC]\])?$/;
const REPR = /^ *Repr: +(\S+)/;

export function parseElementDirectory(bytes: Uint8Array, file: string): Map<string, DirectoryElement> {
  const elements = new Map<string, DirectoryElement>();
  for (const record of splitRecords(textLines(bytes))) {
    const headerIndex = record.lines.findIndex((line) => line.trim() !== '');
    const header = headerIndex < 0 ? null : HEADER.exec(record.lines[headerIndex] ?? '');
    if (!header) continue;
    const [, id = '', name = ''] = header;
    const reprIndex = record.lines.findIndex((line) => REPR.test(line));
    const repr = REPR.exec(record.lines[reprIndex] ?? '');
    const line = record.firstLine + (repr ? reprIndex : headerIndex);
    if (!repr?.[1]) throw sourceError(file, line, `element ${id} has no Repr line.`);
    elements.set(id, { id, name, ...parseRepresentation(repr[1], file, line) });
  }
  return elements;
}
