/**
 * Who is asking (DESIGN.md "Identity and secrets"): a user with a session (opened by password, by the setup link or
 * by the desktop's launch token) or an API token. Access is decided here and nowhere else: a route names the least
 * role it needs and, optionally, token scopes that grant it without a role (`outbound`, `metrics`).
 */
import type { TokenScope, UserRole } from '../../store/schema/shared.js';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  username: string;
  role: UserRole;
  sessionId: string;
  /** What a change made through the session cookie must send back in the X-CSRF-Token header. */
  csrfToken: string;
}

export interface TokenPrincipal {
  kind: 'token';
  tokenId: string;
  name: string;
  scopes: readonly TokenScope[];
}

export type Principal = UserPrincipal | TokenPrincipal;

/** Who may call a route. `public` routes authenticate on their own (log-in, setup, launch). */
export type Access = { kind: 'public' } | { kind: 'role'; role: UserRole; scopes?: readonly TokenScope[] };

export const PUBLIC: Access = { kind: 'public' };
export const VIEWER: Access = { kind: 'role', role: 'viewer' };
export const OPERATOR: Access = { kind: 'role', role: 'operator' };
export const ADMIN: Access = { kind: 'role', role: 'admin' };
/** /metrics on the web port and on the roles' health ports. */
export const METRICS: Access = { kind: 'role', role: 'viewer', scopes: ['metrics'] };

const RANK: Readonly<Record<UserRole, number>> = { viewer: 1, operator: 2, admin: 3 };

/** The role a token's scopes grant: `admin` > `operate` > `read`; none for tokens with only special scopes. */
export function tokenRole(scopes: readonly TokenScope[]): UserRole | undefined {
  if (scopes.includes('admin')) return 'admin';
  if (scopes.includes('operate')) return 'operator';
  if (scopes.includes('read')) return 'viewer';
  return undefined;
}

export function principalRole(principal: Principal): UserRole | undefined {
  return principal.kind === 'user' ? principal.role : tokenRole(principal.scopes);
}

export function allowed(principal: Principal, access: Access): boolean {
  if (access.kind === 'public') return true;
  const role = principalRole(principal);
  if (role !== undefined && RANK[role] >= RANK[access.role]) return true;
  return (
    principal.kind === 'token' && (access.scopes ?? []).some((scope) => principal.scopes.includes(scope))
  );
}

/** How the audit log names a principal: `user:NAME` or `token:NAME`. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.username}` : `token:${principal.name}`;
}
