/**
 * `bots healthcheck --check live|ready|startup [--role R] [--port N] [--json] [--quiet]`: asks a role's health
 * endpoint (server/health-server.ts) on 127.0.0.1 and exits 0 healthy, 1 unhealthy or no answer, 2 configuration
 * error (DESIGN.md exit codes). The port is --port, else BOTS_HEALTH_PORT, plus the role's offset with --role
 * (the ports `bots serve` gives its roles). Container probes run it with --quiet.
 */
import { HEALTH_CHECKS, type HealthCheck, type HealthReport } from '../server/health.js';
import { healthPort, ROLE_HEALTH_OFFSETS } from '../server/health-server.js';
import { webSettings } from '../server/web-settings.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

export interface HealthcheckOptions {
  check?: string;
  role?: string;
  port?: string;
  json?: boolean;
  quiet?: boolean;
}

const TIMEOUT_MS = 5000;

export async function healthcheckCommand(options: HealthcheckOptions, out: Output): Promise<number> {
  const check = (options.check ?? 'live') as HealthCheck;
  if (!HEALTH_CHECKS.includes(check))
    throw new UsageError(`--check must be live, ready or startup; got "${options.check}"`);
  const port = portOf(options);
  const url = `http://127.0.0.1:${port}/health/${check}`;
  const say = (text: string): void => {
    if (!options.quiet) out.stdout(text);
  };
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    if (options.json) say(`${JSON.stringify({ status: 'fail', url, error: reason })}\n`);
    else say(`${check}: no answer from ${url} (${reason})\n`);
    return 1;
  }
  const report = (await response.json().catch(() => undefined)) as HealthReport | undefined;
  const ok = response.status === 200 && report?.status === 'ok';
  if (options.json)
    say(`${JSON.stringify(report ?? { status: 'fail', url, httpStatus: response.status })}\n`);
  else {
    say(`${report?.role ?? 'role'} ${check}: ${ok ? 'ok' : 'FAIL'}\n`);
    for (const [name, result] of Object.entries(report?.checks ?? {}))
      if (!result.ok) say(`  ${name}: ${result.detail ?? 'failed'}\n`);
  }
  return ok ? 0 : 1;
}

function portOf(options: HealthcheckOptions): number {
  let base: number | undefined;
  if (options.port !== undefined) {
    base = Number(options.port);
    if (!Number.isInteger(base) || base < 1 || base > 65535)
      throw new UsageError(`--port must be a port number from 1 to 65535; got "${options.port}"`);
  } else {
    try {
      // The web role answers health on its own HTTP port (BOTS_WEB_PORT), the others on BOTS_HEALTH_PORT.
      if (options.role === 'web') return webSettings({}).port;
      base = healthPort();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (base === undefined) throw new UsageError('no health port: give --port or set BOTS_HEALTH_PORT');
  if (options.role === undefined || options.role === 'web') return base;
  const offset = ROLE_HEALTH_OFFSETS[options.role];
  if (offset === undefined)
    throw new UsageError(
      `unknown role "${options.role}" (web, ${Object.keys(ROLE_HEALTH_OFFSETS).join(', ')})`,
    );
  return base + offset;
}
