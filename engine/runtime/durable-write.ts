/**
 * Small-file I/O for the engine's hot path. The engine writes and reads thousands of small files per run;
 * each asynchronous call is a round trip through libuv's thread pool, and on one folder those calls also
 * queue on the kernel's folder lock, so the main thread mostly waited. Here opens, writes, reads and closes
 * of small files are synchronous (microseconds each on a local disk); only fsync, which waits for the
 * device, runs in the thread pool, so the fsyncs of a batch overlap each other and the main thread's work.
 * The engine runs in its own process or worker, never on a thread that serves requests.
 */
import { closeSync, fsync, openSync, readFileSync, statSync, writeSync, type Stats } from 'node:fs';
import { promisify } from 'node:util';

const syncFile = promisify(fsync);

/**
 * Writes a whole buffer to a file and fsyncs it. `flags` are open(2)'s: 'wx' for a new file (fails when the
 * name exists, links included), 'w' to replace, 'a' to append. On a failure the descriptor is closed.
 */
export async function writeDurably(path: string, data: Uint8Array, flags: 'wx' | 'w' | 'a'): Promise<void> {
  const fd = openSync(path, flags);
  try {
    let done = 0;
    while (done < data.byteLength) done += writeSync(fd, data, done, data.byteLength - done);
    await syncFile(fd);
  } finally {
    closeSync(fd);
  }
}

/** A whole small file, in one synchronous read. */
export function readSmall(path: string): Buffer {
  return readFileSync(path);
}

/** The file's status, or undefined when nothing is at `path` (other errors throw). */
export function statOrUndefined(path: string): Stats | undefined {
  return statSync(path, { throwIfNoEntry: false });
}
