/**
 * The health checks every long-running role answers (DESIGN.md "health"): live, ready and startup, each a report
 * of named checks. The web role serves them on its HTTP port; the other roles through health-server.ts.
 * - live: the event loop answers (the probe is answered at all) and the role's heartbeat, a timer that ticks every
 *   `intervalMs`, is younger than twice that: a loop blocked by a long synchronous step fails it.
 * - ready: the database answers, its schema is current (no migration pending), and the workspace's data and log
 *   folders take a new file.
 * - startup: the role has finished starting.
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceLayout } from '../runtime/workspace.js';
import type { Store } from '../store/store.js';

export type HealthCheck = 'live' | 'ready' | 'startup';
export const HEALTH_CHECKS: readonly HealthCheck[] = ['live', 'ready', 'startup'];

export interface HealthReport {
  status: 'ok' | 'fail';
  role: string;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** A timer that ticks while the event loop runs; live reads its age. */
export class Heartbeat {
  private last = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly intervalMs: number) {}

  start(): this {
    this.last = Date.now();
    this.timer = setInterval(() => (this.last = Date.now()), this.intervalMs).unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  ageMs(): number {
    return Date.now() - this.last;
  }
}

export interface HealthSource {
  role: string;
  store: Store;
  layout: WorkspaceLayout;
  heartbeat: Heartbeat;
  /** True once the role has started (its readiness announced). */
  started(): boolean;
}

export async function checkHealth(check: HealthCheck, source: HealthSource): Promise<HealthReport> {
  const checks: HealthReport['checks'] = {};
  if (check === 'live') {
    const age = source.heartbeat.ageMs();
    const limit = 2 * source.heartbeat.intervalMs;
    checks['heartbeat'] =
      age <= limit ? { ok: true } : { ok: false, detail: `last heartbeat ${age} ms ago (limit ${limit} ms)` };
  }
  if (check === 'startup')
    checks['started'] = source.started() ? { ok: true } : { ok: false, detail: 'starting' };
  if (check === 'ready') {
    const db = await source.store.health();
    checks['database'] = db.reachable ? { ok: true } : { ok: false, detail: `not reachable: ${db.error}` };
    if (db.reachable)
      checks['schema'] =
        db.pendingMigrations === 0
          ? { ok: true }
          : { ok: false, detail: `${db.pendingMigrations} migration(s) not applied: run bots migrate` };
    for (const [name, folder] of [
      ['data', source.layout.data],
      ['logs', source.layout.logs],
    ] as const)
      checks[`workspace-${name}`] = writable(folder);
  }
  const ok = Object.values(checks).every((c) => c.ok);
  return { status: ok ? 'ok' : 'fail', role: source.role, checks };
}

/** Whether a new file can be written in `folder` (created and removed at once). */
function writable(folder: string): { ok: boolean; detail?: string } {
  const probe = join(folder, `.health-${process.pid}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      detail: `${folder} is not writable: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
}
