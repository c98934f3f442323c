/**
 * File in-channels: which files of a channel's folder are ready to read, reading them into the archive, and
 * removing them at the source (DESIGN.md "Contracts: runs and durability": received files are archived before
 * their rows commit, and removed at the source only after that).
 *
 * The order of a receive is the contract:
 *   1. listReadyFiles            which files are complete and due
 *   2. receiveFiles              the originals go into the archive (content store, kind 'archive', fsynced)
 *   3. the caller commits its transaction-log rows (which name the archive ref)
 *   4. finishReceive             only now the source file is removed (channel.remove) or remembered (seen)
 * A crash before 4 leaves the source file in place, so it is read again: at most a duplicate, never a loss.
 *
 * Paths: the folder is `channel.path` under the data root and the lock file a name in that folder, both
 * through resolveInside. Sub-folders and symbolic links in the folder are never read.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelConfig } from '../core/config-model.js';
import type { ContentRef, ContentStore } from './content-store.js';
import { readSmall, statOrUndefined } from './durable-write.js';
import { mapLimit } from './map-limit.js';
import { resolveInside } from './safe-path.js';

/** A file of an in-channel that is ready to read, as it was when listed. */
export interface ReadyFile {
  /** The file name (no folder). */
  name: string;
  /** Absolute path, inside the data root. */
  path: string;
  /** Size in bytes when listed. */
  bytes: number;
  /** Modification time when listed (ms since the epoch). */
  mtimeMs: number;
}

export interface ListOptions {
  /** Names already read (remember-what-was-read mode, for channels with `remove: false`); they are skipped. */
  seen?: ReadonlySet<string>;
  /**
   * Waits between the two stat calls of the growing-file check (default: a real sleep of
   * min(settleSeconds, 0.5) seconds). Injectable so tests can append to a file "during" the wait.
   */
  wait?: (ms: number) => Promise<void>;
}

/** Names never read: temporary and partial uploads and dot-files. */
export function ignoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return name.startsWith('.') || lower.endsWith('.tmp') || lower.endsWith('.part');
}

/**
 * The in-channel's glob mask as a regular expression: `*` is any run of characters, `?` one character, the rest
 * literal; case-sensitive; no folders (a mask with `/` or `\` is an error). An empty mask means `*`.
 */
export function maskPattern(mask: string): RegExp {
  if (mask.includes('/') || mask.includes('\\'))
    throw new Error(`The file mask "${mask}" names a folder; an in-channel reads only its own folder`);
  const source = (mask === '' ? '*' : mask)
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's');
}

/**
 * The files of an in-channel folder that are ready to read, sorted by modification time, then name.
 *
 * Skipped: names not matching `channel.filename`; `*.tmp`, `*.part` and dot-files; anything that is not a
 * regular file (folders, symbolic links); names in `options.seen`; files modified less than `settleSeconds`
 * before `now`, or after it (a future mtime waits too; settleSeconds 0 reads everything at once); files still
 * growing (size or mtime changed between two stat calls; the second call, after one short wait shared by all
 * files, is made only for files younger than 2 × settleSeconds, so settled folders cost one stat per file).
 * While `channel.lockFile` exists in the folder nothing is listed.
 * A missing folder lists nothing.
 */
