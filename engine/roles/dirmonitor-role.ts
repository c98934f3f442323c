/**
 * `bots dirmonitor`: the directory monitor role (engine/jobs/dir-monitor.ts). Watches the in-channels of routes
 * marked `monitor` and the extra monitored folders, and queues a run per burst of activity, until SIGTERM or
 * SIGINT. Prints one line per queued job and per problem.
 */
import type { Output } from '../cli/output.js';
import { openWorkspaceStore } from '../cli/store-access.js';
import { DirMonitor, type DirMonitorEvent } from '../jobs/dir-monitor.js';
import { jobQueueFor } from '../jobs/queue-for-store.js';
import { announceReady, HEARTBEAT_MS } from './readiness.js';
import { stopSignal } from './stop-signal.js';
import { startRoleHealth, type RoleHealth } from './role-health.js';

export interface DirMonitorRoleOptions {
  home?: string;
  /** Quiet time that ends a burst, in seconds (default 2). */
  debounceSeconds?: number;
  /** Poll every this many seconds instead of using file-system events (network file systems). */
  pollSeconds?: number;
}

export async function dirMonitorRole(options: DirMonitorRoleOptions, out: Output): Promise<number> {
  const { store, layout } = await openWorkspaceStore(options.home);
  let health: RoleHealth | undefined;
  try {
    await store.migrate();
    health = await startRoleHealth('dirmonitor', store, layout, HEARTBEAT_MS);
    const monitor = new DirMonitor({
      store,
      queue: await jobQueueFor(store),
      dataRoot: layout.data,
      ...(options.debounceSeconds === undefined ? {} : { debounceMs: options.debounceSeconds * 1000 }),
      ...(options.pollSeconds === undefined ? {} : { pollMs: options.pollSeconds * 1000 }),
      onEvent: (event) => out.stdout(`dirmonitor: ${describeEvent(event)}\n`),
    });
    await monitor.start();
    announceReady();
    health.markStarted();
    await stopSignal();
    await monitor.stop();
    out.stdout('dirmonitor: stopped\n');
    return 0;
  } finally {
    await health?.close();
    await store.close();
  }
}

function describeEvent(event: DirMonitorEvent): string {
  switch (event.kind) {
    case 'watching':
      return event.targets.length === 0
        ? 'nothing to watch: mark routes with "monitor": true, or add folders with `bots monitor add`'
        : `watching ${event.targets.map((t) => `${t.folder} (${t.source}, route ${t.route})`).join(', ')}`;
    case 'queued':
      return `${event.events} change${event.events === 1 ? '' : 's'} for route ${event.route}: ${event.duplicate ? `job ${event.jobId} is still pending` : `queued job ${event.jobId}`}`;
    case 'error':
      return `problem: ${event.error}`;
  }
}
