/**
 * The web role's HTTP application (Fastify): health endpoints without authentication, then every API route from
 * its declaration (api-route.ts): authenticate, check access, validate params, query and body with zod, run the
 * handler, answer JSON. Every error is a JSON body (http-error.ts); unknown paths are 404 JSON; responses carry
 * no-store caching and no-sniff headers. CORS answers only the configured origins.
 */
import cookie from '@fastify/cookie';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { z } from 'zod';
import type { AnyRoute } from './api-route.js';
import { authenticate } from './auth/authenticate.js';
import { allowed, type Principal } from './auth/principal.js';
import { checkHealth, HEALTH_CHECKS, type HealthCheck } from './health.js';
import {
  badRequest,
  forbidden,
  HttpError,
  unauthenticated,
  type ErrorBody,
  type Problem,
} from './http-error.js';
import type { WebContext } from './web-context.js';

export async function createWebApp(web: WebContext, routes: readonly AnyRoute[]): Promise<FastifyInstance> {
  // Structured JSON logs (pino, through Fastify) of warnings and failures only: Fastify logs every request at
  // `info`, which would drown them. Request headers are never logged, so cookies and tokens cannot leak there.
  const app = Fastify({
    bodyLimit: web.options.bodyLimit,
    trustProxy: web.options.trustProxy,
    logger: { level: 'warn' },
  });
  await app.register(cookie);
  // Plugin uploads: the raw bytes, within the same body limit as JSON.
  app.addContentTypeParser('application/zip', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    allowCors(web, request, reply);
  });
  app.options('/api/*', async (request, reply) => {
    if (!allowCors(web, request, reply))
      throw forbidden('Cross-origin requests are not allowed from this origin (set BOTS_CORS_ORIGINS)');
    reply
      .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
      .header('access-control-allow-headers', 'authorization, content-type, x-csrf-token, idempotency-key')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  });
  app.addHook('onResponse', async (request, reply) => {
    web.processMetrics.countRequest(request.method, request.routeOptions.url ?? 'unknown', reply.statusCode);
  });
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const { status, body, headers } = errorResponse(error);
    if (status >= 500) request.log.error(error);
    void reply
      .code(status)
      .headers(headers ?? {})
      .send(body);
  });
  registerHealth(app, web);
  for (const route of routes) if (route.consumes !== 'any') registerRoute(app, web, route);
  // Routes that take any body as raw bytes get their own context, where every media type is read as a Buffer.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const route of routes) if (route.consumes === 'any') registerRoute(raw, web, route);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      error: 'not_found',
      message: `There is no ${request.method} ${request.url.split('?')[0]}; GET /api/openapi.json lists the API`,
    } satisfies ErrorBody);
  });
  return app;
}

function registerRoute(app: FastifyInstance, web: WebContext, route: AnyRoute): void {
  app.route({
    method: route.method,
    url: route.path.replace(/\{(\w+)\}/g, ':$1'),
    handler: async (request, reply) => {
      let principal: Principal | undefined;
      if (route.access.kind !== 'public') {
        principal = await authenticate(web, request);
        if (!principal) throw unauthenticated();
        if (!allowed(principal, route.access))
          throw forbidden(
            `${principal.kind === 'user' ? `The role ${principal.role}` : 'This token'} may not ${route.summary.toLowerCase()}; it needs the ${route.access.role} role${route.access.scopes?.length ? ` or the scope ${route.access.scopes.join(' or ')}` : ''}`,
          );
      }
      const call = {
        params: parse('params', route.params, request.params),
        query: parse('query', route.query, request.query),
        body: parse('body', route.body, request.body),
        principal,
        request,
        reply,
        web,
      };
      const result = await route.handler(call as never);
      if (reply.sent) return reply;
      const status = route.status ?? 200;
      return status === 204 ? reply.code(204).send() : reply.code(status).send(result);
    },
  });
}

function parse(where: string, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const problems: Problem[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw badRequest(
    `The request's ${where} is not valid: ${problems
      .slice(0, 3)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ')}`,
    problems,
  );
}

function registerHealth(app: FastifyInstance, web: WebContext): void {
  app.get('/health/ping', async (_request, reply) => reply.type('text/plain').send('pong\n'));
  for (const check of HEALTH_CHECKS)
    app.get(`/health/${check}`, async (_request, reply) => {
      const report = await checkHealth(check as HealthCheck, {
        role: 'web',
        store: web.store,
        layout: web.layout,
        heartbeat: web.heartbeat,
        started: web.started,
      });
      return reply.code(report.status === 'ok' ? 200 : 503).send(report);
    });
}

/** Adds the CORS headers when the request's origin is allowed; true when it is. */
function allowCors(web: WebContext, request: FastifyRequest, reply: FastifyReply): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || !web.options.corsOrigins.includes(origin)) return false;
  reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true');
  reply.header('vary', 'Origin');
  return true;
}

function errorResponse(error: FastifyError | HttpError): {
  status: number;
  body: ErrorBody;
  headers?: Readonly<Record<string, string>> | undefined;
} {
  if (error instanceof HttpError)
    return {
      status: error.status,
      body: {
        error: error.code,
        message: error.message,
        ...(error.problems ? { problems: [...error.problems] } : {}),
      },
      headers: error.headers,
    };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: {
          error: 'too_large',
          message: 'The body is larger than this server accepts (BOTS_MAX_BODY_BYTES)',
        },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: 'unsupported_media_type', message: error.message } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        body: { error: 'invalid_request', message: `The body is not valid JSON: ${error.message}` },
      };
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return { status: error.statusCode, body: { error: 'invalid_request', message: error.message } };
  return {
    status: 500,
    body: {
      error: 'internal',
      message: "The server failed to answer this request; the web role's log says why",
    },
  };
}
