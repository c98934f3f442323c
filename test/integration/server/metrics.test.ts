// /metrics: on the web port, the installation's totals from the database after a real engine run and this
// process's HTTP requests and event-loop lag, for a session or a token with the metrics scope only; on a worker's
// health port, that process's own metrics for such a token. Time budget: about 8 seconds.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../../engine/server/accounts.js';
import {
  ApiClient,
  ResponseChecker,
  startApiOn,
  usersOfEachRole,
  type ApiServer,
} from '../../helpers/api.js';
import { CLI } from '../../helpers/cli.js';
import { freePort } from '../../helpers/processes.js';
import { engineWorkspace, type EngineWorkspace } from '../engine/engine-workspace.js';

let workspace: EngineWorkspace;
let server: ApiServer;
let viewer: ApiClient;
let metricsToken: string;
let outboundToken: string;

beforeAll(async () => {
  workspace = await engineWorkspace();
  workspace.drop('x12-in', 'po.x12', workspace.sample('po-850.x12'));
  await workspace.run(['x12-orders']);
  server = await startApiOn(workspace.home, workspace.store);
  viewer = (await usersOfEachRole(server, new ResponseChecker(server.routes))).viewer;
  const now = new Date();
  metricsToken = (
    await createToken(workspace.store, { name: 'prometheus', scopes: ['metrics'], createdBy: 'test' }, now)
  ).secret;
  outboundToken = (
    await createToken(workspace.store, { name: 'erp', scopes: ['outbound'], createdBy: 'test' }, now)
  ).secret;
});
afterAll(async () => {
  await server.close();
  await workspace.dispose();
});

const scrape = (url: string, token?: string) =>
  fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

/** The value of one sample line `name{labels} value`. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && labels.split(',').every((label) => l.includes(label)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('/metrics', () => {
  it('reports the database totals and this process to a metrics token', async () => {
    await viewer.request('GET', '/api/runs');
    const answer = await scrape(`${server.url}/metrics`, metricsToken);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    expect(text).toContain('# TYPE bots_transactions gauge');
    expect(sample(text, 'bots_transactions', 'status="EXTERNIN",result="DONE"')).toBe(1);
    expect(sample(text, 'bots_runs', 'status="done"')).toBe(1);
    expect(sample(text, 'bots_jobs', 'status="pending"')).toBe(0);
    expect(sample(text, 'bots_http_requests_total', 'route="/api/runs",status="200"')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, 'bots_event_loop_lag_seconds', 'quantile="0.99"')).toBeGreaterThanOrEqual(0);
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+-]+$/);
  });

  it('refuses nobody and tokens without the scope', async () => {
    expect((await scrape(`${server.url}/metrics`)).status).toBe(401);
    expect((await scrape(`${server.url}/metrics`, outboundToken)).status).toBe(403);
    expect((await viewer.request('GET', '/metrics')).status).toBe(200);
  });

  it("answers on a worker's health port with that process's metrics", async () => {
    const port = await freePort();
    const worker = spawn(process.execPath, [CLI, 'worker', '--poll', '0.2'], {
      env: { ...process.env, BOTS_HOME: workspace.home, BOTS_HEALTH_PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      let answer: Response | undefined;
      for (const end = Date.now() + 15_000; Date.now() < end;) {
        answer = await scrape(`http://127.0.0.1:${port}/metrics`, metricsToken).catch(() => undefined);
        if (answer) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answer?.status).toBe(200);
      expect(
        sample(await answer!.text(), 'bots_process_resident_memory_bytes', 'role="worker"'),
      ).toBeGreaterThan(0);
      expect((await scrape(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      expect((await scrape(`http://127.0.0.1:${port}/metrics`, outboundToken)).status).toBe(403);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker.on('close', resolve));
    }
  }, 30_000);
});
