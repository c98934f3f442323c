/**
 * The SQLite store (better-sqlite3): WAL, busy_timeout 5000, foreign keys on, synchronous NORMAL. Transactions are
 * synchronous; write transactions begin IMMEDIATE so concurrent writers (other processes on the same file) wait for
 * the write lock up front instead of failing on upgrade.
 */
import Database from 'better-sqlite3';
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  getTableName,
  inArray,
  isNull,
  lt,
  max,
  ne,
  sql,
} from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createSqliteAudit } from './repositories/audit.sqlite.js';
import type { AuditRepository } from './repositories/audit.js';
import { createConfigRepository, type ConfigRepository } from './repositories/config.js';
import type { IdentityRepositories } from './repositories/identity.js';
import { createSqliteIdentity } from './repositories/identity.sqlite.js';
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
import { createSqliteViews } from './repositories/views.sqlite.js';
import { CONFIG_SETTING_KEYS, chunks, type ConfigRows, type InterchangeRow, type TaRow } from './rows.js';
import * as s from './schema/sqlite.js';
import {
  checkCount,
  idempotencyClaim,
  committedMigrations,
  migrationsFolder,
  type CounterRepository,
  type InterchangeRepository,
  type PersistRepository,
  type MonitoredFolderRepository,
  type SecretRepository,
  type IdempotencyRepository,
  type StatsRepository,
  type ScheduleRepository,
  type StoreHealth,
  type SqliteStoreOptions,
  type Store,
} from './store.js';

