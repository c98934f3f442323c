/**
 * Users and API tokens, for the API and for `bots user` / `bots token` alike (recovery without the UI). Rules
 * live here once: user names, password length, the last active admin cannot be removed, demoted or deactivated,
 * and a password change or deactivation ends the user's sessions. Errors are AccountError with a plain message.
 */
import type { ApiTokenRow, UserRow } from '../store/rows.js';
import { newId, type TokenScope, type UserRole } from '../store/schema/shared.js';
import type { Store } from '../store/store.js';
import { hashPassword, passwordProblem } from './auth/password.js';
import { hashSecret, newSecret, secretPrefix } from './auth/secret-token.js';

export type AccountErrorCode = 'invalid' | 'exists' | 'not_found' | 'last_admin';

export class AccountError extends Error {
  override name = 'AccountError';
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** User and token names: letters, digits, `.`, `_`, `-`, `@`; 1 to 64 characters. */
export const NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export interface NewUser {
  username: string;
  role: UserRole;
  /** Absent: the user cannot log in with a password (the desktop's own user). */
  password?: string | undefined;
  displayName?: string | undefined;
}

/** Refuses a new user's name or password before anything is written or spent (a setup token). */
export function checkNewUser(input: NewUser): void {
  if (!NAME_PATTERN.test(input.username))
    throw new AccountError(
      'invalid',
      `"${input.username}" is not a valid user name: use 1 to 64 letters, digits, ".", "_", "-" or "@"`,
    );
  const problem = input.password === undefined ? undefined : passwordProblem(input.password);
  if (problem) throw new AccountError('invalid', `The password is not accepted: ${problem}`);
}

export async function createUser(store: Store, input: NewUser, now: Date): Promise<UserRow> {
  checkNewUser(input);
  const row: UserRow = {
    id: newId(now.getTime()),
    username: input.username.toLowerCase(),
    displayName: input.displayName ?? null,
    role: input.role,
    passwordHash: input.password === undefined ? null : await hashNew(input.password),
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await store.identity.users.insert(row)))
    throw new AccountError('exists', `A user named "${row.username}" exists already`);
  return row;
}

export interface UserChanges {
  displayName?: string | null | undefined;
  role?: UserRole | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
}

/** Changes a user; returns the row before and after. */
export async function updateUser(
  store: Store,
  id: string,
  changes: UserChanges,
  now: Date,
): Promise<{ before: UserRow; after: UserRow }> {
  const before = await userById(store, id);
  const demoted = changes.role !== undefined && changes.role !== 'admin';
  if (before.role === 'admin' && before.active && (demoted || changes.active === false))
    await keepOneAdmin(store, `${before.username} cannot be demoted or deactivated`);
  const set: Parameters<Store['identity']['users']['update']>[1] = {};
  if (changes.displayName !== undefined) set.displayName = changes.displayName;
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.active !== undefined) set.active = changes.active;
  if (changes.password !== undefined) set.passwordHash = await hashNew(changes.password);
  await store.identity.users.update(id, set, now);
  if (changes.password !== undefined || changes.active === false)
    await store.identity.sessions.removeForUser(id);
  return { before, after: await userById(store, id) };
}

export async function removeUser(store: Store, id: string): Promise<UserRow> {
  const before = await userById(store, id);
  if (before.role === 'admin' && before.active)
    await keepOneAdmin(store, `${before.username} cannot be removed`);
  await store.identity.users.remove(id);
  return before;
}

export async function userById(store: Store, id: string): Promise<UserRow> {
  const user = await store.identity.users.get(id);
  if (!user) throw new AccountError('not_found', `There is no user with id ${id}`);
  return user;
}

export async function userByName(store: Store, username: string): Promise<UserRow> {
  const user = await store.identity.users.byName(username);
  if (!user) throw new AccountError('not_found', `There is no user named "${username}"`);
  return user;
}

async function keepOneAdmin(store: Store, what: string): Promise<void> {
  if ((await store.identity.users.countActive('admin')) <= 1)
    throw new AccountError(
      'last_admin',
      `${what}: it is the last active admin; make another user admin first`,
    );
}

async function hashNew(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError('invalid', `The password is not accepted: ${problem}`);
  return hashPassword(password);
}

export interface NewToken {
  name: string;
  scopes: readonly TokenScope[];
  /** Absent: the token does not expire. */
  expiresAt?: Date | undefined;
  createdBy: string;
}

/** Creates a token; the secret is returned this once and never stored. */
export async function createToken(
  store: Store,
  input: NewToken,
  now: Date,
): Promise<{ row: ApiTokenRow; secret: string }> {
  if (!NAME_PATTERN.test(input.name))
    throw new AccountError(
      'invalid',
      `"${input.name}" is not a valid token name: use 1 to 64 letters, digits, ".", "_", "-" or "@"`,
    );
  if (input.scopes.length === 0)
    throw new AccountError(
      'invalid',
      'A token needs at least one scope: read, operate, admin, outbound or metrics',
    );
  if (input.expiresAt && input.expiresAt <= now)
    throw new AccountError('invalid', 'The expiry of a new token must be in the future');
  const secret = newSecret('api');
  const row: ApiTokenRow = {
    id: newId(now.getTime()),
    name: input.name,
    tokenHash: hashSecret(secret),
    prefix: secretPrefix(secret),
    scopes: [...new Set(input.scopes)],
    createdBy: input.createdBy,
    createdAt: now,
    expiresAt: input.expiresAt ?? null,
    lastUsedAt: null,
    revokedAt: null,
  };
  await store.identity.apiTokens.insert(row);
  return { row, secret };
}

/** Revokes a token by id, or by name when exactly one active token has that name. */
export async function revokeToken(store: Store, idOrName: string, now: Date): Promise<ApiTokenRow> {
  const tokens = await store.identity.apiTokens.list();
  const byId = tokens.find((t) => t.id === idOrName);
  const byName = tokens.filter((t) => t.name === idOrName && t.revokedAt === null);
  if (!byId && byName.length > 1)
    throw new AccountError(
      'invalid',
      `${byName.length} active tokens are named "${idOrName}"; revoke one by its id`,
    );
  const token = byId ?? byName[0];
  if (!token) throw new AccountError('not_found', `There is no token with the id or name "${idOrName}"`);
  if (!(await store.identity.apiTokens.revoke(token.id, now)))
    throw new AccountError('invalid', `The token "${token.name}" (${token.id}) is revoked already`);
  return (await store.identity.apiTokens.get(token.id)) ?? token;
}
