/**
 * The identity repositories on MySQL/MariaDB. Single statements run on the pool; what must be one step for every
 * replica (removing a user with their sessions, counting a failed login) runs in the store's transaction, which
 * is retried after a deadlock.
 */
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import * as m from '../schema/mysql.js';
import type { MysqlStore } from '../store.mysql.js';
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
export type MysqlInternals = Pick<MysqlStore, 'db' | 'tx'>;

export function createMysqlIdentity(store: MysqlInternals): IdentityRepositories {
  return {
    users: users(store),
    sessions: sessions(store),
    apiTokens: apiTokens(store),
    oneTimeTokens: oneTimeTokens(store),
    loginAttempts: loginAttempts(store),
  };
}

function users(store: MysqlInternals): UserRepository {
  return {
    list: async () => store.db.select().from(m.users).orderBy(asc(m.users.username)),
    get: async (id) => (await store.db.select().from(m.users).where(eq(m.users.id, id)))[0],
    byName: async (username) =>
      (
        await store.db
          .select()
          .from(m.users)
          .where(eq(m.users.username, normalizeUsername(username)))
      )[0],
    insert: async (user) => {
      try {
        await store.db.insert(m.users).values({ ...user, username: normalizeUsername(user.username) });
        return true;
      } catch (error) {
        // The unique index decides, so two replicas adding the same name at once cannot both succeed.
        if (isUniqueViolation(error, 'ER_DUP_ENTRY', 'users_username')) return false;
        throw error;
      }
    },
    update: async (id, changes, at) => {
      // mysql2 connects with FOUND_ROWS: affectedRows counts matched rows, changed or not.
      const [result] = await store.db.update(m.users).set(userChanges(changes, at)).where(eq(m.users.id, id));
      return result.affectedRows > 0;
    },
    remove: (id) =>
      store.tx(async (tx) => {
        await tx.delete(m.sessions).where(eq(m.sessions.userId, id));
        const [result] = await tx.delete(m.users).where(eq(m.users.id, id));
        return result.affectedRows > 0;
      }),
    countActive: async (role) => {
      const [row] = await store.db
        .select({ n: count() })
        .from(m.users)
        .where(and(eq(m.users.role, role), eq(m.users.active, true)));
      return row?.n ?? 0;
    },
  };
}

function sessions(store: MysqlInternals): SessionRepository {
  return {
    insert: async (session) => void (await store.db.insert(m.sessions).values(session)),
    find: async (id, now) =>
      (
        await store.db
          .select({ session: m.sessions, user: m.users })
          .from(m.sessions)
          .innerJoin(m.users, eq(m.users.id, m.sessions.userId))
          .where(liveSession(m.sessions, m.users, id, now))
      )[0],
    touch: async (id, lastSeenAt, expiresAt) =>
      void (await store.db.update(m.sessions).set({ lastSeenAt, expiresAt }).where(eq(m.sessions.id, id))),
    remove: async (id) => void (await store.db.delete(m.sessions).where(eq(m.sessions.id, id))),
    removeForUser: async (userId) => {
      const [result] = await store.db.delete(m.sessions).where(eq(m.sessions.userId, userId));
      return result.affectedRows;
    },
    deleteExpired: async (now) => {
      const [result] = await store.db.delete(m.sessions).where(expiredSessions(m.sessions, now));
      return result.affectedRows;
    },
  };
}

function apiTokens(store: MysqlInternals): ApiTokenRepository {
  return {
    list: async () =>
      store.db.select().from(m.apiTokens).orderBy(desc(m.apiTokens.createdAt), desc(m.apiTokens.id)),
    get: async (id) => (await store.db.select().from(m.apiTokens).where(eq(m.apiTokens.id, id)))[0],
    insert: async (token) => void (await store.db.insert(m.apiTokens).values(token)),
    use: async (tokenHash, now) => {
      const [token] = await store.db
        .select()
        .from(m.apiTokens)
        .where(usableToken(m.apiTokens, tokenHash, now));
      if (!token || !recordsUse(token.lastUsedAt, now)) return token;
      await store.db.update(m.apiTokens).set({ lastUsedAt: now }).where(eq(m.apiTokens.id, token.id));
      return { ...token, lastUsedAt: now };
    },
    revoke: async (id, at) => {
      const [result] = await store.db
        .update(m.apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(m.apiTokens.id, id), isNull(m.apiTokens.revokedAt)));
      return result.affectedRows > 0;
    },
  };
}

function oneTimeTokens(store: MysqlInternals): OneTimeTokenRepository {
  return {
    insert: async (token) => void (await store.db.insert(m.oneTimeTokens).values(token)),
    // One conditional UPDATE: the row lock orders concurrent redeemers, and only the first still finds it unused.
    redeem: async (tokenHash, purpose, now) => {
      const [result] = await store.db
        .update(m.oneTimeTokens)
        .set({ usedAt: now })
        .where(and(eq(m.oneTimeTokens.tokenHash, tokenHash), unusedToken(m.oneTimeTokens, purpose, now)));
      return result.affectedRows === 1;
    },
    hasValid: async (purpose, now) =>
      (
        await store.db
          .select({ tokenHash: m.oneTimeTokens.tokenHash })
          .from(m.oneTimeTokens)
          .where(unusedToken(m.oneTimeTokens, purpose, now))
          .limit(1)
      ).length > 0,
  };
}

function loginAttempts(store: MysqlInternals): LoginAttemptRepository {
  return {
    get: async (key) =>
      (await store.db.select().from(m.loginAttempts).where(eq(m.loginAttempts.key, key)))[0],
    fail: (key, now, policy) =>
      store.tx(async (tx) => {
        // A missing row is created empty (no failures yet, in a window starting now); an existing row gets a
        // no-op update, which takes its exclusive lock. Either way the row is ours until commit, so the read
        // and the write below are one step for every replica.
        await tx
          .insert(m.loginAttempts)
          .values({ key, failures: 0, windowStart: now, lockedUntil: null })
          .onDuplicateKeyUpdate({ set: { key: sql`${m.loginAttempts.key}` } });
        const [current] = await tx
          .select()
          .from(m.loginAttempts)
          .where(eq(m.loginAttempts.key, key))
          .for('update');
        const next = nextLoginAttempt(key, current, now, policy);
        await tx.update(m.loginAttempts).set(next).where(eq(m.loginAttempts.key, key));
        return next;
      }),
    clear: async (key) => void (await store.db.delete(m.loginAttempts).where(eq(m.loginAttempts.key, key))),
  };
}