export type SqliteDb = BetterSQLite3Database<typeof s>;
export type SqliteTx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];
export type SqliteTxBehavior = 'deferred' | 'immediate' | 'exclusive';

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
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

  /** The engine's hottest statements, prepared once: drizzle's query builder costs more than the insert. */
  private readonly insertTa: (rows: readonly TaRow[]) => void;
  private readonly insertInterchanges: (rows: readonly InterchangeRow[]) => void;
  private findStatement: Database.Statement | undefined;

  constructor(
    readonly sqlite: Database.Database,
    readonly db: SqliteDb,
    private readonly folder: string,
  ) {
    this.insertTa = preparedInsert(sqlite, s.ta, 'INSERT');
    this.insertInterchanges = preparedInsert(sqlite, s.interchanges, 'INSERT OR IGNORE');

    this.config = createConfigRepository({
      readRows: async () => this.tx((tx) => readRows(tx), 'deferred'),
      // IMMEDIATE: the write lock is held from the start, so the guard reads what no other writer can change.
      replaceRows: async (rows, guard) =>
        this.tx((tx) => {
          guard?.(readRows(tx));
          replaceRows(tx, rows);
        }),
    });
    const reserve = async (name: string, count: number): Promise<number> => {
      checkCount(count);
      const last = this.tx(
        (tx) =>
          tx
            .insert(s.counters)
            .values({ name, value: count })
            .onConflictDoUpdate({
              target: s.counters.name,
              set: { value: sql`${s.counters.value} + ${count}` },
            })
            .returning({ value: s.counters.value })
            .get()!.value,
      );
      return last - count + 1;
    };
    this.counters = { next: (name) => reserve(name, 1), reserve };
    this.persist = {
      list: async (domain) =>
        new Map(
          this.tx(
            (tx) =>
              tx
                .select({ key: s.persist.key, value: s.persist.value })
                .from(s.persist)
                .where(eq(s.persist.domain, domain))
                .all()
                .map((row) => [row.key, row.value] as const),
            'deferred',
          ),
        ),
      get: async (domain, key) =>
        this.tx(
          (tx) =>
            tx
              .select({ value: s.persist.value })
              .from(s.persist)
              .where(and(eq(s.persist.domain, domain), eq(s.persist.key, key)))
              .get()?.value,
          'deferred',
        ),
      set: async (domain, key, value, at = new Date()) =>
        void this.tx((tx) =>
          tx
            .insert(s.persist)
            .values({ domain, key, value, updatedAt: at })
            .onConflictDoUpdate({ target: [s.persist.domain, s.persist.key], set: { value, updatedAt: at } })
            .run(),
        ),
    };
    this.interchanges = {
      find: async (entries) => {
        const select = (this.findStatement ??= this.sqlite.prepare(
          'SELECT sender, receiver, control_number AS controlNumber, ta_id AS taId, created_at AS createdAt FROM interchanges WHERE sender = ? AND receiver = ? AND control_number = ?',
        ));
        return entries.flatMap((e) => {
          const row = select.get(e.sender, e.receiver, e.controlNumber) as RawInterchange | undefined;
          return row ? [{ ...row, createdAt: new Date(row.createdAt) }] : [];
        });
      },
      deleteBefore: async (before) =>
        this.tx((tx) => tx.delete(s.interchanges).where(lt(s.interchanges.createdAt, before)).run().changes),
    };
    const idempotencyRow = (keyHash: string) =>
      this.db.select().from(s.idempotencyKeys).where(eq(s.idempotencyKeys.keyHash, keyHash)).get();
    this.idempotency = {
      claim: async (keyHash, requestHash, now) => {
        const inserted = this.tx(
          (tx) =>
            tx
              .insert(s.idempotencyKeys)
              .values({ keyHash, requestHash, answer: null, createdAt: now })
              .onConflictDoNothing()
              .run().changes,
        );
        return idempotencyClaim(inserted > 0, idempotencyRow(keyHash));
      },
      complete: async (keyHash, answer) =>
        void this.tx((tx) =>
          tx.update(s.idempotencyKeys).set({ answer }).where(eq(s.idempotencyKeys.keyHash, keyHash)).run(),
        ),
      release: async (keyHash) =>
        void this.tx((tx) =>
          tx.delete(s.idempotencyKeys).where(eq(s.idempotencyKeys.keyHash, keyHash)).run(),
        ),
      deleteBefore: async (before) =>
        this.tx(
          (tx) => tx.delete(s.idempotencyKeys).where(lt(s.idempotencyKeys.createdAt, before)).run().changes,
        ),
    };
    this.stats = {
      transactions: async () =>
        this.db
          .select({ status: s.ta.status, result: s.ta.result, count: count() })
          .from(s.ta)
          .groupBy(s.ta.status, s.ta.result)
          .all(),
      runs: async () =>
        this.db.select({ status: s.runs.status, count: count() }).from(s.runs).groupBy(s.runs.status).all(),
    };
    this.secrets = {
      list: async () => this.db.select().from(s.secrets).orderBy(asc(s.secrets.name)).all(),
      get: async (name) => this.db.select().from(s.secrets).where(eq(s.secrets.name, name)).get(),
      put: async (secret) =>
        void this.tx((tx) =>
          tx
            .insert(s.secrets)
            .values(secret)
            .onConflictDoUpdate({ target: s.secrets.name, set: secret })
            .run(),
        ),
      remove: async (name) =>
        this.tx((tx) => tx.delete(s.secrets).where(eq(s.secrets.name, name)).run().changes > 0),
    };
    this.monitoredFolders = {
      list: async () => this.db.select().from(s.monitoredFolders).orderBy(asc(s.monitoredFolders.id)).all(),
      put: async (folder) =>
        void this.tx((tx) =>
          tx
            .insert(s.monitoredFolders)
            .values(folder)
            .onConflictDoUpdate({ target: s.monitoredFolders.id, set: folder })
            .run(),
        ),
      remove: async (id) =>
        this.tx((tx) => tx.delete(s.monitoredFolders).where(eq(s.monitoredFolders.id, id)).run().changes > 0),
    };
    this.schedules = {
      list: async () => this.db.select().from(s.schedules).orderBy(asc(s.schedules.id)).all(),
      put: async (schedule) =>
        void this.tx((tx) =>
          tx
            .insert(s.schedules)
            .values(schedule)
            .onConflictDoUpdate({ target: s.schedules.id, set: schedule })
            .run(),
        ),
      remove: async (id) =>
        this.tx((tx) => tx.delete(s.schedules).where(eq(s.schedules.id, id)).run().changes > 0),
      claimFiring: async (scheduleId, fireAt, catchUp, now) =>
        this.tx(
          (tx) =>
            tx
              .insert(s.scheduleFirings)
              .values({ scheduleId, fireAt, catchUp, jobId: null, createdAt: now })
              .onConflictDoNothing()
              .run().changes > 0,
        ),
      recordJob: async (scheduleId, fireAt, jobId) =>
        void this.tx((tx) =>
          tx
            .update(s.scheduleFirings)
            .set({ jobId })
            .where(and(eq(s.scheduleFirings.scheduleId, scheduleId), eq(s.scheduleFirings.fireAt, fireAt)))
            .run(),
        ),
      lastFiring: async (scheduleId) =>
        this.db
          .select({ last: max(s.scheduleFirings.fireAt) })
          .from(s.scheduleFirings)
          .where(eq(s.scheduleFirings.scheduleId, scheduleId))
          .get()?.last ?? undefined,
      unqueued: async () =>
        this.db.select().from(s.scheduleFirings).where(isNull(s.scheduleFirings.jobId)).all(),
      firings: async (scheduleId, limit = 100) =>
        this.db
          .select()
          .from(s.scheduleFirings)
          .where(eq(s.scheduleFirings.scheduleId, scheduleId))
          .orderBy(desc(s.scheduleFirings.fireAt))
          .limit(limit)
          .all(),
    };
    const log = createRunLogRepositories(this.runLogPort());
    this.runs = log.runs;
    this.ta = log.ta;
    this.leases = log.leases;
    this.fileReports = log.fileReports;
    this.views = createSqliteViews(db);
    this.identity = createSqliteIdentity(this);
    this.audit = createSqliteAudit(this);
  }

  private runLogPort(): RunLogPort {
    const read = <T>(work: (tx: SqliteTx) => T): T => this.tx(work, 'deferred');
    return {
      insertRun: async (row) => void this.tx((tx) => tx.insert(s.runs).values(row).run()),
      updateRun: async (id, set) =>
        void this.tx((tx) => tx.update(s.runs).set(set).where(eq(s.runs.id, id)).run()),
      selectRuns: async (f) =>
        read((tx) =>
          tx
            .select()
            .from(s.runs)
            .where(
              and(
                f.id === undefined ? undefined : eq(s.runs.id, f.id),
                f.status === undefined ? undefined : eq(s.runs.status, f.status),
              ),
            )
            .orderBy(asc(s.runs.id))
            .all(),
        ),
      writeTa: async (rows, groups, interchanges, beforeCommit) =>
        this.tx((tx) => {
          this.insertTa(rows);
          this.insertInterchanges(interchanges);
          for (const group of groups) {
            for (const ids of chunks(group.ids)) {
              tx.update(s.ta).set(group.set).where(inArray(s.ta.id, ids)).run();
            }
          }
          beforeCommit?.();
        }),
      selectTa: async (filter) =>
        read((tx) => tx.select().from(s.ta).where(taWhere(s.ta, filter)).orderBy(asc(s.ta.id)).all()),
      // BEGIN IMMEDIATE: the write lock is taken before the read, so check-then-write is atomic across processes.
      acquireLeases: async (leases, now) =>
        this.tx((tx) => {
          const { runId, holder, acquiredAt, expiresAt } = leases[0]!;
          const ids = leases.map((lease) => lease.routeId);
          const existing = chunks(ids).flatMap((c) =>
            tx.select().from(s.routeLeases).where(inArray(s.routeLeases.routeId, c)).all(),
          );
          if (leaseBlocked(existing, runId, now)) return false;
          for (const c of chunks(leases)) {
            tx.insert(s.routeLeases)
              .values(c)
              .onConflictDoUpdate({
                target: s.routeLeases.routeId,
                set: { runId, holder, acquiredAt, expiresAt },
              })
              .run();
          }
          return true;
        }),
      renewLeases: async (runId, expiresAt) =>
        this.tx((tx) => {
          tx.update(s.routeLeases).set({ expiresAt }).where(eq(s.routeLeases.runId, runId)).run();
          return tx
            .select({ routeId: s.routeLeases.routeId })
            .from(s.routeLeases)
            .where(eq(s.routeLeases.runId, runId))
            .orderBy(asc(s.routeLeases.routeId))
            .all()
            .map((row) => row.routeId);
        }),
      releaseLeases: async (runId) =>
        void this.tx((tx) => tx.delete(s.routeLeases).where(eq(s.routeLeases.runId, runId)).run()),
      selectLeases: async (runId) =>
        read((tx) =>
          tx
            .select()
            .from(s.routeLeases)
            .where(runId === undefined ? undefined : eq(s.routeLeases.runId, runId))
            .orderBy(asc(s.routeLeases.routeId))
            .all(),
        ),
      insertFileReports: async (rows) =>
        this.tx((tx) => {
          for (const c of chunks(rows)) tx.insert(s.fileReports).values(c).run();
        }),
      deleteRun: async (id) =>
        this.tx((tx) => {
          const run = tx.select({ status: s.runs.status }).from(s.runs).where(eq(s.runs.id, id)).get();
          if (!run) return undefined;
          if (run.status === 'running') return 'running' as const;
          const rows = tx.delete(s.ta).where(eq(s.ta.runId, id)).run().changes;
          const fileReports = tx.delete(s.fileReports).where(eq(s.fileReports.runId, id)).run().changes;
          tx.delete(s.runs).where(eq(s.runs.id, id)).run();
          return { rows, fileReports };
        }),
      deleteBefore: async (table, before) =>
        this.tx((tx) => {
          if (table === 'ta') return tx.delete(s.ta).where(lt(s.ta.createdAt, before)).run().changes;
          if (table === 'fileReports')
            return tx.delete(s.fileReports).where(lt(s.fileReports.createdAt, before)).run().changes;
          return tx
            .delete(s.runs)
            .where(and(lt(s.runs.startedAt, before), ne(s.runs.status, 'running')))
            .run().changes;
        }),
      selectFileReports: async (runId) =>
        read((tx) =>
          tx
            .select()
            .from(s.fileReports)
            .where(eq(s.fileReports.runId, runId))
            .orderBy(asc(s.fileReports.taId))
            .all(),
        ),
    };
  }

  /** Runs `work` in one transaction, synchronously (IMMEDIATE by default). `work` must not return a promise. */
  tx<T>(work: (tx: SqliteTx) => T, behavior: SqliteTxBehavior = 'immediate'): T {
    return this.db.transaction(
      (tx) => {
        const result = work(tx);
        if (result instanceof Promise)
          throw new Error('SQLite transactions are synchronous: work returned a promise');
        return result;
      },
      { behavior },
    );
  }

  async migrate(): Promise<void> {
    migrate(this.db, { migrationsFolder: this.folder });
  }

  async health(): Promise<StoreHealth> {
    try {
      const applied = this.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
        .get()
        ? (this.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
        : 0;
      return { reachable: true, pendingMigrations: Math.max(0, committedMigrations(this.folder) - applied) };
    } catch (error) {
      return { reachable: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * An online copy of the database into `file` (SQLite's backup API): pages are copied in steps while other
   * connections keep reading and writing, and the copy is consistent as of its end. `file` must not exist.
   */
  async backup(file: string, onProgress?: (copiedPages: number, totalPages: number) => void): Promise<void> {
    await this.sqlite.backup(file, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return BACKUP_PAGES_PER_STEP;
      },
    });
  }

  async close(): Promise<void> {
    if (this.sqlite.open) this.sqlite.close();
  }
}

/** Pages copied per backup step before other connections get a turn. */
const BACKUP_PAGES_PER_STEP = 1000;

interface RawInterchange {
  sender: string;
  receiver: string;
  controlNumber: string;
  taId: string;
  createdAt: number;
}

/**
 * A one-row INSERT for every column of a table, prepared once; values go through each column's own driver
 * mapping (booleans to 0/1, dates to milliseconds, JSON to text), so rows are stored exactly as drizzle would.
 * Prepared statements can be prepared only after the migrations created the table: the statement is prepared
 * on first use.
 */
function preparedInsert<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
  verb: 'INSERT' | 'INSERT OR IGNORE',
): (rows: readonly T['$inferSelect'][]) => void {
  const columns = Object.entries(getTableColumns(table));
  // Per column, the value as SQLite stores it; text and integers need no mapping (the hot case).
  const converters = columns.map(([key, column]) => {
    const identity = column.columnType === 'SQLiteText' || column.columnType === 'SQLiteInteger';
    return (record: Record<string, unknown>): unknown => {
      const value = record[key];
      if (value === null || value === undefined) return null;
      return identity ? value : column.mapToDriverValue(value);
    };
  });
  let statement: Database.Statement | undefined;
  return (rows) => {
    if (rows.length === 0) return;
    statement ??= sqlite.prepare(
      `${verb} INTO "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      statement.run(converters.map((convert) => convert(record)));
    }
  };
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const sqlite = new Database(options.file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = drizzle(sqlite, { schema: s });
  return new SqliteStore(sqlite, db, options.migrationsFolder ?? migrationsFolder('sqlite'));
}

function readRows(tx: SqliteTx): ConfigRows {
  return {
    channels: tx.select().from(s.channels).all(),
    routes: tx.select().from(s.routes).all(),
    translations: tx.select().from(s.translations).all(),
    partners: tx.select().from(s.partners).all(),
    partnerIdentifiers: tx.select().from(s.partnerIdentifiers).all(),
    partnerGroups: tx.select().from(s.partnerGroups).all(),
    partnerGroupMembers: tx.select().from(s.partnerGroupMembers).all(),
    codeLists: tx.select().from(s.codeLists).all(),
    confirmRules: tx.select().from(s.confirmRules).all(),
    settings: tx
      .select()
      .from(s.settings)
      .where(inArray(s.settings.key, [...CONFIG_SETTING_KEYS]))
      .all(),
  };
}

function replaceRows(tx: SqliteTx, rows: ConfigRows): void {
  // Children before parents on delete, parents before children on insert (foreign keys are on).
  tx.delete(s.partnerGroupMembers).run();
  tx.delete(s.partnerIdentifiers).run();
  tx.delete(s.partnerGroups).run();
  tx.delete(s.partners).run();
  tx.delete(s.channels).run();
  tx.delete(s.routes).run();
  tx.delete(s.translations).run();
  tx.delete(s.codeLists).run();
  tx.delete(s.confirmRules).run();
  tx.delete(s.settings)
    .where(inArray(s.settings.key, [...CONFIG_SETTING_KEYS]))
    .run();
  for (const c of chunks(rows.channels)) tx.insert(s.channels).values(c).run();
  for (const c of chunks(rows.routes)) tx.insert(s.routes).values(c).run();
  for (const c of chunks(rows.translations)) tx.insert(s.translations).values(c).run();
  for (const c of chunks(rows.partners)) tx.insert(s.partners).values(c).run();
  for (const c of chunks(rows.partnerIdentifiers)) tx.insert(s.partnerIdentifiers).values(c).run();
  for (const c of chunks(rows.partnerGroups)) tx.insert(s.partnerGroups).values(c).run();
  for (const c of chunks(rows.partnerGroupMembers)) tx.insert(s.partnerGroupMembers).values(c).run();
  for (const c of chunks(rows.codeLists)) tx.insert(s.codeLists).values(c).run();
  for (const c of chunks(rows.confirmRules)) tx.insert(s.confirmRules).values(c).run();
  for (const c of chunks(rows.settings)) tx.insert(s.settings).values(c).run();
}
