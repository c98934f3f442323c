/** The JSON shapes of users, sessions and API tokens in the API (never a password hash or a token's hash). */
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../auth/password.js';
import type { Principal } from '../auth/principal.js';
import { principalRole } from '../auth/principal.js';
import type { ApiTokenRow, UserRow } from '../../store/rows.js';
import { iso, isoOrNull, roleSchema, scopeSchema, timestamp } from './common.js';

export const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string().nullable(),
    role: roleSchema,
    active: z.boolean(),
    /** False for a user without a password (the desktop's own user). */
    passwordLogin: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'User' });

export function userJson(user: UserRow): z.infer<typeof userSchema> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    active: user.active,
    passwordLogin: user.passwordHash !== null,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
  };
}

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    scopes: z.array(scopeSchema),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
    expiresAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });

export function tokenJson(token: ApiTokenRow): z.infer<typeof tokenSchema> {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdBy: token.createdBy,
    createdAt: iso(token.createdAt),
    expiresAt: isoOrNull(token.expiresAt),
    lastUsedAt: isoOrNull(token.lastUsedAt),
    revokedAt: isoOrNull(token.revokedAt),
  };
}

export const sessionSchema = z
  .object({
    kind: z.enum(['user', 'token']),
    name: z.string().describe('The user name or the token name'),
    role: roleSchema
      .nullable()
      .describe('What the principal may do; null for a token with only special scopes'),
    scopes: z.array(scopeSchema).optional().describe("A token's scopes"),
    csrfToken: z
      .string()
      .optional()
      .describe('For a session: send it as X-CSRF-Token with every change (POST, PUT, PATCH, DELETE)'),
  })
  .meta({ id: 'Session' });

export function sessionJson(principal: Principal): z.infer<typeof sessionSchema> {
  return principal.kind === 'user'
    ? { kind: 'user', name: principal.username, role: principal.role, csrfToken: principal.csrfToken }
    : {
        kind: 'token',
        name: principal.name,
        role: principalRole(principal) ?? null,
        scopes: [...principal.scopes],
      };
}
