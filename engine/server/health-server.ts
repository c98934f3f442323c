/**
 * The health endpoints of a role without a web server of its own (worker, scheduler, directory monitor):
 * `/health/ping|live|ready|startup` on 127.0.0.1:BOTS_HEALTH_PORT, without authentication (DESIGN.md: health is
 * the only public surface), answering 200 with the report when healthy and 503 when not; and `/metrics` of this
 * process for an API token with the `metrics` scope (or a role): `Authorization: Bearer <token>`. Under `bots serve` each
 * role gets the base port plus its offset (ROLE_HEALTH_OFFSETS), so several roles share one host.
 */
import { createServer, type Server } from 'node:http';
import { allowed, METRICS } from './auth/principal.js';
import { bearerPrincipal } from './auth/authenticate.js';
import { checkHealth, HEALTH_CHECKS, type HealthCheck, type HealthSource } from './health.js';
import type { ProcessMetrics } from './metrics.js';
import type { ServerResponse } from 'node:http';

export const ROLE_HEALTH_OFFSETS: Readonly<Record<string, number>> = {
  worker: 1,
  scheduler: 2,
  dirmonitor: 3,
};

/** The port from BOTS_HEALTH_PORT, or undefined when it is not set; a bad value is an error that names it. */
export function healthPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env['BOTS_HEALTH_PORT'];
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`BOTS_HEALTH_PORT must be a port number from 1 to 65535; got "${text}"`);
  return port;
}

export async function startHealthServer(
  port: number,
  source: HealthSource,
  metrics?: ProcessMetrics,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]!;
    if (path === '/metrics' && metrics && request.method === 'GET') {
      void answerMetrics(source, metrics, request.headers.authorization, response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'content-type': 'application/json', allow: 'GET, HEAD' });
      response.end(JSON.stringify({ error: 'Only GET and HEAD are answered here' }));
      return;
    }
    if (path === '/health/ping') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('pong\n');
      return;
    }
    const check = path.startsWith('/health/') ? (path.slice('/health/'.length) as HealthCheck) : undefined;
    if (!check || !HEALTH_CHECKS.includes(check)) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: `No such endpoint ${path}; try /health/ping, live, ready or startup` }),
      );
      return;
    }
    checkHealth(check, source).then(
      (report) => {
        response.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify(report));
      },
      (error: unknown) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'fail', role: source.role, error: String(error) }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.unref();
  return server;
}

async function answerMetrics(
  source: HealthSource,
  metrics: ProcessMetrics,
  authorization: string | undefined,
  response: ServerResponse,
): Promise<void> {
  const found = authorization
    ? await bearerPrincipal(source.store, authorization, new Date()).catch(() => undefined)
    : undefined;
  const principal = found === 'malformed' ? undefined : found;
  if (!principal || !allowed(principal, METRICS)) {
    response.writeHead(principal ? 403 : 401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: principal ? 'forbidden' : 'unauthenticated',
        message: 'Metrics need an API token with the metrics scope: Authorization: Bearer <token>',
      }),
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  response.end(metrics.render());
}
