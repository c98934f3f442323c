/**
 * People, sessions, API tokens, one-time tokens and failed-login counters (DESIGN.md "Identity and secrets").
 * Everything lives in the database so any web replica serves any request. Secrets never reach this layer in clear:
 * callers pass SHA-256 hashes of session cookies and tokens, and scrypt hashes of passwords (engine/server/auth).
 */
import { and, eq, gt, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { ApiTokenRow, LoginAttemptRow, OneTimeTokenRow, SessionRow, UserRow } from '../rows.js';
import type * as m from '../schema/mysql.js';
import type { OneTimePurpose, UserRole } from '../schema/shared.js';
import type * as s from '../schema/sqlite.js';

/** The fields `users.update` may change. */
export type UserChanges = Partial<Pick<UserRow, 'displayName' | 'role' | 'passwordHash' | 'active'>>;

/** How failed logins lock a key: `maxFailures` within `windowMs` lock it for `lockMs`. */
export interface LoginLockPolicy {
  windowMs: number;
  maxFailures: number;
  lockMs: number;
}

export interface UserRepository {
  /** Every user, by username. */
  list(): Promise<UserRow[]>;
  get(id: string): Promise<UserRow | undefined>;
  /** By username, compared lower-case. */
  byName(username: string): Promise<UserRow | undefined>;
  /** Adds a user; false when the username is taken (the row is not written). */
  insert(user: UserRow): Promise<boolean>;
  /** Changes the given fields (and `updatedAt`); false when there is no such user. */
  update(id: string, changes: UserChanges, at: Date): Promise<boolean>;
  /** Removes the user and their sessions in one transaction; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** Active users with this role (the last admin cannot be removed, demoted or deactivated). */
  countActive(role: UserRole): Promise<number>;
}

export interface SessionRepository {
  insert(session: SessionRow): Promise<void>;
  /** The session with this id (the SHA-256 of its cookie) and its user, when neither expired nor removed and the
   * user is active. */
  find(id: string, now: Date): Promise<{ session: SessionRow; user: UserRow } | undefined>;
  /** Marks activity and slides the expiry (never past the caller's absolute limit). */
  touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  remove(id: string): Promise<void>;
  /** Ends every session of a user (password change, deactivation); returns how many. */
  removeForUser(userId: string): Promise<number>;
  /** Drops expired sessions; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export interface ApiTokenRepository {
  /** Every token, revoked ones included, newest first. */
  list(): Promise<ApiTokenRow[]>;
  get(id: string): Promise<ApiTokenRow | undefined>;
  insert(token: ApiTokenRow): Promise<void>;
  /** The token with this hash, when it is neither revoked nor expired; records `lastUsedAt` (at most once per
   * TOKEN_USE_RESOLUTION_MS, see recordsUse). */
  use(tokenHash: string, now: Date): Promise<ApiTokenRow | undefined>;
  /** Sets `revokedAt`; false when there is no such token or it was revoked already. */
  revoke(id: string, at: Date): Promise<boolean>;
}

export interface OneTimeTokenRepository {
  insert(token: OneTimeTokenRow): Promise<void>;
  /** Marks the token used and returns true, once: false when it is unknown, of another purpose, expired or used
   * (atomically, so two replicas cannot both redeem it). */
  redeem(tokenHash: string, purpose: OneTimePurpose, now: Date): Promise<boolean>;
  /** Whether an unused, unexpired token of this purpose exists. */
  hasValid(purpose: OneTimePurpose, now: Date): Promise<boolean>;
}

/** Failed logins per key within a sliding window, for rate limiting that holds across web replicas. */
export interface LoginAttemptRepository {
  get(key: string): Promise<LoginAttemptRow | undefined>;
  /** Counts a failure atomically: a window older than `windowMs` restarts at 1; reaching `maxFailures` sets
   * `lockedUntil = now + lockMs`. Returns the row after the change. */
  fail(key: string, now: Date, policy: LoginLockPolicy): Promise<LoginAttemptRow>;
  /** Forgets a key's failures (after a successful login). */
  clear(key: string): Promise<void>;
}

export interface IdentityRepositories {
  users: UserRepository;
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  oneTimeTokens: OneTimeTokenRepository;
  loginAttempts: LoginAttemptRepository;
}

/** Usernames are stored and compared lower-case. */
export const normalizeUsername = (username: string): string => username.toLowerCase();

/** What `users.update` writes: only the changeable fields (a caller passing a whole row cannot rename or re-id a
 * user) and `updatedAt`. Fields left undefined are not written. */
export function userChanges(changes: UserChanges, at: Date): UserChanges & { updatedAt: Date } {
  const { displayName, role, passwordHash, active } = changes;
  return { displayName, role, passwordHash, active, updatedAt: at };
}

/** Whether `error` or one of its causes (drizzle wraps driver errors) is the driver's duplicate-key error `code`
 * on the unique constraint the message names. */
export function isUniqueViolation(error: unknown, code: string, constraint: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === code && e.message.includes(constraint)) return true;
  }
  return false;
}

