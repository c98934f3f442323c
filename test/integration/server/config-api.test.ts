// Configuration through the API over SQLite: export and import of the whole document, create/read/change/delete of
// an entity with ETag and If-Match (412 when changed meanwhile), reference problems with their paths, and an audit
// entry with before and after for every change. Time budget: about 4 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleConfig } from '../../../engine/runtime/sample-config.js';
import { ApiClient, ResponseChecker, startApi, usersOfEachRole, type ApiServer } from '../../helpers/api.js';

let server: ApiServer;
let admin: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startApi();
  const users = await usersOfEachRole(server, new ResponseChecker(server.routes));
  admin = users.admin;
  viewer = users.viewer;
  await server.store.config.replace(sampleConfig());
});
afterAll(async () => server.close());

type Listed = { version: string; items: { key: string; entity: { id: string } }[] };

describe('configuration API', () => {
  it('exports the document and lists each kind with its version as ETag', async () => {
    const exported = await viewer.request<{ version: string; document: { routes: unknown[] } }>(
      'GET',
      '/api/config',
    );
    expect(exported.status).toBe(200);
    expect(exported.body.document.routes.length).toBe(sampleConfig().routes.length);
    expect(exported.headers.get('etag')).toBe(`"${exported.body.version}"`);
    const channels = await viewer.request<Listed>('GET', '/api/config/channels');
    expect(channels.body.items.map((i) => i.key)).toEqual(
      sampleConfig()
        .channels.map((c) => c.id)
        .sort(),
    );
    const routes = await viewer.request<Listed>('GET', '/api/config/routes');
    expect(routes.body.items[0]!.key).toMatch(/^[\w.-]+:\d+$/);
  });

  it('creates, changes and deletes a channel, refusing a stale If-Match and dangling references', async () => {
    const channel = {
      id: 'edi-drop',
      type: 'file',
      direction: 'in',
      path: 'edi-drop',
      filename: '*.edi',
      remove: true,
      tempThenRename: false,
      settleSeconds: 2,
    };
    const created = await admin.request<{ version: string; key: string }>(
      'POST',
      '/api/config/channels',
      channel,
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toBe('edi-drop');
    expect((await admin.request('POST', '/api/config/channels', channel)).status).toBe(409);
    expect((await viewer.request('POST', '/api/config/channels', { ...channel, id: 'other' })).status).toBe(
      403,
    );

    const read = await admin.request<{ version: string }>('GET', '/api/config/channels/edi-drop');
    const stale = `"${read.body.version}"`;
    const changed = await admin.request(
      'PUT',
      '/api/config/channels/edi-drop',
      { ...channel, settleSeconds: 5 },
      { headers: { 'if-match': stale } },
    );
    expect(changed.status).toBe(200);
    const refused = await admin.request(
      'PUT',
      '/api/config/channels/edi-drop',
      { ...channel, settleSeconds: 9 },
      { headers: { 'if-match': stale } },
    );
    expect(refused.status).toBe(412);

    const invalid = await admin.request('PUT', '/api/config/channels/edi-drop', {
      ...channel,
      path: '../../etc',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body['problems']).toEqual([
      expect.objectContaining({ path: expect.stringContaining('path') }),
    ]);

    const usedChannel = sampleConfig().routes.find((r) => r.fromChannel)!.fromChannel!;
    const inUse = await admin.request('DELETE', `/api/config/channels/${usedChannel}`);
    expect(inUse.status).toBe(400);
    expect(inUse.body['problems']).toContainEqual({
      path: expect.stringMatching(/^routes\[\d+\]\.fromChannel$/),
      message: `names channel "${usedChannel}", which does not exist`,
    });

    expect((await admin.request('DELETE', '/api/config/channels/edi-drop')).status).toBe(204);
    expect((await admin.request('GET', '/api/config/channels/edi-drop')).status).toBe(404);

    const audit = await server.store.audit.list({ limit: 10, entity: 'channels', entityId: 'edi-drop' });
    expect(audit.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(audit[1]).toMatchObject({
      actor: 'user:admin-user',
      before: { settleSeconds: 2 },
      after: { settleSeconds: 5 },
    });
  });

  it('addresses route parts by id:seq and schedules by id', async () => {
    const route = sampleConfig().routes[0]!;
    const key = encodeURIComponent(`${route.id}:${route.seq}`);
    expect((await viewer.request('GET', `/api/config/routes/${key}`)).body).toMatchObject({
      entity: { id: route.id },
    });
    const schedule = {
      id: 'nightly',
      cron: '0 2 * * *',
      timezone: null,
      kind: 'engine',
      mode: 'new',
      routes: [route.id],
      priority: 100,
      active: true,
      description: null,
    };
    expect((await admin.request('POST', '/api/config/schedules', schedule)).status).toBe(201);
    const bad = await admin.request('POST', '/api/config/schedules', {
      ...schedule,
      id: 'broken',
      cron: '99 * * * *',
    });
    expect(bad.status).toBe(400);
    expect((await server.store.schedules.list()).map((s) => s.id)).toEqual(['nightly']);
  });

  it('imports a whole document and refuses an invalid one without changing anything', async () => {
    const { body } = await admin.request<{ version: string; document: Record<string, unknown> }>(
      'GET',
      '/api/config',
    );
    const broken = { ...body.document, routes: [{ id: 'x' }] };
    const refused = await admin.request('PUT', '/api/config', broken);
    expect(refused.status).toBe(400);
    expect((await admin.request<{ version: string }>('GET', '/api/config')).body.version).toBe(body.version);
    const imported = await admin.request<{ version: string }>('PUT', '/api/config', body.document, {
      headers: { 'if-match': `"${body.version}"` },
    });
    expect(imported.status).toBe(200);
    expect((await server.store.audit.list({ limit: 1, entity: 'config' }))[0]).toMatchObject({
      action: 'import',
    });
  });
});
