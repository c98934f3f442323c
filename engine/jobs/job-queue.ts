/**
 * The durable job queue (DESIGN.md "jobs/"): engine runs and maintenance waiting for a worker, kept in the
 * database so they survive restarts and any number of workers on any hosts share them. One interface, two
 * implementations (job-queue.sqlite.ts: immediate transactions; job-queue.mysql.ts: FOR UPDATE SKIP LOCKED),
 * one contract suite (test/integration/jobs/job-queue.contract.ts).
 *
 * Contracts:
 * - claim hands a job to exactly one holder and records the execution as (job, attempt), unique: a job run
 *   twice shows in job_executions, even across a crash.
 * - Order: the SMALLEST `priority` first (0 is the most urgent; default 100; at most 1000), first in, first out
 *   within a priority (the job id), never before `runAfter`. Smallest-first lets one ascending index serve the
 *   claim on both dialects, so MySQL's SKIP LOCKED reads and locks one row, not every pending one.
 * - A pending job is not added twice: the same kind, mode and set of routes returns the pending one
 *   (`duplicate: true`).
 * - A claim holds a lease; the holder renews it with heartbeat. A lease that expires makes the execution
 *   `expired` and the job pending again (the worker is presumed dead), like a failure with retry.
 * - A failure with retry makes the job pending again after a backoff, until `maxAttempts` executions have failed
 *   or expired; then the job is `failed` with the reason. `requeued` (a worker stopping) gives the job back
 *   without counting a failure.
 * - While the queue is paused, claim returns nothing; add still queues.
 * - maxRuntimeSeconds is the worker's to enforce (it aborts the run through its AbortSignal).
 */
import { createHash } from 'node:crypto';
import type { Counts, JobKind, JobProgress, JobStatus, PersistRepository, RunMode } from '../store/store.js';
import { JOB_KINDS, JOB_STATUSES, RUN_MODES } from '../store/store.js';
import type { jobExecutions, jobs } from '../store/schema/sqlite.js';

export type JobRow = typeof jobs.$inferSelect;
export type JobExecution = typeof jobExecutions.$inferSelect;
export type { JobKind, JobProgress, JobStatus };

export interface NewJob {
  kind: JobKind;
  /** The engine run's mode; maintenance jobs are `cleanup`. */
  mode: RunMode;
  /** Routes to run; empty: every route of the default run. */
  routes?: readonly string[];
  /** Smaller runs first: 0 is the most urgent, 1000 the least; default 100. */
  priority?: number;
  /** Executions that may fail (or lose their lease) before the job is failed; default 3. */
  maxAttempts?: number;
  /** The worker stops the run after this long; default 3600. */
  maxRuntimeSeconds?: number;
  /** Not claimed before this time; default now. */
  runAfter?: Date;
  /** Who queued it: `cli`, `api:<user>`, `scheduler:<id>`, `dirmonitor`. */
  source?: string;
}

export interface AddResult {
  job: JobRow;
  /** True when a pending job with the same work existed: that job is returned and nothing was added. */
  duplicate: boolean;
}

/** A job handed to one holder: pass it back to heartbeat and finish. */
export interface Claim {
  job: JobRow;
  /** The execution's number for this job (1 for the first claim). */
  attempt: number;
  holder: string;
}

export type Outcome =
  | { status: 'done'; runId?: string; result?: Counts }
  | { status: 'failed'; error: string; retry: boolean; runId?: string }
  /** Given back unfinished (the worker is stopping); not counted as a failure. */
  | { status: 'requeued'; reason: string };

export interface ClaimOptions {
  /** How long the claim holds without a heartbeat. */
  leaseMs: number;
  now?: Date;
}

export interface HeartbeatOptions extends ClaimOptions {
  progress?: JobProgress;
  runId?: string;
}

export interface JobFilter {
  status?: readonly JobStatus[];
  /** Newest first; default 100, at most 1000. */
  limit?: number;
}

