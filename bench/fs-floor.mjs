#!/usr/bin/env node
// The file-system floor of the engine's durable file flow on this machine, with no EDI work at all: per
// received file a stat, a read, its bytes appended to one archive file per batch, an unlink of the source, and
// one output file written to a temporary name, fsynced and renamed; per batch one fsync of the archive and of
// each folder. Writes and metadata calls are synchronous, fsyncs run in parallel in libuv's pool (16 threads),
// as the engine does. Usage: node bench/fs-floor.mjs [FILES] [BATCH]. Prints ms per file and files/s.
import {
  closeSync,
  fsync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

process.env.UV_THREADPOOL_SIZE ??= '16';
const syncFd = promisify(fsync);
const FILES = Number(process.argv[2] ?? 10000);
const BATCH = Number(process.argv[3] ?? 200);
const root = join(tmpdir(), `fs-floor-${process.pid}`);
const [inbox, archive, outbox] = ['in', 'archive', 'out'].map((name) => join(root, name));
for (const folder of [inbox, archive, outbox]) mkdirSync(folder, { recursive: true });
const order = Buffer.alloc(3700, 'x');
for (let i = 0; i < FILES; i++) writeFileSync(join(inbox, `po_${i}.x12`), order);
const folderSync = async (folder) => {
  const fd = openSync(folder, 'r');
  try {
    await syncFd(fd);
  } finally {
    closeSync(fd);
  }
};

const started = performance.now();
const names = readdirSync(inbox);
for (let start = 0; start < names.length; start += BATCH) {
  const batch = names.slice(start, start + BATCH);
  const archiveFd = openSync(join(archive, `batch-${start}`), 'wx');
  const contents = batch.map((name) => {
    const path = join(inbox, name);
    statSync(path);
    const bytes = readFileSync(path);
    writeSync(archiveFd, bytes);
    return bytes;
  });
  await syncFd(archiveFd);
  closeSync(archiveFd);
  await folderSync(archive);
  for (const name of batch) unlinkSync(join(inbox, name));
  await Promise.all(
    contents.map(async (bytes, i) => {
      const temp = join(outbox, `.${batch[i]}.tmp`);
      const fd = openSync(temp, 'wx');
      try {
        writeSync(fd, bytes);
        await syncFd(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, join(outbox, `${batch[i]}.xml`));
    }),
  );
  await folderSync(outbox);
}
const ms = performance.now() - started;
rmSync(root, { recursive: true, force: true });
console.log(
  `${FILES} files, batches of ${BATCH}: ${(ms / FILES).toFixed(3)} ms per file, ${(FILES / (ms / 1000)).toFixed(0)} files/s`,
);
