// `bots engine` as real processes on SQLite and on MariaDB (DB_HOST): two engines on disjoint routes run at the same
// time and both exit 0; an engine asked for a route another run holds exits 3 and touches nothing; the exit codes of
// DESIGN.md for engine (0 ok, 1 usage, 2 file errors, 3 held). The MariaDB part creates and drops its own database
// and fails under CI=true when MariaDB cannot be reached. Time budget: about 20 seconds.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../engine/runtime/sample-config.js';
import { openStore, type Store } from '../../../engine/store/store.js';
import { bots, CLI, type CliResult } from '../../helpers/cli.js';
import { readFileSync } from 'node:fs';

const MYSQL_URL = process.env.BOTS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const sample = (name: string): string => readFileSync(join(SAMPLE_FILES, name), 'latin1');

/** The CLI as a child process, without blocking the test (two run at the same time). */
function botsAsync(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function scenario(
  name: string,
  env: () => Record<string, string>,
  open: (home: string) => Promise<Store>,
  enabled: () => boolean,
) {
  describe(`bots engine processes on ${name}`, () => {
    const home = mkdtempSync(join(tmpdir(), 'bots-engine-proc-'));
    const data = join(home, 'botssys', 'data');
    const vars = (): Record<string, string> => ({ ...env(), BOTS_HOME: home });
    const drop = (folder: string, count: number, make: (i: number) => [string, string]): void => {
      for (let i = 1; i <= count; i++) {
        const [file, content] = make(i);
        writeFileSync(join(data, folder, file), content);
      }
    };
    const order = sample('po-850.x12');
    const invoice = sample('invoice-1001.json');

    it('runs two engines on disjoint routes side by side; both exit 0', async (ctx) => {
      if (!enabled()) return ctx.skip();
      expect(bots(['init'], { env: vars() }).code).toBe(0);
      drop('x12-in', 60, (i) => [`po-${i}.x12`, order.replace('000000001', String(i).padStart(9, '0'))]);
      drop('erp-in', 40, (i) => [`invoice-${i}.json`, invoice.replace('INV-1001', `INV-${i}`)]);
      const [orders, invoices] = await Promise.all([
        botsAsync(['engine', 'x12-orders'], vars()),
        botsAsync(['engine', 'erp-invoices'], vars()),
      ]);
      expect(orders.code, orders.stderr).toBe(0);
      expect(invoices.code, invoices.stderr).toBe(0);
      expect(orders.stdout).toContain('60 files received, 60 messages, 60 translated, 0 in error');
      expect(invoices.stdout).toContain('40 files received, 40 messages, 40 translated, 0 in error');
      expect(readdirSync(join(data, 'xml-out'))).toHaveLength(60);
      // The 40 invoices went out in one batch: one interchange.
      expect(readdirSync(join(data, 'x12-out')).filter((f) => f.includes('810'))).toHaveLength(1);
    });

    it('exits 3 for a route another run holds, and 0 for the others at the same time', async (ctx) => {
      if (!enabled()) return ctx.skip();
      drop('x12-in', 5, (i) => [
        `held-${i}.x12`,
        order.replace('000000001', String(900 + i).padStart(9, '0')),
      ]);
      drop('erp-in', 1, () => ['shipment-free.json', sample('shipment-5001.json')]);
      const store = await open(home);
      try {
        const run = await store.runs.start('new', ['x12-orders'], new Date());
        expect(
          await store.leases.acquire(['x12-orders'], run.id, `${hostname()}:${process.pid}`, 60_000),
        ).toBe(true);
        const [held, free] = await Promise.all([
          botsAsync(['engine', 'x12-orders', 'erp-invoices'], vars()),
          botsAsync(['engine', 'erp-shipments'], vars()),
        ]).finally(async () => {
          await store.leases.release(run.id);
          await store.runs.finish(run.id, 'done', {});
        });
        expect(held.code, held.stderr).toBe(3);
        expect(held.stderr).toMatch(/^bots: Another run holds route x12-orders \(/);
        expect(free.code, free.stderr).toBe(0);
        expect(free.stdout).toContain('1 file received, 1 message, 1 translated');
        expect(readdirSync(join(data, 'x12-in')).filter((f) => f.startsWith('held-'))).toHaveLength(5);
        const after = bots(['engine', 'x12-orders'], { env: vars() });
        expect(after.code, after.stderr).toBe(0);
        expect(after.stdout).toContain('5 files received');
      } finally {
        await store.close();
      }
    });

    it('follows the exit codes: 2 with file errors, 1 for a usage error or an unknown route', (ctx) => {
      if (!enabled()) return ctx.skip();
      writeFileSync(join(data, 'x12-in', 'garbage.x12'), 'this is not EDI');
      const errors = bots(['engine', 'x12-orders'], { env: vars() });
      expect(errors.code).toBe(2);
      expect(errors.stdout).toContain('1 file received, 0 messages, 0 translated, 1 in error');
      const usage = bots(['engine', '--new', '--resend'], { env: vars() });
      expect(usage.code).toBe(1);
      expect(usage.stderr).toContain('give one mode, not --new and --resend');
      expect(bots(['engine', '--no-such-flag'], { env: vars() }).code).toBe(1);
      const unknown = bots(['engine', 'no-such-route'], { env: vars() });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('There is no route "no-such-route"');
      expect(bots(['engine', '--cleanup'], { env: vars() }).code).toBe(0);
    });
  });
}

scenario(
  'SQLite',
  () => ({}),
  (home) => openStore({ kind: 'sqlite', file: join(home, 'botssys', 'db', 'bots.sqlite') }),
  () => true,
);

const database = `bots_engine_${process.pid}_${Date.now() % 100000}`;
let reachable = false;
beforeAll(async () => {
  try {
    const connection = await createConnection(MYSQL_URL);
    await connection.query(`CREATE DATABASE \`${database}\``);
    await connection.end();
    reachable = true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`MariaDB is required under CI: ${String(error)}`);
  }
});
afterAll(async () => {
  if (!reachable) return;
  const connection = await createConnection(MYSQL_URL);
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.end();
});

const server = new URL(MYSQL_URL);
scenario(
  'MariaDB',
  () => ({
    DB_HOST: server.hostname,
    DB_PORT: server.port || '3306',
    DB_NAME: database,
    DB_USER: decodeURIComponent(server.username),
    DB_PASSWORD: decodeURIComponent(server.password),
  }),
  () => {
    const url = new URL(MYSQL_URL);
    url.pathname = `/${database}`;
    return openStore({ kind: 'mysql', url: url.toString() });
  },
  () => reachable,
);
