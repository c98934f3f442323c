/**
 * The scheduler role's core: cron schedules in the database queue jobs (DESIGN.md "jobs/"). Each active
 * schedule is a node-cron task in its function form; a firing first claims (schedule, time) in the firings
 * table, whose primary key makes a second scheduler replica, or the same minute firing twice, queue nothing.
 * Queued jobs are de-duplicated by the queue as well (one pending job per kind, mode and routes).
 *
 * Firings missed while no scheduler ran (docs/decisions/0018-job-queue-and-scheduler.md): at start, each active
 * schedule that fired before fires ONCE for its most recent due time after its last firing, if that time lies
 * within the catch-up window (default 24 hours; 0 turns catch-up off). Earlier missed times are not repeated: a
 * run processes whatever is waiting, so one run makes up for many. A schedule that never fired starts with its
 * next due time. Firings recorded without a job (a stop between the two writes) are queued at start.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { ScheduleRow, Store } from '../store/store.js';
import type { JobQueue, NewJob } from './job-queue.js';

export interface SchedulerOptions {
  store: Store;
  queue: JobQueue;
  /** How far back a missed firing is made up at start (default 24 hours; 0: never). */
  catchUpMs?: number;
  /** How often the schedules are read again, so changes take effect (default 60 s). */
  reloadMs?: number;
  clock?: () => Date;
  onEvent?: (event: SchedulerEvent) => void;
}

export type SchedulerEvent =
  | { kind: 'fired'; schedule: string; fireAt: Date; jobId: number; duplicateJob: boolean; catchUp: boolean }
  | { kind: 'skipped'; schedule: string; fireAt: Date; reason: string }
  | { kind: 'error'; schedule: string; error: string };

export const DEFAULT_CATCH_UP_MS = 24 * 3600_000;

/** A schedule id: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const SCHEDULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The job a firing of the schedule queues (a `crash-recovery` schedule queues a `new` run). */
export function scheduledJob(schedule: ScheduleRow): NewJob {
  return {
    kind: schedule.kind,
    mode: schedule.mode === 'crash-recovery' ? 'new' : schedule.mode,
    routes: schedule.routes,
    priority: schedule.priority,
    source: `scheduler:${schedule.id}`,
  };
}

/** Checks a cron expression and time zone as node-cron reads them; returns the problems (empty when fine). */
export function cronProblems(expression: string, timezone?: string | null): string[] {
  const problems = cron
    .validateDetailed(expression)
    .errors.map((e) => `${e.field}: ${e.message}${e.value === undefined ? '' : ` ("${e.value}")`}`);
  if (timezone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      problems.push(`unknown time zone "${timezone}"`);
    }
  }
  return problems;
}

