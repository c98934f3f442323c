/**
 * One UN/EDIFACT directory under grammars/sources/unece: its element, composite and segment directories, its code
 * lists and its message files, each parsed on first use. D.96A messages that are not extracted beside d96a.zip are
 * read from the archive (d96a.zip → TRMD.ZIP → ORDERS_D.96A).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeList } from '../../../engine/core/grammar.js';
import { GeneratorError } from '../generator.js';
import { parseCodeLists } from './code-lists.js';
import { parseCompositeDirectory, type DirectoryComposite } from './composite-directory.js';
import { parseElementDirectory, type DirectoryElement } from './element-directory.js';
import { parseMessageTable, type MessageTable } from './message-table.js';
import { parseSegmentDirectory, type DirectorySegment } from './segment-directory.js';
import { readZipEntry } from './zip-reader.js';

interface DirectoryFiles {
  /** `D.96A`, as the directory names itself. */
  label: string;
  elements: string;
  composites: string;
  segments: string;
  codeLists: string[];
  /** The distribution archive holding every message, when the sources keep it. */
  archive?: { file: string; inner: string };
}

const DIRECTORIES: Record<string, DirectoryFiles> = {
  D96A: {
    label: 'D.96A',
    elements: 'TRED.96A',
    composites: 'TRCD.96A',
    segments: 'TRSD.96A',
    codeLists: ['UNCL-1.96A', 'UNCL-2.96A'],
    archive: { file: 'd96a.zip', inner: 'TRMD.ZIP' },
  },
  D01B: {
    label: 'D.01B',
    elements: 'EDED.01B',
    composites: 'EDCD.01B',
    segments: 'EDSD.01B',
    codeLists: ['UNCL.01B'],
  },
};

export const DIRECTORY_VERSIONS = Object.keys(DIRECTORIES);

export interface UnDirectory {
  version: string;
  label: string;
  /** The directory's folder relative to the repository root, for `sources` lines and error messages. */
  folder: string;
  elements(): Map<string, DirectoryElement>;
  composites(): Map<string, DirectoryComposite>;
  segments(): Map<string, DirectorySegment>;
  codeLists(): Map<string, CodeList>;
  message(type: string): MessageTable;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function unDirectory(root: string, version: string): UnDirectory {
  const files = DIRECTORIES[version];
  if (!files) {
    throw new GeneratorError(
      `There is no UN/EDIFACT directory ${version} in the sources; use one of ${DIRECTORY_VERSIONS.join(', ')}.`,
    );
  }
  const folder = `grammars/sources/unece/${version}`;
  const read = (name: string): Uint8Array => readFileSync(join(root, folder, name));
  const release = version.slice(1);
  const messageBytes = (type: string): Uint8Array => {
    const name = `${type}_D.${release}`;
    if (existsSync(join(root, folder, name))) return read(name);
    const archive = files.archive;
    const inner = archive && readZipEntry(read(archive.file), `${folder}/${archive.file}`, archive.inner);
    const entry = inner && archive && readZipEntry(inner, `${folder}/${archive.file}/${archive.inner}`, name);
    if (!entry)
      throw new GeneratorError(
        `The ${files.label} sources in ${folder} have no message ${type} (file ${name}).`,
      );
    return entry;
  };
  return {
    version,
    label: files.label,
    folder,
    elements: once(() => parseElementDirectory(read(files.elements), `${folder}/${files.elements}`)),
    composites: once(() => parseCompositeDirectory(read(files.composites), `${folder}/${files.composites}`)),
    segments: once(() => parseSegmentDirectory(read(files.segments), `${folder}/${files.segments}`)),
    codeLists: once(() => new Map(files.codeLists.flatMap((name) => [...parseCodeLists(read(name))]))),
    message: (type) => parseMessageTable(messageBytes(type), `${folder}/${type}_D.${release}`),
  };
}