/** `apiTokens.use` writes `lastUsedAt` at most this often: a token used for every request of a burst would
 * otherwise cost a write per request, and the column only needs to tell stale tokens from used ones. */
export const TOKEN_USE_RESOLUTION_MS = 60_000;

/** Whether a use at `now` is recorded: never recorded, or last recorded at least TOKEN_USE_RESOLUTION_MS ago. */
export function recordsUse(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= TOKEN_USE_RESOLUTION_MS;
}

/**
 * The row after one more failed login at `now`. A window that started `windowMs` or longer ago (or none) restarts
 * at 1 failure; otherwise the count goes up. From `maxFailures` on, every failure (re)sets `lockedUntil` to
 * `now + lockMs`; below it an earlier lock is kept (a restarted window does not lift it).
 */
export function nextLoginAttempt(
  key: string,
  current: LoginAttemptRow | undefined,
  now: Date,
  policy: LoginLockPolicy,
): LoginAttemptRow {
  const restart = !current || now.getTime() - current.windowStart.getTime() >= policy.windowMs;
  const failures = restart ? 1 : current.failures + 1;
  const windowStart = restart ? now : current.windowStart;
  const lockedUntil =
    failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : (current?.lockedUntil ?? null);
  return { key, failures, windowStart, lockedUntil };
}

// The validity rules as WHERE clauses, on either dialect's tables (the column names are the same), so both
// dialects draw the expiry boundaries alike: a thing expires AT its `expiresAt`.

type Table<K extends 'users' | 'sessions' | 'apiTokens' | 'oneTimeTokens'> = (typeof s)[K] | (typeof m)[K];

/** The session `id`, when it has not expired at `now` and its (joined) user is active. */
export function liveSession(
  sessions: Table<'sessions'>,
  users: Table<'users'>,
  id: string,
  now: Date,
): SQL | undefined {
  const [t, u] = [sessions as typeof s.sessions, users as typeof s.users];
  return and(eq(t.id, id), gt(t.expiresAt, now), eq(u.active, true));
}

/** Sessions expired at `now`. */
export function expiredSessions(sessions: Table<'sessions'>, now: Date): SQL {
  return lte((sessions as typeof s.sessions).expiresAt, now);
}

/** The API token with this hash, when neither revoked nor expired at `now` (no `expiresAt`: never expires). */
export function usableToken(tokens: Table<'apiTokens'>, tokenHash: string, now: Date): SQL | undefined {
  const t = tokens as typeof s.apiTokens;
  return and(eq(t.tokenHash, tokenHash), isNull(t.revokedAt), or(isNull(t.expiresAt), gt(t.expiresAt, now)));
}

/** One-time tokens of this purpose that are neither used nor expired at `now`. */
export function unusedToken(
  tokens: Table<'oneTimeTokens'>,
  purpose: OneTimePurpose,
  now: Date,
): SQL | undefined {
  const t = tokens as typeof s.oneTimeTokens;
  return and(eq(t.purpose, purpose), isNull(t.usedAt), gt(t.expiresAt, now));
}
