/**
 * `bots serve`: migrates the database, then runs the long-running roles as supervised processes (web, worker,
 * scheduler, directory monitor) until SIGTERM or SIGINT, and then stops them all. Each role's output is printed
 * with its name and kept in botssys/logs/<role>.log (runtime/role-log.ts). It prints the admin URL and, while no admin exists, a one-time setup link (server/setup-link.ts).
 */
import { stopSignal } from '../roles/stop-signal.js';
import { RoleLogs } from '../runtime/role-log.js';
import { healthPort, ROLE_HEALTH_OFFSETS } from '../server/health-server.js';
import { issueSetupLink } from '../server/setup-link.js';
import { adminUrl, webSettings, WebSettingsError } from '../server/web-settings.js';
import { ChildProcessLauncher } from '../supervisor/launcher.child-process.js';
import { Supervisor, type SupervisorEvent } from '../supervisor/supervisor.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

export const SERVE_ROLES = ['web', 'worker', 'scheduler', 'dirmonitor'] as const;
export type ServeRole = (typeof SERVE_ROLES)[number];

export interface ServeOptions {
  home?: string;
  /** Comma-separated subset of SERVE_ROLES. */
  roles?: string;
}

export async function serveCommand(options: ServeOptions, out: Output): Promise<number> {
  const roles = rolesOf(options.roles);
  const web = roles.includes('web') ? webAddress() : undefined;
  const { description, setupLink, logFolder } = await withStore(
    options.home,
    async ({ store, description, layout }) => {
      await store.migrate();
      return {
        description,
        setupLink: web ? await issueSetupLink(store, web) : undefined,
        logFolder: layout.logs,
      };
    },
  );
  const logs = new RoleLogs(logFolder);
  out.stdout(`serve: database up to date: ${description}\n`);
  const home = options.home ? ['--home', options.home] : [];
  // Each role's health endpoints: the base port plus the role's offset (bots healthcheck --role finds them).
  const base = healthPort();
  const supervisor = new Supervisor({
    launcher: new ChildProcessLauncher(),
    roles: roles.map((role) => ({
      role,
      args: [role, ...home, ...(role === 'web' ? ['--no-setup-link'] : [])],
      ...(base === undefined || role === 'web'
        ? {}
        : { env: { BOTS_HEALTH_PORT: String(base + ROLE_HEALTH_OFFSETS[role]!) } }),
    })),
    onEvent: (event) => out.stdout(`serve: ${describeEvent(event)}\n`),
    onLine: (role, stream, line) => {
      (stream === 'stderr' ? out.stderr : out.stdout)(`[${role}] ${line}\n`);
      logs.write(role, stream, line);
    },
  });
  const stopped = stopSignal();
  await supervisor.start();
  out.stdout(`serve: running ${roles.join(', ')}; stop with SIGTERM or Ctrl-C\n`);
  if (web) out.stdout(`serve: admin at ${web}\n`);
  if (setupLink) out.stdout(`serve: no admin yet: open ${setupLink} within 24 hours to create one\n`);
  const signal = await stopped;
  out.stdout(`serve: ${signal}: stopping every role\n`);
  await supervisor.stop();
  out.stdout('serve: stopped\n');
  return 0;
}

function webAddress(): string {
  try {
    const { host, port } = webSettings({});
    return adminUrl(host, port);
  } catch (error) {
    if (error instanceof WebSettingsError) throw new UsageError(error.message);
    throw error;
  }
}

function rolesOf(text: string | undefined): ServeRole[] {
  if (text === undefined) return [...SERVE_ROLES];
  const roles = text.split(',').map((r) => r.trim());
  for (const role of roles)
    if (!(SERVE_ROLES as readonly string[]).includes(role))
      throw new UsageError(`unknown role "${role}" (${SERVE_ROLES.join(', ')})`);
  return [...new Set(roles)] as ServeRole[];
}

function describeEvent(event: SupervisorEvent): string {
  switch (event.kind) {
    case 'started':
      return `${event.role} started (pid ${event.pid ?? '?'})`;
    case 'ready':
      return `${event.role} ready (pid ${event.pid ?? '?'}) in ${event.ms} ms`;
    case 'exited':
      return `${event.role} exited (${event.signal ?? `code ${event.code}`}); restarting in ${((event.restartInMs ?? 0) / 1000).toFixed(1)} s`;
    case 'unresponsive':
      return `${event.role} (pid ${event.pid ?? '?'}) sent no heartbeat for ${Math.round(event.silentMs / 1000)} s; killed, to be restarted`;
    case 'start-timeout':
      return `${event.role} did not report ready within ${event.ms / 1000} s; killed, to be restarted`;
    case 'crash-loop':
      return `${event.role} is crash-looping (${event.restarts} restarts within ${event.windowMs / 1000} s); it keeps being restarted at the longest backoff: see its output above`;
    case 'stopped':
      return `${event.role} stopped${event.forced ? ' (killed: it did not stop in time)' : ''}`;
  }
}
