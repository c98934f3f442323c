/**
 * Session cookies: `bots_session`, httpOnly, SameSite=Strict, path /, Secure over HTTPS. The cookie holds a random
 * secret; the database keeps its SHA-256 (sessions.id), the user, a CSRF token, and an expiry that slides with use
 * up to an absolute limit. Any web replica can resolve any session.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRow } from '../../store/rows.js';
import type { SessionOrigin } from '../../store/schema/shared.js';
import type { WebContext } from '../web-context.js';
import type { UserPrincipal } from './principal.js';
import { hashSecret, newSecret } from './secret-token.js';

export const SESSION_COOKIE = 'bots_session';
/** Activity is written back at most this often, so reading pages does not turn into a write per request. */
const TOUCH_EVERY_MS = 60_000;

export interface OpenedSession {
  principal: UserPrincipal;
  expiresAt: Date;
}

export async function openSession(
  web: WebContext,
  user: UserRow,
  origin: SessionOrigin,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<OpenedSession> {
  const secret = newSecret('session');
  const now = web.now();
  const expiresAt = new Date(now.getTime() + Math.min(web.options.session.idleMs, web.options.session.maxMs));
  const session = {
    id: hashSecret(secret),
    userId: user.id,
    csrfToken: newSecret('csrf'),
    origin,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  };
  await web.store.identity.sessions.insert(session);
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: secureCookie(web, request),
    expires: new Date(now.getTime() + web.options.session.maxMs),
  });
  return { principal: principalOf(user, session.id, session.csrfToken), expiresAt };
}

/** The user behind the request's session cookie, sliding its expiry; undefined without a live session. */
export async function sessionPrincipal(
  web: WebContext,
  request: FastifyRequest,
): Promise<UserPrincipal | undefined> {
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) return undefined;
  const now = web.now();
  const found = await web.store.identity.sessions.find(hashSecret(secret), now);
  if (!found) return undefined;
  const { session, user } = found;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    const limit = session.createdAt.getTime() + web.options.session.maxMs;
    const expires = Math.min(now.getTime() + web.options.session.idleMs, limit);
    await web.store.identity.sessions.touch(session.id, now, new Date(expires));
  }
  return principalOf(user, session.id, session.csrfToken);
}

export async function closeSession(
  web: WebContext,
  principal: UserPrincipal,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  await web.store.identity.sessions.remove(principal.sessionId);
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookie(web, request),
  });
}

function principalOf(user: UserRow, sessionId: string, csrfToken: string): UserPrincipal {
  return { kind: 'user', userId: user.id, username: user.username, role: user.role, sessionId, csrfToken };
}

function secureCookie(web: WebContext, request: FastifyRequest): boolean {
  const setting = web.options.session.secureCookie;
  return setting === 'auto' ? request.protocol === 'https' : setting;
}
