// The scheduler on a real SQLite database: node-cron fires schedules into the queue; two schedulers firing the
// same schedule queue each time once; firings missed while stopped are made up once, for the latest due time
// within the catch-up window; firings left without a job are queued at start; reload follows changes.
// (The firing repository itself runs on both dialects in the store contract.) Time budget: about 10 seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../engine/jobs/job-queue.js';
import { jobQueueFor } from '../../../engine/jobs/queue-for-store.js';
import { Scheduler, type SchedulerEvent } from '../../../engine/jobs/scheduler.js';
import { openStore, type ScheduleRow, type Store } from '../../../engine/store/store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(): Promise<{ open(): Promise<{ store: Store; queue: JobQueue }> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bots-scheduler-'));
  const file = join(dir, 'bots.sqlite');
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  let migrated = false;
  return {
    async open() {
      const store = await openStore({ kind: 'sqlite', file });
      if (!migrated) await store.migrate();
      migrated = true;
      cleanups.push(() => store.close());
      return { store, queue: await jobQueueFor(store) };
    },
  };
}

function schedule(id: string, cron: string, extra: Partial<ScheduleRow> = {}): ScheduleRow {
  return {
    id,
    cron,
    timezone: null,
    kind: 'engine',
    mode: 'new',
    routes: ['x12-orders'],
    priority: 100,
    active: true,
    description: null,
    ...extra,
  };
}

function scheduler(store: Store, queue: JobQueue, events: SchedulerEvent[], clock?: () => Date): Scheduler {
  const s = new Scheduler({ store, queue, onEvent: (e) => events.push(e), ...(clock ? { clock } : {}) });
  cleanups.push(() => s.stop());
  return s;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduler', () => {
  it('fires a schedule through node-cron into the queue; pending work is queued once', async () => {
    const { store, queue } = await (await database()).open();
    await store.schedules.put(schedule('every-second', '* * * * * *'));
    const events: SchedulerEvent[] = [];
    await scheduler(store, queue, events).start();
    await wait(2600);
    const firings = await store.schedules.firings('every-second');
    expect(firings.length).toBeGreaterThanOrEqual(2);
    expect(new Set(firings.map((f) => f.jobId)).size).toBe(1); // the job was still pending: one job
    const jobs = await queue.list();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      kind: 'engine',
      mode: 'new',
      routes: ['x12-orders'],
      source: 'scheduler:every-second',
    });
    expect(events.filter((e) => e.kind === 'fired').length).toBe(firings.length);
  });

  it('queues each firing once when two schedulers fire the same schedule', async () => {
    const db = await database();
    const a = await db.open();
    const b = await db.open();
    await a.store.schedules.put(schedule('every-second', '* * * * * *', { routes: [] }));
    const events: SchedulerEvent[] = [];
    await scheduler(a.store, a.queue, events).start();
    await scheduler(b.store, b.queue, events).start();
    await wait(2600);
    const firings = await a.store.schedules.firings('every-second');
    expect(firings.length).toBeGreaterThanOrEqual(2);
    expect(new Set(firings.map((f) => f.fireAt.getTime())).size).toBe(firings.length);
    const fired = events.filter((e) => e.kind === 'fired');
    const skipped = events.filter((e) => e.kind === 'skipped');
    expect(fired.length).toBe(firings.length);
    expect(skipped.length).toBeGreaterThanOrEqual(firings.length - 1);
  });

  it('makes up a missed firing once, for the latest due time within the window', async () => {
    const { store, queue } = await (await database()).open();
    const events: SchedulerEvent[] = [];
    let now = new Date('2026-03-01T10:30:00.000Z');
    const clock = () => now;
    await store.schedules.put(schedule('hourly', '0 * * * *'));
    await store.schedules.put(schedule('never-fired', '0 * * * *', { routes: ['edifact-orders'] }));
    await store.schedules.put(schedule('stale', '0 6 * * *', { routes: ['erp-invoices'] }));
    await store.schedules.claimFiring('hourly', new Date('2026-03-01T07:00:00.000Z'), false, now);
    await store.schedules.claimFiring('stale', new Date('2026-02-20T06:00:00.000Z'), false, now);
    await store.schedules.recordJob('hourly', new Date('2026-03-01T07:00:00.000Z'), 0);
    await store.schedules.recordJob('stale', new Date('2026-02-20T06:00:00.000Z'), 0);
    const first = scheduler(store, queue, events, clock);
    await first.start();
    await first.stop();
    // hourly: 08:00, 09:00 and 10:00 were missed; one run at start, for 10:00.
    expect((await store.schedules.firings('hourly')).map((f) => [f.fireAt.toISOString(), f.catchUp])).toEqual(
      [
        ['2026-03-01T10:00:00.000Z', true],
        ['2026-03-01T07:00:00.000Z', false],
      ],
    );
    // stale: missed for days; its latest due time within 24 hours (06:00 today) is made up once.
    expect((await store.schedules.firings('stale'))[0]!.fireAt.toISOString()).toBe(
      '2026-03-01T06:00:00.000Z',
    );
    // never-fired: starts with its next due time.
    expect(await store.schedules.firings('never-fired')).toEqual([]);
    expect((await queue.list()).map((j) => j.routes).sort()).toEqual([['erp-invoices'], ['x12-orders']]);

    // Started again at 10:45: nothing is due since 10:00, so nothing is made up.
    now = new Date('2026-03-01T10:45:00.000Z');
    const second = scheduler(store, queue, events, clock);
    await second.start();
    await second.stop();
    expect(await store.schedules.firings('hourly')).toHaveLength(2);
  });

  it('makes up nothing when the catch-up window is 0', async () => {
    const { store, queue } = await (await database()).open();
    const now = new Date('2026-03-01T10:30:00.000Z');
    await store.schedules.put(schedule('hourly', '0 * * * *'));
    await store.schedules.claimFiring('hourly', new Date('2026-03-01T07:00:00.000Z'), false, now);
    const s = new Scheduler({ store, queue, clock: () => now, catchUpMs: 0 });
    cleanups.push(() => s.stop());
    await s.start();
    expect(await store.schedules.firings('hourly')).toHaveLength(1);
  });

  it('queues a firing left without a job, and follows schedule changes on reload', async () => {
    const { store, queue } = await (await database()).open();
    const events: SchedulerEvent[] = [];
    const fireAt = new Date('2026-03-01T10:00:00.000Z');
    await store.schedules.put(schedule('hourly', '0 * * * *'));
    await store.schedules.claimFiring('hourly', fireAt, false, fireAt); // stopped before the job was queued
    const s = scheduler(store, queue, events, () => new Date('2026-03-01T10:00:30.000Z'));
    await s.start();
    const [firing] = await store.schedules.firings('hourly');
    expect(firing!.jobId).toBe((await queue.list())[0]!.id);
    expect(await store.schedules.unqueued()).toEqual([]);
    expect(s.running()).toEqual(['hourly']);

    await store.schedules.put(schedule('broken', '61 * * * *'));
    await store.schedules.put(schedule('hourly', '0 * * * *', { active: false }));
    await store.schedules.put(schedule('daily', '0 6 * * *', { timezone: 'Europe/Amsterdam' }));
    await s.reload();
    expect(s.running()).toEqual(['daily']);
    expect(events).toContainEqual({
      kind: 'error',
      schedule: 'broken',
      error: expect.stringMatching(/^not scheduled: minute: 61/),
    });
  });
});
