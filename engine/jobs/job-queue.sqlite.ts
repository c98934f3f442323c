/**
 * The job queue on SQLite (job-queue.ts has the contracts). Every change runs in an IMMEDIATE transaction, which
 * takes the database's write lock at its start: two processes cannot claim the same job, because the second
 * one's transaction begins only after the first committed. Leases time out claims of dead workers.
 */
import { and, asc, count, desc, eq, inArray, lt, lte } from 'drizzle-orm';
import * as s from '../store/schema/sqlite.js';
import type { SqliteStore, SqliteTx } from '../store/store.sqlite.js';
import {
  checkLimit,
  zeroPerStatus,
  FAILED_OUTCOMES,
  jobRow,
  PausableQueue,
  transitions,
  type AddResult,
  type Claim,
  type ClaimOptions,
  type HeartbeatOptions,
  type JobChanges,
  type JobExecution,
  type JobFilter,
  type JobQueue,
  type JobRow,
  type JobStatus,
  type NewJob,
  type Outcome,
} from './job-queue.js';

export class SqliteJobQueue extends PausableQueue implements JobQueue {
  constructor(private readonly store: SqliteStore) {
    super(store.persist);
  }

  async add(job: NewJob, now = new Date()): Promise<AddResult> {
    const row = jobRow(job, now);
    return this.store.tx((tx) => {
      const pending = tx.select().from(s.jobs).where(eq(s.jobs.pendingKey, row.pendingKey!)).get();
      if (pending) return { job: pending, duplicate: true };
      return { job: tx.insert(s.jobs).values(row).returning().get(), duplicate: false };
    });
  }

  async claim(holder: string, { leaseMs, now = new Date() }: ClaimOptions): Promise<Claim | undefined> {
    if (await this.isPaused()) return undefined;
    return this.store.tx((tx) => {
      this.expire(tx, now);
      const next = tx
        .select()
        .from(s.jobs)
        .where(and(eq(s.jobs.status, 'pending'), lte(s.jobs.runAfter, now)))
        .orderBy(asc(s.jobs.priority), asc(s.jobs.id))
        .limit(1)
        .get();
      if (!next) return undefined;
      const change = transitions.claimed(next, holder, leaseMs, now);
      const job = tx.update(s.jobs).set(change.job).where(eq(s.jobs.id, next.id)).returning().get()!;
      tx.insert(s.jobExecutions).values(change.execution).run();
      return { job, attempt: change.execution.attempt, holder };
    });
  }

  async heartbeat(
    claim: Claim,
    { leaseMs, now = new Date(), progress, runId }: HeartbeatOptions,
  ): Promise<boolean> {
    return this.store.tx(
      (tx) =>
        tx
          .update(s.jobs)
          .set({
            leaseExpires: new Date(now.getTime() + leaseMs),
            ...(progress ? { progress } : {}),
            ...(runId ? { runId } : {}),
          })
          .where(owned(claim))
          .run().changes > 0,
    );
  }

  async finish(claim: Claim, outcome: Outcome, now = new Date()): Promise<boolean> {
    return this.store.tx((tx) => {
      const job = tx.select().from(s.jobs).where(owned(claim)).get();
      if (!job) return false;
      this.end(tx, job, outcome, now);
      return true;
    });
  }

  async get(id: number): Promise<JobRow | undefined> {
    return this.store.db.select().from(s.jobs).where(eq(s.jobs.id, id)).get();
  }

  async list(filter: JobFilter = {}): Promise<JobRow[]> {
    const statuses = filter.status ?? [];
    return this.store.db
      .select()
      .from(s.jobs)
      .where(statuses.length > 0 ? inArray(s.jobs.status, [...statuses]) : undefined)
      .orderBy(desc(s.jobs.id))
      .limit(checkLimit(filter.limit))
      .all();
  }

  async executions(jobId: number): Promise<JobExecution[]> {
    return this.store.db
      .select()
      .from(s.jobExecutions)
      .where(eq(s.jobExecutions.jobId, jobId))
      .orderBy(asc(s.jobExecutions.attempt))
      .all();
  }

  async clear(statuses: readonly JobStatus[]): Promise<number> {
    const removable = statuses.filter((status) => status !== 'running');
    if (removable.length === 0) return 0;
    return this.store.tx((tx) => tx.delete(s.jobs).where(inArray(s.jobs.status, removable)).run().changes);
  }

  async counts(): Promise<Record<JobStatus, number>> {
    const counts = zeroPerStatus();
    const rows = this.store.db
      .select({ status: s.jobs.status, n: count() })
      .from(s.jobs)
      .groupBy(s.jobs.status)
      .all();
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** Running jobs whose lease expired: their executions end as `expired`, the jobs are retried or failed. */
  private expire(tx: SqliteTx, now: Date): void {
    const expired = tx
      .select()
      .from(s.jobs)
      .where(and(eq(s.jobs.status, 'running'), lt(s.jobs.leaseExpires, now)))
      .all();
    for (const job of expired) this.end(tx, job, { status: 'expired' }, now);
  }

  private end(tx: SqliteTx, job: JobRow, outcome: Outcome | { status: 'expired' }, now: Date): void {
    const failures = tx
      .select({ n: count() })
      .from(s.jobExecutions)
      .where(and(eq(s.jobExecutions.jobId, job.id), inArray(s.jobExecutions.outcome, [...FAILED_OUTCOMES])))
      .get()!.n;
    const change = transitions.ended(job, outcome, failures, now);
    tx.update(s.jobExecutions)
      .set(change.execution)
      .where(and(eq(s.jobExecutions.jobId, job.id), eq(s.jobExecutions.attempt, job.attempts)))
      .run();
    tx.update(s.jobs)
      .set(this.unlessSuperseded(tx, job, change.job, now))
      .where(eq(s.jobs.id, job.id))
      .run();
  }

  /** A job going back to pending is cancelled instead when another pending job already does its work. */
  private unlessSuperseded(tx: SqliteTx, job: JobRow, change: JobChanges, now: Date): JobChanges {
    if (change.status !== 'pending' || !change.pendingKey) return change;
    const other = tx
      .select({ id: s.jobs.id })
      .from(s.jobs)
      .where(eq(s.jobs.pendingKey, change.pendingKey))
      .get();
    return other && other.id !== job.id ? transitions.superseded(other.id, now) : change;
  }
}

/** The claim's job, still running under this holder and attempt (not expired and claimed again since). */
function owned(claim: Claim) {
  return and(
    eq(s.jobs.id, claim.job.id),
    eq(s.jobs.status, 'running'),
    eq(s.jobs.leaseHolder, claim.holder),
    eq(s.jobs.attempts, claim.attempt),
  );
}
