/** Users (admin only): list, create, show, change (role, name, active, password), remove. Every change is audited. */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { createUser, removeUser, updateUser, userById } from '../accounts.js';
import { ADMIN } from '../auth/principal.js';
import { idParams, roleSchema } from '../schemas/common.js';
import { password, userJson, userSchema } from '../schemas/identity-schemas.js';
import { accountCall, audit } from './route-helpers.js';

const displayName = z.string().max(200);

export const userRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/users',
    tag: 'users',
    summary: 'List users',
    access: ADMIN,
    response: z.object({ items: z.array(userSchema) }),
    async handler(call) {
      return { items: (await call.web.store.identity.users.list()).map(userJson) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/users',
    tag: 'users',
    summary: 'Create a user',
    access: ADMIN,
    body: z.object({
      username: z.string().min(1).max(64),
      role: roleSchema,
      password,
      displayName: displayName.optional(),
    }),
    status: 201,
    response: userSchema,
    errors: [409],
    async handler(call) {
      const user = await accountCall(() => createUser(call.web.store, call.body, call.web.now()));
      await audit(call, { action: 'create', entity: 'user', entityId: user.id, after: userJson(user) });
      return userJson(user);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/users/{id}',
    tag: 'users',
    summary: 'Show a user',
    access: ADMIN,
    params: idParams,
    response: userSchema,
    errors: [404],
    async handler(call) {
      return userJson(await accountCall(() => userById(call.web.store, call.params.id)));
    },
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/users/{id}',
    tag: 'users',
    summary: 'Change a user',
    description:
      "A new password or deactivation ends the user's sessions. The last active admin stays admin.",
    access: ADMIN,
    params: idParams,
    body: z
      .object({ role: roleSchema, active: z.boolean(), password, displayName: displayName.nullable() })
      .partial()
      .refine((b) => Object.keys(b).length > 0, 'name at least one of role, active, password, displayName'),
    response: userSchema,
    errors: [404, 409],
    async handler(call) {
      const { before, after } = await accountCall(() =>
        updateUser(call.web.store, call.params.id, call.body, call.web.now()),
      );
      await audit(call, {
        action: call.body.password === undefined ? 'update' : 'update-password',
        entity: 'user',
        entityId: after.id,
        before: userJson(before),
        after: userJson(after),
      });
      return userJson(after);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/users/{id}',
    tag: 'users',
    summary: 'Remove a user',
    access: ADMIN,
    params: idParams,
    status: 204,
    response: undefined,
    errors: [404, 409],
    async handler(call) {
      const before = await accountCall(() => removeUser(call.web.store, call.params.id));
      await audit(call, { action: 'delete', entity: 'user', entityId: before.id, before: userJson(before) });
    },
  }),
];
