// The directory monitor on a real workspace (SQLite, the sample configuration, chokidar on real folders) with a
// worker running beside it: 10,000 files written within 10 s queue at most 3 jobs for their route and are
// received exactly once each; a file written in 3 chunks over 3 s is never processed partly; extra monitored
// folders and reloads. Time budget: about 60 seconds (most of it the engine runs over 10,000 files).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DirMonitor, type DirMonitorEvent } from '../../../engine/jobs/dir-monitor.js';
import type { JobQueue } from '../../../engine/jobs/job-queue.js';
import { jobQueueFor } from '../../../engine/jobs/queue-for-store.js';
import { runWorker } from '../../../engine/jobs/worker.js';
import { engineWorkspace, sampleOrder, type EngineWorkspace } from '../engine/engine-workspace.js';

let ws: EngineWorkspace | undefined;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await ws?.dispose();
  ws = undefined;
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sample workspace with route x12-orders monitored and its in-channel settling for `settle` seconds. */
async function monitored(
  settle: number,
): Promise<{ workspace: EngineWorkspace; queue: JobQueue; events: DirMonitorEvent[] }> {
  const workspace = await engineWorkspace();
  ws = workspace;
  await workspace.configure((config) => {
    // Only x12-orders is watched here (the sample configuration marks every receiving route).
    for (const part of config.routes)
      part.monitor = part.id === 'x12-orders' && part.fromChannel !== undefined;
    for (const channel of config.channels) if (channel.id === 'x12-in') channel.settleSeconds = settle;
  });
  const queue = await jobQueueFor(workspace.store);
  const events: DirMonitorEvent[] = [];
  const monitor = new DirMonitor({
    store: workspace.store,
    queue,
    dataRoot: workspace.data,
    reloadMs: 200,
    onEvent: (event) => events.push(event),
  });
  await monitor.start();
  stops.push(() => monitor.stop());
  const stop = new AbortController();
  const worker = runWorker({
    store: workspace.store,
    queue,
    home: workspace.home,
    stop: stop.signal,
    pollMs: 200,
    holder: 'test-worker',
  });
  stops.push(async () => {
    stop.abort();
    await worker;
  });
  return { workspace, queue, events };
}

async function settled(queue: JobQueue, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const counts = await queue.counts();
    if (counts.pending === 0 && counts.running === 0) return;
    if (Date.now() > end) throw new Error(`jobs still open after ${ms} ms: ${JSON.stringify(counts)}`);
    await wait(250);
  }
}

describe('directory monitor', () => {
  it('queues at most 3 jobs for 10,000 files written within 10 s, and every file is received once', async () => {
    const { workspace, queue, events } = await monitored(1);
    expect(events[0]).toMatchObject({
      kind: 'watching',
      targets: [{ source: 'route:x12-orders', route: 'x12-orders' }],
    });
    const inbox = join(workspace.data, 'x12-in');
    const started = Date.now();
    for (let n = 1; n <= 10_000; n++) {
      writeFileSync(join(inbox, `po-${n}.x12`), sampleOrder(n));
      // Spread over about 9 seconds: 1,000 files then a short pause.
      if (n % 1000 === 0) await wait(Math.max(0, (n / 10_000) * 9000 - (Date.now() - started)));
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    await wait(2500); // the burst's quiet time
    await settled(queue, 90_000);
    await wait(2500); // anything the last run left (settling files) is queued and run too
    await settled(queue, 60_000);
    const jobs = (await queue.list({ limit: 1000 })).filter((j) => j.source === 'dirmonitor');
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    expect(jobs.length).toBeLessThanOrEqual(3);
    const externin = (await workspace.store.ta.find({ status: ['EXTERNIN'] })).map((row) => row.filename);
    expect(externin).toHaveLength(10_000);
    expect(new Set(externin).size).toBe(10_000);
  }, 150_000);

  it('never processes a file written in 3 chunks over 3 s before it is complete', async () => {
    const { workspace, queue } = await monitored(2);
    const whole = sampleOrder(7);
    const path = join(workspace.data, 'x12-in', 'slow.x12');
    const third = Math.ceil(whole.length / 3);
    writeFileSync(path, whole.slice(0, third));
    await wait(1000);
    appendFileSync(path, whole.slice(third, 2 * third));
    await wait(1000);
    appendFileSync(path, whole.slice(2 * third));
    await wait(3000);
    await settled(queue, 20_000);
    const rows = await workspace.store.ta.find({});
    const received = rows.filter((row) => row.status === 'EXTERNIN');
    expect(received.map((row) => [row.filename, row.contentLength])).toEqual([
      ['x12-in/slow.x12', whole.length],
    ]);
    expect(rows.filter((row) => row.result === 'ERROR')).toEqual([]);
    expect(workspace.files('xml-out').map((f) => /<number>(PO-\d+)<\/number>/.exec(f.content)?.[1])).toEqual([
      'PO-7',
    ]);
  }, 40_000);

  it('watches extra folders, recursively when asked, and follows configuration changes', async () => {
    const { workspace, queue, events } = await monitored(0);
    mkdirSync(join(workspace.data, 'drop', 'deep'), { recursive: true });
    await workspace.store.monitoredFolders.put({
      id: 'drop',
      path: 'drop',
      mask: '*.x12',
      recursive: true,
      routeId: 'edifact-orders',
      active: true,
    });
    await wait(600); // reload
    expect(events.filter((e) => e.kind === 'watching').at(-1)).toMatchObject({
      targets: [
        { source: 'route:x12-orders' },
        { source: 'folder:drop', route: 'edifact-orders', recursive: true },
      ],
    });
    writeFileSync(join(workspace.data, 'drop', 'deep', 'ignored.txt'), 'not matching');
    writeFileSync(join(workspace.data, 'drop', 'deep', '.hidden.x12'), 'dot-file');
    await wait(2500);
    expect(events.some((e) => e.kind === 'queued')).toBe(false);
    writeFileSync(join(workspace.data, 'drop', 'deep', 'order.x12'), 'anything');
    await wait(2500);
    expect(events.filter((e) => e.kind === 'queued')).toMatchObject([{ route: 'edifact-orders', events: 1 }]);
    await settled(queue, 10_000);

    await workspace.configure((config) => {
      for (const part of config.routes) delete part.monitor;
    });
    await workspace.store.monitoredFolders.remove('drop');
    await wait(600);
    expect(events.filter((e) => e.kind === 'watching').at(-1)).toEqual({ kind: 'watching', targets: [] });
  }, 30_000);
});
