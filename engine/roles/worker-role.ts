/**
 * `bots worker` (container alias `jobqueue`): the worker role. Opens the workspace's database, claims jobs and
 * runs them in this process until SIGTERM or SIGINT; then the current job drains for a while and is given back
 * to the queue if it has not finished (engine/jobs/worker.ts). Prints one line per job event.
 */
import { openWorkspaceStore } from '../cli/store-access.js';
import type { Output } from '../cli/output.js';
import type { Outcome } from '../jobs/job-queue.js';
import { jobQueueFor } from '../jobs/queue-for-store.js';
import { defaultHolder, runWorker, type WorkerEvent } from '../jobs/worker.js';
import { announceReady } from './readiness.js';
import { stopSignal } from './stop-signal.js';
import { startRoleHealth, type RoleHealth } from './role-health.js';

export interface WorkerRoleOptions {
  home?: string;
  /** Seconds between claims when nothing is due. */
  pollSeconds?: number;
  /** Seconds the current job may still run after SIGTERM before it is given back. */
  drainSeconds?: number;
  once?: boolean;
}

export async function workerRole(options: WorkerRoleOptions, out: Output): Promise<number> {
  const { store, layout, description } = await openWorkspaceStore(options.home);
  const stop = new AbortController();
  void stopSignal().then(() => stop.abort());
  const holder = defaultHolder();
  let health: RoleHealth | undefined;
  try {
    await store.migrate();
    const queue = await jobQueueFor(store);
    health = await startRoleHealth('worker', store, layout, (options.pollSeconds ?? 2) * 1000);
    out.stdout(
      `worker ${holder}: claiming jobs from ${description}${options.once ? ' until none is due' : ''}\n`,
    );
    announceReady();
    health.markStarted();
    if (health.port !== undefined)
      out.stdout(`worker ${holder}: health on http://127.0.0.1:${health.port}/health/\n`);
    await runWorker({
      store,
      queue,
      home: layout.home,
      stop: stop.signal,
      holder,
      ...(options.pollSeconds === undefined ? {} : { pollMs: options.pollSeconds * 1000 }),
      ...(options.drainSeconds === undefined ? {} : { drainMs: options.drainSeconds * 1000 }),
      ...(options.once ? { untilEmpty: true } : {}),
      onEvent: (event) => {
        const line = describeEvent(event);
        if (line) out.stdout(`worker ${holder}: ${line}\n`);
      },
    });
    out.stdout(`worker ${holder}: stopped\n`);
    return 0;
  } finally {
    await health?.close();
    await store.close();
  }
}

function describeEvent(event: WorkerEvent): string | undefined {
  if (event.kind === 'error')
    return `cannot reach the queue (${event.error}); trying again in ${event.retryInMs / 1000} s`;
  const job = event.job;
  const what = `job ${job.id} (${job.kind} ${job.mode}${job.routes.length > 0 ? `: ${job.routes.join(', ')}` : ''})`;
  switch (event.kind) {
    case 'claimed':
      return `${what} claimed, attempt ${event.attempt}`;
    case 'lost':
      return `${what} lost its claim (its lease expired); the run is stopped`;
    case 'finished':
      return `${what} ${describeOutcome(event.outcome)}${event.kept ? '' : ' (not recorded: the claim was lost)'}`;
    case 'progress':
      return undefined;
  }
}

function describeOutcome(outcome: Outcome): string {
  switch (outcome.status) {
    case 'done': {
      const c = outcome.result ?? {};
      return `done: run ${outcome.runId ?? '-'}, ${c['received'] ?? 0} received, ${c['translated'] ?? 0} translated, ${c['errors'] ?? 0} in error, ${c['sent'] ?? 0} sent`;
    }
    case 'failed':
      return `failed${outcome.retry ? ' (will be retried)' : ''}: ${outcome.error}`;
    case 'requeued':
      return `given back to the queue: ${outcome.reason}`;
  }
}
