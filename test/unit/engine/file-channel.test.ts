import { createHash } from 'node:crypto';
// File in-channels: mask matching, tmp/part/dot-file skipping, settle time against a fixed `now`, the lock
// file, growing-file detection (appended during the injected wait), the seen set, archive-first receive and
// removal only in finishReceive. Real temp folders, file times set with utimes. Time budget: under 1 second.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../engine/core/config-model.js';
import { FsContentStore } from '../../../engine/runtime/content-store.fs.js';
import {
  finishReceive,
  listReadyFiles,
  maskPattern,
  receiveFiles,
} from '../../../engine/runtime/file-channel.js';
import { PathSafetyError } from '../../../engine/runtime/safe-path.js';

const base = mkdtempSync(join(tmpdir(), 'bots-file-channel-'));
const now = new Date('2024-03-05T12:00:00Z');
let n = 0;

/** A fresh data root with an in-folder `in/`; returns both. */
function setup(): { root: string; folder: string } {
  n += 1;
  const root = join(base, `data${n}`);
  const folder = join(root, 'in');
  mkdirSync(folder, { recursive: true });
  return { root, folder };
}

function channel(overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    id: 'edi-in',
    type: 'file',
    direction: 'in',
    path: 'in',
    filename: '*',
    remove: false,
    tempThenRename: false,
    settleSeconds: 0,
    ...overrides,
  };
}

/** Writes a file whose mtime is `ageSeconds` before `now`. */
function file(folder: string, name: string, ageSeconds = 600, content = 'x'): void {
  const path = join(folder, name);
  writeFileSync(path, content);
  const time = new Date(now.getTime() - ageSeconds * 1000);
  utimesSync(path, time, time);
}

const names = async (c: ChannelConfig, root: string, options = {}): Promise<string[]> =>
  (await listReadyFiles(c, root, now, options)).map((f) => f.name);

describe('maskPattern', () => {
  it('matches * and ? case-sensitively, everything else literally', () => {
    const p = maskPattern('ord?rs_*.edi');
    expect(p.test('orders_1.edi')).toBe(true);
    expect(p.test('ordxrs_.edi')).toBe(true);
    expect(p.test('orders_1.EDI')).toBe(false);
    expect(p.test('orders_1xedi')).toBe(false);
    expect(p.test('ordrs_1.edi')).toBe(false);
    expect(maskPattern('a+(b).[c]').test('a+(b).[c]')).toBe(true);
    expect(maskPattern('').test('anything')).toBe(true);
    expect(() => maskPattern('sub/*.edi')).toThrow('names a folder');
  });
});

describe('listReadyFiles', () => {
  it('lists matching regular files, sorted by mtime then name, skipping tmp, part, dot-files and folders', async () => {
    const { root, folder } = setup();
    file(folder, 'b.edi', 100);
    file(folder, 'a.edi', 100);
    file(folder, 'old.edi', 900);
    file(folder, 'c.EDI', 100);
    file(folder, 'x.edi.tmp', 900);
    file(folder, 'y.edi.part', 900);
    file(folder, 'z.TMP', 900);
    file(folder, '.hidden.edi', 900);
    mkdirSync(join(folder, 'sub.edi'));
    file(join(folder, 'sub.edi'), 'deep.edi', 900);
    symlinkSync(join(folder, 'old.edi'), join(folder, 'link.edi'));
    expect(await names(channel({ filename: '*.edi' }), root)).toEqual(['old.edi', 'a.edi', 'b.edi']);
    const [first] = await listReadyFiles(channel({ filename: 'old.*' }), root, now);
    expect(first).toMatchObject({ name: 'old.edi', path: join(root, 'in', 'old.edi'), bytes: 1 });
  });

  it('skips files younger than settleSeconds', async () => {
    const { root, folder } = setup();
    file(folder, 'settled.edi', 61);
    file(folder, 'fresh.edi', 30);
    file(folder, 'future.edi', -30);
    expect(await names(channel({ settleSeconds: 0 }), root)).toEqual([
      'settled.edi',
      'fresh.edi',
      'future.edi',
    ]);
    let waited = 0;
    const wait = async (): Promise<void> => {
      waited += 1;
    };
    expect(await names(channel({ settleSeconds: 60 }), root, { wait })).toEqual(['settled.edi']);
    expect(waited).toBe(1); // settled.edi is younger than 2 × 60 s: checked twice
    expect(await names(channel({ settleSeconds: 20 }), root, { wait })).toEqual(['settled.edi', 'fresh.edi']);
    expect(waited).toBe(2); // fresh.edi is younger than 40 s
  });

  it('skips a file that grows during the wait and does not wait for settled folders', async () => {
    const { root, folder } = setup();
    file(folder, 'growing.edi', 15, 'ISA*00');
    file(folder, 'steady.edi', 15, 'ISA*00');
    file(folder, 'old.edi', 600, 'ISA*00');
    const waits: number[] = [];
    const wait = async (ms: number): Promise<void> => {
      waits.push(ms);
      appendFileSync(join(folder, 'growing.edi'), '*more');
      const time = new Date(now.getTime() - 15_000);
      utimesSync(join(folder, 'growing.edi'), time, time); // same mtime: only the size tells
    };
    expect(await names(channel({ settleSeconds: 10 }), root, { wait })).toEqual(['old.edi', 'steady.edi']);
    expect(waits).toEqual([500]);
    const noWait = async (): Promise<void> => {
      throw new Error('must not wait');
    };
    expect(await names(channel({ settleSeconds: 5 }), root, { wait: noWait })).toContain('growing.edi');
  });

  it('lists nothing while the lock file exists, and nothing for a missing folder', async () => {
    const { root, folder } = setup();
    file(folder, 'a.edi');
    file(folder, 'LOCK');
    expect(await names(channel({ lockFile: 'LOCK' }), root)).toEqual([]);
    expect(await names(channel(), root)).toEqual(['LOCK', 'a.edi']);
    expect(await names(channel({ path: 'nowhere' }), root)).toEqual([]);
  });

  it('skips names in the seen set', async () => {
    const { root, folder } = setup();
    file(folder, 'a.edi', 700);
    file(folder, 'b.edi', 600);
    expect(await names(channel(), root, { seen: new Set(['a.edi']) })).toEqual(['b.edi']);
  });

  it('refuses channel paths and lock files outside the data root', async () => {
    const { root } = setup();
    await expect(listReadyFiles(channel({ path: '../elsewhere' }), root, now)).rejects.toThrow(
      PathSafetyError,
    );
    await expect(listReadyFiles(channel({ lockFile: '../../LOCK' }), root, now)).rejects.toThrow(
      PathSafetyError,
    );
  });
});

