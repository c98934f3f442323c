/**
 * The MySQL/MariaDB store (mysql2 pool, timezone 'Z'). Transactions are async and each runs on one pooled
 * connection. DDL auto-commits on MySQL, so `migrate()` serializes runners with GET_LOCK('bots:migrate', 600).
 */
import { and, asc, count, desc, eq, inArray, isNull, lt, max, ne, sql } from 'drizzle-orm';
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { createMysqlAudit } from './repositories/audit.mysql.js';
import type { AuditRepository } from './repositories/audit.js';
import { createConfigRepository, type ConfigRepository } from './repositories/config.js';
import type { IdentityRepositories } from './repositories/identity.js';
import { createMysqlIdentity } from './repositories/identity.mysql.js';
import {
  createRunLogRepositories,
  leaseBlocked,
  taWhere,
  type FileReportRepository,
  type LeaseRepository,
  type RunLogPort,
  type RunRepository,
  type TaRepository,
} from './repositories/runlog.js';
import type { TransactionViews } from './repositories/views.js';
import { createMysqlViews } from './repositories/views.mysql.js';
import { CONFIG_SETTING_KEYS, chunks, type ConfigRows, type InterchangeRow } from './rows.js';
import * as m from './schema/mysql.js';
import {
  checkCount,
  idempotencyClaim,
  committedMigrations,
  migrationsFolder,
  type CounterRepository,
  type InterchangeRepository,
  type MysqlStoreOptions,
  type PersistRepository,
  type MonitoredFolderRepository,
  type SecretRepository,
  type IdempotencyRepository,
  type StatsRepository,
  type ScheduleRepository,
  type StoreHealth,
  type Store,
} from './store.js';

export type MysqlDb = MySql2Database<typeof m>;
export type MysqlTx = Parameters<Parameters<MysqlDb['transaction']>[0]>[0];

const MIGRATE_LOCK = 'bots:migrate';
const MIGRATE_LOCK_SECONDS = 600;
/** ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT: the transaction was rolled back and may simply be run again. */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const RETRIES = 5;
/** How long the readiness probe waits for the database. */
const HEALTH_TIMEOUT_MS = 2000;

/** Thrown inside the lease transaction to roll back the rows it inserted when a route is held. */
class LeaseRefused extends Error {}

export class MysqlStore implements Store {
  readonly kind = 'mysql' as const;
  readonly config: ConfigRepository;
  readonly counters: CounterRepository;
  readonly persist: PersistRepository;
  readonly interchanges: InterchangeRepository;
  readonly runs: RunRepository;
  readonly ta: TaRepository;
  readonly leases: LeaseRepository;
  readonly fileReports: FileReportRepository;
  readonly views: TransactionViews;
  readonly schedules: ScheduleRepository;
  readonly monitoredFolders: MonitoredFolderRepository;
  readonly secrets: SecretRepository;
  readonly stats: StatsRepository;
  readonly idempotency: IdempotencyRepository;
  readonly identity: IdentityRepositories;
  readonly audit: AuditRepository;

