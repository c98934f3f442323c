/**
 * Reads a file in fixed-size chunks, synchronously, into one reused buffer: the readers copy what they keep,
 * so memory stays flat whatever the file size.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export const CHUNK_SIZE = 1024 * 1024;

export function readFileChunks(
  path: string,
  onChunk: (chunk: Uint8Array) => void,
  chunkSize = CHUNK_SIZE,
): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      const n = readSync(fd, buffer, 0, chunkSize, null);
      if (n === 0) return;
      onChunk(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
