// sendFiles: file out-channels against real temp folders. Temp-then-rename leaves no temp files, {overwrite}
// replaces, an existing file is otherwise appended to (Bots' rule), in-place writing without tempThenRename,
// the channel lock file during the batch only, per-file errors that do not stop the others, path confinement
// and sub-folders created on demand.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../engine/core/config-model.js';
import { sendFiles, type OutgoingFile } from '../../../engine/runtime/file-sender.js';
import { PathSafetyError } from '../../../engine/runtime/safe-path.js';
import { outChannel, tempFolder } from './engine-helpers.js';

const base = tempFolder('bots-file-sender-');
let n = 0;

/** A fresh data root. */
function root(): string {
  n += 1;
  const dir = join(base, `data${n}`);
  mkdirSync(dir);
  return dir;
}

function out(channel: ChannelConfig, name: string, content: string, overwrite = false): OutgoingFile {
  return { channel, name, overwrite, content: Buffer.from(content, 'utf8') };
}

/** Every entry below `dir`, '/'-separated, sorted. */
function tree(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? tree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort();
}

describe('sendFiles', () => {
  it('writes through a temporary name and leaves no temp files', async () => {
    const data = root();
    const channel = outChannel('out', { path: 'out/x12', tempThenRename: true });
    const results = await sendFiles([out(channel, 'a.edi', 'AAA'), out(channel, 'b.edi', 'BBB')], data);
    expect(results.map((r) => [r.path, r.error])).toEqual([
      [join(data, 'out', 'x12', 'a.edi'), undefined],
      [join(data, 'out', 'x12', 'b.edi'), undefined],
    ]);
    expect(tree(data)).toEqual(['out/x12/a.edi', 'out/x12/b.edi']);
    expect(readFileSync(join(data, 'out', 'x12', 'a.edi'), 'utf8')).toBe('AAA');
    expect(readFileSync(join(data, 'out', 'x12', 'b.edi'), 'utf8')).toBe('BBB');
  });

  it('replaces an existing file when the template had {overwrite}', async () => {
    const data = root();
    const channel = outChannel('out');
    mkdirSync(join(data, 'out'));
    writeFileSync(join(data, 'out', 'orders.edi'), 'OLD CONTENT');
    const [result] = await sendFiles([out(channel, 'orders.edi', 'NEW', true)], data);
    expect(result!.error).toBeUndefined();
    expect(readFileSync(join(data, 'out', 'orders.edi'), 'utf8')).toBe('NEW');
    expect(tree(data)).toEqual(['out/orders.edi']);
  });

  it('appends to an existing file otherwise, with and without tempThenRename', async () => {
    const data = root();
    mkdirSync(join(data, 'renamed'));
    mkdirSync(join(data, 'inplace'));
    writeFileSync(join(data, 'renamed', 'orders.edi'), 'FIRST\n');
    writeFileSync(join(data, 'inplace', 'orders.edi'), 'FIRST\n');
    const results = await sendFiles(
      [
        out(outChannel('renamed', { tempThenRename: true }), 'orders.edi', 'SECOND\n'),
        out(outChannel('inplace', { tempThenRename: false }), 'orders.edi', 'SECOND\n'),
      ],
      data,
    );
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(readFileSync(join(data, 'renamed', 'orders.edi'), 'utf8')).toBe('FIRST\nSECOND\n');
    expect(readFileSync(join(data, 'inplace', 'orders.edi'), 'utf8')).toBe('FIRST\nSECOND\n');
    expect(tree(data)).toEqual(['inplace/orders.edi', 'renamed/orders.edi']);
  });

  it('writes in place without tempThenRename (same file), through a new file with it', async () => {
    const data = root();
    mkdirSync(join(data, 'inplace'));
    mkdirSync(join(data, 'renamed'));
    const inplace = join(data, 'inplace', 'f.edi');
    const renamed = join(data, 'renamed', 'f.edi');
    writeFileSync(inplace, 'OLD');
    writeFileSync(renamed, 'OLD');
    const inodes = [statSync(inplace).ino, statSync(renamed).ino];
    await sendFiles(
      [
        out(outChannel('inplace', { tempThenRename: false }), 'f.edi', 'NEW', true),
        out(outChannel('renamed', { tempThenRename: true }), 'f.edi', 'NEW', true),
      ],
      data,
    );
    expect(readFileSync(inplace, 'utf8')).toBe('NEW');
    expect(readFileSync(renamed, 'utf8')).toBe('NEW');
    // Written in place: the same file; renamed over: another one.
    expect(statSync(inplace).ino).toBe(inodes[0]);
    expect(statSync(renamed).ino).not.toBe(inodes[1]);
  });

  it('creates sub-folders of the name on demand', async () => {
    const data = root();
    const channel = outChannel('out', { path: 'deep/out' });
    const results = await sendFiles(
      [out(channel, 'acme/2024/03/po.edi', 'X'), out(channel, 'shop/po.edi', 'Y')],
      data,
    );
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(tree(data)).toEqual(['deep/out/acme/2024/03/po.edi', 'deep/out/shop/po.edi']);
  });

  it('holds the channel lock file while the batch is written and removes it after', async () => {
    const data = root();
    const channel = outChannel('out', { lockFile: 'writing.lock' });
    const other = outChannel('other');
    const lock = join(data, 'out', 'writing.lock');
    const files = Array.from({ length: 200 }, (_, i) => out(channel, `f${i}.edi`, `content ${i}`));
    let done = false;
    let seen = false;
    const sending = sendFiles([...files, out(other, 'o.edi', 'O')], data).finally(() => {
      done = true;
    });
    while (!done) {
      if (existsSync(lock)) seen = true;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await sending;
    expect(seen).toBe(true);
    expect(existsSync(lock)).toBe(false);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(tree(join(data, 'out'))).toHaveLength(200);
    expect(tree(join(data, 'other'))).toEqual(['o.edi']);
  });

  it('removes the lock file when a file of the batch fails too', async () => {
    const data = root();
    const channel = outChannel('out', { lockFile: '.lock' });
    const results = await sendFiles([out(channel, '../escape.edi', 'X'), out(channel, 'ok.edi', 'Y')], data);
    expect(results[0]!.error).toBeInstanceOf(PathSafetyError);
    expect(tree(data)).toEqual(['out/ok.edi']);
  });

  it('reports a failing file with its error and writes the others', async () => {
    const data = root();
    const channel = outChannel('out');
    mkdirSync(join(data, 'out', 'taken.edi'), { recursive: true });
    const results = await sendFiles(
      [out(channel, 'before.edi', 'B'), out(channel, 'taken.edi', 'X'), out(channel, 'after.edi', 'A')],
      data,
    );
    expect(results.map((r) => r.file.name)).toEqual(['before.edi', 'taken.edi', 'after.edi']);
    expect(results[0]!.error).toBeUndefined();
    expect(results[2]!.error).toBeUndefined();
    const failed = results[1]!;
    expect(failed.error).toBeInstanceOf(Error);
    expect((failed.error as NodeJS.ErrnoException).code).toBe('EISDIR');
    expect(failed.path).toBe(join(data, 'out', 'taken.edi'));
    expect(readFileSync(join(data, 'out', 'before.edi'), 'utf8')).toBe('B');
    expect(readFileSync(join(data, 'out', 'after.edi'), 'utf8')).toBe('A');
  });

  it('keeps a name with .. inside the channel folder: a PathSafetyError for that file only', async () => {
    const data = root();
    const channel = outChannel('out', { path: 'out/x12' });
    const results = await sendFiles(
      [
        out(channel, '../../escaped.edi', 'X'),
        out(channel, 'sub/../../sibling.edi', 'X'),
        out(channel, 'sub/../fine.edi', 'F'),
      ],
      data,
    );
    expect(results[0]!.error).toBeInstanceOf(PathSafetyError);
    expect(results[0]!.error!.message).toContain('outside the folder');
    expect(results[0]!.path).toBe('');
    expect(results[1]!.error).toBeInstanceOf(PathSafetyError);
    expect(results[2]!.error).toBeUndefined();
    expect(tree(data)).toEqual(['out/x12/fine.edi']);
    expect(existsSync(join(base, 'escaped.edi'))).toBe(false);
  });

  it('writes nothing and holds no lock for an empty batch', async () => {
    const data = root();
    expect(await sendFiles([], data)).toEqual([]);
    expect(tree(data)).toEqual([]);
  });

  // BUG (file-sender.ts writeOne): two files of one batch with the same name and no {overwrite} (a template
  // without {unique}) are written at the same time; both see no existing file and the second rename (or the
  // second truncating open) replaces the first, so one file's content is lost. Bots' rule, as the module states
  // it, is that a file meeting an existing one is appended to. Expected 'ONE\nTWO\n' (in some order); actual:
  // only one of them.
  it('appends a second file of the same batch with the same name instead of losing one', async () => {
    const data = root();
    for (const tempThenRename of [true, false]) {
      const channel = outChannel(`same-${tempThenRename}`, { tempThenRename });
      const results = await sendFiles(
        [out(channel, 'orders.edi', 'ONE\n'), out(channel, 'orders.edi', 'TWO\n')],
        data,
      );
      expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
      const text = readFileSync(join(data, channel.path, 'orders.edi'), 'utf8');
      expect(text.split('\n').filter(Boolean).sort()).toEqual(['ONE', 'TWO']);
    }
  });

  // BUG (file-sender.ts writeOne): with {overwrite} and tempThenRename, a rename that fails (the target is a
  // directory) leaves the temp file `.<name>.<hex>.tmp` behind; a failed write removes it, a failed rename does
  // not. Expected: only the directory remains; actual: a dot-file .taken.edi.XXXXXXXX.tmp stays in the folder.
  it('leaves no temp file behind when the rename fails', async () => {
    const data = root();
    const channel = outChannel('out', { tempThenRename: true });
    mkdirSync(join(data, 'out', 'taken.edi'), { recursive: true });
    const [result] = await sendFiles([out(channel, 'taken.edi', 'X', true)], data);
    expect(result!.error).toBeInstanceOf(Error);
    expect(readdirSync(join(data, 'out'))).toEqual(['taken.edi']);
  });
});
