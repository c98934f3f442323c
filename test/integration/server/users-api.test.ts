// Users and the audit log through the API: an admin creates, changes and removes users; the last active admin
// cannot be demoted, deactivated or removed; deactivation ends the user's sessions; every change leaves an audit
// entry with the actor and the user before and after, never a password hash. Time budget: about 5 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  ResponseChecker,
  startApi,
  TEST_PASSWORD,
  usersOfEachRole,
  type ApiServer,
} from '../../helpers/api.js';

let server: ApiServer;
let admin: ApiClient;
let checker: ResponseChecker;

beforeAll(async () => {
  server = await startApi();
  checker = new ResponseChecker(server.routes);
  admin = (await usersOfEachRole(server, checker)).admin;
});
afterAll(async () => server.close());

describe('users API', () => {
  it('creates, lists, changes and removes users, with an audit entry for each change', async () => {
    const created = await admin.request('POST', '/api/users', {
      username: 'Eve',
      role: 'viewer',
      password: TEST_PASSWORD,
      displayName: 'Eve E.',
    });
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;
    expect(created.body).toMatchObject({
      username: 'eve',
      role: 'viewer',
      displayName: 'Eve E.',
      active: true,
    });
    expect(
      (
        await admin.request('POST', '/api/users', {
          username: 'EVE',
          role: 'viewer',
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(409);
    const list = await admin.request<{ items: { username: string }[] }>('GET', '/api/users');
    expect(list.body.items.map((u) => u.username)).toEqual(expect.arrayContaining(['eve', 'admin-user']));

    const eve = new ApiClient(server, checker);
    expect((await eve.login('eve', TEST_PASSWORD)).status).toBe(201);
    const promoted = await admin.request('PATCH', `/api/users/${id}`, { role: 'operator' });
    expect(promoted.body).toMatchObject({ role: 'operator' });
    expect((await eve.request('GET', '/api/session')).body).toMatchObject({ role: 'operator' });

    expect((await admin.request('PATCH', `/api/users/${id}`, { active: false })).status).toBe(200);
    expect((await eve.request('GET', '/api/session')).status).toBe(401);
    expect((await new ApiClient(server, checker).login('eve', TEST_PASSWORD)).status).toBe(401);
    expect((await admin.request('PATCH', `/api/users/${id}`, {})).status).toBe(400);

    expect((await admin.request('DELETE', `/api/users/${id}`)).status).toBe(204);
    expect((await admin.request('GET', `/api/users/${id}`)).status).toBe(404);

    const audit = await admin.request<{
      items: { action: string; actor: string; before: unknown; after: unknown }[];
    }>('GET', `/api/audit?entity=user&entityId=${id}`);
    expect(audit.body.items.map((e) => e.action)).toEqual(['delete', 'update', 'update', 'create']);
    expect(audit.body.items.every((e) => e.actor === 'user:admin-user')).toBe(true);
    expect(audit.body.items[2]).toMatchObject({ before: { role: 'viewer' }, after: { role: 'operator' } });
    expect(JSON.stringify(audit.body)).not.toMatch(/scrypt|passwordHash/);
  });

  it('keeps the last active admin', async () => {
    const me = (
      await admin.request<{ items: { id: string; username: string }[] }>('GET', '/api/users')
    ).body.items.find((u) => u.username === 'admin-user')!;
    for (const [method, body] of [
      ['PATCH', { role: 'viewer' }],
      ['PATCH', { active: false }],
      ['DELETE', undefined],
    ] as const) {
      const refused = await admin.request(method, `/api/users/${me.id}`, body);
      expect(refused.status).toBe(409);
      expect(refused.body['message']).toContain('last active admin');
    }
  });

  it('pages through the audit log with the cursor', async () => {
    for (let i = 0; i < 5; i++)
      await admin.request('POST', '/api/users', {
        username: `page-${i}`,
        role: 'viewer',
        password: TEST_PASSWORD,
      });
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.request<{ items: { id: number }[]; next?: string }>(
        'GET',
        `/api/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.next;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect((await admin.request('GET', '/api/audit?cursor=abc')).status).toBe(400);
  });
});
