// The job queue across operating-system processes: 4 workers (queue-worker.mjs, each its own process and
// connection) drain 2,000 jobs; by the execution table no job ran twice and none was lost, on SQLite (one file,
// WAL) and on MariaDB (its own database; under CI=true an unreachable server fails the test).
// Needs the build (dist/). Time budget: about 30 seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobQueueFor } from '../../../engine/jobs/queue-for-store.js';
import { openStore, type Store } from '../../../engine/store/store.js';
import { createMysqlDatabase, mysqlSuite } from '../../helpers/mysql.js';
import { nodeScriptJson } from '../../helpers/processes.js';

const WORKER = join(import.meta.dirname, 'queue-worker.mjs');
const PROCESSES = 4;
const JOBS = 2000;

const worker = (args: string[]): Promise<number[]> => nodeScriptJson<number[]>(WORKER, args);

async function drainWithProcesses(store: Store, target: string[]): Promise<void> {
  await store.migrate();
  const queue = await jobQueueFor(store);
  const ids: number[] = [];
  for (let i = 0; i < JOBS; i++)
    ids.push((await queue.add({ kind: 'engine', mode: 'new', routes: [`route-${i}`] })).job.id);
  const claimed = await Promise.all(
    Array.from({ length: PROCESSES }, (_, w) => worker([...target, `worker-${w}`])),
  );
  // Every process took a share, and together exactly every job once.
  for (const share of claimed) expect(share.length).toBeGreaterThan(0);
  expect(claimed.flat().sort((a, b) => a - b)).toEqual(ids);
  expect(await queue.counts()).toEqual({ pending: 0, running: 0, done: JOBS, failed: 0, cancelled: 0 });
  for (const id of ids.filter((_, i) => i % 97 === 0))
    expect((await queue.executions(id)).map((e) => [e.attempt, e.outcome])).toEqual([[1, 'done']]);
}

describe('job queue across processes', () => {
  it('SQLite: 4 worker processes drain 2,000 jobs, each exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bots-queue-'));
    const file = join(dir, 'bots.sqlite');
    const store = await openStore({ kind: 'sqlite', file });
    try {
      await drainWithProcesses(store, ['sqlite', file]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

await mysqlSuite('job queue across processes: mysql', () =>
  describe('job queue across processes: mysql', () => {
    it('MariaDB: 4 worker processes drain 2,000 jobs, each exactly once', async () => {
      const { url, dispose } = await createMysqlDatabase();
      const store = await openStore({ kind: 'mysql', url });
      try {
        await drainWithProcesses(store, ['mysql', url]);
      } finally {
        await store.close();
        await dispose();
      }
    }, 90_000);
  }),
);
