/**
 * `bots schedule add|list|remove`: the cron schedules the scheduler role fires into the job queue (changes take
 * effect at its next reload, within a minute).
 */
import { cronProblems, SCHEDULE_ID } from '../jobs/scheduler.js';
import type { ScheduleRow } from '../store/store.js';
import { modeOf, type ModeFlags } from './mode-flags.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

export interface ScheduleAddOptions extends ModeFlags {
  home?: string;
  timezone?: string;
  priority?: string;
  inactive?: boolean;
  description?: string;
}

export async function scheduleAdd(
  id: string,
  expression: string,
  routes: string[],
  options: ScheduleAddOptions,
  out: Output,
): Promise<number> {
  if (!SCHEDULE_ID.test(id))
    throw new UsageError(`a schedule id is 1 to 64 letters, digits, ".", "_" or "-"; got "${id}"`);
  const problems = cronProblems(expression, options.timezone);
  if (problems.length > 0) throw new UsageError(`"${expression}" is not a schedule: ${problems.join('; ')}`);
  const mode = modeOf(options, routes);
  const priority = options.priority === undefined ? 100 : Number(options.priority);
  if (!Number.isInteger(priority) || priority < 0 || priority > 1000)
    throw new UsageError(
      `--priority must be a whole number from 0 (most urgent) to 1000; got "${options.priority}"`,
    );
  const schedule: ScheduleRow = {
    id,
    cron: expression,
    timezone: options.timezone ?? null,
    kind: mode === 'cleanup' ? 'maintenance' : 'engine',
    mode,
    routes: [...new Set(routes)].sort(),
    priority,
    active: !options.inactive,
    description: options.description ?? null,
  };
  return withStore(options.home, async ({ store }) => {
    await store.migrate();
    const before = (await store.schedules.list()).find((s) => s.id === id);
    const existed = before !== undefined;
    await store.schedules.put(schedule);
    await auditCli(store, {
      action: existed ? 'update' : 'create',
      entity: 'schedules',
      entityId: id,
      before,
      after: schedule,
    });
    out.stdout(`${existed ? 'replaced' : 'added'} schedule ${describe(schedule)}\n`);
    return 0;
  });
}

export async function scheduleList(options: { home?: string; json?: boolean }, out: Output): Promise<number> {
  return withStore(options.home, async ({ store }) => {
    await store.migrate();
    const schedules = await store.schedules.list();
    if (options.json) out.stdout(`${JSON.stringify(schedules, null, 2)}\n`);
    else if (schedules.length === 0) out.stdout('no schedules\n');
    else for (const schedule of schedules) out.stdout(`${describe(schedule)}\n`);
    return 0;
  });
}

export async function scheduleRemove(id: string, options: { home?: string }, out: Output): Promise<number> {
  return withStore(options.home, async ({ store }) => {
    await store.migrate();
    const before = (await store.schedules.list()).find((s) => s.id === id);
    if (!(await store.schedules.remove(id)))
      throw new UsageError(`there is no schedule "${id}"; \`bots schedule list\` lists them`);
    await auditCli(store, { action: 'delete', entity: 'schedules', entityId: id, before });
    out.stdout(`removed schedule ${id}\n`);
    return 0;
  });
}

function describe(s: ScheduleRow): string {
  const what =
    s.kind === 'maintenance'
      ? 'maintenance (cleanup)'
      : `engine ${s.mode}: ${s.routes.length > 0 ? s.routes.join(', ') : 'every route of the default run'}`;
  return `${s.id}  "${s.cron}"${s.timezone ? ` (${s.timezone})` : ''}  ${what}  priority ${s.priority}${s.active ? '' : '  inactive'}`;
}
