// Authentication on the real HTTP stack over a SQLite store: first-admin setup with the one-time link, log-in and
// log-out, rate limiting, CSRF and Origin checks, API tokens (scopes, revocation, expiry), password change, the
// desktop launch token, and the audit entries these leave. Every response is checked against the OpenAPI
// description (test/helpers/api.ts). Time budget: about 10 seconds (scrypt hashing dominates).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToken, createUser } from '../../../engine/server/accounts.js';
import { hashSecret, newSecret } from '../../../engine/server/auth/secret-token.js';
import { issueSetupLink } from '../../../engine/server/setup-link.js';
import { ApiClient, ResponseChecker, startApi, TEST_PASSWORD, type ApiServer } from '../../helpers/api.js';

let server: ApiServer;
let checker: ResponseChecker;
const client = () => new ApiClient(server, checker);

beforeEach(async () => {
  server = await startApi({
    login: { windowMs: 60_000, maxFailuresPerUser: 3, maxFailuresPerAddress: 50, lockMs: 60_000 },
  });
  checker = new ResponseChecker(server.routes);
});
afterEach(async () => server.close());

describe('first admin', () => {
  it('is created once, with the setup link, and only while no admin exists', async () => {
    const anyone = client();
    expect((await anyone.request('GET', '/api/setup')).body).toEqual({ needed: true });
    const link = await issueSetupLink(server.store, `${server.url}/`);
    const token = link!.split('#token=')[1]!;

    const wrong = await anyone.request('POST', '/api/setup', {
      token: newSecret('setup'),
      username: 'root',
      password: TEST_PASSWORD,
    });
    expect(wrong.status).toBe(403);
    const weak = await anyone.request('POST', '/api/setup', { token, username: 'root', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body['message']).toContain('at least 10 characters');

    const created = await anyone.request('POST', '/api/setup', {
      token,
      username: 'Root',
      password: TEST_PASSWORD,
    });
    expect(created.status).toBe(201);
    expect(created.body['user']).toMatchObject({ username: 'root', role: 'admin' });
    expect((await anyone.request('GET', '/api/users')).status).toBe(200);
    expect((await anyone.request('GET', '/api/setup')).body).toEqual({ needed: false });

    const again = await client().request('POST', '/api/setup', {
      token,
      username: 'second',
      password: TEST_PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(await issueSetupLink(server.store, `${server.url}/`)).toBeUndefined();
    const audit = await server.store.audit.list({ limit: 10, entity: 'user' });
    expect(audit[0]).toMatchObject({ actor: 'user:root', action: 'setup' });
    expect(JSON.stringify(audit)).not.toContain('scrypt$');
  });
});

describe('sessions', () => {
  beforeEach(async () => {
    await createUser(
      server.store,
      { username: 'ann', role: 'operator', password: TEST_PASSWORD },
      new Date(),
    );
  });

  it('logs in with an httpOnly SameSite cookie, answers who is logged in, and logs out', async () => {
    const ann = client();
    const login = await ann.login('ANN', TEST_PASSWORD);
    expect(login.status).toBe(201);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^bots_session=bots_ses_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await ann.request('GET', '/api/session');
    expect(me.body).toMatchObject({ kind: 'user', name: 'ann', role: 'operator' });
    expect(typeof me.body['csrfToken']).toBe('string');
    expect((await ann.request('DELETE', '/api/session')).status).toBe(204);
    expect((await ann.request('GET', '/api/session')).status).toBe(401);
  });

  it('refuses a wrong password or user alike, and locks the name after 3 failures with Retry-After', async () => {
    const wrongUser = await client().login('nobody', TEST_PASSWORD);
    expect(wrongUser.status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await client().login('ann', 'wrong password!')).status).toBe(401);
    const third = await client().login('ann', 'wrong password!');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    // Locked: even the right password is refused until the lock ends.
    expect((await client().login('ann', TEST_PASSWORD)).status).toBe(429);
    expect(wrongUser.body['message']).toBe('The user name or password is wrong');
  });

  it('needs the CSRF token, and a same-origin Origin, for changes made through the cookie', async () => {
    const admin = client();
    await createUser(server.store, { username: 'boss', role: 'admin', password: TEST_PASSWORD }, new Date());
    await admin.login('boss', TEST_PASSWORD);
    const body = { username: 'carl', role: 'viewer', password: TEST_PASSWORD };
    const missing = await admin.request('POST', '/api/users', body, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body['message']).toContain('X-CSRF-Token');
    const foreign = await admin.request('POST', '/api/users', body, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await admin.request('POST', '/api/users', body)).status).toBe(201);
    // Reading needs no CSRF token.
    expect((await admin.request('GET', '/api/users', undefined, { csrf: false })).status).toBe(200);
  });

  it('ends every session of a user whose password changes', async () => {
    const first = client();
    const second = client();
    await first.login('ann', TEST_PASSWORD);
    await second.login('ann', TEST_PASSWORD);
    const wrong = await first.request('PUT', '/api/session/password', {
      currentPassword: 'not it at all',
      newPassword: 'another good password',
    });
    expect(wrong.status).toBe(403);
    const changed = await first.request('PUT', '/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'another good password',
    });
    expect(changed.status).toBe(204);
    expect((await second.request('GET', '/api/session')).status).toBe(401);
    expect((await client().login('ann', 'another good password')).status).toBe(201);
  });
});

