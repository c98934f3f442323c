// System information and the plugin zip through the API over SQLite: the export holds the configuration and the
// usersys files; importing it into another workspace reproduces both; a broken zip is refused with 400 and
// changes nothing; both are audited. Time budget: about 5 seconds.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleConfig } from '../../../engine/runtime/sample-config.js';
import { workspaceLayout } from '../../../engine/runtime/workspace.js';
import { ApiClient, ResponseChecker, startApi, usersOfEachRole, type ApiServer } from '../../helpers/api.js';

let source: ApiServer;
let target: ApiServer;
let sourceAdmin: ApiClient;
let targetAdmin: ApiClient;

beforeAll(async () => {
  source = await startApi();
  target = await startApi();
  sourceAdmin = (await usersOfEachRole(source, new ResponseChecker(source.routes))).admin;
  targetAdmin = (await usersOfEachRole(target, new ResponseChecker(target.routes))).admin;
  await source.store.config.replace(sampleConfig());
  const mappings = join(workspaceLayout(source.home).usersys, 'mappings', 'x12');
  mkdirSync(mappings, { recursive: true });
  writeFileSync(join(mappings, 'custom.ts'), 'export default function main() {}\n');
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('system', () => {
  it('tells the version, the database and the workspace', async () => {
    const info = await sourceAdmin.request('GET', '/api/system');
    expect(info.body).toMatchObject({
      database: { kind: 'sqlite' },
      workspace: source.home,
      pendingMigrations: 0,
    });
    expect(info.body['version']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exports a plugin zip that imports into another workspace, audited on both sides', async () => {
    const exported = await fetch(`${source.url}/api/plugin`, { headers: sourceAdmin.headers() });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await exported.arrayBuffer());
    expect(zip.subarray(0, 2).toString()).toBe('PK');

    const imported = await targetAdmin.request<{ installed: string[] }>('POST', '/api/plugin', zip, {
      headers: { 'content-type': 'application/zip' },
    });
    expect(imported.status).toBe(200);
    expect(imported.body.installed).toContain(join('usersys', 'mappings', 'x12', 'custom.ts'));
    expect(
      readFileSync(join(workspaceLayout(target.home).usersys, 'mappings', 'x12', 'custom.ts'), 'utf8'),
    ).toContain('main');
    expect(await target.store.config.read()).toEqual(await source.store.config.read());
    expect((await source.store.audit.list({ limit: 1, entity: 'plugin' }))[0]).toMatchObject({
      action: 'export-plugin',
    });
    expect((await target.store.audit.list({ limit: 1, entity: 'config' }))[0]).toMatchObject({
      action: 'import-plugin',
      actor: 'user:admin-user',
    });
  });

  it('refuses a broken zip with 400 and changes nothing', async () => {
    const before = await target.store.config.read();
    const refused = await targetAdmin.request('POST', '/api/plugin', Buffer.from('PK not really a zip'), {
      headers: { 'content-type': 'application/zip' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body['message']).toContain('nothing was changed');
    expect(refused.body['message']).not.toContain('upload.zip');
    expect(await target.store.config.read()).toEqual(before);
  });
});
