/**
 * Configuration CRUD for every entity kind (config-entities.ts): for each kind
 * `GET /api/config/{kind}` (list), `POST` (create), `GET|PUT|DELETE /api/config/{kind}/{key}`; plus the whole
 * document: `GET /api/config` (export) and `PUT /api/config` (import). Reading needs the viewer role, changing the
 * admin role. Each answer carries the collection's version as an ETag; a change sent with `If-Match: "<version>"`
 * is refused with 412 when the collection changed meanwhile. Every change is audited with before and after.
 * Keys go URL-encoded into the path (`routes/x12-orders%3A1`). A refused change lists its problems by path: a field of
 * the entity (`settleSeconds`), or a place in the whole configuration for references (`routes[4].fromChannel`).
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute, type RouteCall } from '../api-route.js';
import { ADMIN, VIEWER } from '../auth/principal.js';
import {
  configEntities,
  ENTITY_KINDS,
  EntityConflictError,
  EntityInvalidError,
  EntityNotFoundError,
  exportDocument,
  importDocument,
  type EntityKind,
  type WriteOptions,
} from '../config-entities.js';
import { badRequest, conflict, HttpError, notFound } from '../http-error.js';
import { configDocumentSchema } from '../schemas/config-schemas.js';
import { answering, audit } from './route-helpers.js';

const KEY_FORMATS: Record<EntityKind, string> = {
  channels: 'the channel id',
  routes: 'route id and part number, `id:seq`',
  translations: '`fromEditype:fromMessagetype:alt:fromPartner:toPartner`, absent parts empty',
  partners: 'the partner id',
  'partner-groups': 'the group id',
  'code-lists': '`list:code`',
  'confirm-rules': 'the rule id',
  schedules: 'the schedule id',
  'monitored-folders': 'the folder id',
};

const keyParams = z.object({ key: z.string().min(1).max(1024) });
const version = z
  .string()
  .describe("The collection's version: send it back as If-Match to refuse lost updates");

export function configRoutes(dataRoot: string): AnyRoute[] {
  const entities = configEntities(dataRoot);
  const routes: AnyRoute[] = [
    defineRoute({
      method: 'GET',
      path: '/api/config',
      tag: 'config',
      summary: 'Export the whole configuration',
      access: VIEWER,
      response: z.object({ version, document: configDocumentSchema }),
      async handler(call) {
        const exported = await exportDocument(call.web.store);
        call.reply.header('etag', `"${exported.version}"`);
        return exported;
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/config',
      tag: 'config',
      summary: 'Import (replace) the whole configuration',
      description:
        'Routes, channels, translations, partners, groups, code lists and confirm rules are replaced in one transaction.',
      access: ADMIN,
      body: z.unknown(),
      response: z.object({ version }),
      errors: [412],
      async handler(call) {
        const written = await entityCall(() => importDocument(call.web.store, call.body, writeOptions(call)));
        await audit(call, {
          action: 'import',
          entity: 'config',
          before: written.before,
          after: written.after,
        });
        call.reply.header('etag', `"${written.version}"`);
        return { version: written.version };
      },
    }),
  ];
  for (const kind of ENTITY_KINDS) routes.push(...kindRoutes(kind, entities[kind] as Entities));
  return routes;
}

type Entities = ReturnType<typeof configEntities>['channels'];

function kindRoutes(kind: EntityKind, service: Entities): AnyRoute[] {
  const entity = service.schema as z.ZodType;
  const noun = kind.replace(/s$/, '').replace(/-/g, ' ');
  const collection = `/api/config/${kind}`;
  const item = `${collection}/{key}`;
  const key = keyParams.extend({ key: keyParams.shape.key.describe(`The key: ${KEY_FORMATS[kind]}`) });
  const written = z.object({ version, entity });
  return [
    defineRoute({
      method: 'GET',
      path: collection,
      tag: 'config',
      summary: `List ${kind.replace(/-/g, ' ')}`,
      access: VIEWER,
      response: z.object({ version, items: z.array(z.object({ key: z.string(), entity })) }),
      async handler(call) {
        const list = await service.list(call.web.store);
        call.reply.header('etag', `"${list.version}"`);
        return {
          version: list.version,
          items: list.items.map((e) => ({ key: service.keyOf(e), entity: e })),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: collection,
      tag: 'config',
      summary: `Create a ${noun}`,
      access: ADMIN,
      body: z.unknown(),
      status: 201,
      response: written.extend({ key: z.string() }),
      errors: [409, 412],
      async handler(call) {
        const result = await entityCall(() => service.create(call.web.store, call.body, writeOptions(call)));
        const created = result.after!;
        await audit(call, {
          action: 'create',
          entity: kind,
          entityId: service.keyOf(created),
          after: created,
        });
        call.reply.header('etag', `"${result.version}"`);
        return { version: result.version, key: service.keyOf(created), entity: created };
      },
    }),
    defineRoute({
      method: 'GET',
      path: item,
      tag: 'config',
      summary: `Show a ${noun}`,
      access: VIEWER,
      params: key,
      response: written,
      errors: [404, 409],
      async handler(call) {
        const found = await entityCall(() => service.get(call.web.store, call.params.key));
        call.reply.header('etag', `"${found.version}"`);
        return found;
      },
    }),
    defineRoute({
      method: 'PUT',
      path: item,
      tag: 'config',
      summary: `Change a ${noun}`,
      description:
        'The body is the whole entity; its key must be the one in the path (rename by delete and create).',
      access: ADMIN,
      params: key,
      body: z.unknown(),
      response: written,
      errors: [404, 409, 412],
      async handler(call) {
        const result = await entityCall(() =>
          service.update(call.web.store, call.params.key, call.body, writeOptions(call)),
        );
        await audit(call, {
          action: 'update',
          entity: kind,
          entityId: call.params.key,
          before: result.before,
          after: result.after,
        });
        call.reply.header('etag', `"${result.version}"`);
        return { version: result.version, entity: result.after! };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: item,
      tag: 'config',
      summary: `Delete a ${noun}`,
      description: 'Refused while other configuration refers to it.',
      access: ADMIN,
      params: key,
      status: 204,
      response: undefined,
      errors: [404, 409, 412],
      async handler(call) {
        const result = await entityCall(() =>
          service.remove(call.web.store, call.params.key, writeOptions(call)),
        );
        await audit(call, {
          action: 'delete',
          entity: kind,
          entityId: call.params.key,
          before: result.before,
        });
        call.reply.header('etag', `"${result.version}"`);
      },
    }),
  ];
}

/** `If-Match: "<version>"` as the expected version of the write. */
function writeOptions(call: RouteCall<unknown, unknown, unknown>): WriteOptions {
  const match = call.request.headers['if-match'];
  if (match === undefined) return {};
  const parsed = /^\s*(?:W\/)?"([^"]+)"\s*$/.exec(match);
  if (!parsed) throw badRequest('If-Match must be a version in quotes, as the ETag header gave it');
  return { expectedVersion: parsed[1]! };
}

/** Runs entity work, answering its errors with their HTTP status. */
function entityCall<T>(work: () => Promise<T>): Promise<T> {
  return answering(work, (error) => {
    if (error instanceof EntityNotFoundError) return notFound(error.message);
    if (error instanceof EntityInvalidError)
      return badRequest(
        error.message,
        error.problems.map((problem) => {
          const at = problem.indexOf(': ');
          return at < 0
            ? { path: '', message: problem }
            : { path: problem.slice(0, at), message: problem.slice(at + 2) };
        }),
      );
    if (error instanceof EntityConflictError)
      return error.reason === 'changed'
        ? new HttpError(412, 'changed', error.message)
        : conflict(error.message);
    return undefined;
  });
}
