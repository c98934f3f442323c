/**
 * `bots scheduler`: the scheduler role. Opens the workspace's database and fires its cron schedules into the job
 * queue until SIGTERM or SIGINT (engine/jobs/scheduler.ts); prints one line per firing and per problem.
 */
import type { Output } from '../cli/output.js';
import { openWorkspaceStore } from '../cli/store-access.js';
import { jobQueueFor } from '../jobs/queue-for-store.js';
import { Scheduler, type SchedulerEvent } from '../jobs/scheduler.js';
import { announceReady, HEARTBEAT_MS } from './readiness.js';
import { stopSignal } from './stop-signal.js';
import { startRoleHealth, type RoleHealth } from './role-health.js';

export interface SchedulerRoleOptions {
  home?: string;
  /** Hours back a missed firing is made up at start (0: never). */
  catchUpHours?: number;
}

export async function schedulerRole(options: SchedulerRoleOptions, out: Output): Promise<number> {
  const { store, layout, description } = await openWorkspaceStore(options.home);
  let health: RoleHealth | undefined;
  try {
    await store.migrate();
    health = await startRoleHealth('scheduler', store, layout, HEARTBEAT_MS);
    const scheduler = new Scheduler({
      store,
      queue: await jobQueueFor(store),
      ...(options.catchUpHours === undefined ? {} : { catchUpMs: options.catchUpHours * 3600_000 }),
      onEvent: (event) => out.stdout(`scheduler: ${describeEvent(event)}\n`),
    });
    await scheduler.start();
    announceReady();
    health.markStarted();
    if (health.port !== undefined)
      out.stdout(`scheduler: health on http://127.0.0.1:${health.port}/health/\n`);
    const running = scheduler.running();
    out.stdout(
      `scheduler: ${running.length} schedule${running.length === 1 ? '' : 's'} from ${description}${running.length > 0 ? ` (${running.join(', ')})` : ''}; stop with SIGTERM or Ctrl-C\n`,
    );
    await stopSignal();
    await scheduler.stop();
    out.stdout('scheduler: stopped\n');
    return 0;
  } finally {
    await health?.close();
    await store.close();
  }
}

function describeEvent(event: SchedulerEvent): string {
  switch (event.kind) {
    case 'fired':
      return `${event.schedule} fired for ${event.fireAt.toISOString()}${event.catchUp ? ' (made up: missed while stopped)' : ''}: ${event.duplicateJob ? `job ${event.jobId} was still pending` : `queued job ${event.jobId}`}`;
    case 'skipped':
      return `${event.schedule} at ${event.fireAt.toISOString()}: ${event.reason}`;
    case 'error':
      return `${event.schedule}: ${event.error}`;
  }
}
