// The authorization matrix: every registered API route, called by every kind of principal (nobody, a session of
// each role, a token of each scope), is refused exactly when the documented rules say so: 401 without a
// principal, 403 for a role or scope below the route's need, anything else (a success, 400 or 404 for the
// placeholder input) when allowed. The expected answer is worked out here from the roles' documented meaning,
// not from the server's own access function. Time budget: about 5 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../../engine/server/accounts.js';
import type { AnyRoute } from '../../../engine/server/api-route.js';
import type { TokenScope, UserRole } from '../../../engine/store/schema/shared.js';
import { ApiClient, ResponseChecker, startApi, usersOfEachRole, type ApiServer } from '../../helpers/api.js';

/** What each principal may reach: the roles whose routes it may call, and the extra scopes routes may name. */
const PRINCIPALS: Record<string, { roles: UserRole[]; scopes: TokenScope[] } | undefined> = {
  nobody: undefined,
  'session viewer': { roles: ['viewer'], scopes: [] },
  'session operator': { roles: ['viewer', 'operator'], scopes: [] },
  'session admin': { roles: ['viewer', 'operator', 'admin'], scopes: [] },
  'token read': { roles: ['viewer'], scopes: ['read'] },
  'token operate': { roles: ['viewer', 'operator'], scopes: ['operate'] },
  'token admin': { roles: ['viewer', 'operator', 'admin'], scopes: ['admin'] },
  'token outbound': { roles: [], scopes: ['outbound'] },
  'token metrics': { roles: [], scopes: ['metrics'] },
};

function expected(route: AnyRoute, principal: string): 'allowed' | 401 | 403 {
  if (route.access.kind === 'public') return 'allowed';
  const may = PRINCIPALS[principal];
  if (!may) return 401;
  if (may.roles.includes(route.access.role)) return 'allowed';
  return (route.access.scopes ?? []).some((scope) => may.scopes.includes(scope)) ? 'allowed' : 403;
}

let server: ApiServer;
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  server = await startApi();
  const checker = new ResponseChecker(server.routes);
  const sessions = await usersOfEachRole(server, checker);
  clients.set('nobody', new ApiClient(server, checker));
  for (const role of ['viewer', 'operator', 'admin'] as const) clients.set(`session ${role}`, sessions[role]);
  for (const scope of ['read', 'operate', 'admin', 'outbound', 'metrics'] as const) {
    const { secret } = await createToken(
      server.store,
      { name: `t-${scope}`, scopes: [scope], createdBy: 'test' },
      new Date(),
    );
    clients.set(`token ${scope}`, new ApiClient(server, checker).withToken(secret));
  }
});
afterAll(async () => server.close());

describe('authorization matrix', () => {
  it('covers every registered route', () => {
    expect(server.routes.length).toBeGreaterThan(15);
  });

  for (const principal of Object.keys(PRINCIPALS))
    it(`${principal}: each route answers as the roles and scopes say`, async () => {
      const client = clients.get(principal)!;
      // Logging out ends the session the later calls use: it goes last.
      const routes = [...server.routes].sort(
        (a, b) =>
          Number(a.method === 'DELETE' && a.path === '/api/session') -
          Number(b.method === 'DELETE' && b.path === '/api/session'),
      );
      const wrong: string[] = [];
      for (const route of routes) {
        const path = route.path.replace(/\{\w+\}/g, 'no-such-thing');
        const response = await client.request(route.method, path, route.body ? {} : undefined);
        const want = expected(route, principal);
        const refused = response.status === 401 || response.status === 403;
        const ok = want === 'allowed' ? !refused : response.status === want;
        if (!ok)
          wrong.push(
            `${route.method} ${route.path}: expected ${want}, got ${response.status} ${JSON.stringify(response.body)}`,
          );
      }
      expect(wrong).toEqual([]);
    });
});