describe('receiveFiles and finishReceive', () => {
  it('archives first; removes the source only in finishReceive when remove is set', async () => {
    const { root, folder } = setup();
    const store = new FsContentStore(root, { clock: () => now });
    file(folder, 'orders.edi', 600, 'UNB+UNOC:3');
    const c = channel({ remove: true });
    const [ready] = await listReadyFiles(c, root, now);
    if (!ready) throw new Error('not listed');
    const [received] = await receiveFiles([ready], store, 'run-7');
    const { ref, bytes } = received!;
    expect(bytes?.toString()).toBe('UNB+UNOC:3');
    expect(ref.path).toMatch(/^archive\/2024-03-05\/run-7\/[0-9A-Z]{26}-orders\.edi$/);
    expect((await store.read(ref)).toString()).toBe('UNB+UNOC:3');
    expect(existsSync(ready.path)).toBe(true); // still there until the caller has committed
    expect(await finishReceive(c, ready)).toBe('removed');
    expect(existsSync(ready.path)).toBe(false);
    expect(await finishReceive(c, ready)).toBe('gone');
  });

  it('archives the small files of a batch as slices of one file; big files and archive paths one by one', async () => {
    const { root, folder } = setup();
    const store = new FsContentStore(root, { clock: () => now });
    file(folder, 'a.edi', 600, 'first');
    file(folder, 'b.edi', 590, 'second one');
    file(folder, 'c.edi', 580, 'x'.repeat(1024 * 1024 + 1));
    const ready = await listReadyFiles(channel(), root, now);
    const [a, b, c] = await receiveFiles(ready, store, 'run-8');
    expect(a!.ref.path).toBe(b!.ref.path);
    expect([a!.ref.offset, b!.ref.offset]).toEqual([0, 5]);
    expect((await store.read(b!.ref)).toString()).toBe('second one');
    expect((await store.read(b!.ref, { offset: 7, length: 3 })).toString()).toBe('one');
    await expect(store.read(b!.ref, { offset: 8, length: 3 })).rejects.toThrow(/beyond the end/);
    const streamed: Buffer[] = [];
    for await (const chunk of store.stream(a!.ref)) streamed.push(chunk);
    expect(Buffer.concat(streamed).toString()).toBe('first');
    expect(b!.ref.sha256).toBe(createHash('sha256').update('second one').digest('hex'));
    expect(c!.ref.offset).toBeUndefined();
    expect(c!.ref.path).toMatch(/-c\.edi$/);
    await expect(store.remove(a!.ref)).rejects.toThrow(/slice/);

    const kept = await receiveFiles(ready.slice(0, 2), store, 'run-9', 'archive/x12');
    expect(kept.map((r) => r.ref.path.split('/')[0])).toEqual(['archive', 'archive']);
    expect(kept.map((r) => r.ref.offset)).toEqual([undefined, undefined]);
    expect(kept.map((r) => r.ref.path)).toEqual([
      expect.stringMatching(/^archive\/x12\/.*-a\.edi$/),
      expect.stringMatching(/^archive\/x12\/.*-b\.edi$/),
    ]);
  });

  it('keeps the source and remembers it when remove is false', async () => {
    const { root, folder } = setup();
    const store = new FsContentStore(root, { clock: () => now });
    file(folder, 'a.edi', 600, 'abc');
    const c = channel();
    const seen = new Set<string>();
    const [ready] = await listReadyFiles(c, root, now, { seen });
    if (!ready) throw new Error('not listed');
    await receiveFiles([ready], store, 'r');
    expect(await finishReceive(c, ready, seen)).toBe('kept');
    expect(readFileSync(ready.path, 'utf8')).toBe('abc');
    expect(await names(c, root, { seen })).toEqual([]);
  });

  it('neither removes nor remembers a file replaced during processing', async () => {
    const { root, folder } = setup();
    file(folder, 'a.edi', 600, 'abc');
    const c = channel({ remove: true });
    const [ready] = await listReadyFiles(c, root, now);
    if (!ready) throw new Error('not listed');
    file(folder, 'a.edi', 5, 'new content');
    expect(await finishReceive(c, ready)).toBe('changed');
    expect(readFileSync(ready.path, 'utf8')).toBe('new content');
  });
});
