/**
 * Finds the principal of a request and enforces CSRF protection:
 * - `Authorization: Bearer bots_pat_...` is an API token (hashed and looked up; revoked or expired ones fail);
 * - otherwise the session cookie, if any.
 * A change (any method but GET, HEAD, OPTIONS) made through a session cookie must carry the session's CSRF token in
 * `X-CSRF-Token`, and a browser Origin header, when present, must be this server's own (or an allowed CORS origin).
 * Tokens need neither: browsers never send them on their own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthenticated } from '../http-error.js';
import type { WebContext } from '../web-context.js';
import type { Store } from '../../store/store.js';
import type { Principal, TokenPrincipal } from './principal.js';
import { hashSecret } from './secret-token.js';
import { sessionPrincipal } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The token principal of an `Authorization` header: `malformed` when it is not `Bearer <token>`, undefined when
 * the token is unknown, revoked or expired. Used by the API and by the roles' health ports (/metrics).
 */
export async function bearerPrincipal(
  store: Store,
  authorization: string,
  now: Date,
): Promise<TokenPrincipal | 'malformed' | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return 'malformed';
  const token = await store.identity.apiTokens.use(hashSecret(match[1]!), now);
  return token && { kind: 'token', tokenId: token.id, name: token.name, scopes: token.scopes };
}

export async function authenticate(web: WebContext, request: FastifyRequest): Promise<Principal | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const principal = await bearerPrincipal(web.store, authorization, web.now());
    if (principal === 'malformed') throw unauthenticated('The Authorization header must be "Bearer <token>"');
    if (!principal) throw unauthenticated('The API token is unknown, revoked or expired; create a new one');
    return principal;
  }
  const principal = await sessionPrincipal(web, request);
  if (principal && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken))
      throw forbidden(
        'This change needs the X-CSRF-Token header with the csrfToken of your session (GET /api/session gives it)',
      );
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, request) && !web.options.corsOrigins.includes(origin))
      throw forbidden(`Requests from ${origin} are not allowed to change anything here`);
  }
  return principal;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