export interface JobQueue {
  add(job: NewJob, now?: Date): Promise<AddResult>;
  /** The next job for `holder`, or undefined when none is due (or the queue is paused). Leases that expired
   * are handled first. */
  claim(holder: string, options: ClaimOptions): Promise<Claim | undefined>;
  /** Renews the lease (and records progress); false when the claim was lost (its lease expired and the job
   * went back to the queue): the holder must stop the job. */
  heartbeat(claim: Claim, options: HeartbeatOptions): Promise<boolean>;
  /** Ends the execution; false when the claim had been lost already (nothing changed). */
  finish(claim: Claim, outcome: Outcome, now?: Date): Promise<boolean>;
  get(id: number): Promise<JobRow | undefined>;
  list(filter?: JobFilter): Promise<JobRow[]>;
  executions(jobId: number): Promise<JobExecution[]>;
  /** Removes the jobs in these statuses (not `running`: a running job is stopped through its worker); returns
   * how many. Their executions stay, as history. */
  clear(statuses: readonly JobStatus[]): Promise<number>;
  pause(now?: Date): Promise<void>;
  resume(now?: Date): Promise<void>;
  isPaused(): Promise<boolean>;
  /** Jobs per status (queue depth for metrics). */
  counts(): Promise<Record<JobStatus, number>>;
}

/** Thrown for a job that cannot be queued as given. */
export class JobInputError extends Error {
  override readonly name = 'JobInputError';
}

export const DEFAULT_PRIORITY = 100;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MAX_RUNTIME_SECONDS = 3600;
export const LEAST_URGENT = 1000;

/** The persist domain and key of the pause switch. */
export const PAUSE = { domain: 'jobs', key: 'paused' } as const;

/** A NewJob checked and completed with its defaults, as the row to insert. */
export function jobRow(job: NewJob, now: Date): Omit<JobRow, 'id'> {
  if (!JOB_KINDS.includes(job.kind))
    throw new JobInputError(`Unknown job kind "${job.kind}" (${JOB_KINDS.join(', ')})`);
  if (!RUN_MODES.includes(job.mode) || job.mode === 'crash-recovery')
    throw new JobInputError(`Unknown run mode "${job.mode}" (new, resend, rereceive, retry, cleanup)`);
  if (job.kind === 'maintenance' && job.mode !== 'cleanup')
    throw new JobInputError('A maintenance job runs cleanup; give mode "cleanup"');
  const priority = job.priority ?? DEFAULT_PRIORITY;
  if (!Number.isInteger(priority) || priority < 0 || priority > LEAST_URGENT)
    throw new JobInputError(
      `Priority must be an integer from 0 (most urgent) to ${LEAST_URGENT}; got ${priority}`,
    );
  const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100)
    throw new JobInputError(`maxAttempts must be an integer from 1 to 100; got ${maxAttempts}`);
  const maxRuntimeSeconds = job.maxRuntimeSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS;
  if (!Number.isInteger(maxRuntimeSeconds) || maxRuntimeSeconds < 1)
    throw new JobInputError(`maxRuntimeSeconds must be a positive integer; got ${maxRuntimeSeconds}`);
  const routes = [...new Set(job.routes ?? [])].sort();
  for (const route of routes)
    if (route.trim() === '' || route.length > 64) throw new JobInputError(`Not a route id: "${route}"`);
  const dedupKey = `${job.kind}:${job.mode}:${routes.join(',')}`;
  return {
    kind: job.kind,
    mode: job.mode,
    routes,
    priority,
    status: 'pending',
    dedupKey,
    pendingKey: pendingKey(dedupKey),
    attempts: 0,
    maxAttempts,
    maxRuntimeSeconds,
    runAfter: job.runAfter ?? now,
    leaseHolder: null,
    leaseExpires: null,
    source: job.source ?? null,
    runId: null,
    progress: null,
    result: null,
    error: null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
  };
}

/** The unique key of a pending job: a hash, so any number of routes fits the indexed column. */
export function pendingKey(dedupKey: string): string {
  return createHash('sha256').update(dedupKey).digest('hex');
}

/** Wait before the next attempt after `failures` failed executions: 5 s, 10 s, 20 s, ... at most 5 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, failures - 1));
}

/** What a failed or expired execution does to its job: back to pending after a backoff, or failed for good. */
export function afterFailure(
  job: Pick<JobRow, 'maxAttempts'>,
  failures: number,
  reason: string,
  now: Date,
): { status: 'pending'; runAfter: Date } | { status: 'failed'; error: string } {
  if (failures >= job.maxAttempts)
    return {
      status: 'failed',
      error: `${reason} (${failures} of ${job.maxAttempts} attempts failed)`,
    };
  return { status: 'pending', runAfter: new Date(now.getTime() + retryDelayMs(failures)) };
}

export function zeroPerStatus(): Record<JobStatus, number> {
  return Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
}

