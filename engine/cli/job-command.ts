/**
 * `bots job add|list|clear|pause|resume`: the durable job queue from the command line (workers claim what is
 * queued; `bots engine` runs at once instead). The job tables are created by the migrations, applied first.
 */
import { JobInputError, type JobRow, type JobStatus, type NewJob } from '../jobs/job-queue.js';
import { jobQueueFor } from '../jobs/queue-for-store.js';
import { JOB_STATUSES, type Store } from '../store/store.js';
import { modeOf, type ModeFlags } from './mode-flags.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

interface HomeOption {
  home?: string;
}

export interface JobAddOptions extends ModeFlags, HomeOption {
  priority?: string;
  maxAttempts?: string;
  maxRuntime?: string;
  after?: string;
  json?: boolean;
}

export interface JobListOptions extends HomeOption {
  status?: string;
  limit?: string;
  json?: boolean;
}

export interface JobClearOptions extends HomeOption {
  status?: string;
}

export async function jobAdd(routes: string[], options: JobAddOptions, out: Output): Promise<number> {
  const mode = modeOf(options, routes);
  const job: NewJob = {
    kind: mode === 'cleanup' ? 'maintenance' : 'engine',
    mode,
    routes,
    source: 'cli',
    ...optionalInteger('priority', options.priority),
    ...optionalInteger('maxAttempts', options.maxAttempts, '--max-attempts'),
    ...optionalInteger('maxRuntimeSeconds', options.maxRuntime, '--max-runtime'),
    ...(options.after === undefined ? {} : { runAfter: dateOf(options.after) }),
  };
  return withQueue(options.home, async (queue, store) => {
    let result;
    try {
      result = await queue.add(job);
    } catch (error) {
      if (error instanceof JobInputError) throw new UsageError(error.message);
      throw error;
    }
    await auditCli(store, {
      action: 'run',
      entity: 'job',
      entityId: String(result.job.id),
      after: { mode: result.job.mode, routes: result.job.routes, duplicate: result.duplicate },
    });
    if (options.json) out.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.duplicate)
      out.stdout(
        `job ${result.job.id} is already pending for the same work (${describe(result.job)}); nothing added\n`,
      );
    else out.stdout(`queued job ${result.job.id}: ${describe(result.job)}\n`);
    return 0;
  });
}

export async function jobList(options: JobListOptions, out: Output): Promise<number> {
  const status = statusesOf(options.status);
  const limit = options.limit === undefined ? undefined : integerOf(options.limit, '--limit');
  return withQueue(options.home, async (queue) => {
    let jobs: JobRow[];
    try {
      jobs = await queue.list({ ...(status ? { status } : {}), ...(limit === undefined ? {} : { limit }) });
    } catch (error) {
      if (error instanceof JobInputError) throw new UsageError(error.message);
      throw error;
    }
    const paused = await queue.isPaused();
    if (options.json) {
      out.stdout(`${JSON.stringify({ paused, jobs }, null, 2)}\n`);
      return 0;
    }
    if (paused) out.stdout('the queue is paused: workers claim nothing until `bots job resume`\n');
    if (jobs.length === 0) {
      out.stdout('no jobs\n');
      return 0;
    }
    for (const job of jobs) out.stdout(`${line(job)}\n`);
    return 0;
  });
}

export async function jobClear(options: JobClearOptions, out: Output): Promise<number> {
  const statuses = statusesOf(options.status) ?? ['pending'];
  if (statuses.includes('running'))
    throw new UsageError(
      'running jobs are not cleared: stop their worker, and the job goes back to the queue',
    );
  return withQueue(options.home, async (queue, store) => {
    const removed = await queue.clear(statuses);
    await auditCli(store, { action: 'clear', entity: 'job', after: { statuses, removed } });
    out.stdout(`removed ${removed} ${statuses.join(', ')} job${removed === 1 ? '' : 's'}\n`);
    return 0;
  });
}

export async function jobPause(pause: boolean, options: HomeOption, out: Output): Promise<number> {
  return withQueue(options.home, async (queue, store) => {
    await (pause ? queue.pause() : queue.resume());
    await auditCli(store, { action: pause ? 'pause' : 'resume', entity: 'queue' });
    out.stdout(pause ? 'queue paused: workers claim nothing until `bots job resume`\n' : 'queue resumed\n');
    return 0;
  });
}

function withQueue(
  home: string | undefined,
  work: (queue: Awaited<ReturnType<typeof jobQueueFor>>, store: Store) => Promise<number>,
): Promise<number> {
  return withStore(home, async ({ store }) => {
    await store.migrate();
    return work(await jobQueueFor(store), store);
  });
}

function describe(job: JobRow): string {
  const routes = job.routes.length > 0 ? job.routes.join(', ') : 'every route of the default run';
  return job.kind === 'maintenance' ? 'maintenance (cleanup)' : `engine ${job.mode}: ${routes}`;
}

function line(job: JobRow): string {
  const parts = [
    `${String(job.id).padStart(6)}  ${job.status.padEnd(9)}`,
    describe(job),
    `priority ${job.priority}`,
    `attempts ${job.attempts}/${job.maxAttempts}`,
    `queued ${job.createdAt.toISOString()}`,
  ];
  if (job.status === 'pending' && job.runAfter.getTime() > Date.now())
    parts.push(`not before ${job.runAfter.toISOString()}`);
  if (job.leaseHolder) parts.push(`held by ${job.leaseHolder}`);
  if (job.error) parts.push(`error: ${job.error}`);
  return parts.join('  ');
}

function statusesOf(text: string | undefined): JobStatus[] | undefined {
  if (text === undefined) return undefined;
  const statuses = text.split(',').map((part) => part.trim());
  for (const status of statuses)
    if (!(JOB_STATUSES as readonly string[]).includes(status))
      throw new UsageError(`unknown job status "${status}" (${JOB_STATUSES.join(', ')})`);
  return statuses as JobStatus[];
}

function integerOf(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`${flag} needs a whole number; got "${text}"`);
  return Number(text);
}

function optionalInteger<K extends string>(
  key: K,
  text: string | undefined,
  flag = `--${key}`,
): Partial<Record<K, number>> {
  return text === undefined ? {} : ({ [key]: integerOf(text, flag) } as Record<K, number>);
}

function dateOf(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--after needs a date and time such as 2026-12-01T18:00:00Z; got "${text}"`);
  return date;
}
