// Unique counters across operating-system processes, as the engine's parallel runs use them: 4 processes × 500
// increments of one counter give 2,000 distinct values, 1 to 2,000, on SQLite (one file, WAL) and on MariaDB
// (its own database, created and dropped here; under CI=true an unreachable server fails the test).
// Needs the build (dist/). Time budget: about 15 seconds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../engine/store/store.js';
import { nodeScriptJson } from '../../helpers/processes.js';

const WORKER = join(import.meta.dirname, 'counter-worker.mjs');
const PROCESSES = 4;
const EACH = 500;

const worker = (args: string[]): Promise<number[]> => nodeScriptJson<number[]>(WORKER, args);

async function expectDistinct(args: string[]): Promise<void> {
  const results = await Promise.all(Array.from({ length: PROCESSES }, () => worker(args)));
  const all = results.flat();
  expect(all).toHaveLength(PROCESSES * EACH);
  expect(new Set(all).size).toBe(PROCESSES * EACH);
  expect(Math.min(...all)).toBe(1);
  expect(Math.max(...all)).toBe(PROCESSES * EACH);
  for (const values of results) expect(values).toEqual([...values].sort((a, b) => a - b));
}

describe('counters across processes', () => {
  it('SQLite: 4 processes × 500 increments give 2,000 distinct values', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bots-counters-')), 'bots.sqlite');
    const store = await openStore({ kind: 'sqlite', file });
    await store.migrate();
    await store.close();
    await expectDistinct(['sqlite', file, 'ISA13:SUPPLIER', String(EACH)]);
  }, 30_000);

  it('MariaDB: 4 processes × 500 increments give 2,000 distinct values', async (ctx) => {
    const server = process.env.BOTS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
    const database = `bots_counters_${process.pid}_${Date.now() % 100000}`;
    let admin: mysql.Connection;
    try {
      admin = await mysql.createConnection({ uri: server, connectTimeout: 3000 });
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      return ctx.skip();
    }
    await admin.query(`CREATE DATABASE \`${database}\``);
    try {
      const url = new URL(server);
      url.pathname = `/${database}`;
      const store = await openStore({ kind: 'mysql', url: url.toString() });
      await store.migrate();
      await store.close();
      await expectDistinct(['mysql', url.toString(), 'ISA13:SUPPLIER', String(EACH)]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    }
  }, 60_000);
});