export class Scheduler {
  private readonly tasks = new Map<string, { task: ScheduledTask; signature: string }>();
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly clock: () => Date;
  private readonly emit: (event: SchedulerEvent) => void;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.emit = options.onEvent ?? (() => undefined);
  }

  /** Queues what was left unqueued, makes up missed firings, then starts a task per active schedule. */
  async start(): Promise<void> {
    const all = await this.options.store.schedules.list();
    const byId = new Map(all.map((s) => [s.id, s]));
    for (const firing of await this.options.store.schedules.unqueued()) {
      const schedule = byId.get(firing.scheduleId);
      if (schedule) await this.queue(schedule, firing.fireAt, firing.catchUp);
    }
    const schedules = all.filter((s) => s.active);
    for (const schedule of schedules) await this.catchUp(schedule);
    this.apply(schedules);
    const reloadMs = this.options.reloadMs ?? 60_000;
    this.reloadTimer = setInterval(() => void this.reload().catch(() => undefined), reloadMs);
  }

  /** Reads the schedules again: new and changed ones get a task, removed and inactive ones lose theirs. */
  async reload(): Promise<void> {
    this.apply(await this.active());
  }

  async stop(): Promise<void> {
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    for (const { task } of this.tasks.values()) await task.destroy();
    this.tasks.clear();
  }

  /** The schedules with a task now. */
  running(): string[] {
    return [...this.tasks.keys()].sort();
  }

  /**
   * One firing of a schedule at `fireAt` (whole seconds): queued once, however many schedulers fire it.
   * Returns whether this call queued it.
   */
  async fire(schedule: ScheduleRow, fireAt: Date, catchUp = false): Promise<boolean> {
    const at = new Date(Math.floor(fireAt.getTime() / 1000) * 1000);
    if (!(await this.options.store.schedules.claimFiring(schedule.id, at, catchUp, this.clock()))) {
      this.emit({
        kind: 'skipped',
        schedule: schedule.id,
        fireAt: at,
        reason: 'already fired by another scheduler',
      });
      return false;
    }
    await this.queue(schedule, at, catchUp);
    return true;
  }

  private async queue(schedule: ScheduleRow, fireAt: Date, catchUp: boolean): Promise<void> {
    const { job, duplicate } = await this.options.queue.add(scheduledJob(schedule), this.clock());
    await this.options.store.schedules.recordJob(schedule.id, fireAt, job.id);
    this.emit({
      kind: 'fired',
      schedule: schedule.id,
      fireAt,
      jobId: job.id,
      duplicateJob: duplicate,
      catchUp,
    });
  }

  private async active(): Promise<ScheduleRow[]> {
    return (await this.options.store.schedules.list()).filter((s) => s.active);
  }

  private async catchUp(schedule: ScheduleRow): Promise<void> {
    const windowMs = this.options.catchUpMs ?? DEFAULT_CATCH_UP_MS;
    if (windowMs <= 0) return;
    const last = await this.options.store.schedules.lastFiring(schedule.id);
    if (!last) return;
    const now = this.clock();
    const since = new Date(Math.max(last.getTime(), now.getTime() - windowMs));
    const due = lastDueTime(schedule, since, now);
    if (due) await this.fire(schedule, due, true);
  }

  private apply(schedules: ScheduleRow[]): void {
    const wanted = new Map(schedules.map((s) => [s.id, s]));
    for (const [id, entry] of this.tasks) {
      const schedule = wanted.get(id);
      if (!schedule || signature(schedule) !== entry.signature) {
        void entry.task.destroy();
        this.tasks.delete(id);
      }
    }
    for (const schedule of schedules) {
      if (this.tasks.has(schedule.id)) continue;
      const problems = cronProblems(schedule.cron, schedule.timezone);
      if (problems.length > 0) {
        this.emit({ kind: 'error', schedule: schedule.id, error: `not scheduled: ${problems.join('; ')}` });
        continue;
      }
      const task = cron.schedule(
        schedule.cron,
        (context) =>
          this.fire(schedule, context.date).catch((error: unknown) =>
            this.emit({
              kind: 'error',
              schedule: schedule.id,
              error: error instanceof Error ? error.message : String(error),
            }),
          ),
        { name: `schedule:${schedule.id}`, ...(schedule.timezone ? { timezone: schedule.timezone } : {}) },
      );
      this.tasks.set(schedule.id, { task, signature: signature(schedule) });
    }
  }
}

/** Everything that changes what a schedule's task does. */
function signature(schedule: ScheduleRow): string {
  return JSON.stringify([
    schedule.cron,
    schedule.timezone,
    schedule.kind,
    schedule.mode,
    schedule.routes,
    schedule.priority,
  ]);
}

/**
 * The latest time after `since` and at or before `until` at which the schedule is due, found by testing each
 * second (six-field expressions) or minute backwards from `until` with node-cron's own matcher.
 */
export function lastDueTime(
  schedule: Pick<ScheduleRow, 'cron' | 'timezone'>,
  since: Date,
  until: Date,
): Date | undefined {
  const task = cron.createTask(
    schedule.cron,
    () => undefined,
    schedule.timezone ? { timezone: schedule.timezone } : {},
  );
  try {
    const stepMs = schedule.cron.trim().split(/\s+/).length === 6 ? 1000 : 60_000;
    for (let t = Math.floor(until.getTime() / stepMs) * stepMs; t > since.getTime(); t -= stepMs)
      if (task.match(new Date(t))) return new Date(t);
    return undefined;
  } finally {
    void task.destroy();
  }
}