export async function listReadyFiles(
  channel: ChannelConfig,
  dataRoot: string,
  now: Date,
  options: ListOptions = {},
): Promise<ReadyFile[]> {
  const folder = resolveInside(dataRoot, channel.path);
  const pattern = maskPattern(channel.filename);
  if (channel.lockFile && statOrUndefined(resolveInside(folder, channel.lockFile)) !== undefined) return [];
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const settleMs = Math.max(0, channel.settleSeconds) * 1000;
  const nowMs = now.getTime();
  const ready: ReadyFile[] = [];
  const young: ReadyFile[] = [];
  for (const entry of entries) {
    const name = entry.name;
    if (!entry.isFile() || ignoredName(name) || !pattern.test(name)) continue;
    if (name === channel.lockFile || options.seen?.has(name)) continue;
    const path = join(folder, name); // one name from readdir: no separator, inside the checked folder
    const info = statOrUndefined(path);
    if (info === undefined || !info.isFile()) continue;
    const age = nowMs - info.mtimeMs;
    if (settleMs > 0 && age < settleMs) continue; // a future mtime (clock skew) waits too
    const file: ReadyFile = { name, path, bytes: info.size, mtimeMs: info.mtimeMs };
    (age < 2 * settleMs ? young : ready).push(file);
  }
  if (young.length > 0) {
    await (options.wait ?? sleep)(Math.min(settleMs, 500));
    for (const file of young) {
      const again = statOrUndefined(file.path);
      if (again !== undefined && again.size === file.bytes && again.mtimeMs === file.mtimeMs)
        ready.push(file);
    }
  }
  return ready.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Files archived one by one at the same time. */
export const ARCHIVE_PARALLEL = 16;
/** Above this, a batch's small files are streamed into their archive file instead of joined in memory first. */
const JOIN_LIMIT = 16 * 1024 * 1024;

/**
 * Archives a batch of received files and returns, in order, each one's ref with its bytes when small. Small
 * files of a channel without an archive path go into ONE archive file, each a slice of it (ContentRef.offset):
 * one create and one fsync for the batch instead of one per file, which is most of a small file's cost. Big
 * files (streamed) and channels with an archive path (a folder people browse, one file per received file, as
 * Bots keeps it) are archived one by one.
 */
export async function receiveFiles(
  files: readonly ReadyFile[],
  store: ContentStore,
  runId: string,
  archivePath?: string,
): Promise<{ ref: ContentRef; bytes?: Buffer }[]> {
  const received = new Array<{ ref: ContentRef; bytes?: Buffer }>(files.length);
  const joined: number[] = [];
  const alone: number[] = [];
  files.forEach((file, i) =>
    (archivePath === undefined && file.bytes <= SMALL_FILE ? joined : alone).push(i),
  );
  if (joined.length > 0) {
    const parts = joined.map((i) => readSmall(files[i]!.path));
    const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
    const whole = await store.put(total <= JOIN_LIMIT ? Buffer.concat(parts, total) : each(parts), {
      kind: 'archive',
      runId,
      name: joined.length === 1 ? files[joined[0]!]!.name : `batch-of-${joined.length}`,
    });
    let offset = 0;
    joined.forEach((i, k) => {
      const bytes = parts[k]!;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      received[i] = { ref: { path: whole.path, bytes: bytes.byteLength, sha256, offset }, bytes };
      offset += bytes.byteLength;
    });
  }
  await mapLimit(alone, ARCHIVE_PARALLEL, async (i) => {
    received[i] = await receiveFile(files[i]!, store, runId, archivePath);
  });
  return received;
}

async function* each(parts: readonly Buffer[]): AsyncIterable<Buffer> {
  yield* parts;
}

/**
 * Archives the original (content store, kind 'archive' or the channel's archive path, fsynced) and returns its ref,
 * with the bytes of a small file. This is the
 * first thing done with a received file: parsing reads the archived copy, never the source.
 */
async function receiveFile(
  file: ReadyFile,
  store: ContentStore,
  runId: string,
  archivePath?: string,
): Promise<{ ref: ContentRef; bytes?: Buffer }> {
  // Small files in one read (and handed on, so translation need not read them again); big ones streamed, so
  // memory stays flat.
  const bytes = file.bytes <= SMALL_FILE ? readSmall(file.path) : undefined;
  const ref = await store.put(bytes ?? createReadStream(file.path), {
    kind: 'archive',
    runId,
    name: file.name,
    ...(archivePath ? { folder: archivePath } : {}),
  });
  return bytes ? { ref, bytes } : { ref };
}

const SMALL_FILE = 1024 * 1024;

export type FinishResult = 'removed' | 'kept' | 'changed' | 'gone';

/**
 * Ends the receive of a file. Call it only AFTER the transaction-log rows that name the archived copy have
 * committed: with `channel.remove` the source file is deleted ('removed'); otherwise it stays and its name is
 * added to `seen` ('kept'). A file whose size or mtime differs from the listing was replaced while it was being
 * processed: it is neither removed nor remembered ('changed'), so the next run reads the new content. A file
 * already gone is 'gone'.
 */
export async function finishReceive(
  channel: ChannelConfig,
  file: ReadyFile,
  seen?: Set<string>,
): Promise<FinishResult> {
  const info = statOrUndefined(file.path);
  if (info === undefined) return 'gone';
  if (info.size !== file.bytes || info.mtimeMs !== file.mtimeMs) return 'changed';
  if (!channel.remove) {
    seen?.add(file.name);
    return 'kept';
  }
  try {
    // In the pool, not synchronous: the caller removes a batch's sources together (see receiveBatch).
    await unlink(file.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  return 'removed';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
