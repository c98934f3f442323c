/**
 * The job queue on MySQL/MariaDB (job-queue.ts has the contracts). A claim selects the next pending job with
 * FOR UPDATE SKIP LOCKED, so workers on any number of hosts each lock a different row instead of queueing on
 * one, then marks it running under a lease in the same transaction. Deadlocks and lock timeouts are retried by
 * the store's transaction helper.
 */
import { and, asc, count, desc, eq, inArray, lt, lte } from 'drizzle-orm';
import * as m from '../store/schema/mysql.js';
import type { MysqlStore, MysqlTx } from '../store/store.mysql.js';
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

/** ER_DUP_ENTRY: another transaction inserted the same pending key first. */
const DUPLICATE_KEY = 'ER_DUP_ENTRY';

export class MysqlJobQueue extends PausableQueue implements JobQueue {
  constructor(private readonly store: MysqlStore) {
    super(store.persist);
  }

  async add(job: NewJob, now = new Date()): Promise<AddResult> {
    const row = jobRow(job, now);
    const pending = async (): Promise<JobRow | undefined> =>
      (await this.store.db.select().from(m.jobs).where(eq(m.jobs.pendingKey, row.pendingKey!)).limit(1))[0];
    const existing = await pending();
    if (existing) return { job: existing, duplicate: true };
    try {
      const [inserted] = await this.store.db.insert(m.jobs).values(row).$returningId();
      return { job: (await this.get(inserted!.id))!, duplicate: false };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Added by someone else between the look and the insert: theirs is the pending job.
      const theirs = await pending();
      if (theirs) return { job: theirs, duplicate: true };
      throw error;
    }
  }

  async claim(holder: string, { leaseMs, now = new Date() }: ClaimOptions): Promise<Claim | undefined> {
    if (await this.isPaused()) return undefined;
    await this.expire(now);
    return this.store.tx(async (tx) => {
      const [next] = await tx
        .select()
        .from(m.jobs)
        .where(and(eq(m.jobs.status, 'pending'), lte(m.jobs.runAfter, now)))
        .orderBy(asc(m.jobs.priority), asc(m.jobs.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!next) return undefined;
      const change = transitions.claimed(next, holder, leaseMs, now);
      await tx.update(m.jobs).set(change.job).where(eq(m.jobs.id, next.id));
      await tx.insert(m.jobExecutions).values(change.execution);
      return { job: { ...next, ...change.job }, attempt: change.execution.attempt, holder };
    });
  }

  async heartbeat(
    claim: Claim,
    { leaseMs, now = new Date(), progress, runId }: HeartbeatOptions,
  ): Promise<boolean> {
    const [result] = await this.store.db
      .update(m.jobs)
      .set({
        leaseExpires: new Date(now.getTime() + leaseMs),
        ...(progress ? { progress } : {}),
        ...(runId ? { runId } : {}),
      })
      .where(owned(claim));
    return result.affectedRows > 0;
  }

  async finish(claim: Claim, outcome: Outcome, now = new Date()): Promise<boolean> {
    return this.store.tx(async (tx) => {
      const [job] = await tx.select().from(m.jobs).where(owned(claim)).limit(1).for('update');
      if (!job) return false;
      await this.end(tx, job, outcome, now);
      return true;
    });
  }

  async get(id: number): Promise<JobRow | undefined> {
    return (await this.store.db.select().from(m.jobs).where(eq(m.jobs.id, id)).limit(1))[0];
  }

  async list(filter: JobFilter = {}): Promise<JobRow[]> {
    const statuses = filter.status ?? [];
    return this.store.db
      .select()
      .from(m.jobs)
      .where(statuses.length > 0 ? inArray(m.jobs.status, [...statuses]) : undefined)
      .orderBy(desc(m.jobs.id))
      .limit(checkLimit(filter.limit));
  }

  async executions(jobId: number): Promise<JobExecution[]> {
    return this.store.db
      .select()
      .from(m.jobExecutions)
      .where(eq(m.jobExecutions.jobId, jobId))
      .orderBy(asc(m.jobExecutions.attempt));
  }

  async clear(statuses: readonly JobStatus[]): Promise<number> {
    const removable = statuses.filter((status) => status !== 'running');
    if (removable.length === 0) return 0;
    const [result] = await this.store.db.delete(m.jobs).where(inArray(m.jobs.status, removable));
    return result.affectedRows;
  }

  async counts(): Promise<Record<JobStatus, number>> {
    const counts = zeroPerStatus();
    const rows = await this.store.db
      .select({ status: m.jobs.status, n: count() })
      .from(m.jobs)
      .groupBy(m.jobs.status);
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** Running jobs whose lease expired, each in its own transaction (locked, skipped when another worker has it). */
  private async expire(now: Date): Promise<void> {
    const candidates = await this.store.db
      .select({ id: m.jobs.id })
      .from(m.jobs)
      .where(and(eq(m.jobs.status, 'running'), lt(m.jobs.leaseExpires, now)));
    for (const { id } of candidates)
      await this.store.tx(async (tx) => {
        const [job] = await tx
          .select()
          .from(m.jobs)
          .where(and(eq(m.jobs.id, id), eq(m.jobs.status, 'running'), lt(m.jobs.leaseExpires, now)))
          .for('update', { skipLocked: true });
        if (job) await this.end(tx, job, { status: 'expired' }, now);
      });
  }

  private async end(
    tx: MysqlTx,
    job: JobRow,
    outcome: Outcome | { status: 'expired' },
    now: Date,
  ): Promise<void> {
    const [failures] = await tx
      .select({ n: count() })
      .from(m.jobExecutions)
      .where(and(eq(m.jobExecutions.jobId, job.id), inArray(m.jobExecutions.outcome, [...FAILED_OUTCOMES])));
    const change = transitions.ended(job, outcome, failures!.n, now);
    await tx
      .update(m.jobExecutions)
      .set(change.execution)
      .where(and(eq(m.jobExecutions.jobId, job.id), eq(m.jobExecutions.attempt, job.attempts)));
    await tx
      .update(m.jobs)
      .set(await this.unlessSuperseded(tx, job, change.job, now))
      .where(eq(m.jobs.id, job.id));
  }

  /** A job going back to pending is cancelled instead when another pending job already does its work. */
  private async unlessSuperseded(
    tx: MysqlTx,
    job: JobRow,
    change: JobChanges,
    now: Date,
  ): Promise<JobChanges> {
    if (change.status !== 'pending' || !change.pendingKey) return change;
    const [other] = await tx
      .select({ id: m.jobs.id })
      .from(m.jobs)
      .where(eq(m.jobs.pendingKey, change.pendingKey))
      .limit(1);
    return other && other.id !== job.id ? transitions.superseded(other.id, now) : change;
  }
}

/** The claim's job, still running under this holder and attempt (not expired and claimed again since). */
function owned(claim: Claim) {
  return and(
    eq(m.jobs.id, claim.job.id),
    eq(m.jobs.status, 'running'),
    eq(m.jobs.leaseHolder, claim.holder),
    eq(m.jobs.attempts, claim.attempt),
  );
}

function isDuplicateKey(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    if ((e as { code?: unknown }).code === DUPLICATE_KEY) return true;
  return false;
}
