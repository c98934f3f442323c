// FsContentStore: put/read/range/stream/remove round trip with SHA-256, atomic writes (a failed put leaves no
// file and no temporary file), and path confinement (sanitised names, refs leading outside the root refused).
// Real temp folders. Time budget: well under 1 second.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsContentStore, ulid } from '../../../engine/runtime/content-store.fs.js';
import { PathSafetyError } from '../../../engine/runtime/safe-path.js';

const base = mkdtempSync(join(tmpdir(), 'bots-content-store-'));
const clock = (): Date => new Date('2024-03-05T10:11:12Z');
let n = 0;
function newRoot(): string {
  n += 1;
  return join(base, `root${n}`);
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file below `folder`, relative, `/`-separated. */
function allFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(folder.length + 1)
        .split('\\')
        .join('/'),
    );
}

describe('FsContentStore round trip', () => {
  it('puts bytes under <kind>/<day>/<run>/<ulid>-<name> with size and sha256', async () => {
    const root = newRoot();
    const store = new FsContentStore(root, { clock });
    const content = Buffer.from("UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER'");
    const ref = await store.put(content, { kind: 'archive', runId: 'run-1', name: 'orders.edi' });
    expect(ref.path).toMatch(/^archive\/2024-03-05\/run-1\/[0-9A-HJKMNP-TV-Z]{26}-orders\.edi$/);
    expect(ref.bytes).toBe(content.length);
    expect(ref.sha256).toBe(sha(content));
    expect(readFileSync(join(root, ...ref.path.split('/')))).toEqual(content);
    expect(allFiles(root)).toEqual([ref.path]);

    expect(await store.read(ref)).toEqual(content);
    expect((await store.read(ref, { offset: 3, length: 5 })).toString()).toBe(':+.? ');
    expect((await store.read(ref, { offset: content.length, length: 0 })).length).toBe(0);
    await expect(store.read(ref, { offset: 10, length: content.length })).rejects.toThrow(RangeError);
    await expect(store.read(ref, { offset: -1, length: 1 })).rejects.toThrow(RangeError);

    const whole: Buffer[] = [];
    for await (const chunk of store.stream(ref)) whole.push(chunk);
    expect(Buffer.concat(whole)).toEqual(content);
    const part: Buffer[] = [];
    for await (const chunk of store.stream(ref, { offset: 9, length: 3 })) part.push(chunk);
    expect(Buffer.concat(part).toString()).toBe('UNB');
    const none: Buffer[] = [];
    for await (const chunk of store.stream(ref, { offset: 0, length: 0 })) none.push(chunk);
    expect(none).toEqual([]);

    await store.remove(ref);
    expect(allFiles(root)).toEqual([]);
    await store.remove(ref); // idempotent
    await expect(store.read(ref)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('puts an async iterable (streamed, hashed while writing) and keeps names unique', async () => {
    const store = new FsContentStore(newRoot(), { clock });
    const parts = [Buffer.from('abc'), new Uint8Array(70_000).fill(65), Buffer.from('xyz')];
    async function* source(): AsyncIterable<Uint8Array> {
      for (const p of parts) yield p;
    }
    const ref = await store.put(source(), { kind: 'inflight', runId: 'r' });
    const expected = Buffer.concat(parts);
    expect(ref).toMatchObject({ bytes: expected.length, sha256: sha(expected) });
    expect(ref.path).toMatch(/^inflight\/2024-03-05\/r\/[0-9A-Z]{26}-data$/);
    expect(await store.read(ref)).toEqual(expected);
    const second = await store.put(Buffer.from('x'), { kind: 'inflight', runId: 'r' });
    expect(second.path).not.toBe(ref.path);
  });

  it('writes the ULID as 26 sortable Crockford characters', () => {
    expect(ulid(0).slice(0, 10)).toBe('0000000000');
    expect(ulid(1_700_000_000_000) < ulid(1_700_000_000_001)).toBe(true);
  });
});

describe('FsContentStore atomicity', () => {
  it('leaves no final and no temporary file when the source fails midway', async () => {
    const root = newRoot();
    const store = new FsContentStore(root, { clock });
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.from('first half');
      throw new Error('connection lost');
    }
    await expect(store.put(failing(), { kind: 'archive', runId: 'r', name: 'a.edi' })).rejects.toThrow(
      'connection lost',
    );
    expect(allFiles(root)).toEqual([]);
  });

  it('refuses an unknown kind', async () => {
    const store = new FsContentStore(newRoot(), { clock });
    await expect(store.put(Buffer.from('x'), { kind: 'elsewhere' as 'archive', runId: 'r' })).rejects.toThrow(
      'Unknown content kind',
    );
  });
});

describe('FsContentStore path confinement', () => {
  it('sanitises names and run ids with ../ to a single path part inside the root', async () => {
    const root = newRoot();
    const store = new FsContentStore(root, { clock });
    const ref = await store.put(Buffer.from('x'), {
      kind: 'outbound',
      runId: '../../etc',
      name: '../../passwd',
    });
    expect(ref.path).toMatch(/^outbound\/2024-03-05\/_.._etc\/[0-9A-Z]{26}-_.._passwd$/);
    expect(allFiles(root)).toEqual([ref.path]);
    const hidden = await store.put(Buffer.from('x'), { kind: 'outbound', runId: '..', name: '.profile' });
    expect(hidden.path).toMatch(/^outbound\/2024-03-05\/run\/[0-9A-Z]{26}-profile$/);
  });

  it('refuses refs that lead outside the root', async () => {
    const root = newRoot();
    const store = new FsContentStore(root, { clock });
    const ref = { bytes: 1, sha256: '' };
    await expect(store.read({ ...ref, path: '../outside' })).rejects.toThrow(PathSafetyError);
    await expect(store.read({ ...ref, path: '/etc/passwd' })).rejects.toThrow('Not a content path');
    await expect(store.remove({ ...ref, path: 'archive/../../x' })).rejects.toThrow(PathSafetyError);
  });

  it('refuses a symbolic link in the root that leads out, for put and read', async () => {
    const root = newRoot();
    const outside = join(base, `outside${n}`);
    mkdirSync(root, { recursive: true });
    mkdirSync(outside);
    symlinkSync(outside, join(root, 'archive'));
    const store = new FsContentStore(root, { clock });
    await expect(store.put(Buffer.from('x'), { kind: 'archive', runId: 'r' })).rejects.toThrow(
      PathSafetyError,
    );
    expect(allFiles(outside)).toEqual([]);
    await expect(store.read({ path: 'archive/x', bytes: 1, sha256: '' })).rejects.toThrow(PathSafetyError);
  });
});
