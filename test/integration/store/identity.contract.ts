// The identity and audit contract, run on every dialect (identity.sqlite.test.ts, identity.mysql.test.ts): users,
// sessions, API tokens, one-time tokens, failed-login counters and the audit log, including the races two
// replicas (two Store instances on separate connections) run into.
// Time budget: about 2 seconds per dialect.
import { describe, expect, it } from 'vitest';
import {
  newId,
  type ApiTokenRow,
  type NewAuditEntry,
  type SessionRow,
  type Store,
  type UserRow,
} from '../../../engine/store/store.js';
import type { StoreFactory } from './store.contract.js';
import { AUDIT_PAGE_MAX } from '../../../engine/store/repositories/audit.js';

const t0 = new Date('2026-03-01T08:00:00.000Z');
const later = (ms: number): Date => new Date(t0.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function user(username: string, changes: Partial<UserRow> = {}): UserRow {
  return {
    id: newId(),
    username,
    displayName: null,
    role: 'operator',
    passwordHash: 'scrypt$hash',
    active: true,
    createdAt: t0,
    updatedAt: t0,
    ...changes,
  };
}

function session(id: string, userId: string, expiresAt: Date): SessionRow {
  return {
    id,
    userId,
    csrfToken: `csrf-${id}`,
    origin: 'password',
    createdAt: t0,
    lastSeenAt: t0,
    expiresAt,
  };
}

function apiToken(name: string, changes: Partial<ApiTokenRow> = {}): ApiTokenRow {
  return {
    id: newId(),
    name,
    tokenHash: `hash-${name}`,
    prefix: `bots_${name.slice(0, 4)}`,
    scopes: ['read', 'outbound'],
    createdBy: 'user:admin',
    createdAt: t0,
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...changes,
  };
}

function auditEntry(changes: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    at: t0,
    actor: 'user:admin',
    action: 'update',
    entity: 'route',
    entityId: 'x12-in',
    before: { active: true, seq: 1 },
    after: { active: false, seq: 1, tags: ['a', null] },
    address: '127.0.0.1',
    ...changes,
  };
}

