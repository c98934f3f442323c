// The MySQL/MariaDB server of the integration tests (BOTS_TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306):
// whether it answers, and fresh databases bots_test_<random> that each test drops afterwards. Under CI=true an
// unreachable server must FAIL the suite (mysqlSuite); elsewhere the suite is skipped with a message.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { describe, it } from 'vitest';

export const MYSQL_SERVER = process.env.BOTS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

async function reach(): Promise<string | undefined> {
  try {
    const connection = await mysql.createConnection({ uri: MYSQL_SERVER, connectTimeout: 3000 });
    await connection.end();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Runs `define` when the server answers; otherwise fails (CI) or skips the suite named `name`. */
export async function mysqlSuite(name: string, define: () => void): Promise<void> {
  const unreachable = await reach();
  if (unreachable === undefined) return define();
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('reaches the MySQL/MariaDB server (required under CI=true)', () => {
        throw new Error(`MySQL/MariaDB at ${MYSQL_SERVER} is not reachable: ${unreachable}`);
      });
    });
    return;
  }
  console.warn(`${name}: skipped, MySQL/MariaDB at ${MYSQL_SERVER} is not reachable (${unreachable})`);
  describe.skip(`${name} (server not reachable)`, () => {
    it('needs MySQL/MariaDB', () => {});
  });
}

/** A new empty database: its URL, and a dispose that drops it. */
export async function createMysqlDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  const database = `bots_test_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: MYSQL_SERVER });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  const url = new URL(MYSQL_SERVER);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    async dispose() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await admin.end();
      }
    },
  };
}
