/**
 * Plugin zips (`bots config pack|unpack`): a whole setup in one file. A plugin zip holds `plugin.json`
 * ({format: 'bots-plugin/1', createdAt, config}, the configuration document normalized) and every regular file
 * under the workspace's usersys/ folder as `usersys/<relative path>` (grammars, mappings, partners, plugins).
 *
 * Reading trusts nothing in the zip. readPluginZip refuses, with a PluginError naming the entry and the rule:
 * names that could be written elsewhere (zip-slip: absolute, drive letter or ":", backslash, "..", "." or empty
 * segments, control characters), anything besides `plugin.json` and `usersys/...`, duplicate names, symlinks
 * and other non-regular entries (by their external attributes), encrypted entries, more than maxEntries
 * entries, an entry above maxEntryBytes or a total above maxTotalBytes uncompressed, and a compression ratio
 * above maxRatio on an entry of more than ratioMinBytes (zip bombs). Sizes are counted on the bytes actually
 * inflated, never taken from the headers (the headers are only an early refusal). A missing, unreadable or
 * invalid plugin.json (asConfig) is refused too. Nothing is written while reading.
 *
 * installPluginFiles writes the files a checked zip holds into usersys/: every target must resolve inside the
 * usersys folder (checked again after path.resolve and after following existing folders), all files are first
 * written to temporary names and then renamed, so a failure part-way leaves no half-written file. Files in
 * usersys/ that the zip does not hold are kept.
 */
import { once } from 'node:events';
import {
  createWriteStream,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { asConfig, ConfigError, normalizeConfig } from '../core/config-check.js';
import type { ConfigDocument } from '../core/config-model.js';
import { PathSafetyError, resolveInside } from './safe-path.js';

export const PLUGIN_FORMAT = 'bots-plugin/1';
export const PLUGIN_MANIFEST = 'plugin.json';
const USERSYS_PREFIX = 'usersys/';
const MIB = 1024 * 1024;

export interface PluginLimits {
  /** Entries in the zip, directories included (default 10,000). */
  maxEntries: number;
  /** Uncompressed bytes of one entry (default 50 MiB). */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together (default 500 MiB). */
  maxTotalBytes: number;
  /** Uncompressed bytes per compressed byte, checked once an entry is above ratioMinBytes (default 200). */
  maxRatio: number;
  /** Entries up to this size are not held to maxRatio (default 1 MiB). */
  ratioMinBytes: number;
}

export const DEFAULT_PLUGIN_LIMITS: Readonly<PluginLimits> = {
  maxEntries: 10_000,
  maxEntryBytes: 50 * MIB,
  maxTotalBytes: 500 * MIB,
  maxRatio: 200,
  ratioMinBytes: MIB,
};

/** The manifest of a plugin zip. */
export interface PluginManifest {
  format: typeof PLUGIN_FORMAT;
  /** ISO 8601 time the zip was written. */
  createdAt: string;
  config: ConfigDocument;
}

/** A file of a checked plugin zip: `path` is the entry name, always `usersys/<relative path>`. */
export interface PluginFile {
  path: string;
  data: Buffer;
}

export interface PluginContents {
  doc: ConfigDocument;
  files: PluginFile[];
}

/** Why a plugin zip (or a file to pack or install) is refused. */
export type PluginRule =
  | 'not-a-zip'
  | 'zip-slip'
  | 'outside-plugin'
  | 'duplicate'
  | 'symlink'
  | 'not-regular'
  | 'encrypted'
  | 'too-many-entries'
  | 'entry-too-large'
  | 'total-too-large'
  | 'ratio'
  | 'manifest';

/**
 * A refused plugin zip. `entry` is the entry (or file) it is about, when there is one; `problems` lists the
 * configuration problems when plugin.json is not a valid configuration document. The message is one sentence.
 */
export class PluginError extends Error {
  override name = 'PluginError';
  constructor(
    readonly rule: PluginRule,
    message: string,
    readonly entry?: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * Why an entry name cannot be used, or undefined when it is a plain relative path with "/" separators. The
 * same rule applies when packing, so a zip this module writes can always be read back.
 */
export function unsafeEntryName(name: string): string | undefined {
  if (name.startsWith('/')) return 'its name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'its name starts with a drive letter';
  if (name.includes('\\')) return 'its name contains a backslash';
  if (name.includes(':')) return 'its name contains ":" (a drive letter or an alternate data stream)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'its name contains control characters';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.includes('..')) return 'its name contains ".." segments';
  if (segments.includes('.') || segments.includes('')) return 'its name contains "." or empty segments';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Writing

/**
 * Writes a plugin zip to `file`: plugin.json with the normalized document, then every regular file under
 * `usersysDir` (sorted; symlinks are neither followed nor stored; a missing folder gives no files). The zip is
 * written to a temporary name beside `file` and renamed. Returns the entry names of the usersys files.
 * Throws PluginError when a file name could not be read back (see unsafeEntryName).
 */
export async function writePluginZip(
  file: string,
  doc: ConfigDocument,
  usersysDir: string,
): Promise<string[]> {
  const files = listUsersysFiles(usersysDir);
  const manifest: PluginManifest = {
    format: PLUGIN_FORMAT,
    createdAt: new Date().toISOString(),
    config: normalizeConfig(doc),
  };
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), PLUGIN_MANIFEST, { mode: 0o100644 });
  for (const { absolute, entry } of files) zip.addFile(absolute, entry, { mode: 0o100644 });
  zip.end();

  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const output = createWriteStream(temporary);
    zip.outputStream.pipe(output);
    await Promise.race([
      once(output, 'close'),
      once(zip.outputStream, 'error').then(([error]: unknown[]) => Promise.reject(error)),
    ]);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return files.map((f) => f.entry);
}

function listUsersysFiles(usersysDir: string): { absolute: string; entry: string }[] {
  const found: { absolute: string; entry: string }[] = [];
  const walk = (folder: string, relative: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative === '') return;
      throw error;
    }
    for (const dirent of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
      // Dirent types come from lstat: a symlink is neither a file nor a folder here.
      if (dirent.isDirectory()) walk(join(folder, dirent.name), name);
      else if (dirent.isFile()) {
        const entry = `${USERSYS_PREFIX}${name}`;
        const problem = unsafeEntryName(entry);
        if (problem)
          throw new PluginError('zip-slip', `cannot pack ${join(folder, dirent.name)}: ${problem}`, entry);
        found.push({ absolute: join(folder, dirent.name), entry });
      }
    }
  };
  walk(usersysDir, '');
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/**
 * Reads and checks a plugin zip (see the module comment for the rules). Throws PluginError on the first
 * refused entry, or when plugin.json is missing or invalid; the whole zip is checked before anything is
 * returned. Limits not given are the defaults.
 */
export async function readPluginZip(
  file: string,
  limits: Partial<PluginLimits> = {},
): Promise<PluginContents> {
  const limit: PluginLimits = { ...DEFAULT_PLUGIN_LIMITS, ...limits };
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings: false so that yauzl does not rewrite or refuse names itself: every name is checked here.
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      validateEntrySizes: true,
      decodeStrings: false,
      autoClose: false,
    });
  } catch (error) {
    throw new PluginError('not-a-zip', `${file} is not a readable zip file (${messageOf(error)})`);
  }
  try {
    if (zip.entryCount > limit.maxEntries)
      throw new PluginError(
        'too-many-entries',
        `${file} has ${zip.entryCount} entries, more than the ${limit.maxEntries} a plugin zip may hold`,
      );
    return await readEntries(file, zip, limit);
  } finally {
    zip.close();
  }
}

