/**
 * The SQLite store (better-sqlite3): WAL, busy_timeout 5000, foreign keys on, synchronous NORMAL. Transactions are
 * synchronous; write transactions begin IMMEDIATE so concurrent writers (other processes on the same file) wait for
 * the write lock up front instead of failing on upgrade.
 */
import Database from 'better-sqlite3';
import { inArray, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createConfigRepository, type ConfigRepository } from './repositories/config.js';
import { CONFIG_SETTING_KEYS, chunks, type ConfigRows } from './rows.js';
import * as s from './schema/sqlite.js';
import { migrationsFolder, type CounterRepository, type SqliteStoreOptions, type Store } from './store.js';

export type SqliteDb = BetterSQLite3Database<typeof s>;
export type SqliteTx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];
export type SqliteTxBehavior = 'deferred' | 'immediate' | 'exclusive';

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly config: ConfigRepository;
  readonly counters: CounterRepository;

  constructor(
    readonly sqlite: Database.Database,
    readonly db: SqliteDb,
    private readonly folder: string,
  ) {
    this.config = createConfigRepository({
      readRows: async () => this.tx((tx) => readRows(tx), 'deferred'),
      replaceRows: async (rows) => this.tx((tx) => replaceRows(tx, rows)),
    });
    this.counters = {
      next: async (name) =>
        this.tx(
          (tx) =>
            tx
              .insert(s.counters)
              .values({ name, value: 1 })
              .onConflictDoUpdate({ target: s.counters.name, set: { value: sql`${s.counters.value} + 1` } })
              .returning({ value: s.counters.value })
              .get()!.value,
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

  async close(): Promise<void> {
    if (this.sqlite.open) this.sqlite.close();
  }
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
