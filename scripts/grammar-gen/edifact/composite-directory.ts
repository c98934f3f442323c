/**
 * The composite directory (TRCD.96A, EDCD.01B): each composite's components with their status. Names and
 * representations of the components come from the element directory.
 */
import { positionEntries, sourceError, splitRecords, textLines } from './untdid-text.js';

export interface DirectoryComponent {
  id: string;
  mandatory: boolean;
}

export interface DirectoryComposite {
  id: string;
  name: string;
  components: DirectoryComponent[];
}

const HEADER = /^[ +*#|X-]*([A-Z]\d{3}) +(\S.*?)(?: +\[[BIC]\])?$/;

export function parseCompositeDirectory(bytes: Uint8Array, file: string): Map<string, DirectoryComposite> {
  const composites = new Map<string, DirectoryComposite>();
  for (const record of splitRecords(textLines(bytes))) {
    const headerIndex = record.lines.findIndex((line) => line.trim() !== '');
    const header = headerIndex < 0 ? null : HEADER.exec(record.lines[headerIndex] ?? '');
    if (!header) continue;
    const [, id = '', name = ''] = header;
    const components = positionEntries(record, file).map((entry) => ({
      id: entry.id,
      mandatory: entry.mandatory,
    }));
    if (components.length === 0)
      throw sourceError(file, record.firstLine + headerIndex, `composite ${id} has no components.`);
    composites.set(id, { id, name, components });
  }
  return composites;
}