async function readEntries(file: string, zip: yauzl.ZipFile, limit: PluginLimits): Promise<PluginContents> {
  const seen = new Set<string>();
  const files: PluginFile[] = [];
  let manifest: Buffer | undefined;
  let total = 0;
  let count = 0;
  for await (const entry of entries(file, zip)) {
    count += 1;
    if (count > limit.maxEntries)
      throw new PluginError(
        'too-many-entries',
        `${file} has more than the ${limit.maxEntries} entries a plugin zip may hold`,
      );
    const name = entryName(entry);
    const refuse = (rule: PluginRule, why: string): PluginError =>
      new PluginError(rule, `${file}: entry "${printable(name)}" is refused: ${why}`, name);

    const unsafe = unsafeEntryName(name);
    if (unsafe) throw refuse('zip-slip', `${unsafe} (it could be written outside the workspace)`);
    const isDirectory = name.endsWith('/');
    if (!(name === PLUGIN_MANIFEST || (name.startsWith(USERSYS_PREFIX) && name !== USERSYS_PREFIX)))
      throw refuse('outside-plugin', `a plugin zip holds only ${PLUGIN_MANIFEST} and files under usersys/`);
    if (seen.has(name)) throw refuse('duplicate', 'the zip holds this name twice');
    seen.add(name);
    const type = (entry.externalFileAttributes >>> 16) & 0o170000;
    if (type === 0o120000) throw refuse('symlink', 'it is a symbolic link');
    if (type !== 0 && type !== 0o100000 && !(type === 0o040000 && isDirectory))
      throw refuse('not-regular', 'it is not a regular file');
    if (isDirectory) continue;
    if (entry.isEncrypted()) throw refuse('encrypted', 'it is encrypted');
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
      throw refuse(
        'not-a-zip',
        `it uses compression method ${entry.compressionMethod} (only stored and deflate)`,
      );

    // The header is only an early refusal; the counts below are of the bytes actually inflated.
    if (entry.uncompressedSize > limit.maxEntryBytes)
      throw refuse('entry-too-large', `it is larger than ${bytes(limit.maxEntryBytes)} uncompressed`);
    const data = await readEntry(zip, entry, limit, total, refuse);
    total += data.length;
    if (name === PLUGIN_MANIFEST) manifest = data;
    else files.push({ path: name, data });
  }
  if (!manifest)
    throw new PluginError(
      'manifest',
      `${file} has no ${PLUGIN_MANIFEST}: it is not a plugin zip`,
      PLUGIN_MANIFEST,
    );
  return { doc: manifestConfig(file, manifest), files };
}

