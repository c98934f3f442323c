// Health endpoints and `bots healthcheck` on real role processes. On SQLite: ping, live, ready and startup answer;
// ready fails while the workspace's data folder is replaced by a file (tests run as root, so chmod would prove
// nothing) and recovers when it is back. On MariaDB: the worker reaches the database through a small TCP proxy
// inside the test; cutting the proxy makes ready fail, restoring it makes ready pass again (the shared server is
// never stopped). live fails when the heartbeat stops. Needs the build (dist/). Time budget: about 25 seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceLayout } from '../../../engine/runtime/workspace.js';
import { checkHealth, Heartbeat } from '../../../engine/server/health.js';
import { openStore } from '../../../engine/store/store.js';
import { bots, CLI } from '../../helpers/cli.js';
import { createMysqlDatabase, MYSQL_SERVER, mysqlSuite } from '../../helpers/mysql.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

let nextPort = 20_000 + (process.pid % 5000) * 2;

function startWorker(
  home: string,
  env: Record<string, string>,
): { port: number; output: () => string; running: () => boolean } {
  const port = nextPort++;
  const child = spawn(process.execPath, [CLI, 'worker', '--poll', '0.2'], {
    env: { ...process.env, BOTS_HOME: home, BOTS_HEALTH_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { port, output: () => output, running: () => child.exitCode === null };
}

async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check());) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const get = async (port: number, path: string) => {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
};

describe('health endpoints on SQLite', () => {
  it('answers ping, live, ready and startup; ready fails while the data folder is not writable', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'bots-health-')), 'ws');
    expect(bots(['init', '--no-sample'], { env: { BOTS_HOME: home } }).code).toBe(0);
    const worker = startWorker(home, {});
    await until(async () => (await get(worker.port, '/health/startup')).status === 200, 'startup');
    expect(await get(worker.port, '/health/ping')).toEqual({ status: 200, body: 'pong\n' });
    expect(JSON.parse((await get(worker.port, '/health/live')).body)).toEqual({
      status: 'ok',
      role: 'worker',
      checks: { heartbeat: { ok: true } },
    });
    const ready = JSON.parse((await get(worker.port, '/health/ready')).body) as { checks: object };
    expect(Object.keys(ready.checks)).toEqual(['database', 'schema', 'workspace-data', 'workspace-logs']);
    expect((await get(worker.port, '/health/nothing')).status).toBe(404);

    const hc = (...args: string[]) => bots(['healthcheck', '--port', String(worker.port), ...args]);
    expect(hc('--check', 'ready')).toMatchObject({ code: 0, stdout: 'worker ready: ok\n' });

    const data = workspaceLayout(home).data;
    renameSync(data, `${data}.away`);
    writeFileSync(data, 'not a folder');
    try {
      const failing = await get(worker.port, '/health/ready');
      expect(failing.status).toBe(503);
      expect(JSON.parse(failing.body)).toMatchObject({
        status: 'fail',
        checks: {
          'workspace-data': { ok: false, detail: expect.stringContaining('is not writable: ENOTDIR') },
        },
      });
      const result = hc('--check', 'ready');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('worker ready: FAIL\n  workspace-data:');
      expect(hc('--check', 'ready', '--quiet')).toMatchObject({ code: 1, stdout: '' });
      expect(hc('--check', 'live').code).toBe(0); // alive, just not ready
    } finally {
      rmSync(data);
      renameSync(`${data}.away`, data);
    }
    expect((await get(worker.port, '/health/ready')).status).toBe(200);
  }, 30_000);

  it('exits 1 when nothing answers and 2 for a configuration error', () => {
    expect(bots(['healthcheck', '--port', String(nextPort++)]).code).toBe(1);
    expect(bots(['healthcheck', '--check', 'soon', '--port', '1']).code).toBe(2);
    expect(bots(['healthcheck', '--port', 'x']).code).toBe(2);
    expect(bots(['healthcheck', '--role', 'nosuch', '--port', '9000']).code).toBe(2);
    expect(bots(['healthcheck', '--role', 'web'], { env: { BOTS_WEB_PORT: String(nextPort++) } }).code).toBe(
      1,
    );
    expect(bots(['healthcheck', '--role', 'web'], { env: { BOTS_WEB_PORT: 'x' } }).code).toBe(2);
    expect(bots(['healthcheck'], { env: { BOTS_HEALTH_PORT: '' } }).stderr).toContain('no health port');
  });

  it('fails live when the heartbeat stops ticking', async () => {
    const home = mkdtempSync(join(tmpdir(), 'bots-health-live-'));
    const layout = workspaceLayout(home);
    mkdirSync(layout.data, { recursive: true });
    const store = await openStore({ kind: 'sqlite', file: join(home, 'bots.sqlite') });
    try {
      const heartbeat = new Heartbeat(50).start();
      const source = { role: 'worker', store, layout, heartbeat, started: () => false };
      expect((await checkHealth('live', source)).status).toBe('ok');
      heartbeat.stop();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await checkHealth('live', source)).toMatchObject({
        status: 'fail',
        checks: {
          heartbeat: {
            ok: false,
            detail: expect.stringMatching(/^last heartbeat \d+ ms ago \(limit 100 ms\)$/),
          },
        },
      });
      expect((await checkHealth('startup', source)).status).toBe('fail');
      // Not migrated: the schema check names what is missing.
      expect(await checkHealth('ready', source)).toMatchObject({
        checks: { schema: { ok: false, detail: expect.stringContaining('not applied: run bots migrate') } },
      });
    } finally {
      await store.close();
    }
  });
});

