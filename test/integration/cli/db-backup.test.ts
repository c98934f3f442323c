// `bots db backup FILE` on a real SQLite workspace while another connection keeps writing: the copy is a sound
// database with everything committed before it started; an existing target or a MySQL workspace is refused with
// exit 2 and nothing written. Time budget: about 5 seconds.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../engine/store/store.js';
import { newId } from '../../../engine/store/schema/shared.js';
import { bots, CLI } from '../../helpers/cli.js';

describe('bots db backup', () => {
  it('copies the SQLite database online, consistently', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bots-backup-'));
    const home = join(root, 'ws');
    const env = { BOTS_HOME: home };
    expect(bots(['init'], { env }).code).toBe(0);
    const store = await openStore({ kind: 'sqlite', file: join(home, 'botssys', 'db', 'bots.sqlite') });
    const at = new Date();
    const audit = (i: number) =>
      store.audit.append({
        at,
        actor: 'test',
        action: `write-${i}`,
        entity: 'probe',
        entityId: newId(),
        before: null,
        after: null,
        address: null,
      });
    for (let i = 0; i < 2000; i++) await audit(i);

    const target = join(root, 'copy.sqlite');
    const backup = spawn(process.execPath, [CLI, 'db', 'backup', target], {
      env: { ...process.env, ...env },
    });
    let output = '';
    backup.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    backup.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => backup.on('close', resolve));
    let written = 2000;
    // SQLite calls finish synchronously: yield each round so the child's exit can be seen.
    while (backup.exitCode === null) {
      await audit(written++);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain(`to ${target}`);
    await store.close();

    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = (
      copy.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'probe'").get() as { n: number }
    ).n;
    copy.close();
    expect(rows).toBeGreaterThanOrEqual(2000);
    expect(rows).toBeLessThanOrEqual(written);

    const again = bots(['db', 'backup', target], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
    const mysql = bots(['db', 'backup', join(root, 'other.sqlite')], {
      env: { ...env, DB_HOST: '127.0.0.1', DB_NAME: 'none' },
    });
    expect(mysql.code).toBe(2);
    expect(mysql.stderr).toContain('mysqldump');
    expect(existsSync(join(root, 'other.sqlite'))).toBe(false);
  }, 30_000);
});
