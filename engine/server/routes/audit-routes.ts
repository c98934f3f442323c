/** The audit log (admin only), newest first, filtered by entity, entity id or actor, a page at a time. */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { ADMIN } from '../auth/principal.js';
import { badRequest } from '../http-error.js';
import { iso, pageOf, pageQuery, timestamp } from '../schemas/common.js';

const entrySchema = z
  .object({
    id: z.number().int(),
    at: timestamp,
    actor: z.string().describe('user:NAME, token:NAME or cli'),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    address: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const auditRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/audit',
    tag: 'audit',
    summary: 'List the audit log',
    access: ADMIN,
    query: pageQuery.extend({
      entity: z.string().max(64).optional(),
      entityId: z.string().max(255).optional(),
      actor: z.string().max(255).optional(),
    }),
    response: pageOf(entrySchema),
    async handler(call) {
      const { limit, cursor, entity, entityId, actor } = call.query;
      const beforeId = cursor === undefined ? undefined : Number(cursor);
      if (beforeId !== undefined && !(Number.isInteger(beforeId) && beforeId > 0))
        throw badRequest('The cursor is not one this list gave; start again without it');
      const rows = await call.web.store.audit.list({
        limit: limit + 1,
        ...(entity === undefined ? {} : { entity }),
        ...(entityId === undefined ? {} : { entityId }),
        ...(actor === undefined ? {} : { actor }),
        ...(beforeId === undefined ? {} : { beforeId }),
      });
      const items = rows.slice(0, limit).map((row) => ({ ...row, at: iso(row.at) }));
      return rows.length > limit ? { items, next: String(items.at(-1)!.id) } : { items };
    },
  }),
];
