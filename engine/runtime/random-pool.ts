/**
 * Random bytes for names (ULIDs, temporary file names), drawn from a pool refilled 4 KiB at a time: the engine
 * names thousands of files per run, and one crypto call per name cost more than the write of a small file.
 * Not for keys or secrets (use crypto.randomBytes there): pooled bytes live in memory until used.
 */
import { randomFillSync } from 'node:crypto';

const POOL = Buffer.alloc(4096);
let used = POOL.length;

/** `count` fresh random bytes (at most 4096), copied out of the pool. */
export function randomNameBytes(count: number): Buffer {
  if (count > POOL.length) throw new RangeError(`randomNameBytes: at most ${POOL.length} bytes at a time`);
  if (used + count > POOL.length) {
    randomFillSync(POOL);
    used = 0;
  }
  const bytes = Buffer.from(POOL.subarray(used, used + count));
  used += count;
  return bytes;
}
