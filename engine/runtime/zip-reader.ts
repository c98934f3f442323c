/**
 * Reads zip files that come from outside (plugin zips, zipped files received on a channel) and trusts nothing in
 * them. readZip refuses, with a ZipError naming the entry and the rule: names that could be written elsewhere
 * (zip-slip: absolute, drive letter or ":", backslash, "..", "." or empty segments, control characters), names
 * the caller does not accept, duplicate names, symlinks and other non-regular entries (by their external
 * attributes), encrypted entries or other compression than stored/deflate, more than maxEntries entries, an
 * entry above maxEntryBytes or a total above maxTotalBytes uncompressed, and a compression ratio above maxRatio
 * on an entry of more than ratioMinBytes (zip bombs). Sizes are counted on the bytes actually inflated, never
 * taken from the headers (the headers are only an early refusal). Folders are skipped.
 */
import yauzl from 'yauzl';

const MIB = 1024 * 1024;

export interface ZipLimits {
  /** Entries in the zip, directories included. */
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed bytes per compressed byte, checked once an entry is above ratioMinBytes. */
  maxRatio: number;
  /** Entries up to this size are not held to maxRatio. */
  ratioMinBytes: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = {
  maxEntries: 10_000,
  maxEntryBytes: 50 * MIB,
  maxTotalBytes: 500 * MIB,
  maxRatio: 200,
  ratioMinBytes: MIB,
};

export type ZipRule =
  | 'not-a-zip'
  | 'zip-slip'
  | 'not-accepted'
  | 'duplicate'
  | 'symlink'
  | 'not-regular'
  | 'encrypted'
  | 'too-many-entries'
  | 'entry-too-large'
  | 'total-too-large'
  | 'ratio';

/** A refused zip; `entry` is the entry it is about, when there is one. The message is one sentence. */
export class ZipError extends Error {
  override name = 'ZipError';
  constructor(
    readonly rule: ZipRule,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  /** The entry name, `/`-separated, checked by unsafeEntryName. */
  name: string;
  data: Buffer;
}

export interface ZipSource {
  /** A zip file on disk, or the zip's bytes. */
  file?: string;
  buffer?: Buffer;
  /** How messages name the zip (its file name). */
  label: string;
  /** What it is, for messages: `a plugin zip`, `a received zip`. */
  what: string;
}

/**
 * Why an entry name cannot be used, or undefined when it is a plain relative path with "/" separators. Writers
 * apply the same rule, so a zip this product writes can always be read back.
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

/** True when the bytes start like a zip file (a local file header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/**
 * Every file entry of the zip, checked (see the module comment). `accept` may refuse a name with a reason
 * (rule `not-accepted`). The whole zip is checked before anything is returned.
 */
export async function readZip(
  source: ZipSource,
  limits: Partial<ZipLimits> = {},
  accept: (name: string) => string | undefined = () => undefined,
): Promise<ZipEntry[]> {
  const limit: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const notZip = (error: unknown): ZipError =>
    new ZipError('not-a-zip', `${source.label} is not a readable zip file (${messageOf(error)})`);
  // decodeStrings: false so that yauzl does not rewrite or refuse names itself: every name is checked here.
  const options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: false };
  let zip: yauzl.ZipFile;
  try {
    zip = source.buffer
      ? await yauzl.fromBufferPromise(source.buffer, options)
      : await yauzl.openPromise(source.file!, options);
  } catch (error) {
    throw notZip(error);
  }
  try {
    if (zip.entryCount > limit.maxEntries)
      throw new ZipError(
        'too-many-entries',
        `${source.label} has ${zip.entryCount} entries, more than the ${limit.maxEntries} ${source.what} may hold`,
      );
    return await readEntries(source, zip, limit, accept, notZip);
  } finally {
    zip.close();
  }
}

async function readEntries(
  source: ZipSource,
  zip: yauzl.ZipFile,
  limit: ZipLimits,
  accept: (name: string) => string | undefined,
  notZip: (error: unknown) => ZipError,
): Promise<ZipEntry[]> {
  const seen = new Set<string>();
  const files: ZipEntry[] = [];
  let total = 0;
  let count = 0;
  for await (const entry of entries(zip, notZip)) {
    count += 1;
    if (count > limit.maxEntries)
      throw new ZipError(
        'too-many-entries',
        `${source.label} has more than the ${limit.maxEntries} entries ${source.what} may hold`,
      );
    const name = entryName(entry);
    const refuse = (rule: ZipRule, why: string): ZipError =>
      new ZipError(rule, `${source.label}: entry "${printable(name)}" is refused: ${why}`, name);

    const unsafe = unsafeEntryName(name);
    if (unsafe) throw refuse('zip-slip', `${unsafe} (it could be written outside the workspace)`);
    const isDirectory = name.endsWith('/');
    const refusal = isDirectory ? undefined : accept(name);
    if (refusal) throw refuse('not-accepted', refusal);
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
    if (entry.uncompressedSize > limit.maxEntryBytes)
      throw refuse('entry-too-large', `it is larger than ${bytes(limit.maxEntryBytes)} uncompressed`);
    const data = await readEntry(zip, entry, limit, total, refuse);
    total += data.length;
    files.push({ name, data });
  }
  return files;
}

/** The central directory entries, one at a time (lazyEntries). */
async function* entries(
  zip: yauzl.ZipFile,
  notZip: (error: unknown) => ZipError,
): AsyncGenerator<yauzl.Entry> {
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
        reject(notZip(error));
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
  limit: ZipLimits,
  totalBefore: number,
  refuse: (rule: ZipRule, why: string) => ZipError,
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
    if (error instanceof ZipError) throw error;
    throw refuse('not-a-zip', `it cannot be read (${messageOf(error)})`);
  }
  return Buffer.concat(chunks, size);
}

/** The entry's name as yauzl would decode it (UTF-8 flag, Info-ZIP Unicode path), with backslashes kept. */
function entryName(entry: yauzl.Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '?');
}

export function bytes(n: number): string {
  return n % MIB === 0 ? `${n / MIB} MiB` : `${n} bytes`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
