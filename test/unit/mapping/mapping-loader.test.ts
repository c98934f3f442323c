// MappingLoader and runMapping on fixture scripts (test/fixtures/mappings) in a temp workspace per test:
// load and run, the content-hash cache, syntax and import errors with file:line:col, runtime throws mapped to
// the TS line, missing scripts and bad default exports. Time budget: about 3 seconds (esbuild compiles,
// one child process on the built dist/).
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toOutRecordTree } from '../../../engine/core/mapping-serialize.js';
import { MappingError, MappingLoader } from '../../../engine/runtime/mapping-loader.js';
import { runMapping } from '../../../engine/runtime/run-mapping.js';
import { ROOT } from '../../helpers/cli.js';
import { context, input, output, workspace } from './workspace.js';

async function loadError(loader: MappingLoader, name: string): Promise<MappingError> {
  const error: unknown = await loader.load(name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MappingError);
  return error as MappingError;
}

describe('MappingLoader', () => {
  it('loads a TypeScript script that imports a helper and runs it', async () => {
    const ws = workspace();
    const loader = MappingLoader.forWorkspace(ws.home);
    const script = await loader.load('x12/850-to-xml');
    expect(script.file).toBe('mappings/x12/850-to-xml.ts');
    const out = output();
    const result = await runMapping(script, input(['BEG*00*SA*po-1']), out, context('ACME'));
    expect(result).toEqual({ ok: true, value: { po: 'PO-1', partner: 'ACME' } });
    expect(toOutRecordTree(out)).toEqual([{ tag: 'order', fields: [['number', 'po-1']], children: [] }]);
    expect(existsSync(join(ws.cache, `${script.hash}.mjs`))).toBe(true);
  });

  it('loads a JavaScript script, and accepts a name with its extension', async () => {
    const loader = MappingLoader.forWorkspace(workspace().home);
    const script = await loader.load('plain.mjs');
    expect(await runMapping(script, input(['BEG*00*SA*x']), output(), context())).toEqual({
      ok: true,
      value: 'x',
    });
  });

  it('compiles once per content: memory and disk cache, recompiles on a change of the script or a helper', async () => {
    const ws = workspace();
    const first = MappingLoader.forWorkspace(ws.home);
    const a = await first.load('x12/850-to-xml');
    const again = await first.load('x12/850-to-xml');
    expect(again).toBe(a);
    expect(first.compileCount).toBe(1);
    const cacheFile = join(ws.cache, `${a.hash}.mjs`);
    const mtime = statSync(cacheFile).mtimeMs;

    // A new loader (a new process) finds the compiled file on disk.
    const second = MappingLoader.forWorkspace(ws.home);
    expect((await second.load('x12/850-to-xml')).hash).toBe(a.hash);
    expect(second.compileCount).toBe(0);
    expect(statSync(cacheFile).mtimeMs).toBe(mtime);

    // A changed helper changes the hash of the script that imports it.
    ws.write(
      'lib/text.ts',
      "export const shout = (t: string): string => `${t}!`;\nexport const fail = (): never => { throw new Error('x'); };\n",
    );
    const changed = await second.load('x12/850-to-xml');
    expect(second.compileCount).toBe(1);
    expect(changed.hash).not.toBe(a.hash);
    expect(await runMapping(changed, input(['BEG*00*SA*po']), output(), context())).toMatchObject({
      ok: true,
      value: { po: 'po!' },
    });

    // A changed script recompiles too; no temp files are left behind.
    ws.write('x12/850-to-xml.ts', 'export default () => 42;\n');
    const rewritten = await second.load('x12/850-to-xml');
    expect(second.compileCount).toBe(2);
    expect(await runMapping(rewritten, input([]), output(), context())).toEqual({ ok: true, value: 42 });
    expect(readdirSync(ws.cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails at load on a syntax error with file:line:col', async () => {
    const ws = workspace();
    const error = await loadError(MappingLoader.forWorkspace(ws.home), 'bad/syntax-error');
    expect(error.message).toMatch(/^mappings\/bad\/syntax-error\.ts:3:13: /);
    expect(error.problems[0]).toMatchObject({ file: 'mappings/bad/syntax-error.ts', line: 3, column: 13 });
  });

  it('reports a runtime throw at the TypeScript line, in the script or in a helper', async () => {
    const ws = workspace();
    const script = await MappingLoader.forWorkspace(ws.home).load('x12/throws');
    const line = ws.lineOf('x12/throws.ts', '// THROWS HERE');
    expect(line).toBe(18);

    const direct = await runMapping(script, input(['MSG*sync']), output(), context());
    expect(direct).toMatchObject({
      ok: false,
      failure: { script: 'x12/throws', location: `mappings/x12/throws.ts:${line}`, message: 'no sync today' },
    });
    // After an await the throw is asynchronous; the location is the same line.
    const async = await runMapping(script, input(['MSG*async']), output(), context());
    expect(async).toMatchObject({ ok: false, failure: { location: `mappings/x12/throws.ts:${line}` } });

    const helperLine = ws.lineOf('lib/text.ts', 'HELPER THROWS HERE');
    const helper = await runMapping(script, input(['MSG*helper']), output(), context());
    expect(helper).toMatchObject({
      ok: false,
      failure: { location: `mappings/lib/text.ts:${helperLine}`, message: 'helper failed: on purpose' },
    });

    // A thrown non-Error has no stack: the location is the script file.
    const value = await runMapping(script, input(['MSG*value']), output(), context());
    expect(value).toMatchObject({
      ok: false,
      failure: { location: 'mappings/x12/throws.ts', message: 'a plain string' },
    });
  });

  it('maps the compiled JS line to the TS line in plain Node (child process on dist/, no Vitest)', () => {
    // Vitest runs the compiled module through its own transform and formats stacks through source maps itself,
    // so the loader's own source-map decoding is proven here, where Node's stacks name the .mjs line.
    const ws = workspace();
    const line = ws.lineOf('x12/throws.ts', '// THROWS HERE');
    const program = `
      const { MappingLoader } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'runtime', 'mapping-loader.js')).href)});
      const { runMapping } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'runtime', 'run-mapping.js')).href)});
      const script = await MappingLoader.forWorkspace(${JSON.stringify(ws.home)}).load('x12/throws');
      const inn = { get: () => 'sync' };
      const result = await runMapping(script, inn, {}, {});
      console.log(JSON.stringify({ location: result.failure.location, stack: result.failure.error.stack }));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const { location, stack } = JSON.parse(child.stdout) as { location: string; stack: string };
    expect(location).toBe(`mappings/x12/throws.ts:${line}`);
    const js = /\.mjs:(\d+):\d+\)/.exec(stack);
    expect(js).not.toBeNull();
    expect(Number(js?.[1])).not.toBe(line); // the stack names the JS line: the location really was mapped
  });

  it('maps the line also when the process has source maps enabled', async () => {
    const ws = workspace();
    const script = await MappingLoader.forWorkspace(ws.home).load('x12/throws');
    const before = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(true);
    try {
      const result = await runMapping(script, input(['MSG*sync']), output(), context());
      expect(result).toMatchObject({
        ok: false,
        failure: { location: `mappings/x12/throws.ts:${ws.lineOf('x12/throws.ts', '// THROWS HERE')}` },
      });
    } finally {
      process.setSourceMapsEnabled(before);
    }
  });

  it('refuses imports outside usersys/mappings and of node builtins, at load with file:line:col', async () => {
    const ws = workspace();
    writeFileSync(join(ws.usersys, 'outside.ts'), "export const secret = 'leaked';\n");
    const loader = MappingLoader.forWorkspace(ws.home);
    const outside = await loadError(loader, 'bad/import-outside');
    expect(outside.message).toBe(
      'mappings/bad/import-outside.ts:1:24: import "../../outside.ts" leaves usersys/mappings',
    );
    const builtin = await loadError(loader, 'bad/import-builtin');
    expect(builtin.message).toMatch(
      /^mappings\/bad\/import-builtin\.ts:1:30: import "node:fs" is not allowed/,
    );
  });

  it('says where it looked for a missing script and refuses unsafe names', async () => {
    const ws = workspace();
    const loader = MappingLoader.forWorkspace(ws.home);
    const missing = await loadError(loader, 'x12/nope');
    expect(missing.message).toContain('usersys/mappings/x12/nope.ts, usersys/mappings/x12/nope.mts');
    expect(missing.message).toContain(ws.usersys);
    for (const name of ['../outside', 'x12/../../outside', '/etc/passwd', 'x12\\850', '', 'x12//a', 'C:/x'])
      expect((await loadError(loader, name)).message).toContain('bad script name');
  });

  it('requires a function as default export, naming the file', async () => {
    const error = await loadError(MappingLoader.forWorkspace(workspace().home), 'bad/not-a-function');
    expect(error.message).toBe(
      'mappings/bad/not-a-function.ts: the default export must be a function: export default function map(inn, out, ctx)',
    );
  });

  it('reports a throw while the script loads with its line', async () => {
    const ws = workspace();
    const error = await loadError(MappingLoader.forWorkspace(ws.home), 'bad/throws-on-load');
    expect(error.problems[0]).toMatchObject({
      file: 'mappings/bad/throws-on-load.ts',
      line: ws.lineOf('bad/throws-on-load.ts', 'LOAD THROWS HERE'),
    });
    expect(error.message).toContain('broken at load');
  });

  it('lets one failing message not stop the others', async () => {
    const ws = workspace();
    const loader = MappingLoader.forWorkspace(ws.home);
    const [good, bad] = await Promise.all([loader.load('x12/850-to-xml'), loader.load('x12/throws')]);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((po, i) =>
        runMapping(i === 1 ? bad : good, input([`BEG*00*SA*${po}`, 'MSG*sync']), output(), context()),
      ),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
  });
});
