// Two `bots web` processes over one MariaDB database, as two web replicas behind a load balancer: a session opened
// on one is served by the other (sessions live in the database), a change made through the second with the
// session's CSRF token works, and logging out on one ends the session on both. Time budget: about 10 seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots, CLI } from '../../helpers/cli.js';
import { createMysqlDatabase, mysqlSuite } from '../../helpers/mysql.js';
import { freePort } from '../../helpers/processes.js';

await mysqlSuite('web replicas on MariaDB', () => {
  let dispose: () => Promise<void>;
  let env: Record<string, string>;
  const replicas: { process: ChildProcess; url: string }[] = [];

  beforeAll(async () => {
    const database = await createMysqlDatabase();
    dispose = database.dispose;
    const url = new URL(database.url);
    const home = join(mkdtempSync(join(tmpdir(), 'bots-replicas-')), 'ws');
    env = {
      BOTS_HOME: home,
      DB_HOST: url.hostname,
      DB_PORT: url.port || '3306',
      DB_NAME: url.pathname.slice(1),
      DB_USER: decodeURIComponent(url.username),
      DB_PASSWORD: decodeURIComponent(url.password),
    };
    expect(bots(['init'], { env }).code).toBe(0);
    expect(
      bots(['user', 'add', 'ops', '--role', 'admin'], { env, input: 'a long enough secret\n' }).code,
    ).toBe(0);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = spawn(process.execPath, [CLI, 'web', '--port', String(port)], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      for (const end = Date.now() + 15_000; !output.includes('web: serving');) {
        if (Date.now() > end || child.exitCode !== null)
          throw new Error(`web replica ${i} did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      replicas.push({ process: child, url: `http://127.0.0.1:${port}` });
    }
  }, 40_000);

  afterAll(async () => {
    for (const replica of replicas) replica.process.kill('SIGTERM');
    await Promise.all(
      replicas.map((r) =>
        r.process.exitCode !== null ? undefined : new Promise((resolve) => r.process.on('close', resolve)),
      ),
    );
    await dispose();
  });

  describe('sessions', () => {
    it('are served by any replica', async () => {
      const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
      const login = await fetch(`${a.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ops', password: 'a long enough secret' }),
      });
      expect(login.status).toBe(201);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { session } = (await login.json()) as { session: { csrfToken: string } };

      const onB = await fetch(`${b.url}/api/session`, { headers: { cookie } });
      expect(onB.status).toBe(200);
      expect(await onB.json()).toMatchObject({ kind: 'user', name: 'ops', role: 'admin' });
      const created = await fetch(`${b.url}/api/users`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ username: 'viewer1', role: 'viewer', password: 'another long secret' }),
      });
      expect(created.status).toBe(201);

      expect(
        (
          await fetch(`${b.url}/api/session`, {
            method: 'DELETE',
            headers: { cookie, 'x-csrf-token': session.csrfToken },
          })
        ).status,
      ).toBe(204);
      expect((await fetch(`${a.url}/api/session`, { headers: { cookie } })).status).toBe(401);
    });
  });
});
