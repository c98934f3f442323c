/**
 * Logging in and out, the first admin (setup), and the desktop's launch token:
 * - POST /api/session: user name + password -> a session cookie and the CSRF token (rate limited, auth/login.ts);
 * - GET /api/session: who am I, and the CSRF token; DELETE /api/session: log out;
 * - PUT /api/session/password: change one's own password (ends one's other sessions);
 * - GET /api/setup: whether the first admin is still to be created; POST /api/setup: creates it with the one-time
 *   setup token `bots serve` printed, and only while no active admin exists;
 * - POST /api/session/launch: exchanges the supervisor's launch token, once, from loopback only, for a session of
 *   the desktop's own admin user (who has no password).
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { checkNewUser, createUser, updateUser } from '../accounts.js';
import { checkLogin } from '../auth/login.js';
import { verifyPassword } from '../auth/password.js';
import { PUBLIC, VIEWER } from '../auth/principal.js';
import { hashSecret } from '../auth/secret-token.js';
import { closeSession, openSession, type OpenedSession } from '../auth/sessions.js';
import type { UserRow } from '../../store/rows.js';
import { badRequest, conflict, forbidden } from '../http-error.js';
import { accountCall, audit } from './route-helpers.js';
import { timestamp } from '../schemas/common.js';
import { password, sessionJson, sessionSchema, userJson, userSchema } from '../schemas/identity-schemas.js';

/** The desktop's own user, created on the first launch-token exchange. */
export const DESKTOP_USER = 'desktop';

const opened = z
  .object({ session: sessionSchema, user: userSchema, expiresAt: timestamp })
  .meta({ id: 'OpenedSession' });

function openedJson(session: OpenedSession, user: UserRow): z.infer<typeof opened> {
  return {
    session: sessionJson(session.principal),
    user: userJson(user),
    expiresAt: session.expiresAt.toISOString(),
  };
}

export const sessionRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/api/session',
    tag: 'session',
    summary: 'Log in',
    description:
      'Sets the session cookie. Five failures for a user name within 15 minutes lock it for 15 minutes.',
    access: PUBLIC,
    body: z.object({ username: z.string().min(1).max(64), password }),
    status: 201,
    response: opened,
    errors: [401, 429],
    async handler(call) {
      const user = await checkLogin(call.web, call.body.username, call.body.password, call.request.ip);
      const session = await openSession(call.web, user, 'password', call.request, call.reply);
      await audit(call, { actor: `user:${user.username}`, action: 'login', entity: 'session' });
      return openedJson(session, user);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/session',
    tag: 'session',
    summary: 'Show who is logged in',
    access: { kind: 'role', role: 'viewer', scopes: ['outbound', 'metrics'] },
    response: sessionSchema,
    async handler(call) {
      return sessionJson(call.principal!);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/session',
    tag: 'session',
    summary: 'Log out',
    access: VIEWER,
    status: 204,
    response: undefined,
    async handler(call) {
      const principal = call.principal!;
      if (principal.kind !== 'user')
        throw badRequest('An API token has no session to log out of; revoke it instead');
      await closeSession(call.web, principal, call.request, call.reply);
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/session/password',
    tag: 'session',
    summary: 'Change your own password',
    description: 'Ends every session of the user, this one included: log in again with the new password.',
    access: VIEWER,
    body: z.object({ currentPassword: password, newPassword: password }),
    status: 204,
    response: undefined,
    errors: [409],
    async handler(call) {
      const principal = call.principal!;
      if (principal.kind !== 'user') throw badRequest('An API token has no password');
      const user = await call.web.store.identity.users.get(principal.userId);
      if (!user?.passwordHash || !(await verifyPassword(call.body.currentPassword, user.passwordHash)))
        throw forbidden('The current password is wrong');
      await accountCall(() =>
        updateUser(call.web.store, user.id, { password: call.body.newPassword }, call.web.now()),
      );
      await closeSession(call.web, principal, call.request, call.reply);
      await audit(call, { action: 'change-password', entity: 'user', entityId: user.id });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/setup',
    tag: 'session',
    summary: 'Tell whether the first admin is still to be created',
    access: PUBLIC,
    response: z.object({ needed: z.boolean() }),
    async handler(call) {
      return { needed: (await call.web.store.identity.users.countActive('admin')) === 0 };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/setup',
    tag: 'session',
    summary: 'Create the first admin',
    description:
      'Needs the one-time setup token from the link `bots serve` (or `bots web`) printed; works only while no active admin exists.',
    access: PUBLIC,
    body: z.object({
      token: z.string().min(1).max(200),
      username: z.string().min(1).max(64),
      password,
      displayName: z.string().max(200).optional(),
    }),
    status: 201,
    response: opened,
    errors: [409],
    async handler(call) {
      const { store } = call.web;
      if ((await store.identity.users.countActive('admin')) > 0)
        throw conflict('An admin exists already: log in, or ask an admin for an account');
      const now = call.web.now();
      const input = {
        username: call.body.username,
        role: 'admin' as const,
        password: call.body.password,
        displayName: call.body.displayName,
      };
      await accountCall(async () => checkNewUser(input));
      if (!(await store.identity.oneTimeTokens.redeem(hashSecret(call.body.token), 'setup', now)))
        throw forbidden(
          'The setup link is unknown, used or expired; restart bots serve for a new one, or run bots user add',
        );
      const user = await accountCall(() => createUser(store, input, now));
      const session = await openSession(call.web, user, 'setup', call.request, call.reply);
      await audit(call, {
        actor: `user:${user.username}`,
        action: 'setup',
        entity: 'user',
        entityId: user.id,
        after: userJson(user),
      });
      return openedJson(session, user);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/session/launch',
    tag: 'session',
    summary: 'Exchange the desktop launch token for a session',
    description: 'Only from loopback, and each launch token only once.',
    access: PUBLIC,
    body: z.object({ token: z.string().min(1).max(200) }),
    status: 201,
    response: opened,
    async handler(call) {
      const address = call.request.socket.remoteAddress ?? '';
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address))
        throw forbidden('Launch tokens are accepted only from this machine');
      const { store } = call.web;
      const now = call.web.now();
      if (!(await store.identity.oneTimeTokens.redeem(hashSecret(call.body.token), 'launch', now)))
        throw forbidden('The launch token is unknown, used or expired');
      const user =
        (await store.identity.users.byName(DESKTOP_USER)) ??
        (await createUser(
          store,
          { username: DESKTOP_USER, role: 'admin', displayName: 'This computer' },
          now,
        ));
      if (!user.active) throw forbidden(`The user ${DESKTOP_USER} is deactivated`);
      const session = await openSession(call.web, user, 'launch', call.request, call.reply);
      return openedJson(session, user);
    },
  }),
];
