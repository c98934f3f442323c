/**
 * A role's health endpoints (server/health-server.ts) when BOTS_HEALTH_PORT is set: its heartbeat ticks every
 * `intervalMs`, and `markStarted` flips /health/startup.
 */
import type { WorkspaceLayout } from '../runtime/workspace.js';
import { Heartbeat } from '../server/health.js';
import { ProcessMetrics } from '../server/metrics.js';
import { healthPort, startHealthServer } from '../server/health-server.js';
import type { Store } from '../store/store.js';

export interface RoleHealth {
  /** Where the endpoints listen, when they do. */
  port: number | undefined;
  markStarted(): void;
  close(): Promise<void>;
}

export async function startRoleHealth(
  role: string,
  store: Store,
  layout: WorkspaceLayout,
  intervalMs: number,
): Promise<RoleHealth> {
  const port = healthPort();
  let started = false;
  const heartbeat = new Heartbeat(intervalMs).start();
  const server =
    port === undefined
      ? undefined
      : await startHealthServer(
          port,
          { role, store, layout, heartbeat, started: () => started },
          new ProcessMetrics(role),
        );
  return {
    port,
    markStarted: () => void (started = true),
    close: async () => {
      heartbeat.stop();
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
