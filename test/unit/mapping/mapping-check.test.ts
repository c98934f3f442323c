// `bots mapping check`: compile and type-check mapping scripts, in process and through the built CLI (child
// processes with BOTS_HOME set to a temp workspace). Time budget: about 5 seconds (TypeScript programs, two
// process starts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMappings, listMappingScripts } from '../../../engine/runtime/mapping-check.js';
import { MappingLoader } from '../../../engine/runtime/mapping-loader.js';
import { bots } from '../../helpers/cli.js';
import { workspace } from './workspace.js';

describe('checkMappings', () => {
  it('passes good scripts, with types checked against the mapping API', async () => {
    const ws = workspace();
    const result = await checkMappings(MappingLoader.forWorkspace(ws.home), [
      'x12/850-to-xml',
      'x12/throws',
      'plain.mjs',
    ]);
    expect(result).toEqual({
      scripts: ['mappings/x12/850-to-xml.ts', 'mappings/x12/throws.ts', 'mappings/plain.mjs'],
      problems: [],
      typeChecked: true,
    });
  });

  it('lists every script, reports syntax, import and type problems with file:line:col', async () => {
    const ws = workspace();
    expect(listMappingScripts(ws.mappings)).toContain('bad/type-error.ts');
    const result = await checkMappings(MappingLoader.forWorkspace(ws.home));
    const typeLine = ws.lineOf('bad/type-error.ts', 'TYPE ERROR HERE');
    const files = result.problems.map((p) => `${p.file}:${p.line}`);
    expect(files).toContain(`mappings/bad/type-error.ts:${typeLine}`);
    expect(files).toContain('mappings/bad/syntax-error.ts:3');
    expect(files).toContain('mappings/bad/import-builtin.ts:1');
    // The syntax error is reported once (esbuild), not again by TypeScript.
    expect(files.filter((f) => f === 'mappings/bad/syntax-error.ts:3')).toHaveLength(1);
    expect(files.some((f) => f.startsWith('mappings/x12/'))).toBe(false);
  });

  it('says when typescript is missing and checks the syntax only', async () => {
    const ws = workspace();
    const result = await checkMappings(MappingLoader.forWorkspace(ws.home), ['bad/type-error'], {
      loadTypeScript: () => Promise.resolve(undefined),
    });
    expect(result).toEqual({ scripts: ['mappings/bad/type-error.ts'], problems: [], typeChecked: false });
  });
});

describe('bots mapping check', () => {
  it('reports a type error with its line and exits 1', () => {
    const ws = workspace();
    const line = ws.lineOf('bad/type-error.ts', 'TYPE ERROR HERE');
    const result = bots(['mapping', 'check', 'bad/type-error', 'x12/850-to-xml'], {
      env: { BOTS_HOME: ws.home },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^mappings/bad/type-error\\.ts:${line}:\\d+: .*'number'`, 'm'));
    expect(result.stdout).toMatch(/^2 script\(s\) checked \(syntax and types\), 2 problem\(s\)$/m);
    expect(result.code).toBe(1);
  });

  it('exits 0 when every script is fine, and says so for an empty folder', () => {
    const ws = workspace();
    for (const dir of ['bad', 'lib']) rmSync(join(ws.mappings, dir), { recursive: true });
    // throws.ts imports lib/, so it goes too: what is left is 850-to-xml (rewritten) and plain.mjs.
    rmSync(join(ws.mappings, 'x12', 'throws.ts'));
    ws.write('x12/850-to-xml.ts', "export default function map(): string {\n  return 'ok';\n}\n");
    const ok = bots(['mapping', 'check', '--home', ws.home]);
    expect(ok.stdout).toBe('2 script(s) checked (syntax and types), 0 problem(s)\n');
    expect(ok.code).toBe(0);

    rmSync(ws.mappings, { recursive: true });
    const empty = bots(['mapping', 'check', '--home', ws.home]);
    expect(empty.stdout).toContain('no mapping scripts in');
    expect(empty.code).toBe(0);
  });
});