  constructor(
    readonly pool: mysql.Pool,
    readonly db: MysqlDb,
    private readonly folder: string,
  ) {
    this.config = createConfigRepository({
      readRows: () => this.tx((tx) => readRows(tx)),
      replaceRows: (rows, guard) =>
        this.tx(async (tx) => {
          // Every replace first locks the same row, so replaces run one after another; the rows a guard reads
          // next (the transaction's first plain read, which fixes its snapshot) are what the previous one committed.
          await tx
            .insert(m.counters)
            .values({ name: CONFIG_WRITE_LOCK, value: 1 })
            .onDuplicateKeyUpdate({ set: { value: sql`${m.counters.value} + 1` } });
          if (guard) guard(await readRows(tx));
          await replaceRows(tx, rows);
        }),
    });
    const reserve = async (name: string, count: number): Promise<number> => {
      checkCount(count);
      return this.tx(async (tx) => {
        // The upsert takes the row's exclusive lock; the select in the same transaction reads our own value.
        await tx
          .insert(m.counters)
          .values({ name, value: count })
          .onDuplicateKeyUpdate({ set: { value: sql`${m.counters.value} + ${count}` } });
        const [row] = await tx
          .select({ value: m.counters.value })
          .from(m.counters)
          .where(sql`${m.counters.name} = ${name}`);
        if (!row) throw new Error(`counter ${name} vanished inside its transaction`);
        return row.value - count + 1;
      });
    };
    this.counters = { next: (name) => reserve(name, 1), reserve };
    this.persist = {
      list: async (domain) => {
        const rows = await this.db
          .select({ key: m.persist.key, value: m.persist.value })
          .from(m.persist)
          .where(eq(m.persist.domain, domain));
        return new Map(rows.map((row) => [row.key, row.value]));
      },
      get: async (domain, key) => {
        const [row] = await this.db
          .select({ value: m.persist.value })
          .from(m.persist)
          .where(and(eq(m.persist.domain, domain), eq(m.persist.key, key)));
        return row?.value;
      },
      set: async (domain, key, value, at = new Date()) =>
        void (await this.db
          .insert(m.persist)
          .values({ domain, key, value, updatedAt: at })
          .onDuplicateKeyUpdate({ set: { value, updatedAt: at } })),
    };
    this.interchanges = {
      find: async (entries) => {
        const found: InterchangeRow[] = [];
        for (const entry of entries) {
          found.push(
            ...(await this.db
              .select()
              .from(m.interchanges)
              .where(
                and(
                  eq(m.interchanges.sender, entry.sender),
                  eq(m.interchanges.receiver, entry.receiver),
                  eq(m.interchanges.controlNumber, entry.controlNumber),
                ),
              )),
          );
        }
        return found;
      },
      deleteBefore: async (before) => {
        const [result] = await this.db.delete(m.interchanges).where(lt(m.interchanges.createdAt, before));
        return result.affectedRows;
      },
    };
    const idempotencyRow = async (keyHash: string) =>
      (await this.db.select().from(m.idempotencyKeys).where(eq(m.idempotencyKeys.keyHash, keyHash)))[0];
    this.idempotency = {
      claim: async (keyHash, requestHash, now) => {
        const [result] = await this.db
          .insert(m.idempotencyKeys)
          .ignore()
          .values({ keyHash, requestHash, answer: null, createdAt: now });
        return idempotencyClaim(result.affectedRows > 0, await idempotencyRow(keyHash));
      },
      complete: async (keyHash, answer) => {
        await this.db.update(m.idempotencyKeys).set({ answer }).where(eq(m.idempotencyKeys.keyHash, keyHash));
      },
      release: async (keyHash) => {
        await this.db.delete(m.idempotencyKeys).where(eq(m.idempotencyKeys.keyHash, keyHash));
      },
      deleteBefore: async (before) => {
        const [result] = await this.db
          .delete(m.idempotencyKeys)
          .where(lt(m.idempotencyKeys.createdAt, before));
        return result.affectedRows;
      },
    };
    this.stats = {
      transactions: async () =>
        this.db
          .select({ status: m.ta.status, result: m.ta.result, count: count() })
          .from(m.ta)
          .groupBy(m.ta.status, m.ta.result),
      runs: async () =>
        this.db.select({ status: m.runs.status, count: count() }).from(m.runs).groupBy(m.runs.status),
    };
    this.secrets = {
      list: async () => this.db.select().from(m.secrets).orderBy(asc(m.secrets.name)),
      get: async (name) => (await this.db.select().from(m.secrets).where(eq(m.secrets.name, name)))[0],
      put: async (secret) => {
        await this.db.insert(m.secrets).values(secret).onDuplicateKeyUpdate({ set: secret });
      },
      remove: async (name) => {
        const [result] = await this.db.delete(m.secrets).where(eq(m.secrets.name, name));
        return result.affectedRows > 0;
      },
    };
    this.monitoredFolders = {
      list: async () => this.db.select().from(m.monitoredFolders).orderBy(asc(m.monitoredFolders.id)),
      put: async (folder) => {
        await this.db.insert(m.monitoredFolders).values(folder).onDuplicateKeyUpdate({ set: folder });
      },
      remove: async (id) => {
        const [result] = await this.db.delete(m.monitoredFolders).where(eq(m.monitoredFolders.id, id));
        return result.affectedRows > 0;
      },
    };
    this.schedules = {
      list: async () => this.db.select().from(m.schedules).orderBy(asc(m.schedules.id)),
      put: async (schedule) => {
        await this.db.insert(m.schedules).values(schedule).onDuplicateKeyUpdate({ set: schedule });
      },
      remove: async (id) => {
        const [result] = await this.db.delete(m.schedules).where(eq(m.schedules.id, id));
        return result.affectedRows > 0;
      },
      claimFiring: async (scheduleId, fireAt, catchUp, now) => {
        const [result] = await this.db
          .insert(m.scheduleFirings)
          .ignore()
          .values({ scheduleId, fireAt, catchUp, jobId: null, createdAt: now });
        return result.affectedRows > 0;
      },
      recordJob: async (scheduleId, fireAt, jobId) => {
        await this.db
          .update(m.scheduleFirings)
          .set({ jobId })
          .where(and(eq(m.scheduleFirings.scheduleId, scheduleId), eq(m.scheduleFirings.fireAt, fireAt)));
      },
      lastFiring: async (scheduleId) =>
        (
          await this.db
            .select({ last: max(m.scheduleFirings.fireAt) })
            .from(m.scheduleFirings)
            .where(eq(m.scheduleFirings.scheduleId, scheduleId))
        )[0]?.last ?? undefined,
      unqueued: async () => this.db.select().from(m.scheduleFirings).where(isNull(m.scheduleFirings.jobId)),
      firings: async (scheduleId, limit = 100) =>
        this.db
          .select()
          .from(m.scheduleFirings)
          .where(eq(m.scheduleFirings.scheduleId, scheduleId))
          .orderBy(desc(m.scheduleFirings.fireAt))
          .limit(limit),
    };
    const log = createRunLogRepositories(this.runLogPort());
    this.runs = log.runs;
    this.ta = log.ta;
    this.leases = log.leases;
    this.fileReports = log.fileReports;
    this.views = createMysqlViews(db);
    this.identity = createMysqlIdentity(this);
    this.audit = createMysqlAudit(this);
  }

