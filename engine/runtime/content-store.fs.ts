/**
 * The content store on the local file system (see content-store.ts for the contracts).
 *
 * Layout: `<root>/<kind>/<yyyy-mm-dd>/<runId>/<ulid>-<name>`; the date is the UTC day of the store's clock
 * (injectable, so tests and acceptance runs get deterministic folders), the ULID (time + 80 random bits)
 * makes names unique and sortable by creation time, and `name` is the sanitised hint name (`data` without one).
 *
 * Durability (DESIGN.md "Runs and durability"): put writes a temporary name in the target folder
 * (`.<ulid>.tmp`: a dot-file, so no channel or listing mistakes it for content), computes SHA-256 while
 * writing, fsyncs the file, renames it to its final name and fsyncs the folder (and the parents of any folder
 * it had to create), so a resolved put survives a power loss and a failed put leaves nothing behind.
 *
 * Path safety: every path is built through resolveInside (FolderResolver: each folder checked once), with the
 * root as the boundary; the run id and name
 * are sanitised to [A-Za-z0-9._-] (leading dots dropped) before they become path parts, and a ref whose path
 * leads outside the root (`..`, absolute, a symbolic link) is refused with a PathSafetyError.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, renameSync } from 'node:fs';
import { mkdir, open, readdir, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeFileName } from '../core/safe-name.js';
import {
  CONTENT_KINDS,
  type ByteRange,
  type ContentHint,
  type ContentRef,
  type ContentStore,
} from './content-store.js';
import { readSmall, writeDurably } from './durable-write.js';
import { randomNameBytes } from './random-pool.js';
import { FolderResolver, resolveInside } from './safe-path.js';

export interface FsContentStoreOptions {
  /** The clock for the date folder and the ULID time part (default: the system clock). */
  clock?: () => Date;
}

/** Content up to this size is streamed as one chunk. */
const SMALL = 256 * 1024;

/** Longest sanitised name part kept (the ULID and the folders come on top). */
const MAX_NAME = 120;

export class FsContentStore implements ContentStore {
  private readonly clock: () => Date;
  private readonly paths: FolderResolver;
  /** Folders known to exist (created or seen by this store). */
  private readonly made = new Set<string>();
  /** Per folder: the fsync running now, and the one the puts that renamed meanwhile wait for. */
  private readonly syncs = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

  constructor(
    /** The data root (workspaceLayout().data); created on the first put when missing. */
    readonly root: string,
    options: FsContentStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.paths = new FolderResolver(root);
  }