export function defineIdentityContract(name: string, factory: StoreFactory): void {
  describe(`identity contract: ${name}`, () => {
    async function withStore(
      work: (store: Store, open: () => Promise<Store>) => Promise<void>,
    ): Promise<void> {
      const db = await factory.create();
      const store = await db.open();
      try {
        await store.migrate();
        await work(store, db.open);
      } finally {
        await store.close();
        await db.dispose();
      }
    }

    /** Runs `work` on `count` more Store instances (other replicas) on the same database. */
    async function withReplicas<T>(
      open: () => Promise<Store>,
      count: number,
      work: (replicas: Store[]) => Promise<T>,
    ): Promise<T> {
      const replicas = await Promise.all(Array.from({ length: count }, open));
      try {
        return await work(replicas);
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
    }

    it('keeps users by lower-case name, refuses a taken name in any case, updates and counts them', async () => {
      await withStore(async (store) => {
        const { users } = store.identity;
        const alice = user('Alice', { role: 'admin', displayName: 'Alice A.' });
        const bob = user('bob', { role: 'viewer' });
        expect(await users.insert(alice)).toBe(true);
        expect(await users.insert(bob)).toBe(true);
        expect(await users.insert(user('ALICE', { role: 'viewer' }))).toBe(false);
        expect(await users.insert(user('alice'))).toBe(false);

        const stored = { ...alice, username: 'alice' };
        expect(await users.list()).toEqual([stored, bob]);
        expect(await users.get(alice.id)).toEqual(stored);
        expect(await users.get('nobody')).toBeUndefined();
        expect(await users.byName('aLiCe')).toEqual(stored);
        expect(await users.byName('carol')).toBeUndefined();

        expect(await users.countActive('admin')).toBe(1);
        expect(await users.countActive('operator')).toBe(0);
        expect(await users.update(bob.id, { role: 'admin', displayName: 'Bob' }, later(1))).toBe(true);
        expect(await users.countActive('admin')).toBe(2);
        expect(await users.update(bob.id, { active: false }, later(2))).toBe(true);
        expect(await users.countActive('admin')).toBe(1);
        expect(await users.get(bob.id)).toEqual({
          ...bob,
          role: 'admin',
          displayName: 'Bob',
          active: false,
          updatedAt: later(2),
        });
        // Only the changeable fields are written, whatever else the caller's object carries.
        const whole: UserRow = { ...stored, username: 'mallory', passwordHash: null };
        expect(await users.update(alice.id, whole, later(3))).toBe(true);
        expect(await users.get(alice.id)).toEqual({ ...stored, passwordHash: null, updatedAt: later(3) });
        expect(await users.update('nobody', { active: false }, later(4))).toBe(false);
      });
    });

    it('removes a user together with their sessions, and only theirs', async () => {
      await withStore(async (store) => {
        const { users, sessions } = store.identity;
        const alice = user('alice');
        const bob = user('bob');
        await users.insert(alice);
        await users.insert(bob);
        await sessions.insert(session('s-alice-1', alice.id, later(HOUR)));
        await sessions.insert(session('s-alice-2', alice.id, later(HOUR)));
        await sessions.insert(session('s-bob', bob.id, later(HOUR)));

        expect(await users.remove(alice.id)).toBe(true);
        expect(await users.get(alice.id)).toBeUndefined();
        expect(await sessions.removeForUser(alice.id)).toBe(0);
        expect(await sessions.find('s-bob', t0)).toBeDefined();
        expect(await users.remove(alice.id)).toBe(false);
        // The name is free again.
        expect(await users.insert(user('Alice'))).toBe(true);
      });
    });

    it('finds live sessions with their user; not expired, missing or of an inactive user', async () => {
      await withStore(async (store) => {
        const { users, sessions } = store.identity;
        const alice = user('alice');
        const bob = user('bob');
        await users.insert(alice);
        await users.insert(bob);
        const live = session('s-live', alice.id, later(HOUR));
        await sessions.insert(live);
        await sessions.insert(session('s-short', alice.id, later(MINUTE)));
        await sessions.insert(session('s-bob', bob.id, later(HOUR)));

        expect(await sessions.find('s-live', t0)).toEqual({ session: live, user: alice });
        expect(await sessions.find('s-missing', t0)).toBeUndefined();
        expect(await sessions.find('s-live', later(HOUR - 1))).toBeDefined();
        expect(await sessions.find('s-live', later(HOUR))).toBeUndefined();

        await sessions.touch('s-live', later(HOUR - 1), later(2 * HOUR));
        expect(await sessions.find('s-live', later(HOUR))).toEqual({
          session: { ...live, lastSeenAt: later(HOUR - 1), expiresAt: later(2 * HOUR) },
          user: alice,
        });

        await users.update(bob.id, { active: false }, later(1));
        expect(await sessions.find('s-bob', t0)).toBeUndefined();

        expect(await sessions.deleteExpired(later(MINUTE))).toBe(1);
        expect(await sessions.deleteExpired(later(MINUTE))).toBe(0);
        await sessions.remove('s-live');
        expect(await sessions.find('s-live', t0)).toBeUndefined();
        await sessions.insert(session('s-alice-2', alice.id, later(HOUR)));
        await sessions.insert(session('s-alice-3', alice.id, later(HOUR)));
        expect(await sessions.removeForUser(alice.id)).toBe(2);
        expect(await sessions.find('s-alice-2', t0)).toBeUndefined();
        // Bob's (inactive) session was not touched by Alice's removal.
        await users.update(bob.id, { active: true }, later(2));
        expect(await sessions.find('s-bob', t0)).toBeDefined();
      });
    });

    it('uses API tokens only while neither revoked nor expired, recording lastUsedAt once a minute', async () => {
      await withStore(async (store) => {
        const { apiTokens } = store.identity;
        const ci = apiToken('ci');
        const erp = apiToken('erp', { createdAt: later(1), expiresAt: later(HOUR) });
        const old = apiToken('old', { createdAt: later(2) });
        for (const token of [ci, erp, old]) await apiTokens.insert(token);
        expect((await apiTokens.list()).map((t) => t.name)).toEqual(['old', 'erp', 'ci']);
        expect(await apiTokens.get(erp.id)).toEqual(erp);
        expect(await apiTokens.get('nobody')).toBeUndefined();

        expect(await apiTokens.use('hash-unknown', t0)).toBeUndefined();
        expect(await apiTokens.use('hash-ci', later(10))).toEqual({ ...ci, lastUsedAt: later(10) });
        expect((await apiTokens.get(ci.id))?.lastUsedAt).toEqual(later(10));
        // Within a minute of the recorded use nothing is written; a minute later it is.
        expect((await apiTokens.use('hash-ci', later(MINUTE)))?.lastUsedAt).toEqual(later(10));
        expect((await apiTokens.get(ci.id))?.lastUsedAt).toEqual(later(10));
        expect((await apiTokens.use('hash-ci', later(MINUTE + 10)))?.lastUsedAt).toEqual(later(MINUTE + 10));
        expect((await apiTokens.get(ci.id))?.lastUsedAt).toEqual(later(MINUTE + 10));

        expect(await apiTokens.use('hash-erp', later(HOUR - 1))).toBeDefined();
        expect(await apiTokens.use('hash-erp', later(HOUR))).toBeUndefined();

        expect(await apiTokens.revoke(old.id, later(5))).toBe(true);
        expect(await apiTokens.revoke(old.id, later(6))).toBe(false);
        expect(await apiTokens.revoke('nobody', later(6))).toBe(false);
        expect(await apiTokens.use('hash-old', later(7))).toBeUndefined();
        expect(await apiTokens.get(old.id)).toEqual({ ...old, revokedAt: later(5) });
        expect(await apiTokens.list()).toHaveLength(3);
      });
    });

    it('redeems a one-time token once, for its purpose and before it expires', async () => {
      await withStore(async (store) => {
        const { oneTimeTokens } = store.identity;
        expect(await oneTimeTokens.hasValid('setup', t0)).toBe(false);
        await oneTimeTokens.insert({
          tokenHash: 'setup-1',
          purpose: 'setup',
          createdAt: t0,
          expiresAt: later(HOUR),
          usedAt: null,
        });
        await oneTimeTokens.insert({
          tokenHash: 'launch-1',
          purpose: 'launch',
          createdAt: t0,
          expiresAt: later(MINUTE),
          usedAt: null,
        });
        expect(await oneTimeTokens.hasValid('setup', later(HOUR - 1))).toBe(true);
        expect(await oneTimeTokens.hasValid('setup', later(HOUR))).toBe(false);
        expect(await oneTimeTokens.hasValid('launch', t0)).toBe(true);

        expect(await oneTimeTokens.redeem('unknown', 'setup', t0)).toBe(false);
        expect(await oneTimeTokens.redeem('setup-1', 'launch', t0)).toBe(false);
        expect(await oneTimeTokens.redeem('launch-1', 'launch', later(MINUTE))).toBe(false);
        expect(await oneTimeTokens.redeem('setup-1', 'setup', later(1))).toBe(true);
        expect(await oneTimeTokens.redeem('setup-1', 'setup', later(2))).toBe(false);
        expect(await oneTimeTokens.hasValid('setup', later(3))).toBe(false);
        expect(await oneTimeTokens.redeem('launch-1', 'launch', later(MINUTE - 1))).toBe(true);
        expect(await oneTimeTokens.hasValid('launch', t0)).toBe(false);
      });
    });

    it('gives a one-time token to exactly one of two replicas redeeming it at once', async () => {
      await withStore(async (store, open) => {
        await withReplicas(open, 2, async (replicas) => {
          for (let round = 0; round < 5; round++) {
            const tokenHash = `launch-${round}`;
            await store.identity.oneTimeTokens.insert({
              tokenHash,
              purpose: 'launch',
              createdAt: t0,
              expiresAt: later(MINUTE),
              usedAt: null,
            });
            const results = await Promise.all(
              replicas.map((r) => r.identity.oneTimeTokens.redeem(tokenHash, 'launch', later(round))),
            );
            expect(results.sort()).toEqual([false, true]);
          }
        });
      });
    });

    it('counts failed logins in a window, locks at the limit, restarts an old window and clears', async () => {
      await withStore(async (store) => {
        const { loginAttempts } = store.identity;
        const policy = { windowMs: 15 * MINUTE, maxFailures: 3, lockMs: 5 * MINUTE };
        const key = 'user:alice';
        expect(await loginAttempts.get(key)).toBeUndefined();
        expect(await loginAttempts.fail(key, t0, policy)).toEqual({
          key,
          failures: 1,
          windowStart: t0,
          lockedUntil: null,
        });
        expect((await loginAttempts.fail(key, later(MINUTE), policy)).failures).toBe(2);
        const locked = { key, failures: 3, windowStart: t0, lockedUntil: later(2 * MINUTE + 5 * MINUTE) };
        expect(await loginAttempts.fail(key, later(2 * MINUTE), policy)).toEqual(locked);
        expect(await loginAttempts.get(key)).toEqual(locked);
        // The window is over: counting starts again at 1, and the lock that ran out stays as it was.
        expect(await loginAttempts.fail(key, later(15 * MINUTE), policy)).toEqual({
          ...locked,
          failures: 1,
          windowStart: later(15 * MINUTE),
        });
        expect((await loginAttempts.fail('ip:10.0.0.1', t0, policy)).failures).toBe(1);
        await loginAttempts.clear(key);
        expect(await loginAttempts.get(key)).toBeUndefined();
        expect((await loginAttempts.get('ip:10.0.0.1'))?.failures).toBe(1);
        expect((await loginAttempts.fail(key, later(16 * MINUTE), policy)).failures).toBe(1);
      });
    });

    it('loses no failed login when 4 replicas count the same key at once', async () => {
      await withStore(async (store, open) => {
        const policy = { windowMs: HOUR, maxFailures: 1000, lockMs: MINUTE };
        await withReplicas(open, 4, (replicas) =>
          Promise.all(
            replicas.map(async (replica) => {
              for (let i = 0; i < 10; i++)
                await replica.identity.loginAttempts.fail('ip:10.0.0.9', t0, policy);
            }),
          ),
        );
        expect(await store.identity.loginAttempts.get('ip:10.0.0.9')).toEqual({
          key: 'ip:10.0.0.9',
          failures: 40,
          windowStart: t0,
          lockedUntil: null,
        });
      });
    });

    it('appends audit entries and lists them newest first, filtered and paged by id', async () => {
      await withStore(async (store) => {
        const { audit } = store;
        const entries = [
          auditEntry(),
          auditEntry({ at: later(1), entity: 'channel', entityId: 'x12-out', before: null, after: null }),
          auditEntry({ at: later(2), actor: 'token:ci', action: 'resend', entityId: null, address: null }),
          auditEntry({ at: later(3), entityId: 'x12-in', action: 'delete', after: null }),
        ];
        const ids: number[] = [];
        for (const entry of entries) ids.push(await audit.append(entry));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(new Set(ids).size).toBe(4);

        const all = await audit.list({ limit: 10 });
        expect(all).toEqual(entries.map((entry, i) => ({ id: ids[i], ...entry })).reverse());
        const idsOf = (rows: { id: number }[]) => rows.map((row) => ids.indexOf(row.id));
        expect(idsOf(await audit.list({ entity: 'route', limit: 10 }))).toEqual([3, 2, 0]);
        expect(idsOf(await audit.list({ entity: 'route', entityId: 'x12-in', limit: 10 }))).toEqual([3, 0]);
        expect(idsOf(await audit.list({ actor: 'token:ci', limit: 10 }))).toEqual([2]);

        const first = await audit.list({ limit: 3 });
        expect(idsOf(first)).toEqual([3, 2, 1]);
        expect(idsOf(await audit.list({ beforeId: first.at(-1)!.id, limit: 3 }))).toEqual([0]);
        expect(idsOf(await audit.list({ entity: 'route', beforeId: ids[3], limit: 1 }))).toEqual([2]);
        await expect(audit.list({ limit: 0 })).rejects.toThrow(RangeError);
        await expect(audit.list({ limit: AUDIT_PAGE_MAX + 1 })).rejects.toThrow(RangeError);
      });
    });
  });
}
