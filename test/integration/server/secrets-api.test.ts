// Secrets through the API and the CLI over SQLite: a value goes in, is stored only encrypted with the workspace's
// data key, and never comes out again (not in answers, lists, the audit log or the database in clear); the code
// that uses it can reveal it; without a secrets key the API answers 503 with what to do. Time budget: about 8 s.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceKeyProvider } from '../../../engine/runtime/key-provider.js';
import { SecretBox } from '../../../engine/runtime/secret-box.js';
import { SecretStore } from '../../../engine/runtime/secret-store.js';
import { workspaceLayout } from '../../../engine/runtime/workspace.js';
import { ApiClient, ResponseChecker, startApi, usersOfEachRole, type ApiServer } from '../../helpers/api.js';
import { bots } from '../../helpers/cli.js';

const VALUE = 'pa55-w0rd-for-acme-sftp';
let server: ApiServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startApi();
  admin = (await usersOfEachRole(server, new ResponseChecker(server.routes))).admin;
});
afterAll(async () => server.close());

describe('secrets', () => {
  it('answer 503 with the fix while the workspace has no secrets key', async () => {
    const refused = await admin.request('PUT', '/api/secrets/acme-sftp', { value: VALUE });
    expect(refused.status).toBe(503);
    expect(refused.body['message']).toContain('BOTS_SECRET_KEY');
    expect((await admin.request('GET', '/api/secrets')).status).toBe(200);
  });

  it('are stored encrypted, listed without values, revealed only to code, and audited without values', async () => {
    const layout = workspaceLayout(server.home);
    mkdirSync(layout.config, { recursive: true });
    workspaceKeyProvider(layout, {}, true);
    const set = await admin.request('PUT', '/api/secrets/ACME-sftp', {
      value: VALUE,
      description: 'SFTP password of ACME',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      name: 'acme-sftp',
      description: 'SFTP password of ACME',
      updatedBy: 'user:admin-user',
    });
    expect(JSON.stringify(set.body)).not.toContain(VALUE);
    expect((await admin.request('PUT', '/api/secrets/acme-sftp', { value: 'x' })).status).toBe(200);
    await admin.request('PUT', '/api/secrets/acme-sftp', { value: VALUE });
    expect((await admin.request('PUT', '/api/secrets/..bad', { value: VALUE })).status).toBe(400);

    const list = await admin.request<{ items: { name: string; description: string | null }[] }>(
      'GET',
      '/api/secrets',
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({ name: 'acme-sftp', description: 'SFTP password of ACME' }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(VALUE);

    const row = await server.store.secrets.get('acme-sftp');
    expect(row!.value).toMatch(/^enc:v1:/);
    expect(row!.value).not.toContain(VALUE);
    const secrets = new SecretStore(server.store, () =>
      SecretBox.forWorkspace(layout, workspaceKeyProvider(layout)),
    );
    expect(await secrets.reveal('acme-sftp')).toBe(VALUE);

    const audit = await server.store.audit.list({ limit: 10, entity: 'secret' });
    expect(audit.map((e) => e.action)).toEqual(['update', 'update', 'create']);
    expect(JSON.stringify(audit)).not.toContain(VALUE);
    expect(JSON.stringify(await admin.request('GET', '/api/config'))).not.toContain(VALUE);

    expect((await admin.request('DELETE', '/api/secrets/acme-sftp')).status).toBe(204);
    expect((await admin.request('DELETE', '/api/secrets/acme-sftp')).status).toBe(404);
  });

  it('are set, listed and removed by bots secret, the value read from standard input', () => {
    const env = { BOTS_HOME: join(server.home, 'cli-ws') };
    expect(bots(['init'], { env }).code).toBe(0);
    const set = bots(['secret', 'set', 'erp-key', '--description', 'ERP API key'], {
      env,
      input: `${VALUE}\n`,
    });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe('stored secret erp-key (encrypted)\n');
    const list = bots(['secret', 'list'], { env });
    expect(list.stdout).toMatch(/^erp-key\s+updated \S+ by cli\s+ERP API key$/m);
    expect(list.stdout).not.toContain(VALUE);
    expect(bots(['secret', 'set', 'bad name'], { env, input: 'x\n' }).code).toBe(2);
    expect(bots(['secret', 'remove', 'erp-key'], { env }).stdout).toBe('removed secret erp-key\n');
    expect(bots(['secret', 'remove', 'erp-key'], { env }).code).toBe(2);
  });
});