/** The central directory entries, one at a time (lazyEntries). */
async function* entries(file: string, zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = new Promise<yauzl.Entry | undefined>((resolveEntry, reject) => {
      const onEntry = (entry: yauzl.Entry): void => {
        cleanup();
        resolveEntry(entry);
      };
      const onEnd = (): void => {
        cleanup();
        resolveEntry(undefined);
      };
      const onError = (error: unknown): void => {
        cleanup();
        reject(new PluginError('not-a-zip', `${file} is not a readable zip file (${messageOf(error)})`));
      };
      const cleanup = (): void => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
    });
    zip.readEntry();
    const entry = await next;
    if (!entry) return;
    yield entry;
  }
}

async function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limit: PluginLimits,
  totalBefore: number,
  refuse: (rule: PluginRule, why: string) => PluginError,
): Promise<Buffer> {
  let stream;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw refuse('not-a-zip', `it cannot be read (${messageOf(error)})`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit.maxEntryBytes)
        throw refuse('entry-too-large', `it is larger than ${bytes(limit.maxEntryBytes)} uncompressed`);
      if (totalBefore + size > limit.maxTotalBytes)
        throw refuse(
          'total-too-large',
          `the entries so far come to more than ${bytes(limit.maxTotalBytes)} uncompressed`,
        );
      if (size > limit.ratioMinBytes && size / Math.max(entry.compressedSize, 1) > limit.maxRatio)
        throw refuse(
          'ratio',
          `it inflates more than ${limit.maxRatio} times its compressed size (a zip bomb)`,
        );
      chunks.push(chunk);
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof PluginError) throw error;
    throw refuse('not-a-zip', `it cannot be read (${messageOf(error)})`);
  }
  return Buffer.concat(chunks, size);
}

function manifestConfig(file: string, data: Buffer): ConfigDocument {
  const source = `${file}: ${PLUGIN_MANIFEST}`;
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new PluginError('manifest', `${source} is not valid JSON (${messageOf(error)})`, PLUGIN_MANIFEST);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PluginError('manifest', `${source} is not a JSON object`, PLUGIN_MANIFEST);
  const manifest = value as Record<string, unknown>;
  if (manifest.format !== PLUGIN_FORMAT)
    throw new PluginError(
      'manifest',
      `${source} has format ${JSON.stringify(manifest.format)}, not "${PLUGIN_FORMAT}"`,
      PLUGIN_MANIFEST,
    );
  try {
    return asConfig(manifest.config, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new PluginError(
      'manifest',
      `${source} is not a valid configuration (${error.problems.length} problem(s))`,
      PLUGIN_MANIFEST,
      error.problems,
    );
  }
}

/** The entry's name as yauzl would decode it (UTF-8 flag, Info-ZIP Unicode path), with backslashes kept. */
function entryName(entry: yauzl.Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

// ---------------------------------------------------------------------------------------------------------
// Installing

/**
 * Writes the files of a checked plugin zip into `usersysDir`, creating folders, and returns the paths written.
 * Every target is checked before anything is written: its name again (unsafeEntryName), then the resolved
 * path, then the real path of its existing folders, must all stay inside usersysDir. Files are written to
 * temporary names first and renamed once all are written; on failure the temporary files are removed.
 */
export function installPluginFiles(files: readonly PluginFile[], usersysDir: string): string[] {
  const root = resolve(usersysDir);
  mkdirSync(root, { recursive: true });
  const targets = files.map((file) => {
    const problem = !file.path.startsWith(USERSYS_PREFIX)
      ? 'it is not under usersys/'
      : unsafeEntryName(file.path);
    if (problem)
      throw new PluginError('zip-slip', `cannot install "${printable(file.path)}": ${problem}`, file.path);
    let target: string;
    try {
      target = resolveInside(root, file.path.slice(USERSYS_PREFIX.length));
    } catch (error) {
      if (!(error instanceof PathSafetyError)) throw error;
      throw new PluginError('zip-slip', `cannot install "${file.path}": ${error.message}`, file.path);
    }
    if (existsAsLink(target))
      throw new PluginError(
        'symlink',
        `cannot install "${file.path}": ${target} is a symbolic link`,
        file.path,
      );
    return { target, data: file.data };
  });

  const written: string[] = [];
  try {
    for (const { target, data } of targets) {
      mkdirSync(dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.plugin-tmp`;
      written.push(temporary);
      writeFileSync(temporary, data, { flag: 'wx' });
    }
  } catch (error) {
    for (const temporary of written) rmSync(temporary, { force: true });
    throw error;
  }
  targets.forEach(({ target }, i) => renameSync(written[i]!, target));
  return targets.map((t) => t.target);
}

function existsAsLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '?');
}

function bytes(n: number): string {
  return n % MIB === 0 ? `${n / MIB} MiB` : `${n} bytes`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