/** A TCP proxy to the MariaDB server that can be cut (every connection closed, new ones refused) and restored. */
function proxy(target: URL): { port: number; cut(): Promise<void>; restore(): Promise<void> } {
  const port = nextPort++;
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 3306), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', resolve);
    });
  return {
    port,
    restore: listen,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server!.close(() => resolve());
      }),
  };
}

await mysqlSuite('health endpoints on MariaDB', () =>
  describe('health endpoints on MariaDB', () => {
    it('fails ready while the database connection is cut, and recovers when it is back', async () => {
      const { url, dispose } = await createMysqlDatabase();
      const database = new URL(url);
      const server = new URL(MYSQL_SERVER);
      const tcp = proxy(server);
      await tcp.restore();
      const home = join(mkdtempSync(join(tmpdir(), 'bots-health-db-')), 'ws');
      mkdirSync(join(home, 'botssys', 'data'), { recursive: true });
      mkdirSync(join(home, 'botssys', 'logs'), { recursive: true });
      try {
        const worker = startWorker(home, {
          DB_HOST: '127.0.0.1',
          DB_PORT: String(tcp.port),
          DB_NAME: database.pathname.slice(1),
          DB_USER: decodeURIComponent(server.username || 'root'),
          DB_PASSWORD: decodeURIComponent(server.password),
        });
        await until(async () => (await get(worker.port, '/health/ready')).status === 200, 'ready', 15_000);
        await tcp.cut();
        await until(async () => (await get(worker.port, '/health/ready')).status === 503, 'ready failing');
        const failing = JSON.parse((await get(worker.port, '/health/ready')).body) as {
          checks: { database: { ok: boolean; detail: string } };
        };
        expect(failing.checks.database.ok).toBe(false);
        expect(failing.checks.database.detail).toMatch(/^not reachable: /);
        expect((await get(worker.port, '/health/live')).status).toBe(200);
        // Its claims fail meanwhile; it says so and waits instead of exiting.
        await until(async () => worker.output().includes('cannot reach the queue'), 'the claim error');
        await tcp.restore();
        await until(
          async () => (await get(worker.port, '/health/ready')).status === 200,
          'ready again',
          15_000,
        );
        // The worker rode out the cut: it kept running.
        expect(worker.running()).toBe(true);
      } finally {
        await tcp.cut().catch(() => undefined);
        await dispose();
      }
    }, 60_000);
  }),
);
