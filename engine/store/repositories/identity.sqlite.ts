/**
 * The identity repositories on SQLite. Every write runs in the store's IMMEDIATE transaction, which takes the
 * database's write lock up front: a read-then-write (a failed login) is one step for every process on the file.
 * Single reads go straight to the database.
 */
import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import * as s from '../schema/sqlite.js';
import type { SqliteStore } from '../store.sqlite.js';
import {
  expiredSessions,
  isUniqueViolation,
  liveSession,
  nextLoginAttempt,
  normalizeUsername,
  recordsUse,
  unusedToken,
  usableToken,
  userChanges,
  type ApiTokenRepository,
  type IdentityRepositories,
  type LoginAttemptRepository,
  type OneTimeTokenRepository,
  type SessionRepository,
  type UserRepository,
} from './identity.js';

/** What the repositories need of the store: its database and its transactions. */
export type SqliteInternals = Pick<SqliteStore, 'db' | 'tx'>;

export function createSqliteIdentity(store: SqliteInternals): IdentityRepositories {
  return {
    users: users(store),
    sessions: sessions(store),
    apiTokens: apiTokens(store),
    oneTimeTokens: oneTimeTokens(store),
    loginAttempts: loginAttempts(store),
  };
}

function users(store: SqliteInternals): UserRepository {
  return {
    list: async () => store.db.select().from(s.users).orderBy(asc(s.users.username)).all(),
    get: async (id) => store.db.select().from(s.users).where(eq(s.users.id, id)).get(),
    byName: async (username) =>
      store.db
        .select()
        .from(s.users)
        .where(eq(s.users.username, normalizeUsername(username)))
        .get(),
    insert: async (user) => {
      try {
        store.tx((tx) =>
          tx
            .insert(s.users)
            .values({ ...user, username: normalizeUsername(user.username) })
            .run(),
        );
        return true;
      } catch (error) {
        // The unique index decides, so two replicas adding the same name at once cannot both succeed.
        if (isUniqueViolation(error, 'SQLITE_CONSTRAINT_UNIQUE', 'users.username')) return false;
        throw error;
      }
    },
    update: async (id, changes, at) =>
      store.tx(
        (tx) => tx.update(s.users).set(userChanges(changes, at)).where(eq(s.users.id, id)).run().changes > 0,
      ),
    remove: async (id) =>
      store.tx((tx) => {
        tx.delete(s.sessions).where(eq(s.sessions.userId, id)).run();
        return tx.delete(s.users).where(eq(s.users.id, id)).run().changes > 0;
      }),
    countActive: async (role) =>
      store.db
        .select({ n: count() })
        .from(s.users)
        .where(and(eq(s.users.role, role), eq(s.users.active, true)))
        .get()?.n ?? 0,
  };
}

function sessions(store: SqliteInternals): SessionRepository {
  return {
    insert: async (session) => void store.tx((tx) => tx.insert(s.sessions).values(session).run()),
    find: async (id, now) =>
      store.db
        .select({ session: s.sessions, user: s.users })
        .from(s.sessions)
        .innerJoin(s.users, eq(s.users.id, s.sessions.userId))
        .where(liveSession(s.sessions, s.users, id, now))
        .get(),
    touch: async (id, lastSeenAt, expiresAt) =>
      void store.tx((tx) =>
        tx.update(s.sessions).set({ lastSeenAt, expiresAt }).where(eq(s.sessions.id, id)).run(),
      ),
    remove: async (id) => void store.tx((tx) => tx.delete(s.sessions).where(eq(s.sessions.id, id)).run()),
    removeForUser: async (userId) =>
      store.tx((tx) => tx.delete(s.sessions).where(eq(s.sessions.userId, userId)).run().changes),
    deleteExpired: async (now) =>
      store.tx((tx) => tx.delete(s.sessions).where(expiredSessions(s.sessions, now)).run().changes),
  };
}

function apiTokens(store: SqliteInternals): ApiTokenRepository {
  return {
    list: async () =>
      store.db.select().from(s.apiTokens).orderBy(desc(s.apiTokens.createdAt), desc(s.apiTokens.id)).all(),
    get: async (id) => store.db.select().from(s.apiTokens).where(eq(s.apiTokens.id, id)).get(),
    insert: async (token) => void store.tx((tx) => tx.insert(s.apiTokens).values(token).run()),
    use: async (tokenHash, now) => {
      const token = store.db
        .select()
        .from(s.apiTokens)
        .where(usableToken(s.apiTokens, tokenHash, now))
        .get();
      if (!token || !recordsUse(token.lastUsedAt, now)) return token;
      store.tx((tx) =>
        tx.update(s.apiTokens).set({ lastUsedAt: now }).where(eq(s.apiTokens.id, token.id)).run(),
      );
      return { ...token, lastUsedAt: now };
    },
    revoke: async (id, at) =>
      store.tx(
        (tx) =>
          tx
            .update(s.apiTokens)
            .set({ revokedAt: at })
            .where(and(eq(s.apiTokens.id, id), isNull(s.apiTokens.revokedAt)))
            .run().changes > 0,
      ),
  };
}

function oneTimeTokens(store: SqliteInternals): OneTimeTokenRepository {
  return {
    insert: async (token) => void store.tx((tx) => tx.insert(s.oneTimeTokens).values(token).run()),
    // One conditional UPDATE: of concurrent redeemers, only the first changes the row.
    redeem: async (tokenHash, purpose, now) =>
      store.tx(
        (tx) =>
          tx
            .update(s.oneTimeTokens)
            .set({ usedAt: now })
            .where(and(eq(s.oneTimeTokens.tokenHash, tokenHash), unusedToken(s.oneTimeTokens, purpose, now)))
            .run().changes === 1,
      ),
    hasValid: async (purpose, now) =>
      store.db
        .select({ tokenHash: s.oneTimeTokens.tokenHash })
        .from(s.oneTimeTokens)
        .where(unusedToken(s.oneTimeTokens, purpose, now))
        .limit(1)
        .get() !== undefined,
  };
}

function loginAttempts(store: SqliteInternals): LoginAttemptRepository {
  return {
    get: async (key) => store.db.select().from(s.loginAttempts).where(eq(s.loginAttempts.key, key)).get(),
    // Read and write inside one IMMEDIATE transaction: no other process writes in between.
    fail: async (key, now, policy) =>
      store.tx((tx) => {
        const current = tx.select().from(s.loginAttempts).where(eq(s.loginAttempts.key, key)).get();
        const next = nextLoginAttempt(key, current, now, policy);
        tx.insert(s.loginAttempts)
          .values(next)
          .onConflictDoUpdate({ target: s.loginAttempts.key, set: next })
          .run();
        return next;
      }),
    clear: async (key) =>
      void store.tx((tx) => tx.delete(s.loginAttempts).where(eq(s.loginAttempts.key, key)).run()),
  };
}
