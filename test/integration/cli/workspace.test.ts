// `bots init`, `bots migrate` and `bots config export|import` as child processes on real temporary workspaces,
// with the SQLite default and with MariaDB (DB_HOST). The MariaDB part creates and drops its own database; under
// CI=true it fails when MariaDB cannot be reached. Time budget: about 10 seconds.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../engine/core/config-check.js';
import type { ConfigDocument } from '../../../engine/core/config-model.js';
import { sampleConfig } from '../../../engine/runtime/sample-config.js';
import { bots } from '../../helpers/cli.js';

const MYSQL_URL = process.env.BOTS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

function scenario(name: string, env: () => Record<string, string>, enabled: () => boolean = () => true) {
  describe(`workspace commands on ${name}`, () => {
    const home = mkdtempSync(join(tmpdir(), 'bots-ws-'));
    const run = (args: string[]) => bots([...args], { env: { ...env(), BOTS_HOME: home } });

    it('init creates the workspace, the database and the sample configuration, and keeps them the second time', (ctx) => {
      if (!enabled()) return ctx.skip();
      const first = run(['init']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(`workspace: ${home}`);
      expect(first.stdout).toContain('configuration: sample installed');
      for (const folder of [
        'config',
        'usersys/mappings',
        'usersys/grammars',
        'botssys/data/x12-in',
        'botssys/logs',
      ])
        expect(existsSync(join(home, folder)), folder).toBe(true);
      const second = run(['init']);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('configuration: kept as it is');
      expect(run(['migrate']).stdout).toContain('database up to date');
    });

    it('exports the configuration it holds, and imports a changed one all or nothing', (ctx) => {
      if (!enabled()) return ctx.skip();
      const exported = run(['config', 'export']);
      expect(exported.code, exported.stderr).toBe(0);
      const doc = JSON.parse(exported.stdout) as ConfigDocument;
      expect(doc).toEqual(normalizeConfig(sampleConfig()));

      doc.partners[0]!.name = 'Renamed retailer';
      const yamlFile = join(home, 'changed.yml');
      expect(run(['config', 'export', yamlFile]).code).toBe(0);
      expect(readFileSync(yamlFile, 'utf8')).toContain('version: 1');
      const jsonFile = join(home, 'changed.json');
      writeFileSync(jsonFile, JSON.stringify(doc));
      const imported = run(['config', 'import', jsonFile]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('configuration imported');
      expect(run(['config', 'export']).stdout).toContain('Renamed retailer');

      const broken = structuredClone(doc);
      broken.routes[0]!.fromChannel = 'no-such-channel';
      writeFileSync(jsonFile, JSON.stringify(broken));
      const refused = run(['config', 'import', jsonFile]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('fromChannel');
      expect(refused.stderr).toContain('nothing was changed');
      expect(run(['config', 'export']).stdout).toContain('Renamed retailer');
    });
  });
}

scenario('SQLite', () => ({}));

const mysqlDatabase = `bots_cli_${process.pid}_${Date.now() % 100000}`;
let mysqlReachable = false;
beforeAll(async () => {
  try {
    const connection = await createConnection(MYSQL_URL);
    await connection.query(`CREATE DATABASE \`${mysqlDatabase}\``);
    await connection.end();
    mysqlReachable = true;
  } catch (error) {
    if (process.env.CI === 'true')
      throw new Error(`MariaDB at ${MYSQL_URL} cannot be reached: ${String(error)}`);
  }
});
afterAll(async () => {
  if (!mysqlReachable) return;
  const connection = await createConnection(MYSQL_URL);
  await connection.query(`DROP DATABASE IF EXISTS \`${mysqlDatabase}\``);
  await connection.end();
});

// Outside CI an unreachable MariaDB skips these tests; under CI=true beforeAll fails instead.
const url = new URL(MYSQL_URL);
scenario(
  'MariaDB (DB_HOST)',
  () => ({
    DB_HOST: url.hostname,
    DB_PORT: url.port || '3306',
    DB_USER: decodeURIComponent(url.username) || 'root',
    DB_PASSWORD: decodeURIComponent(url.password),
    DB_NAME: mysqlDatabase,
  }),
  () => mysqlReachable,
);
