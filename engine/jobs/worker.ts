/**
 * The worker (DESIGN.md roles): claims jobs from the queue and runs them in this process with runEngine, never
 * by spawning `node` (on the desktop that would be Electron itself). One job at a time; route leases keep a
 * route from running twice even when several workers take jobs for it.
 *
 * Per job:
 * - the claim's lease is renewed every third of its length, with the run's progress; a renewal that fails means
 *   the claim was lost (the job went back to the queue), and the run is stopped;
 * - after the job's maxRuntimeSeconds the run is stopped through its AbortSignal (the engine checks it between
 *   files and messages; what was committed stays) and the job fails with retry; if the run has not stopped
 *   `graceMs` later, `onStuck` is called: the worker role exits so its supervisor starts a fresh one;
 * - a stop request (SIGTERM: the `stop` signal) lets the current job finish for `drainMs`, then stops it and
 *   gives it back to the queue (requeued, not counted as a failure).
 * Outcomes: done; failed with retry for run errors, a held route and the runtime limit; failed without retry
 * for requests the configuration cannot serve (an unknown route).
 */
import { hostname } from 'node:os';
import { RoutePlanError } from '../runtime/route-plan.js';
import { runEngine, type EngineMode, type RunReport } from '../runtime/run-engine.js';
import type { Store } from '../store/store.js';
import type { Claim, JobProgress, JobQueue, JobRow, Outcome } from './job-queue.js';

export interface WorkerOptions {
  store: Store;
  queue: JobQueue;
  /** The workspace folder. */
  home: string;
  /** Stops the worker: no new claims; the current job drains, then is requeued. */
  stop: AbortSignal;
  /** Who claims (default host:pid). */
  holder?: string;
  /** Lease of a claim (default 60 s). */
  leaseMs?: number;
  /** Wait between claims when the queue has nothing due (default 2 s). */
  pollMs?: number;
  /** Return as soon as the queue has nothing due, instead of waiting for more (`bots worker --once`). */
  untilEmpty?: boolean;
  /** How long a run may take to stop after it was told to (default 30 s). */
  graceMs?: number;
  /** How long a stop request waits for the current job before stopping it (default 30 s). */
  drainMs?: number;
  /** A run that did not stop within graceMs of its runtime limit (default: exit the process with 1). */
  onStuck?: (job: JobRow) => void;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { kind: 'claimed'; job: JobRow; attempt: number }
  | { kind: 'finished'; job: JobRow; outcome: Outcome; kept: boolean }
  | { kind: 'lost'; job: JobRow }
  | { kind: 'progress'; job: JobRow; progress: JobProgress }
  | { kind: 'error'; error: string; retryInMs: number };

export function defaultHolder(): string {
  return `${hostname()}:${process.pid}`;
}

/** Claims and runs jobs until `stop` is aborted. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const holder = options.holder ?? defaultHolder();
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 2000;
  let failures = 0;
  while (!options.stop.aborted) {
    try {
      const claim = await options.queue.claim(holder, { leaseMs });
      failures = 0;
      if (!claim) {
        if (options.untilEmpty) return;
        await sleep(pollMs, options.stop);
        continue;
      }
      await runJob(claim, { ...options, leaseMs });
    } catch (error) {
      // The database went away (or similar): wait and try again, longer each time up to a minute. A job whose
      // outcome could not be recorded is retried when its lease expires.
      failures++;
      const waitMs = Math.min(60_000, pollMs * 2 ** Math.min(failures, 10));
      options.onEvent?.({
        kind: 'error',
        error: error instanceof Error ? error.message : String(error),
        retryInMs: waitMs,
      });
      await sleep(waitMs, options.stop);
    }
  }
}

/** Runs one claimed job to its outcome and records it. */
export async function runJob(claim: Claim, options: WorkerOptions & { leaseMs: number }): Promise<Outcome> {
  const { job } = claim;
  const emit = options.onEvent ?? (() => undefined);
  emit({ kind: 'claimed', job, attempt: claim.attempt });
  const run = new AbortController();
  let why: 'runtime' | 'stop' | 'lost' | undefined;
  const halt = (reason: 'runtime' | 'stop' | 'lost'): void => {
    if (run.signal.aborted) return;
    why = reason;
    run.abort();
  };
  let progress: JobProgress | undefined;
  let runId: string | undefined;
  const timers: NodeJS.Timeout[] = [];
  const renew = async (): Promise<void> => {
    const kept = await options.queue.heartbeat(claim, {
      leaseMs: options.leaseMs,
      ...(progress ? { progress } : {}),
      ...(runId ? { runId } : {}),
    });
    if (!kept) {
      emit({ kind: 'lost', job });
      halt('lost');
    }
  };
  timers.push(setInterval(() => void renew().catch(() => undefined), Math.max(1000, options.leaseMs / 3)));
  timers.push(
    setTimeout(() => {
      halt('runtime');
      timers.push(setTimeout(() => (options.onStuck ?? exitStuck)(job), options.graceMs ?? 30_000));
    }, job.maxRuntimeSeconds * 1000),
  );
  const onStop = (): void => {
    timers.push(setTimeout(() => halt('stop'), options.drainMs ?? 30_000));
  };
  if (options.stop.aborted) onStop();
  else options.stop.addEventListener('abort', onStop, { once: true });

  let outcome: Outcome;
  try {
    const report = await runEngine(
      { mode: engineMode(job), routes: job.routes, home: options.home, store: options.store },
      {
        signal: run.signal,
        onProgress: (p) => {
          runId = p.runId;
          progress = {
            route: p.route,
            file: p.file,
            received: p.counts.received,
            translated: p.counts.translated,
            errors: p.counts.errors,
            sent: p.counts.sent,
          };
          emit({ kind: 'progress', job, progress });
        },
      },
    );
    outcome = outcomeOf(report, why, job);
  } catch (error) {
    // A request the configuration cannot serve fails for good; anything else (a held route, the database)
    // may pass on a later attempt.
    const message = error instanceof Error ? error.message : String(error);
    outcome = { status: 'failed', error: message, retry: !(error instanceof RoutePlanError) };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    options.stop.removeEventListener('abort', onStop);
  }
  const kept = why === 'lost' ? false : await options.queue.finish(claim, outcome);
  emit({ kind: 'finished', job, outcome, kept });
  return outcome;
}

function outcomeOf(report: RunReport, why: 'runtime' | 'stop' | 'lost' | undefined, job: JobRow): Outcome {
  const runId = report.runId;
  if (report.status === 'done') return { status: 'done', runId, result: { ...report.counts } };
  if (report.status === 'cancelled' && why === 'stop')
    return { status: 'requeued', reason: `The worker stopped (run ${runId} was cancelled)` };
  if (report.status === 'cancelled' && why === 'runtime')
    return {
      status: 'failed',
      error: `Stopped after its maximum runtime of ${job.maxRuntimeSeconds} s (run ${runId})`,
      retry: true,
      runId,
    };
  return {
    status: 'failed',
    error: report.error ?? `Run ${runId} ended ${report.status}`,
    retry: true,
    runId,
  };
}

/** The run mode of a job; the queue accepts no other (jobRow refuses crash-recovery). */
function engineMode(job: JobRow): EngineMode {
  if (job.mode === 'crash-recovery') throw new RoutePlanError('crash-recovery is not a job mode');
  return job.mode;
}

function exitStuck(job: JobRow): void {
  process.stderr.write(
    `bots worker: job ${job.id} did not stop after its maximum runtime; exiting so the supervisor starts a fresh worker\n`,
  );
  process.exit(1);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