export function checkLimit(limit: number | undefined): number {
  const value = limit ?? 100;
  if (!Number.isInteger(value) || value < 1 || value > 1000)
    throw new JobInputError(`limit must be an integer from 1 to 1000; got ${value}`);
  return value;
}

/** Columns of a job row to change. */
export type JobChanges = Partial<Omit<JobRow, 'id'>>;
/** Columns of an execution row to change. */
export type ExecutionChanges = Partial<Omit<JobExecution, 'id' | 'jobId' | 'attempt'>>;
export type NewExecution = Omit<JobExecution, 'id'>;

/** The state transitions both implementations apply; they differ only in how they read and lock rows. */
export const transitions = {
  claimed(
    job: JobRow,
    holder: string,
    leaseMs: number,
    now: Date,
  ): { job: JobChanges; execution: NewExecution } {
    const attempt = job.attempts + 1;
    return {
      job: {
        status: 'running',
        pendingKey: null,
        attempts: attempt,
        leaseHolder: holder,
        leaseExpires: new Date(now.getTime() + leaseMs),
        startedAt: now,
        error: null,
      },
      execution: {
        jobId: job.id,
        attempt,
        holder,
        outcome: 'running',
        runId: null,
        error: null,
        startedAt: now,
        finishedAt: null,
      },
    };
  },

  /**
   * How an execution ends. `failuresBefore` counts the job's earlier executions that failed or expired.
   * A job going back to pending takes its pending key again: the caller must check that no other pending job
   * holds it (then use `superseded`).
   */
  ended(
    job: JobRow,
    outcome: Outcome | { status: 'expired' },
    failuresBefore: number,
    now: Date,
  ): { job: JobChanges; execution: ExecutionChanges } {
    const released = { leaseHolder: null, leaseExpires: null } as const;
    const again = (runAfter: Date): JobChanges => ({
      ...released,
      status: 'pending',
      pendingKey: pendingKey(job.dedupKey),
      runAfter,
    });
    switch (outcome.status) {
      case 'done':
        return {
          job: {
            ...released,
            status: 'done',
            runId: outcome.runId ?? job.runId,
            result: outcome.result ?? null,
            error: null,
            finishedAt: now,
          },
          execution: { outcome: 'done', runId: outcome.runId ?? null, finishedAt: now },
        };
      case 'requeued':
        return {
          job: again(now),
          execution: { outcome: 'requeued', error: outcome.reason, finishedAt: now },
        };
      case 'failed':
      case 'expired': {
        const reason =
          outcome.status === 'failed'
            ? outcome.error
            : `The worker ${job.leaseHolder ?? '(unknown)'} stopped renewing its lease`;
        const execution: ExecutionChanges = {
          outcome: outcome.status,
          error: reason,
          finishedAt: now,
          ...(outcome.status === 'failed' && outcome.runId ? { runId: outcome.runId } : {}),
        };
        const retry = outcome.status === 'expired' || outcome.retry;
        const next = retry
          ? afterFailure(job, failuresBefore + 1, reason, now)
          : ({ status: 'failed', error: reason } as const);
        return {
          job:
            next.status === 'pending'
              ? { ...again(next.runAfter), error: reason }
              : { ...released, status: 'failed', error: next.error, finishedAt: now },
          execution,
        };
      }
    }
  },

  /** A job that would go back to pending while another pending job does the same work. */
  superseded(other: number, now: Date): JobChanges {
    return {
      status: 'cancelled',
      pendingKey: null,
      leaseHolder: null,
      leaseExpires: null,
      error: `Superseded by pending job ${other}, which does the same work`,
      finishedAt: now,
    };
  },
};

/** The execution outcomes that count as failed attempts. */
export const FAILED_OUTCOMES = ['failed', 'expired'] as const;

/** What both implementations share that needs no dialect: the pause switch, a persist value every claim reads. */
export abstract class PausableQueue {
  constructor(private readonly persist: PersistRepository) {}

  async pause(now = new Date()): Promise<void> {
    await this.persist.set(PAUSE.domain, PAUSE.key, 'true', now);
  }

  async resume(now = new Date()): Promise<void> {
    await this.persist.set(PAUSE.domain, PAUSE.key, 'false', now);
  }

  async isPaused(): Promise<boolean> {
    return (await this.persist.get(PAUSE.domain, PAUSE.key)) === 'true';
  }
}