  private runLogPort(): RunLogPort {
    return {
      insertRun: async (row) => void (await this.db.insert(m.runs).values(row)),
      updateRun: async (id, set) => void (await this.db.update(m.runs).set(set).where(eq(m.runs.id, id))),
      selectRuns: (f) =>
        this.db
          .select()
          .from(m.runs)
          .where(
            and(
              f.id === undefined ? undefined : eq(m.runs.id, f.id),
              f.status === undefined ? undefined : eq(m.runs.status, f.status),
            ),
          )
          .orderBy(asc(m.runs.id)),
      writeTa: (rows, groups, interchanges, beforeCommit) =>
        this.tx(async (tx) => {
          for (const c of chunks(rows)) await tx.insert(m.ta).values(c);
          for (const c of chunks(interchanges))
            await tx
              .insert(m.interchanges)
              .values(c)
              .onDuplicateKeyUpdate({ set: { taId: sql`${m.interchanges.taId}` } });
          for (const group of groups) {
            for (const ids of chunks(group.ids)) {
              await tx.update(m.ta).set(group.set).where(inArray(m.ta.id, ids));
            }
          }
          beforeCommit?.();
        }),
      selectTa: (filter) => this.db.select().from(m.ta).where(taWhere(m.ta, filter)).orderBy(asc(m.ta.id)),
      acquireLeases: async (leases, now) => {
        const { runId, holder, acquiredAt, expiresAt } = leases[0]!;
        const ids = leases.map((lease) => lease.routeId);
        try {
          return await this.tx(async (tx) => {
            // Missing rows are inserted with our values; an existing row gets a no-op update, which takes its
            // exclusive lock. Then every row exists and is locked by us until commit or rollback.
            for (const c of chunks(leases)) {
              await tx
                .insert(m.routeLeases)
                .values(c)
                .onDuplicateKeyUpdate({ set: { routeId: sql`${m.routeLeases.routeId}` } });
            }
            const existing = [];
            for (const c of chunks(ids)) {
              existing.push(
                ...(await tx
                  .select()
                  .from(m.routeLeases)
                  .where(inArray(m.routeLeases.routeId, c))
                  .for('update')),
              );
            }
            if (leaseBlocked(existing, runId, now)) throw new LeaseRefused();
            for (const c of chunks(ids)) {
              await tx
                .update(m.routeLeases)
                .set({ runId, holder, acquiredAt, expiresAt })
                .where(inArray(m.routeLeases.routeId, c));
            }
            return true;
          });
        } catch (error) {
          if (error instanceof LeaseRefused) return false;
          throw error;
        }
      },
      renewLeases: (runId, expiresAt) =>
        this.tx(async (tx) => {
          await tx.update(m.routeLeases).set({ expiresAt }).where(eq(m.routeLeases.runId, runId));
          const rows = await tx
            .select({ routeId: m.routeLeases.routeId })
            .from(m.routeLeases)
            .where(eq(m.routeLeases.runId, runId))
            .orderBy(asc(m.routeLeases.routeId));
          return rows.map((row) => row.routeId);
        }),
      releaseLeases: async (runId) =>
        void (await this.db.delete(m.routeLeases).where(eq(m.routeLeases.runId, runId))),
      selectLeases: (runId) =>
        this.db
          .select()
          .from(m.routeLeases)
          .where(runId === undefined ? undefined : eq(m.routeLeases.runId, runId))
          .orderBy(asc(m.routeLeases.routeId)),
      insertFileReports: (rows) =>
        this.tx(async (tx) => {
          for (const c of chunks(rows)) await tx.insert(m.fileReports).values(c);
        }),
      deleteRun: (id) =>
        this.tx(async (tx) => {
          const [run] = await tx
            .select({ status: m.runs.status })
            .from(m.runs)
            .where(eq(m.runs.id, id))
            .for('update');
          if (!run) return undefined;
          if (run.status === 'running') return 'running' as const;
          const [rows] = await tx.delete(m.ta).where(eq(m.ta.runId, id));
          const [reports] = await tx.delete(m.fileReports).where(eq(m.fileReports.runId, id));
          await tx.delete(m.runs).where(eq(m.runs.id, id));
          return { rows: rows.affectedRows, fileReports: reports.affectedRows };
        }),
      deleteBefore: async (table, before) => {
        const [result] =
          table === 'ta'
            ? await this.db.delete(m.ta).where(lt(m.ta.createdAt, before))
            : table === 'fileReports'
              ? await this.db.delete(m.fileReports).where(lt(m.fileReports.createdAt, before))
              : await this.db
                  .delete(m.runs)
                  .where(and(lt(m.runs.startedAt, before), ne(m.runs.status, 'running')));
        return result.affectedRows;
      },
      selectFileReports: (runId) =>
        this.db
          .select()
          .from(m.fileReports)
          .where(eq(m.fileReports.runId, runId))
          .orderBy(asc(m.fileReports.taId)),
    };
  }

