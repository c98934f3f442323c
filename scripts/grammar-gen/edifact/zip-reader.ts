/**
 * Reads entries of a ZIP archive (stored or deflated) from its central directory, enough for the UNECE
 * distribution files: d96a.zip holds inner archives (TRMD.ZIP holds the message files).
 */
import { inflateRawSync } from 'node:zlib';
import { GeneratorError } from '../generator.js';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Entry names in upper case, as the directories were written on DOS. */
export function zipEntryNames(archive: Uint8Array, file: string): string[] {
  return centralEntries(archive, file).map((entry) => entry.name);
}

export function readZipEntry(archive: Uint8Array, file: string, name: string): Uint8Array | undefined {
  const entry = centralEntries(archive, file).find((candidate) => candidate.name === name.toUpperCase());
  if (!entry) return undefined;
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  if (view.getUint32(entry.localOffset, true) !== LOCAL_HEADER)
    throw zipError(file, `the entry ${name} is damaged`);
  const dataStart =
    entry.localOffset +
    30 +
    view.getUint16(entry.localOffset + 26, true) +
    view.getUint16(entry.localOffset + 28, true);
  const data = archive.subarray(dataStart, dataStart + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return new Uint8Array(inflateRawSync(data));
  throw zipError(file, `the entry ${name} uses compression method ${entry.method}, which is not supported`);
}

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function centralEntries(archive: Uint8Array, file: string): CentralEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  let end = archive.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw zipError(file, 'it has no ZIP central directory');
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: CentralEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (view.getUint32(offset, true) !== CENTRAL_ENTRY)
      throw zipError(file, 'its central directory is damaged');
    const nameLength = view.getUint16(offset + 28, true);
    entries.push({
      name: new TextDecoder('latin1')
        .decode(archive.subarray(offset + 46, offset + 46 + nameLength))
        .toUpperCase(),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      localOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

function zipError(file: string, reason: string): GeneratorError {
  return new GeneratorError(`${file} cannot be read: ${reason}.`);
}
