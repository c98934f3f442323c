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
import type { Principal } from './principal.js';
import { hashSecret } from './secret-token.js';
import { sessionPrincipal } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export async function authenticate(web: WebContext, request: FastifyRequest): Promise<Principal | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = await web.store.identity.apiTokens.use(hashSecret(match[1]!), web.now());
    if (!token) throw unauthenticated('The API token is unknown, revoked or expired; create a new one');
    return { kind: 'token', tokenId: token.id, name: token.name, scopes: token.scopes };
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
