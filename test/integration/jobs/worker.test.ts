// The worker role on real workspaces (SQLite, the sample configuration): `bots worker --once` runs queued jobs
// in-process and records their outcomes; a job that passes its maximum runtime is stopped through its signal and
// fails with retry; SIGTERM gives the current job back to the queue, and the next worker finishes it with every
// file processed exactly once. Needs the build (dist/). Time budget: about 40 seconds.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobQueueFor } from '../../../engine/jobs/queue-for-store.js';
import { runJob, type WorkerEvent } from '../../../engine/jobs/worker.js';
import { bots, CLI } from '../../helpers/cli.js';
import { engineWorkspace, sampleOrder, type EngineWorkspace } from '../engine/engine-workspace.js';

let ws: EngineWorkspace | undefined;
afterEach(async () => {
  await ws?.dispose();
  ws = undefined;
});

function dropOrders(workspace: EngineWorkspace, count: number): void {
  for (let n = 1; n <= count; n++) workspace.drop('x12-in', `po-${n}.x12`, sampleOrder(n));
}

describe('worker', () => {
  it('runs queued jobs in-process with `bots worker --once` and records done and failed outcomes', async () => {
    ws = await engineWorkspace();
    dropOrders(ws, 3);
    const queue = await jobQueueFor(ws.store);
    const good = await queue.add({ kind: 'engine', mode: 'new', routes: ['x12-orders'] });
    const bad = await queue.add({ kind: 'engine', mode: 'new', routes: ['no-such-route'] });
    const result = bots(['worker', '--once'], { env: { BOTS_HOME: ws.home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /job 1 \(engine new: x12-orders\) done: run \w+, 3 received, 3 translated, 0 in error/,
    );
    expect(result.stdout).toContain(
      'job 2 (engine new: no-such-route) failed: There is no route "no-such-route"',
    );
    expect(ws.files('xml-out')).toHaveLength(3);
    expect(await queue.get(good.job.id)).toMatchObject({
      status: 'done',
      result: { received: 3, translated: 3 },
    });
    expect((await queue.get(good.job.id))!.runId).toMatch(/^[0-9A-Z]{26}$/);
    expect(await queue.get(bad.job.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await queue.executions(bad.job.id)).map((e) => e.outcome)).toEqual(['failed']);
  }, 30_000);

  it('stops a run at its maximum runtime through its signal; the job fails with retry and keeps what was done', async () => {
    ws = await engineWorkspace();
    dropOrders(ws, 1500);
    const queue = await jobQueueFor(ws.store);
    await queue.add({ kind: 'engine', mode: 'new', routes: ['x12-orders'], maxRuntimeSeconds: 1 });
    const claim = (await queue.claim('test-worker', { leaseMs: 60_000 }))!;
    const events: WorkerEvent[] = [];
    const stuck: number[] = [];
    const outcome = await runJob(claim, {
      store: ws.store,
      queue,
      home: ws.home,
      stop: new AbortController().signal,
      leaseMs: 60_000,
      onStuck: (job) => stuck.push(job.id),
      onEvent: (event) => events.push(event),
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      retry: true,
      error: expect.stringMatching(/^Stopped after its maximum runtime of 1 s \(run \w+\)$/),
    });
    expect(stuck).toEqual([]);
    const job = (await queue.get(claim.job.id))!;
    expect(job.status).toBe('pending'); // retried after a backoff
    expect(job.runAfter.getTime()).toBeGreaterThan(Date.now());
    const left = readdirSync(join(ws.data, 'x12-in')).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(1500);
    expect(ws.files('xml-out')).toHaveLength(1500 - left);
    expect(events.map((e) => e.kind)).toContain('progress');
  }, 60_000);

  it('gives the current job back on SIGTERM; the next worker finishes it, every file exactly once', async () => {
    ws = await engineWorkspace();
    dropOrders(ws, 1500);
    const queue = await jobQueueFor(ws.store);
    const { job } = await queue.add({ kind: 'engine', mode: 'new', routes: ['x12-orders'] });
    const child = spawn(process.execPath, [CLI, 'worker', '--drain', '0', '--poll', '0.1'], {
      env: { ...process.env, BOTS_HOME: ws.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Stop it once the run has produced output (some files done, most still waiting). Only finished names are
    // counted: the worker's temporary dot-files come and go meanwhile.
    const written = () =>
      readdirSync(join(ws!.data, 'xml-out')).filter((name) => !name.startsWith('.')).length;
    for (let i = 0; i < 400 && written() < 20; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain(
      `job ${job.id} (engine new: x12-orders) given back to the queue: The worker stopped`,
    );
    expect(await queue.get(job.id)).toMatchObject({ status: 'pending', attempts: 1 });
    const partial = ws.files('xml-out').length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1500);

    expect(bots(['worker', '--once'], { env: { BOTS_HOME: ws.home }, timeoutMs: 60_000 }).code).toBe(0);
    expect(await queue.get(job.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect((await queue.executions(job.id)).map((e) => e.outcome)).toEqual(['requeued', 'done']);
    const numbers = ws.files('xml-out').map((f) => /<number>(PO-\d+)<\/number>/.exec(f.content)![1]);
    expect(numbers).toHaveLength(1500);
    expect(new Set(numbers).size).toBe(1500);
    expect(readdirSync(join(ws.data, 'x12-in'))).toEqual([]);
    expect((await ws.rows()).filter((row) => row.result === 'OPEN')).toEqual([]);
  }, 90_000);
});
