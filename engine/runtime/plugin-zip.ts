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
import yazl from 'yazl';
import { asConfig, ConfigError, normalizeConfig } from '../core/config-check.js';
import type { ConfigDocument } from '../core/config-model.js';
import { PathSafetyError, resolveInside } from './safe-path.js';
import type { Store } from '../store/store.js';
import {
  DEFAULT_ZIP_LIMITS,
  printable,
  readZip,
  unsafeEntryName,
  ZipError,
  type ZipLimits,
  type ZipRule,
} from './zip-reader.js';

export { unsafeEntryName };

export const PLUGIN_FORMAT = 'bots-plugin/1';
export const PLUGIN_MANIFEST = 'plugin.json';
const USERSYS_PREFIX = 'usersys/';
/** The limits of plugin zips (zip-reader.ts); BOTS_PLUGIN_MAX_* override them. */
export type PluginLimits = ZipLimits;
export const DEFAULT_PLUGIN_LIMITS: Readonly<PluginLimits> = DEFAULT_ZIP_LIMITS;

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
export type PluginRule = Exclude<ZipRule, 'not-accepted'> | 'outside-plugin' | 'manifest';

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
  let entries;
  try {
    entries = await readZip({ file, label: file, what: 'a plugin zip' }, limits, (name) =>
      name === PLUGIN_MANIFEST || (name.startsWith(USERSYS_PREFIX) && name !== USERSYS_PREFIX)
        ? undefined
        : `a plugin zip holds only ${PLUGIN_MANIFEST} and files under usersys/`,
    );
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    throw new PluginError(
      error.rule === 'not-accepted' ? 'outside-plugin' : error.rule,
      error.message,
      error.entry,
    );
  }
  const manifest = entries.find((entry) => entry.name === PLUGIN_MANIFEST);
  if (!manifest)
    throw new PluginError(
      'manifest',
      `${file} has no ${PLUGIN_MANIFEST}: it is not a plugin zip`,
      PLUGIN_MANIFEST,
    );
  return {
    doc: manifestConfig(file, manifest.data),
    files: entries
      .filter((entry) => entry !== manifest)
      .map((entry) => ({ path: entry.name, data: entry.data })),
  };
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Unpacks a plugin zip into a workspace: checks everything first (readPluginZip), then installs the usersys files
 * and replaces the configuration. A refused zip (PluginError) changes nothing. Returns the configuration before
 * and after and the installed paths.
 */
export async function importPlugin(
  store: Store,
  usersysDir: string,
  file: string,
  limits: Partial<PluginLimits> = {},
): Promise<{ before: ConfigDocument; after: ConfigDocument; installed: string[] }> {
  const { doc, files } = await readPluginZip(file, limits);
  const before = await store.config.read();
  const installed = installPluginFiles(files, usersysDir);
  await store.config.replace(doc);
  return { before, after: await store.config.read(), installed };
}