  /** Runs `work` in one transaction on one connection; retried (whole) after a deadlock or lock wait timeout. */
  async tx<T>(work: (tx: MysqlTx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(work);
      } catch (error) {
        if (attempt >= RETRIES || !RETRYABLE.has(errorCode(error) ?? '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
  }

  async migrate(): Promise<void> {
    const connection = await this.pool.getConnection();
    try {
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [
        MIGRATE_LOCK,
        MIGRATE_LOCK_SECONDS,
      ]);
      if (rows[0]?.got !== 1) {
        throw new Error(`migrate: could not take the lock ${MIGRATE_LOCK} within ${MIGRATE_LOCK_SECONDS} s`);
      }
      try {
        await migrate(this.db, { migrationsFolder: this.folder });
      } finally {
        await connection.query('SELECT RELEASE_LOCK(?)', [MIGRATE_LOCK]);
      }
    } finally {
      connection.release();
    }
  }

  async health(): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS / 1000} s`)),
        HEALTH_TIMEOUT_MS,
      );
    });
    try {
      const [tables] = await Promise.race([
        this.pool.query<mysql.RowDataPacket[]>("SHOW TABLES LIKE '__drizzle_migrations'"),
        timeout,
      ]);
      const applied =
        tables.length === 0
          ? 0
          : Number(
              (
                await this.pool.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM __drizzle_migrations')
              )[0][0]?.['n'] ?? 0,
            );
      return { reachable: true, pendingMigrations: Math.max(0, committedMigrations(this.folder) - applied) };
    } catch (error) {
      return { reachable: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export function openMysqlStore(options: MysqlStoreOptions): MysqlStore {
  const pool = mysql.createPool({
    uri: options.url,
    timezone: 'Z',
    connectionLimit: options.connectionLimit ?? 10,
  });
  const db = drizzle(pool, { schema: m, mode: 'default' });
  return new MysqlStore(pool, db, options.migrationsFolder ?? migrationsFolder('mysql'));
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ER_')) return code;
  }
  return undefined;
}

/** The counter row every configuration replace locks first (its value counts the replaces). */
const CONFIG_WRITE_LOCK = 'config-write-lock';

async function readRows(tx: MysqlTx): Promise<ConfigRows> {
  return {
    channels: await tx.select().from(m.channels),
    routes: await tx.select().from(m.routes),
    translations: await tx.select().from(m.translations),
    partners: await tx.select().from(m.partners),
    partnerIdentifiers: await tx.select().from(m.partnerIdentifiers),
    partnerGroups: await tx.select().from(m.partnerGroups),
    partnerGroupMembers: await tx.select().from(m.partnerGroupMembers),
    codeLists: await tx.select().from(m.codeLists),
    confirmRules: await tx.select().from(m.confirmRules),
    settings: await tx
      .select()
      .from(m.settings)
      .where(inArray(m.settings.key, [...CONFIG_SETTING_KEYS])),
  };
}

async function replaceRows(tx: MysqlTx, rows: ConfigRows): Promise<void> {
  // Children before parents on delete, parents before children on insert (foreign keys are enforced).
  await tx.delete(m.partnerGroupMembers);
  await tx.delete(m.partnerIdentifiers);
  await tx.delete(m.partnerGroups);
  await tx.delete(m.partners);
  await tx.delete(m.channels);
  await tx.delete(m.routes);
  await tx.delete(m.translations);
  await tx.delete(m.codeLists);
  await tx.delete(m.confirmRules);
  await tx.delete(m.settings).where(inArray(m.settings.key, [...CONFIG_SETTING_KEYS]));
  for (const c of chunks(rows.channels)) await tx.insert(m.channels).values(c);
  for (const c of chunks(rows.routes)) await tx.insert(m.routes).values(c);
  for (const c of chunks(rows.translations)) await tx.insert(m.translations).values(c);
  for (const c of chunks(rows.partners)) await tx.insert(m.partners).values(c);
  for (const c of chunks(rows.partnerIdentifiers)) await tx.insert(m.partnerIdentifiers).values(c);
  for (const c of chunks(rows.partnerGroups)) await tx.insert(m.partnerGroups).values(c);
  for (const c of chunks(rows.partnerGroupMembers)) await tx.insert(m.partnerGroupMembers).values(c);
  for (const c of chunks(rows.codeLists)) await tx.insert(m.codeLists).values(c);
  for (const c of chunks(rows.confirmRules)) await tx.insert(m.confirmRules).values(c);
  for (const c of chunks(rows.settings)) await tx.insert(m.settings).values(c);
}
