// GET /api/openapi.json: served to principals with a role, describes every registered route with its method, its
// access, parameters and responses, and every schema in it compiles and every $ref resolves. Time budget: about
// 2 seconds.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ResponseChecker, startApi, usersOfEachRole, type ApiServer } from '../../helpers/api.js';

let server: ApiServer;
let document: {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses: Record<string, unknown>;
        'x-bots-access': unknown;
        parameters: { name: string; in: string }[];
      }
    >
  >;
  components: { schemas: Record<string, object> };
};

beforeAll(async () => {
  server = await startApi();
  const checker = new ResponseChecker(server.routes);
  const { viewer } = await usersOfEachRole(server, checker);
  const response = await viewer.request('GET', '/api/openapi.json');
  expect(response.status).toBe(200);
  document = response.body as typeof document;
});
afterAll(async () => server.close());

describe('the OpenAPI description', () => {
  it('needs a principal', async () => {
    const anonymous = new ApiClient(server, new ResponseChecker(server.routes));
    expect((await anonymous.request('GET', '/api/openapi.json')).status).toBe(401);
  });

  it('lists every registered route with its method, access and path parameters', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of server.routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation!.responses[String(route.status ?? 200)]).toBeDefined();
      expect(operation!['x-bots-access']).toEqual(
        route.access.kind === 'public'
          ? 'public'
          : { role: route.access.role, scopes: route.access.scopes ?? [] },
      );
      for (const name of [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
        expect(operation!.parameters).toContainEqual(expect.objectContaining({ name, in: 'path' }));
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(server.routes.length);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
  });

  it('holds schemas that compile, with every reference resolved', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const text = JSON.stringify(document);
    for (const [, id] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      expect(document.components.schemas[id!], `component ${id}`).toBeDefined();
    for (const [path, methods] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(methods))
        for (const [status, response] of Object.entries(operation.responses)) {
          const content = (response as { content?: Record<string, { schema: object }> }).content ?? {};
          for (const { schema } of Object.values(content))
            expect(
              () => ajv.compile({ ...schema, components: document.components }),
              `${method} ${path} ${status}`,
            ).not.toThrow();
        }
  });
});
