/**
 * File out-channels: writes a batch of outgoing files into their channel folders (DESIGN.md "Runs and
 * durability": intent row committed -> write temp -> fsync -> rename -> mark done).
 *
 * Per file, with `tempThenRename` (the default of out-channels): the content goes to a dot-file `.<name>.tmp` in
 * the target folder (no in-channel or consumer lists dot-files), is fsynced and renamed to its name; without it,
 * the file is written in place and fsynced. A target that exists already is replaced when the template had
 * {overwrite}, else the content is appended to it (Bots' rule; unique names never meet it). After the batch,
 * every folder written to is fsynced once, so the renames are durable. Files are written several at a time, so
 * the fsyncs of one batch overlap instead of queueing one by one.
 *
 * Paths: the channel folder under the data root and the rendered name under the folder, both through
 * resolveInside: a name cannot leave its folder. While a batch is written, the channel's lock file (if set)
 * exists in its folder, so a consumer that honours it waits.
 */
import { lstatSync, renameSync } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { writeDurably } from './durable-write.js';
import { basename, dirname, join } from 'node:path';
import type { ChannelConfig } from '../core/config-model.js';
import { mapLimit } from './map-limit.js';
import { randomNameBytes } from './random-pool.js';
import { FolderResolver, resolveInside } from './safe-path.js';

export interface OutgoingFile {
  channel: ChannelConfig;
  /** Relative to the channel folder, '/'-separated (a rendered filename template). */
  name: string;
  overwrite: boolean;
  content: Uint8Array;
}

export interface SentFile {
  file: OutgoingFile;
  /** Absolute path written. */
  path: string;
  error?: Error;
}

const PARALLEL = 32;

/** Writes every file; one file's failure is reported in its SentFile and does not stop the others. */
export async function sendFiles(files: readonly OutgoingFile[], dataRoot: string): Promise<SentFile[]> {
  const folders = new Set<string>();
  const locks = new Map<string, string>();
  for (const file of files) {
    const lock = file.channel.lockFile;
    if (!lock) continue;
    const folder = resolveInside(dataRoot, file.channel.path);
    locks.set(folder, resolveInside(folder, lock));
  }
  for (const [folder, lock] of locks) {
    await mkdir(folder, { recursive: true });
    await writeFile(lock, '');
  }
  try {
    // Files for the same target are written one after the other, in order (they append or replace each
    // other); different targets in parallel.
    const results: SentFile[] = new Array<SentFile>(files.length);
    const byTarget = new Map<string, number[]>();
    const resolvers = new Map<string, FolderResolver>();
    const made = new Set<string>();
    files.forEach((file, index) => {
      let path: string;
      try {
        let resolver = resolvers.get(file.channel.path);
        if (!resolver)
          resolvers.set(
            file.channel.path,
            (resolver = new FolderResolver(resolveInside(dataRoot, file.channel.path))),
          );
        path = resolver.resolve(file.name);
      } catch (error) {
        results[index] = { file, path: '', error: asError(error) };
        return;
      }
      const list = byTarget.get(path) ?? [];
      list.push(index);
      byTarget.set(path, list);
    });
    await mapLimit([...byTarget], PARALLEL, async ([path, indexes]) => {
      for (const index of indexes) {
        const file = files[index]!;
        try {
          await writeOne(file, path, made);
          folders.add(dirname(path));
          results[index] = { file, path };
        } catch (error) {
          results[index] = { file, path, error: asError(error) };
        }
      }
    });
    await Promise.all([...folders].map(syncFolder));
    return results;
  } finally {
    await Promise.all([...locks.values()].map((lock) => rm(lock, { force: true })));
  }
}

async function writeOne(file: OutgoingFile, path: string, made: Set<string>): Promise<void> {
  const folder = dirname(path);
  if (!made.has(folder)) {
    await mkdir(folder, { recursive: true });
    made.add(folder);
  }
  const append = !file.overwrite && exists(path);
  if (append || !file.channel.tempThenRename) {
    await writeDurably(path, file.content, append ? 'a' : 'w');
    return;
  }
  const temp = join(folder, `.${basename(path)}.${randomNameBytes(4).toString('hex')}.tmp`);
  try {
    await writeDurably(temp, file.content, 'wx');
    renameSync(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Whether the target exists; a symbolic link there is refused (appending would write through it). */
function exists(path: string): boolean {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (info?.isSymbolicLink())
    throw new Error(`${path} is a symbolic link; the engine does not write through links`);
  return info !== undefined;
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
