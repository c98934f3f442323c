// The dependency rules of DESIGN.md, proven by linting probe files with the project's ESLint config.
// Time budget: about 1 second.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(path: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('dependency direction (DESIGN.md)', () => {
  it('keeps I/O and outer layers out of engine/core', async () => {
    expect(
      await restrictedImports(
        'engine/core/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toBe(1);
    expect(
      await restrictedImports(
        'engine/core/probe.ts',
        "import { x } from '../cli/usage-error.js';\nexport const y = x;\n",
      ),
    ).toBe(1);
    expect(
      await restrictedImports(
        'engine/core/probe.ts',
        "import { Buffer } from 'node:buffer';\nexport const y = Buffer;\n",
      ),
    ).toBe(0);
  });

  it('keeps Electron under main/ only', async () => {
    expect(
      await restrictedImports(
        'engine/server/probe.ts',
        "import { app } from 'electron';\nexport const y = app;\n",
      ),
    ).toBe(1);
  });

  it('keeps store and runtime from depending on the server', async () => {
    expect(
      await restrictedImports(
        'engine/runtime/probe.ts',
        "import { x } from '../server/app.js';\nexport const y = x;\n",
      ),
    ).toBe(1);
  });
});
