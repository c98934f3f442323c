// CORS (off by default, only the configured origins when on) and the roles' log tail through the API.
// Time budget: about 3 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoleLogs } from '../../../engine/runtime/role-log.js';
import { workspaceLayout } from '../../../engine/runtime/workspace.js';
import { ApiClient, ResponseChecker, startApi, usersOfEachRole, type ApiServer } from '../../helpers/api.js';

let closed: ApiServer;
let open: ApiServer;
let admin: ApiClient;

beforeAll(async () => {
  closed = await startApi();
  open = await startApi({ corsOrigins: ['https://admin.example'] });
  admin = (await usersOfEachRole(closed, new ResponseChecker(closed.routes))).admin;
});
afterAll(async () => {
  await closed.close();
  await open.close();
});

const preflight = (server: ApiServer, origin: string) =>
  fetch(`${server.url}/api/users`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST' },
  });

describe('CORS', () => {
  it('is off by default', async () => {
    const answer = await preflight(closed, 'https://admin.example');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${closed.url}/api/setup`, { headers: { origin: 'https://admin.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers only the configured origins', async () => {
    const allowed = await preflight(open, 'https://admin.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-csrf-token');
    expect((await preflight(open, 'https://evil.example')).status).toBe(403);
    const get = await fetch(`${open.url}/api/setup`, { headers: { origin: 'https://admin.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://admin.example');
  });
});

describe('log tail', () => {
  it("shows the end of a role's log to admins", async () => {
    const logs = new RoleLogs(workspaceLayout(closed.home).logs);
    for (let i = 1; i <= 300; i++) logs.write('worker', 'stdout', `worker: job ${i} done`);
    const tail = await admin.request<{ lines: string[] }>('GET', '/api/logs/worker?lines=2');
    expect(tail.body.lines).toHaveLength(2);
    expect(tail.body.lines[1]).toMatch(/OUT worker: job 300 done$/);
    expect((await admin.request<{ lines: string[] }>('GET', '/api/logs/web')).body.lines).toEqual([]);
    expect((await admin.request('GET', '/api/logs/secrets')).status).toBe(400);
  });
});
