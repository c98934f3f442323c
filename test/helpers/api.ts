/**
 * The web app on a real HTTP port in the test process, over a real store, and a small client that keeps a session
 * cookie and CSRF token (or sends a bearer token) and checks EVERY response it receives against the OpenAPI
 * description the server publishes (status documented, body valid against its schema), so the API tests also prove
 * the description true.
 */
import { ProcessMetrics } from '../../engine/server/metrics.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { workspaceLayout } from '../../engine/runtime/workspace.js';
import { createUser } from '../../engine/server/accounts.js';
import type { AnyRoute } from '../../engine/server/api-route.js';
import { apiRoutes } from '../../engine/server/api-routes.js';
import { Heartbeat } from '../../engine/server/health.js';
import { openApiDocument, type OpenApiDocument } from '../../engine/server/openapi.js';
import { createWebApp } from '../../engine/server/web-app.js';
import { DEFAULT_WEB_OPTIONS, type WebOptions } from '../../engine/server/web-context.js';
import type { UserRole } from '../../engine/store/schema/shared.js';
import { openStore, type Store } from '../../engine/store/store.js';

export interface ApiServer {
  url: string;
  store: Store;
  home: string;
  routes: AnyRoute[];
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startApi(
  options: Partial<WebOptions> = {},
  open?: (home: string) => Promise<Store>,
): Promise<ApiServer> {
  const home = mkdtempSync(join(tmpdir(), 'bots-api-'));
  const store = open
    ? await open(home)
    : await openStore({ kind: 'sqlite', file: join(home, 'bots.sqlite') });
  await store.migrate();
  const server = await startApiOn(home, store, options);
  return {
    ...server,
    async close() {
      await server.close();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The web app over an existing workspace and store; closing it leaves both to their owner. */
export async function startApiOn(
  home: string,
  store: Store,
  options: Partial<WebOptions> = {},
): Promise<ApiServer> {
  const layout = workspaceLayout(home);
  const heartbeat = new Heartbeat(1000).start();
  const routes = apiRoutes(layout.data);
  const app = await createWebApp(
    {
      store,
      layout,
      options: { ...DEFAULT_WEB_OPTIONS, ...options },
      now: () => new Date(),
      heartbeat,
      started: () => true,
      processMetrics: new ProcessMetrics('web'),
    },
    routes,
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the test web app has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    store,
    home,
    routes,
    app,
    async close() {
      await app.close();
      heartbeat.stop();
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Checks responses against the OpenAPI document of the routes. */
export class ResponseChecker {
  private readonly document: OpenApiDocument;
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  private readonly operations: { method: string; pattern: RegExp; path: string }[];

  constructor(routes: readonly AnyRoute[]) {
    this.document = openApiDocument(routes, 'test');
    this.operations = Object.entries(this.document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
      })),
    );
  }

  check(method: string, url: string, status: number, body: unknown, mediaType: string | null): void {
    const path = new URL(url).pathname;
    const operation = this.operations.find((o) => o.method === method && o.pattern.test(path));
    if (!operation) {
      if (status === 404 || status === 405) return;
      throw new Error(`${method} ${path} answered ${status} but is not in the OpenAPI description`);
    }
    const described = this.document.paths[operation.path]![operation.method.toLowerCase()] as {
      responses: Record<string, { content?: Record<string, { schema: object }> }>;
    };
    const response = described.responses[String(status)];
    if (!response)
      throw new Error(`${method} ${path} answered ${status}, which its OpenAPI description does not list`);
    const [describedMedia, content] = Object.entries(response.content ?? {})[0] ?? [];
    const schema = content?.schema;
    if (describedMedia && describedMedia !== 'application/json') {
      if (!mediaType?.startsWith(describedMedia))
        throw new Error(
          `${method} ${path} answered ${status} as ${mediaType}, described as ${describedMedia}`,
        );
      return;
    }
    if (!schema) {
      if (body !== undefined)
        throw new Error(`${method} ${path} answered ${status} with a body where none is described`);
      return;
    }
    const validate = this.ajv.compile({ ...schema, components: this.document.components });
    if (!validate(body))
      throw new Error(
        `${method} ${path} answered ${status} with a body that does not match its schema: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
      );
  }
}

export class ApiClient {
  private cookie: string | undefined;
  private csrf: string | undefined;
  private bearer: string | undefined;

  constructor(
    readonly server: ApiServer,
    private readonly checker: ResponseChecker,
  ) {}

  withToken(secret: string): this {
    this.bearer = secret;
    return this;
  }

  /** Sends a request; `csrf: false` leaves the CSRF header out on purpose. */
  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    // Headers given by the caller win over the client's defaults.
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.bearer) headers['authorization'] ??= `Bearer ${this.bearer}`;
    if (this.cookie) headers['cookie'] = this.cookie;
    if (this.csrf && options.csrf !== false) headers['x-csrf-token'] = this.csrf;
    const url = `${this.server.url}${path}`;
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    // A stream of server-sent events does not end: its headers are checked, its body left unread.
    const streaming = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    if (streaming) await response.body?.cancel();
    const text = streaming ? '' : await response.text();
    const parsed: unknown =
      text === ''
        ? undefined
        : response.headers.get('content-type')?.includes('json')
          ? JSON.parse(text)
          : text;
    this.checker.check(method, url, response.status, parsed, response.headers.get('content-type'));
    const session = (parsed as { session?: { csrfToken?: string }; csrfToken?: string } | undefined) ?? {};
    const csrf = session.session?.csrfToken ?? session.csrfToken;
    if (csrf) this.csrf = csrf;
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** The authentication headers this client sends, for requests made without it (downloads). */
  headers(): Record<string, string> {
    return {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
    };
  }

  async login(username: string, password: string): Promise<ApiResponse<Record<string, unknown>>> {
    return this.request('POST', '/api/session', { username, password });
  }
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** A user of each role, created directly in the store, and a logged-in client for each. */
export async function usersOfEachRole(
  server: ApiServer,
  checker: ResponseChecker,
  prefix = '',
): Promise<Record<UserRole, ApiClient>> {
  const clients = {} as Record<UserRole, ApiClient>;
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    const username = `${prefix}${role}-user`;
    await createUser(server.store, { username, role, password: TEST_PASSWORD }, new Date());
    const client = new ApiClient(server, checker);
    const login = await client.login(username, TEST_PASSWORD);
    if (login.status !== 201) throw new Error(`log-in of ${username} failed: ${JSON.stringify(login.body)}`);
    clients[role] = client;
  }
  return clients;
}