  async put(bytes: Uint8Array | AsyncIterable<Uint8Array>, hint: ContentHint): Promise<ContentRef> {
    if (!CONTENT_KINDS.includes(hint.kind)) throw new Error(`Unknown content kind "${String(hint.kind)}"`);
    const now = this.clock();
    const id = ulid(now.getTime());
    const runId = pathPart(hint.runId, MAX_NAME) ?? 'run';
    const name = pathPart(hint.name ?? '', MAX_NAME) ?? 'data';
    const top = hint.folder === undefined ? hint.kind : folderPath(hint.folder);
    const relativeFolder = [top, now.toISOString().slice(0, 10), runId].join('/');
    const refPath = `${relativeFolder}/${id}-${name}`;
    const finalPath = this.paths.resolve(refPath);
    const tempPath = this.paths.resolve(`${relativeFolder}/.${id}.tmp`);
    const folder = dirname(finalPath);

    const firstCreated = this.made.has(folder) ? undefined : await mkdir(folder, { recursive: true });
    this.made.add(folder);
    const hash = createHash('sha256');
    let size = 0;
    try {
      if (bytes instanceof Uint8Array) {
        // One buffer (the common case): written with the lighter callback calls.
        hash.update(bytes);
        size = bytes.byteLength;
        await writeDurably(tempPath, bytes, 'wx');
      } else {
        const handle = await open(tempPath, 'wx');
        try {
          for await (const chunk of chunks(bytes)) {
            hash.update(chunk);
            size += chunk.byteLength;
            await writeAll(handle, chunk);
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      renameSync(tempPath, finalPath);
    } catch (error) {
      await unlink(tempPath).catch(() => undefined);
      throw error;
    }
    await this.folderSync(folder);
    if (firstCreated !== undefined) await syncCreatedParents(firstCreated, folder);
    return { path: refPath, bytes: size, sha256: hash.digest('hex') };
  }

  /**
   * Makes the renames done in `folder` durable. Puts that finish while a folder fsync runs share the next one
   * (group commit): each put still resolves only after an fsync that started after its rename.
   */
  private folderSync(folder: string): Promise<void> {
    const state = this.syncs.get(folder);
    if (!state) {
      const running = syncFolder(folder).finally(() => this.afterSync(folder));
      this.syncs.set(folder, { running });
      return running;
    }
    state.next ??= state.running.then(
      () => syncFolder(folder),
      () => syncFolder(folder),
    );
    return state.next;
  }

  private afterSync(folder: string): void {
    const state = this.syncs.get(folder);
    if (!state?.next) {
      this.syncs.delete(folder);
      return;
    }
    const running = state.next.finally(() => this.afterSync(folder));
    this.syncs.set(folder, { running });
  }

  async read(ref: ContentRef, range?: ByteRange): Promise<Buffer> {
    const path = this.pathOf(ref);
    if (ref.offset !== undefined) {
      const { offset, length } = checkRange(range, ref.bytes, ref.path);
      return readAt(path, ref.offset + offset, length, ref.path);
    }
    if (ref.bytes > 0 && ref.bytes <= SMALL) {
      // Small content (its size is on the ref): one read of the whole file, then the range of it.
      const whole = readSmall(path);
      const { offset, length } = checkRange(range, whole.byteLength, ref.path);
      return offset === 0 && length === whole.byteLength ? whole : whole.subarray(offset, offset + length);
    }
    const { offset, length } = checkRange(range, (await stat(path)).size, ref.path);
    return readAt(path, offset, length, ref.path);
  }

  async *stream(ref: ContentRef, range?: ByteRange): AsyncIterable<Buffer> {
    const path = this.pathOf(ref);
    const size = ref.offset === undefined ? (await stat(path)).size : ref.bytes;
    const { offset, length } = checkRange(range, size, ref.path);
    if (length === 0) return;
    // Small content in one read: a stream costs more than the bytes.
    if (length <= SMALL) {
      yield await this.read(ref, { offset, length });
      return;
    }
    // `end` is inclusive; only the bytes of the range are read.
    const start = (ref.offset ?? 0) + offset;
    const stream = createReadStream(path, {
      start,
      end: start + length - 1,
      highWaterMark: 64 * 1024,
    });
    for await (const chunk of stream) yield chunk as Buffer;
  }

  async removeBefore(before: Date, folders: readonly string[] = []): Promise<number> {
    const day = before.toISOString().slice(0, 10);
    let removed = 0;
    for (const kind of [...CONTENT_KINDS, ...new Set(folders.map(folderPath))]) {
      let days: string[];
      try {
        days = await readdir(resolveInside(this.root, kind));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const name of days) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(name) || name >= day) continue;
        await rm(resolveInside(this.root, `${kind}/${name}`), { recursive: true, force: true });
        removed++;
      }
    }
    return removed;
  }

  async remove(ref: ContentRef): Promise<void> {
    if (ref.offset !== undefined)
      throw new Error(`${ref.path}@${ref.offset} is a slice of stored content and cannot be removed alone`);
    try {
      await unlink(this.pathOf(ref));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** The absolute path of a ref, confined to the root (throws PathSafetyError otherwise). */
  private pathOf(ref: ContentRef): string {
    if (ref.path === '' || ref.path.startsWith('/') || ref.path.includes('\\'))
      throw new Error(`Not a content path: "${ref.path}"`);
    return this.paths.resolve(ref.path);
  }
}

/** A hint folder as sanitised parts (`archive/x12`); `content` when nothing usable is left. */
function folderPath(folder: string): string {
  const parts = folder.split(/[\\/]/).flatMap((part) => pathPart(part, MAX_NAME) ?? []);
  return parts.length > 0 ? parts.join('/') : 'content';
}

/** A sanitised single path part (no separators, no leading dots), or undefined when nothing is left. */
function pathPart(value: string, max: number): string | undefined {
  const name = safeFileName(value.trim().replace(/^\.+/, ''));
  return name === undefined ? undefined : name.slice(0, max);
}

/** `length` bytes from `position`; small reads synchronous (see durable-write.ts), big ones through the pool. */
async function readAt(path: string, position: number, length: number, label: string): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const ended = (done: number): Error =>
    new Error(`The content ${label} ended after ${position + done} bytes`);
  if (length <= SMALL) {
    const fd = openSync(path, 'r');
    try {
      for (let done = 0; done < length;) {
        const read = readSync(fd, buffer, done, length - done, position + done);
        if (read === 0) throw ended(done);
        done += read;
      }
    } finally {
      closeSync(fd);
    }
    return buffer;
  }
  const handle = await open(path, 'r');
  try {
    for (let done = 0; done < length;) {
      const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
      if (bytesRead === 0) throw ended(done);
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return buffer;
}

function checkRange(range: ByteRange | undefined, size: number, path: string): ByteRange {
  if (range === undefined) return { offset: 0, length: size };
  const { offset, length } = range;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
    throw new RangeError(`Invalid byte range ${offset}+${length} for ${path}`);
  if (offset + length > size)
    throw new RangeError(`The byte range ${offset}+${length} is beyond the end of ${path} (${size} bytes)`);
  return { offset, length };
}

async function* chunks(bytes: Uint8Array | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (bytes instanceof Uint8Array) yield bytes;
  else yield* bytes;
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let done = 0;
  while (done < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, done, chunk.byteLength - done);
    done += bytesWritten;
  }
}

/**
 * fsync a folder so a rename or a new entry in it is durable. Windows cannot open a folder for syncing
 * (EPERM/EISDIR); there the rename itself is the best available.
 */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (process.platform !== 'win32') throw error;
  } finally {
    await handle?.close();
  }
}

/** fsync the parent of every folder mkdir created, from the first created one down to `folder`. */
async function syncCreatedParents(firstCreated: string, folder: string): Promise<void> {
  let current = folder;
  const parents: string[] = [];
  while (current.length >= firstCreated.length) {
    parents.push(dirname(current));
    if (current === firstCreated) break;
    current = dirname(current);
  }
  for (const parent of parents) await syncFolder(parent);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 10 characters of millisecond time and 16 of randomness, Crockford base 32. */
export function ulid(time: number): string {
  let out = '';
  let t = Math.max(0, Math.floor(time));
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  const random = randomNameBytes(16);
  for (let i = 0; i < 16; i++) out += CROCKFORD[(random[i] ?? 0) % 32];
  return out;
}
