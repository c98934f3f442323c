/**
 * People, sessions, API tokens, one-time tokens and failed-login counters (DESIGN.md "Identity and secrets").
 * Everything lives in the database so any web replica serves any request. Secrets never reach this layer in clear:
 * callers pass SHA-256 hashes of session cookies and tokens, and scrypt hashes of passwords (engine/server/auth).
 */
import type { ApiTokenRow, LoginAttemptRow, OneTimeTokenRow, SessionRow, UserRow } from '../rows.js';
import type { OneTimePurpose, UserRole } from '../schema/shared.js';

export interface UserRepository {
  /** Every user, by username. */
  list(): Promise<UserRow[]>;
  get(id: string): Promise<UserRow | undefined>;
  /** By username, compared lower-case. */
  byName(username: string): Promise<UserRow | undefined>;
  /** Adds a user; false when the username is taken (the row is not written). */
  insert(user: UserRow): Promise<boolean>;
  /** Changes the given fields (and `updatedAt`); false when there is no such user. */
  update(
    id: string,
    changes: Partial<Pick<UserRow, 'displayName' | 'role' | 'passwordHash' | 'active'>>,
    at: Date,
  ): Promise<boolean>;
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
  /** The token with this hash, when it is neither revoked nor expired; records `lastUsedAt`. */
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
  fail(
    key: string,
    now: Date,
    policy: { windowMs: number; maxFailures: number; lockMs: number },
  ): Promise<LoginAttemptRow>;
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
