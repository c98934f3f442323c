// The committed migrations match the schemas: drizzle-kit generate runs (offline, no database) against a copy of
// each dialect's migrations folder and must find nothing to add. A schema change without `npm run db:generate`
// fails here. Time budget: about 4 seconds (two drizzle-kit runs).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'bots-migrations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = readFileSync(path, 'utf8');
  }
  return out;
}

describe.each(['sqlite', 'mysql'] as const)('migrations/%s', (dialect) => {
  it('is what drizzle-kit generates from the schema', () => {
    const committed = join(root, 'migrations', dialect);
    const out = join(work, dialect);
    cpSync(committed, out, { recursive: true });
    const config = join(work, `drizzle.${dialect}.config.mjs`);
    writeFileSync(
      config,
      `export default ${JSON.stringify({
        dialect,
        schema: join(root, 'engine', 'store', 'schema', `${dialect}.ts`),
        // Relative to the working directory: drizzle-kit 0.31 mangles an absolute `out` into `.//tmp/...`.
        out: `./${dialect}`,
        breakpoints: true,
        strict: true,
      })};\n`,
    );
    const result = spawnSync(
      join(root, 'node_modules', '.bin', 'drizzle-kit'),
      ['generate', '--config', config],
      {
        cwd: work,
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    // drizzle-kit may report an error and still exit 0: insist on its "nothing to do" line as well.
    expect(output, 'the schema changed: run `npm run db:generate` and commit migrations/').toMatch(
      /No schema changes, nothing to migrate/,
    );
    const added = Object.keys(files(out)).filter((name) => !(name in files(committed)));
    expect(added, 'the schema changed: run `npm run db:generate` and commit migrations/').toEqual([]);
    expect(files(out)).toEqual(files(committed));
  });
});
