// The store contract on MySQL/MariaDB (BOTS_TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306). Each test creates
// its own database bots_test_<random> and drops it afterwards; concurrent workers are separate pools. Under CI=true
// an unreachable server FAILS this file; elsewhere the suite is skipped with a message.
// Time budget: about 5 seconds (most of it the DDL of the migrations, once per test).
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { describe, it } from 'vitest';
import { openStore } from '../../../engine/store/store.js';
import { defineStoreContract } from './store.contract.js';

const serverUrl = process.env.BOTS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const inCi = process.env.CI === 'true';

async function reach(): Promise<string | undefined> {
  try {
    const connection = await mysql.createConnection({ uri: serverUrl, connectTimeout: 3000 });
    await connection.end();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function databaseUrl(database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const unreachable = await reach();

if (unreachable !== undefined && inCi) {
  describe('store contract: mysql', () => {
    it('reaches the MySQL/MariaDB server (required under CI=true)', () => {
      throw new Error(`MySQL/MariaDB at ${serverUrl} is not reachable: ${unreachable}`);
    });
  });
} else if (unreachable !== undefined) {
  console.warn(
    `store.mysql.test.ts: skipped, MySQL/MariaDB at ${serverUrl} is not reachable (${unreachable})`,
  );
  describe.skip('store contract: mysql (server not reachable)', () => {
    it('needs MySQL/MariaDB', () => {});
  });
} else {
  defineStoreContract('mysql', {
    async create() {
      const database = `bots_test_${randomBytes(6).toString('hex')}`;
      const admin = await mysql.createConnection({ uri: serverUrl });
      await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
      const url = databaseUrl(database);
      return {
        open: () => openStore({ kind: 'mysql', url, connectionLimit: 4 }),
        async dispose() {
          try {
            await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
          } finally {
            await admin.end();
          }
        },
      };
    },
  });
}
