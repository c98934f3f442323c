/**
 * The segment directory (TRSD.96A, EDSD.01B): each segment's positions, a simple element or a composite with its
 * status and, in syntax 4 directories, its repeat count.
 */
import { positionEntries, sourceError, splitRecords, textLines } from './untdid-text.js';

export interface DirectoryField {
  id: string;
  mandatory: boolean;
  repeat: number;
}

export interface DirectorySegment {
  tag: string;
  name: string;
  fields: DirectoryField[];
}

const HEADER = /^[ +*#|X-]*([A-Z]{3}) +(\S.*)$/;

export function parseSegmentDirectory(bytes: Uint8Array, file: string): Map<string, DirectorySegment> {
  const segments = new Map<string, DirectorySegment>();
  for (const record of splitRecords(textLines(bytes))) {
    const headerIndex = record.lines.findIndex((line) => line.trim() !== '');
    const header = headerIndex < 0 ? null : HEADER.exec(record.lines[headerIndex] ?? '');
    if (!header) continue;
    const [, tag = '', name = ''] = header;
    const fields = positionEntries(record, file).map(({ id, mandatory, repeat }) => ({
      id,
      mandatory,
      repeat,
    }));
    if (fields.length === 0)
      throw sourceError(file, record.firstLine + headerIndex, `segment ${tag} has no positions.`);
    segments.set(tag, { tag, name, fields });
  }
  return segments;
}
