/**
 * Writes a whole buffer to a file and fsyncs it, with the callback file API: the engine writes thousands of
 * small files per run, and fs/promises' FileHandle costs several times more main-thread time per file than
 * the callback calls (measured with the engine benchmark). `flags` are open(2)'s: 'wx' for a new file (fails
 * when the name exists, links included), 'w' to replace, 'a' to append. On a failure the descriptor is closed.
 */
import { close, fsync, open, readFile, write } from 'node:fs';
import { promisify } from 'node:util';

const openFile = promisify(open);
const writeTo = promisify(write);
const syncFile = promisify(fsync);
const closeFile = promisify(close);

export async function writeDurably(path: string, data: Uint8Array, flags: 'wx' | 'w' | 'a'): Promise<void> {
  const fd = await openFile(path, flags);
  try {
    let done = 0;
    while (done < data.byteLength) {
      const { bytesWritten } = await writeTo(fd, data, done, data.byteLength - done);
      done += bytesWritten;
    }
    await syncFile(fd);
  } finally {
    await closeFile(fd);
  }
}

/** A whole file, read with the callback API (one round trip through libuv for small files). */
export const readWhole: (path: string) => Promise<Buffer> = promisify(readFile);
