// The job-queue contract, run on every dialect (job-queue.sqlite.test.ts, job-queue.mysql.test.ts): add and
// de-duplication, priority and first-in-first-out, exactly-once claim across queues on one database, leases
// that expire into retries, attempts that run out into failure with the reason, requeue without a failure,
// pause and resume, listing, clearing, counts, and jobs that survive a reopen.
// Time budget: about 3 seconds per dialect.
import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../engine/jobs/job-queue.js';
import { JobInputError, retryDelayMs } from '../../../engine/jobs/job-queue.js';
import { jobQueueFor } from '../../../engine/jobs/queue-for-store.js';
import type { Store } from '../../../engine/store/store.js';

export interface QueueDatabase {
  /** A fresh, migrated database; `open` gives another Store (another process's view) on it. */
  create(): Promise<{ open(): Promise<Store>; dispose(): Promise<void> }>;
}

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const LEASE = 30_000;

export function defineJobQueueContract(dialect: string, database: QueueDatabase): void {
  describe(`job queue contract: ${dialect}`, () => {
    async function withQueues(
      count: number,
      work: (queues: JobQueue[], stores: Store[]) => Promise<void>,
    ): Promise<void> {
      const db = await database.create();
      const stores: Store[] = [];
      try {
        for (let i = 0; i < count; i++) {
          const store = await db.open();
          if (i === 0) await store.migrate();
          stores.push(store);
        }
        await work(await Promise.all(stores.map(jobQueueFor)), stores);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await db.dispose();
      }
    }

    it('adds a job with its defaults and returns the pending one for the same work', async () => {
      await withQueues(1, async ([queue]) => {
        const first = await queue!.add(
          { kind: 'engine', mode: 'new', routes: ['b', 'a'], source: 'cli' },
          T0,
        );
        expect(first.duplicate).toBe(false);
        expect(first.job).toMatchObject({
          kind: 'engine',
          mode: 'new',
          routes: ['a', 'b'],
          priority: 100,
          status: 'pending',
          attempts: 0,
          maxAttempts: 3,
          maxRuntimeSeconds: 3600,
          source: 'cli',
        });
        expect(first.job.createdAt.getTime()).toBe(T0.getTime());
        const again = await queue!.add({ kind: 'engine', mode: 'new', routes: ['a', 'b', 'a'] }, at(1));
        expect(again).toEqual({ job: first.job, duplicate: true });
        const other = await queue!.add({ kind: 'engine', mode: 'new', routes: ['a'] }, at(2));
        expect(other.duplicate).toBe(false);
        const resend = await queue!.add({ kind: 'engine', mode: 'resend', routes: ['a', 'b'] }, at(3));
        expect(resend.duplicate).toBe(false);
        // Once claimed, the same work may be queued again (it would run after the current run).
        await queue!.claim('w1', { leaseMs: LEASE, now: at(4) });
        expect((await queue!.add({ kind: 'engine', mode: 'new', routes: ['a', 'b'] }, at(5))).duplicate).toBe(
          false,
        );
      });
    });

    it('refuses jobs it cannot run, with the reason', async () => {
      await withQueues(1, async ([queue]) => {
        await expect(queue!.add({ kind: 'engine', mode: 'crash-recovery' }, T0)).rejects.toThrow(
          JobInputError,
        );
        await expect(queue!.add({ kind: 'maintenance', mode: 'new' }, T0)).rejects.toThrow(/cleanup/);
        await expect(queue!.add({ kind: 'engine', mode: 'new', priority: 1.5 }, T0)).rejects.toThrow(
          /Priority/,
        );
        await expect(queue!.add({ kind: 'engine', mode: 'new', priority: -1 }, T0)).rejects.toThrow(
          /0 \(most urgent\)/,
        );
        await expect(queue!.add({ kind: 'engine', mode: 'new', routes: [' '] }, T0)).rejects.toThrow(
          /route id/,
        );
        expect(await queue!.list()).toEqual([]);
      });
    });

    it('claims the smallest priority first, first in first out within one, never before runAfter', async () => {
      await withQueues(1, async ([queue]) => {
        const q = queue!;
        const low = await q.add({ kind: 'engine', mode: 'new', routes: ['low'], priority: 500 }, T0);
        const a = await q.add({ kind: 'engine', mode: 'new', routes: ['a'] }, T0);
        const later = await q.add(
          { kind: 'engine', mode: 'new', routes: ['later'], priority: 0, runAfter: at(60) },
          T0,
        );
        const b = await q.add({ kind: 'engine', mode: 'new', routes: ['b'] }, T0);
        const high = await q.add({ kind: 'maintenance', mode: 'cleanup', priority: 10 }, T0);
        const order: number[] = [];
        for (let i = 0; i < 4; i++) order.push((await q.claim('w', { leaseMs: LEASE, now: at(1) }))!.job.id);
        expect(order).toEqual([high.job.id, a.job.id, b.job.id, low.job.id]);
        expect(await q.claim('w', { leaseMs: LEASE, now: at(1) })).toBeUndefined();
        expect((await q.claim('w', { leaseMs: LEASE, now: at(60) }))!.job.id).toBe(later.job.id);
      });
    });

    it('hands each job to exactly one of several queues on the same database', async () => {
      await withQueues(3, async (queues) => {
        for (let i = 0; i < 60; i++)
          await queues[0]!.add({ kind: 'engine', mode: 'new', routes: [`r${i}`] }, T0);
        const claimed = await Promise.all(
          queues.map(async (queue, w) => {
            const ids: number[] = [];
            for (let c = await queue.claim(`w${w}`, { leaseMs: LEASE, now: at(1) }); c;) {
              ids.push(c.job.id);
              expect(await queue.finish(c, { status: 'done', runId: `run-${c.job.id}` }, at(2))).toBe(true);
              c = await queue.claim(`w${w}`, { leaseMs: LEASE, now: at(1) });
            }
            return ids;
          }),
        );
        const all = claimed.flat();
        expect(all).toHaveLength(60);
        expect(new Set(all).size).toBe(60);
        expect((await queues[1]!.counts()).done).toBe(60);
        const executions = await queues[2]!.executions(all[0]!);
        expect(executions).toMatchObject([{ attempt: 1, outcome: 'done', runId: `run-${all[0]}` }]);
      });
    });

    it('retries a job whose lease expired, and fails it with the reason after its attempts', async () => {
      await withQueues(2, async ([q1, q2]) => {
        const { job } = await q1!.add({ kind: 'engine', mode: 'new', routes: ['r'], maxAttempts: 2 }, T0);
        const first = (await q1!.claim('dead-worker', { leaseMs: LEASE, now: at(0) }))!;
        expect(await q2!.claim('w2', { leaseMs: LEASE, now: at(10) })).toBeUndefined(); // lease still held
        expect(await q1!.heartbeat(first, { leaseMs: LEASE, now: at(20), progress: { files: 3 } })).toBe(
          true,
        );
        expect((await q2!.get(job.id))!.progress).toEqual({ files: 3 });
        // 30 s after the last heartbeat the lease is gone: the next claim retries the job after a backoff.
        expect(await q2!.claim('w2', { leaseMs: LEASE, now: at(51) })).toBeUndefined();
        const expired = (await q2!.get(job.id))!;
        expect(expired.status).toBe('pending');
        expect(expired.error).toMatch(/dead-worker stopped renewing its lease/);
        expect(expired.runAfter.getTime()).toBe(at(51).getTime() + retryDelayMs(1));
        const retryAt = new Date(expired.runAfter.getTime());
        const second = (await q2!.claim('w2', { leaseMs: LEASE, now: retryAt }))!;
        expect(second.attempt).toBe(2);
        // The dead worker's claim is lost: it can neither renew nor finish.
        expect(await q1!.heartbeat(first, { leaseMs: LEASE, now: retryAt })).toBe(false);
        expect(await q1!.finish(first, { status: 'done' }, retryAt)).toBe(false);
        // The second execution fails too: two of two attempts, the job fails with the reason.
        expect(
          await q2!.finish(
            second,
            { status: 'failed', error: 'route r: database gone', retry: true },
            retryAt,
          ),
        ).toBe(true);
        const failed = (await q1!.get(job.id))!;
        expect(failed.status).toBe('failed');
        expect(failed.error).toBe('route r: database gone (2 of 2 attempts failed)');
        expect((await q1!.executions(job.id)).map((e) => [e.attempt, e.holder, e.outcome])).toEqual([
          [1, 'dead-worker', 'expired'],
          [2, 'w2', 'failed'],
        ]);
      });
    });

    it('fails at once without retry, and gives a job back on requeue without counting a failure', async () => {
      await withQueues(1, async ([queue]) => {
        const q = queue!;
        const once = await q.add({ kind: 'engine', mode: 'new', routes: ['x'] }, T0);
        const c1 = (await q.claim('w', { leaseMs: LEASE, now: at(1) }))!;
        await q.finish(c1, { status: 'failed', error: 'Unknown route "x"', retry: false }, at(2));
        expect(await q.get(once.job.id)).toMatchObject({ status: 'failed', error: 'Unknown route "x"' });

        const back = await q.add({ kind: 'engine', mode: 'new', routes: ['y'], maxAttempts: 1 }, T0);
        const c2 = (await q.claim('w', { leaseMs: LEASE, now: at(3) }))!;
        await q.finish(c2, { status: 'requeued', reason: 'worker stopping (SIGTERM)' }, at(4));
        expect(await q.get(back.job.id)).toMatchObject({ status: 'pending', attempts: 1, leaseHolder: null });
        const c3 = (await q.claim('w2', { leaseMs: LEASE, now: at(5) }))!;
        expect(c3.attempt).toBe(2);
        await q.finish(c3, { status: 'done', result: { received: 2 } }, at(6));
        expect(await q.get(back.job.id)).toMatchObject({ status: 'done', result: { received: 2 } });
        expect((await q.executions(back.job.id)).map((e) => e.outcome)).toEqual(['requeued', 'done']);
      });
    });

    it('cancels a job going back to pending when the same work is already pending', async () => {
      await withQueues(1, async ([queue]) => {
        const q = queue!;
        const first = await q.add({ kind: 'engine', mode: 'new', routes: ['r'] }, T0);
        const claim = (await q.claim('w', { leaseMs: LEASE, now: at(1) }))!;
        const second = await q.add({ kind: 'engine', mode: 'new', routes: ['r'] }, at(2));
        await q.finish(claim, { status: 'requeued', reason: 'stopping' }, at(3));
        expect(await q.get(first.job.id)).toMatchObject({
          status: 'cancelled',
          error: `Superseded by pending job ${second.job.id}, which does the same work`,
        });
        expect((await q.get(second.job.id))!.status).toBe('pending');
      });
    });

    it('claims nothing while paused; jobs, pause and history survive a reopen', async () => {
      await withQueues(2, async ([q1, q2], stores) => {
        await q1!.add({ kind: 'engine', mode: 'retry' }, T0);
        await q1!.pause(T0);
        expect(await q2!.isPaused()).toBe(true);
        expect(await q2!.claim('w', { leaseMs: LEASE, now: at(1) })).toBeUndefined();
        await stores[0]!.close();
        stores[0] = stores[1]!; // the first process is gone; the second one carries on
        await q2!.resume(at(2));
        const claim = (await q2!.claim('w', { leaseMs: LEASE, now: at(3) }))!;
        expect(claim.job).toMatchObject({ mode: 'retry', routes: [] });
        stores.pop();
        await stores[0]!.close();
        stores.length = 0;
      });
    });

    it('lists newest first with a status filter, counts by status, and clears all but running jobs', async () => {
      await withQueues(1, async ([queue]) => {
        const q = queue!;
        for (const route of ['a', 'b', 'c', 'd'])
          await q.add({ kind: 'engine', mode: 'new', routes: [route] }, T0);
        const running = (await q.claim('w', { leaseMs: LEASE, now: at(1) }))!;
        const done = (await q.claim('w', { leaseMs: LEASE, now: at(1) }))!;
        await q.finish(done, { status: 'done' }, at(2));
        expect((await q.list()).map((j) => j.routes[0])).toEqual(['d', 'c', 'b', 'a']);
        expect((await q.list({ status: ['pending'], limit: 1 })).map((j) => j.routes[0])).toEqual(['d']);
        expect(await q.counts()).toEqual({ pending: 2, running: 1, done: 1, failed: 0, cancelled: 0 });
        await expect(q.list({ limit: 0 })).rejects.toThrow(/limit/);
        expect(await q.clear(['pending', 'running'])).toBe(2);
        expect(await q.clear(['done'])).toBe(1);
        expect((await q.list()).map((j) => j.id)).toEqual([running.job.id]);
        expect(await q.executions(done.job.id)).toHaveLength(1);
      });
    });
  });
}