describe('API tokens', () => {
  it('authenticate without CSRF, act within their scopes, and stop working when revoked or expired', async () => {
    const now = new Date();
    const reader = await createToken(
      server.store,
      { name: 'reader', scopes: ['read'], createdBy: 'test' },
      now,
    );
    const admin = await createToken(server.store, { name: 'ops', scopes: ['admin'], createdBy: 'test' }, now);
    const read = client().withToken(reader.secret);
    expect((await read.request('GET', '/api/session')).body).toMatchObject({
      kind: 'token',
      name: 'reader',
      role: 'viewer',
    });
    expect((await read.request('GET', '/api/users')).status).toBe(403);

    const ops = client().withToken(admin.secret);
    const made = await ops.request('POST', '/api/users', {
      username: 'dora',
      role: 'viewer',
      password: TEST_PASSWORD,
    });
    expect(made.status).toBe(201);
    const entry = (await server.store.audit.list({ limit: 1, entity: 'user' }))[0];
    expect(entry).toMatchObject({ actor: 'token:ops', action: 'create', entityId: made.body['id'] });

    const created = await ops.request('POST', '/api/tokens', {
      name: 'short',
      scopes: ['read'],
      expiresInDays: 1,
    });
    expect(created.status).toBe(201);
    const secret = created.body['secret'] as string;
    expect(secret).toMatch(/^bots_pat_/);
    const row = await server.store.identity.apiTokens.get((created.body['token'] as { id: string }).id);
    expect(row?.tokenHash).toBe(hashSecret(secret));
    expect(JSON.stringify(await ops.request('GET', '/api/tokens'))).not.toContain(secret);

    const revoked = await ops.request('DELETE', `/api/tokens/${reader.row.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body['revokedAt']).not.toBeNull();
    const refused = await read.request('GET', '/api/session');
    expect(refused.status).toBe(401);
    expect(refused.body['message']).toContain('revoked');

    expect((await client().withToken('bots_pat_madeup').request('GET', '/api/session')).status).toBe(401);
    expect(
      (await client().request('GET', '/api/session', undefined, { headers: { authorization: 'Basic abc' } }))
        .status,
    ).toBe(401);
  });
});

describe('launch token', () => {
  it('is exchanged once, from loopback, for a session of the desktop user', async () => {
    const token = newSecret('launch');
    const now = new Date();
    await server.store.identity.oneTimeTokens.insert({
      tokenHash: hashSecret(token),
      purpose: 'launch',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
      usedAt: null,
    });
    const window = client();
    const exchanged = await window.request('POST', '/api/session/launch', { token });
    expect(exchanged.status).toBe(201);
    expect(exchanged.body['user']).toMatchObject({
      username: 'desktop',
      role: 'admin',
      passwordLogin: false,
    });
    expect((await window.request('GET', '/api/users')).status).toBe(200);
    expect((await client().request('POST', '/api/session/launch', { token })).status).toBe(403);
    // A launch token is no setup token.
    expect(
      (await client().request('POST', '/api/setup', { token, username: 'x', password: TEST_PASSWORD }))
        .status,
    ).toBe(409);
  });
});

describe('errors', () => {
  it('answers JSON for unknown paths, bad JSON, invalid input and oversized bodies', async () => {
    await createUser(server.store, { username: 'boss', role: 'admin', password: TEST_PASSWORD }, new Date());
    const admin = client();
    await admin.login('boss', TEST_PASSWORD);
    const unknown = await admin.request('GET', '/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body['message']).toContain('/api/openapi.json');
    const badJson = await admin.request('POST', '/api/users', '{"username":', {});
    expect(badJson.status).toBe(400);
    const invalid = await admin.request('POST', '/api/users', {
      username: 'x',
      role: 'king',
      password: TEST_PASSWORD,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body['problems']).toEqual([expect.objectContaining({ path: 'body.role' })]);
    const huge = await admin.request('POST', '/api/users', {
      username: 'x',
      role: 'viewer',
      password: 'p'.repeat(11 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
  });
});
