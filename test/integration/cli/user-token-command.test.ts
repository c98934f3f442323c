// `bots user` and `bots token` as real processes on a fresh workspace (SQLite): the recovery path without the UI.
// Passwords come from standard input; the token printed once works against the API; every change is audited as
// `cli`; rule violations exit 2 with a plain message. Time budget: about 10 seconds.
import { ProcessMetrics } from '../../../engine/server/metrics.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceLayout } from '../../../engine/runtime/workspace.js';
import { Heartbeat } from '../../../engine/server/health.js';
import { apiRoutes } from '../../../engine/server/api-routes.js';
import { createWebApp } from '../../../engine/server/web-app.js';
import { DEFAULT_WEB_OPTIONS } from '../../../engine/server/web-context.js';
import { openStore } from '../../../engine/store/store.js';
import { bots } from '../../helpers/cli.js';

describe('bots user and bots token', () => {
  it('manage accounts and tokens from the command line', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'bots-users-')), 'ws');
    const env = { BOTS_HOME: home };
    expect(bots(['init'], { env }).code).toBe(0);
    expect(bots(['user', 'list'], { env }).stdout).toContain('no users yet');

    const added = bots(['user', 'add', 'Alice', '--role', 'admin'], { env, input: 'a long enough secret\n' });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^added admin alice \(\w+\)/);
    expect(bots(['user', 'add', 'alice'], { env, input: 'another long secret\n' }).stderr).toContain(
      'A user named "alice" exists already',
    );
    const weak = bots(['user', 'add', 'bob'], { env, input: 'short\n' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 10 characters');
    expect(bots(['user', 'add', 'bob'], { env, input: '' }).stderr).toContain(
      'no password on standard input',
    );
    expect(bots(['user', 'add', 'bob', '--role', 'king'], { env, input: 'x\n' }).code).toBe(2);
    expect(bots(['user', 'passwd', 'alice'], { env, input: 'the new long secret\n' }).stdout).toContain(
      'changed the password of alice',
    );
    expect(bots(['user', 'remove', 'alice'], { env }).stderr).toContain('last active admin');

    const created = bots(['token', 'create', 'erp', '--scopes', 'read,outbound', '--json'], { env });
    expect(created.code, created.stderr).toBe(0);
    const { token, secret } = JSON.parse(created.stdout) as {
      token: { id: string; scopes: string[] };
      secret: string;
    };
    expect(token.scopes).toEqual(['read', 'outbound']);
    expect(bots(['token', 'create', 'bad', '--scopes', 'root'], { env }).code).toBe(2);

    const store = await openStore({ kind: 'sqlite', file: join(home, 'botssys', 'db', 'bots.sqlite') });
    const heartbeat = new Heartbeat(1000).start();
    const app = await createWebApp(
      {
        store,
        layout: workspaceLayout(home),
        options: DEFAULT_WEB_OPTIONS,
        now: () => new Date(),
        heartbeat,
        started: () => true,
        processMetrics: new ProcessMetrics('web'),
      },
      apiRoutes(workspaceLayout(home).data),
    );
    try {
      const ask = async () =>
        (
          await app.inject({
            method: 'GET',
            url: '/api/session',
            headers: { authorization: `Bearer ${secret}` },
          })
        ).statusCode;
      expect(await ask()).toBe(200);
      expect(bots(['token', 'list'], { env }).stdout).toMatch(
        /erp\s+bots_pat_\S+\.\.\. read,outbound\s+no expiry/,
      );
      expect(bots(['token', 'revoke', 'erp'], { env }).stdout).toContain(`revoked token erp (${token.id})`);
      expect(await ask()).toBe(401);
      expect(bots(['token', 'revoke', 'erp'], { env }).stderr).toContain(
        'no token with the id or name "erp"',
      );

      const audit = await store.audit.list({ limit: 20, actor: 'cli' });
      expect(audit.map((e) => `${e.action} ${e.entity}`)).toEqual([
        'revoke token',
        'create token',
        'update-password user',
        'create user',
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret);
    } finally {
      await app.close();
      heartbeat.stop();
      await store.close();
    }
  }, 30_000);
});
