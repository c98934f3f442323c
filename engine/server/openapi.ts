/**
 * The OpenAPI 3.1 description of the API, generated from the route declarations and their zod schemas
 * (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Schemas that carry an id
 * (`.meta({ id })`) become components and are referenced; everything else is inlined.
 */
import { z } from 'zod';
import type { AnyRoute } from './api-route.js';
import { errorSchema } from './http-error.js';

type JsonSchema = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

const COMMON_ERRORS: Readonly<Record<number, string>> = {
  400: 'The request is not valid (the body says which value and why)',
  401: 'Not logged in, or the token is unknown, revoked or expired',
  403: 'The principal may not do this, a CSRF token is missing, or a one-time token is not valid',
  500: 'The server failed',
};
const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  404: 'Not found',
  409: 'Conflict with the current state',
  412: 'Changed meanwhile: read it again (the If-Match version is old)',
  413: 'The body is too large',
  415: 'The body is not JSON',
  429: 'Too many attempts; Retry-After says when to try again',
  503: 'Not available in this workspace now (the message says why)',
};

export function openApiDocument(routes: readonly AnyRoute[], version: string): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
    hoist(toJson(schema, io), components);
  const errorRef = schemaOf(errorSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    const status = route.status ?? 200;
    responses[String(status)] = route.response
      ? {
          description: 'Success',
          content: { [route.produces ?? 'application/json']: { schema: schemaOf(route.response, 'output') } },
        }
      : { description: 'Success, no content' };
    const errors: Record<number, string> = { ...COMMON_ERRORS };
    if (route.body) Object.assign(errors, { 413: ERROR_DESCRIPTIONS[413], 415: ERROR_DESCRIPTIONS[415] });
    for (const code of route.errors ?? []) errors[code] = ERROR_DESCRIPTIONS[code] ?? 'Error';
    for (const [code, description] of Object.entries(errors))
      responses[code] = { description, content: { 'application/json': { schema: errorRef } } };
    const operation: Record<string, unknown> = {
      operationId: operationId(route),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      parameters: [
        ...parameters(route.params, 'path', components),
        ...parameters(route.query, 'query', components),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: route.consumes
                ? {
                    [route.consumes === 'any' ? '*/*' : route.consumes]: {
                      schema: { type: 'string', format: 'binary' },
                    },
                  }
                : { 'application/json': { schema: schemaOf(route.body, 'input') } },
            },
          }
        : {}),
      responses,
      security: route.access.kind === 'public' ? [] : [{ session: [] }, { token: [] }],
      'x-bots-access':
        route.access.kind === 'public'
          ? 'public'
          : { role: route.access.role, scopes: route.access.scopes ?? [] },
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Bots EDI API',
      version,
      description:
        'Configuration, transactions and actions of the EDI translator. Log in with POST /api/session (a cookie; send ' +
        'X-CSRF-Token on changes) or send an API token as "Authorization: Bearer <token>".',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'bots_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}

function toJson(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json['$schema'];
  return json;
}

/** Moves `$defs` into the components and points their references there. */
function hoist(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const defs = (schema['$defs'] ?? {}) as Record<string, JsonSchema>;
  delete schema['$defs'];
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const out: JsonSchema = {};
    for (const [key, inner] of Object.entries(value))
      out[key] =
        key === '$ref' && typeof inner === 'string'
          ? inner.replace('#/$defs/', '#/components/schemas/')
          : rewrite(inner);
    return out;
  };
  for (const [id, def] of Object.entries(defs)) components[id] = rewrite(def) as JsonSchema;
  return rewrite(schema) as JsonSchema;
}

function parameters(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  components: Record<string, JsonSchema>,
): unknown[] {
  if (!schema) return [];
  const json = hoist(toJson(schema, 'input'), components);
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    schema: property,
  }));
}

function operationId(route: AnyRoute): string {
  const words = route.path
    .replace(/^\/api\//, '')
    .split('/')
    .map((part) => (part.startsWith('{') ? `by-${part.slice(1, -1)}` : part));
  return [route.method.toLowerCase(), ...words]
    .join('-')
    .replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}
