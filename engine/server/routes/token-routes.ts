/** API tokens (admin only): list, create (the secret is in this one answer only), revoke. Audited. */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { createToken, revokeToken } from '../accounts.js';
import { actorOf, ADMIN } from '../auth/principal.js';
import { idParams, scopeSchema } from '../schemas/common.js';
import { tokenJson, tokenSchema } from '../schemas/identity-schemas.js';
import { accountCall, audit } from './route-helpers.js';

const DAY_MS = 24 * 3600_000;

export const tokenRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/tokens',
    tag: 'tokens',
    summary: 'List API tokens',
    access: ADMIN,
    response: z.object({ items: z.array(tokenSchema) }),
    async handler(call) {
      return { items: (await call.web.store.identity.apiTokens.list()).map(tokenJson) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/tokens',
    tag: 'tokens',
    summary: 'Create an API token',
    description:
      'The answer holds the token itself, this once: store it where the integration keeps secrets.',
    access: ADMIN,
    body: z.object({
      name: z.string().min(1).max(64),
      scopes: z.array(scopeSchema).min(1),
      expiresInDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .optional()
        .describe('Absent: the token does not expire'),
    }),
    status: 201,
    response: z.object({
      token: tokenSchema,
      secret: z.string().describe('Send as "Authorization: Bearer <secret>"'),
    }),
    async handler(call) {
      const now = call.web.now();
      const { row, secret } = await accountCall(() =>
        createToken(
          call.web.store,
          {
            name: call.body.name,
            scopes: call.body.scopes,
            expiresAt:
              call.body.expiresInDays === undefined
                ? undefined
                : new Date(now.getTime() + call.body.expiresInDays * DAY_MS),
            createdBy: actorOf(call.principal!),
          },
          now,
        ),
      );
      await audit(call, { action: 'create', entity: 'token', entityId: row.id, after: tokenJson(row) });
      return { token: tokenJson(row), secret };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/tokens/{id}',
    tag: 'tokens',
    summary: 'Revoke an API token',
    access: ADMIN,
    params: idParams,
    response: tokenSchema,
    errors: [404],
    async handler(call) {
      const token = await accountCall(() => revokeToken(call.web.store, call.params.id, call.web.now()));
      await audit(call, { action: 'revoke', entity: 'token', entityId: token.id, after: tokenJson(token) });
      return tokenJson(token);
    },
  }),
];
