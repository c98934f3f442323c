/**
 * The store: one async interface over SQLite (desktop, better-sqlite3) and MySQL/MariaDB (containers, mysql2).
 * Repositories are async on both; write transactions go through each dialect's `tx(work)`, which is synchronous
 * on SQLite (better-sqlite3 cannot take an async transaction body) and async on MySQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditRepository } from './repositories/audit.js';
import type { ConfigRepository } from './repositories/config.js';
import type { IdentityRepositories } from './repositories/identity.js';
import type { NewInterchange } from './repositories/runlog.js';
import type { TransactionViews } from './repositories/views.js';
import type { AuditState, RunStatus, TaResult, TaStatus } from './schema/shared.js';
import type {
  InterchangeRow,
  MonitoredFolderRow,
  ScheduleFiringRow,
  IdempotencyKeyRow,
  ScheduleRow,
  SecretRow,
} from './rows.js';
import type {
  FileReportRepository,
  LeaseRepository,
  RunRepository,
  TaRepository,
} from './repositories/runlog.js';
import type { MysqlStore } from './store.mysql.js';
import type { SqliteStore } from './store.sqlite.js';

export type { AuditFilter, AuditRepository, NewAuditEntry } from './repositories/audit.js';
export type { ConfigRepository } from './repositories/config.js';
export type {
  ApiTokenRepository,
  IdentityRepositories,
  LoginAttemptRepository,
  LoginLockPolicy,
  OneTimeTokenRepository,
  SessionRepository,
  UserChanges,
  UserRepository,
} from './repositories/identity.js';
export type {
  FileReportRepository,
  LeaseRepository,
  NewFileReport,
  NewInterchange,
  NewTa,
  TaFilter,
  RunRepository,
  TaBatch,
  TaChanges,
  TaRepository,
  TaUpdate,
} from './repositories/runlog.js';
export { leaseHolder } from './repositories/runlog.js';
export type {
  AckState,
  AcknowledgementsQuery,
  DocumentsQuery,
  IncomingItem,
  IncomingQuery,
  ListOrder,
  ListQuery,
  OutgoingQuery,
  Page,
  ProcessErrorItem,
  ProcessErrorsQuery,
  RunsQuery,
  Trace,
  TraceRow,
  TransactionViews,
} from './repositories/views.js';
export { CursorError, PAGE_LIMIT, TRACE_LIMIT, ViewQueryError } from './repositories/views.js';
export type {
  ApiTokenRow,
  AuditRow,
  FileReportRow,
  InterchangeRow,
  LoginAttemptRow,
  MonitoredFolderRow,
  OneTimeTokenRow,
  RouteLeaseRow,
  RunRow,
  ScheduleFiringRow,
  ScheduleRow,
  SessionRow,
  TaRow,
  UserRow,
} from './rows.js';
export {
  EXECUTION_OUTCOMES,
  JOB_KINDS,
  JOB_STATUSES,
  newId,
  RUN_MODES,
  RUN_STATUSES,
  TA_RESULTS,
  TA_STATUSES,
  type Counts,
  type ExecutionOutcome,
  type JobKind,
  type JobProgress,
  type JobStatus,
  type RunMode,
  type RunStatus,
  type TaResult,
  type TaStatus,
} from './schema/shared.js';

export interface CounterRepository {
  /** The next value of a named counter (Bots' uniek): 1 for a new name, then 2, 3, ... Atomic across processes;
   * a value is never handed out twice. */
  next(name: string): Promise<number>;
  /** Reserves `count` consecutive values in one transaction and returns the first; the block is this caller's
   * (values it does not use are gaps, never reused). */
  reserve(name: string, count: number): Promise<number>;
}

/** Refuses a block size that is not a positive integer (a zero or negative block would hand out old values). */
export function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`A counter block must be a positive integer; got ${count}`);
}

/** Values mapping scripts keep between runs (Bots' persist). */
export interface PersistRepository {
  get(domain: string, key: string): Promise<string | undefined>;
  /** Every key of a domain with its value. */
  list(domain: string): Promise<Map<string, string>>;
  set(domain: string, key: string, value: string, at?: Date): Promise<void>;
}

/** Interchanges received, for duplicate detection. */
export interface InterchangeRepository {
  /** The recorded rows of these keys (taId of the entries is ignored). Interchanges are recorded with the
   * transaction-log batch that read them (TaBatch.interchanges), so a batch rolled back records none. */
  find(entries: readonly NewInterchange[]): Promise<InterchangeRow[]>;
  /** Forgets interchanges recorded before `before` (cleanup); returns how many. */
  deleteBefore(before: Date): Promise<number>;
}

/** Cron schedules and their firings (engine/jobs/scheduler.ts). */
export interface ScheduleRepository {
  list(): Promise<ScheduleRow[]>;
  /** Adds or replaces a schedule by id. */
  put(schedule: ScheduleRow): Promise<void>;
  /** Removes a schedule (its firings stay, as history); false when there was none. */
  remove(id: string): Promise<boolean>;
  /** Records a firing; false when that schedule already fired at that time (another scheduler did). */
  claimFiring(scheduleId: string, fireAt: Date, catchUp: boolean, now: Date): Promise<boolean>;
  /** Notes the job a firing queued. */
  recordJob(scheduleId: string, fireAt: Date, jobId: number): Promise<void>;
  /** The time of a schedule's latest firing, if it ever fired. */
  lastFiring(scheduleId: string): Promise<Date | undefined>;
  /** Firings recorded without a job (the scheduler stopped in between). */
  unqueued(): Promise<ScheduleFiringRow[]>;
  /** A schedule's firings, newest first. */
  firings(scheduleId: string, limit?: number): Promise<ScheduleFiringRow[]>;
}

/** What the readiness probe needs of the database. */
export interface StoreHealth {
  /** The database answered a query (within 2 s on MySQL). */
  reachable: boolean;
  /** Committed migrations not applied yet (0: the schema is current); absent when unreachable. */
  pendingMigrations?: number;
  /** Why it is not reachable. */
  error?: string;
}

/** How many migrations a dialect's folder holds (its drizzle-kit journal). */
export function committedMigrations(folder: string): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Extra folders the directory monitor watches (engine/jobs/dir-monitor.ts). */
export interface MonitoredFolderRepository {
  list(): Promise<MonitoredFolderRow[]>;
  /** Adds or replaces a folder by id. */
  put(folder: MonitoredFolderRow): Promise<void>;
  /** False when there was none. */
  remove(id: string): Promise<boolean>;
}

/** What became of an idempotency key when a request claimed it. */
export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'pending'; requestHash: string }
  | { state: 'done'; requestHash: string; answer: AuditState };

/** Idempotency keys of the outbound API (one row per principal and key). */
export interface IdempotencyRepository {
  /** Records the key for this request, atomically: `new` for the first request with it, else what the first one
   * left (still `pending`, or `done` with its answer). */
  claim(keyHash: string, requestHash: string, now: Date): Promise<IdempotencyClaim>;
  /** Stores the answer of the request that claimed the key. */
  complete(keyHash: string, answer: AuditState): Promise<void>;
  /** Forgets a key whose request failed, so that a retry with it runs again. */
  release(keyHash: string): Promise<void>;
  /** Forgets keys claimed before `before` (cleanup); returns how many. */
  deleteBefore(before: Date): Promise<number>;
}

/** The claim from the row a claim found: `inserted` when this request wrote it. */
export function idempotencyClaim(inserted: boolean, row: IdempotencyKeyRow | undefined): IdempotencyClaim {
  if (inserted) return { state: 'new' };
  // Released between the insert and the read: its request failed and a retry is on its way; this one waits too.
  if (!row) return { state: 'pending', requestHash: '' };
  return row.answer === null
    ? { state: 'pending', requestHash: row.requestHash }
    : { state: 'done', requestHash: row.requestHash, answer: row.answer };
}

/** Totals for /metrics: every transaction-log row by step and result, every run by status. */
export interface StatsRepository {
  transactions(): Promise<{ status: TaStatus; result: TaResult; count: number }[]>;
  runs(): Promise<{ status: RunStatus; count: number }[]>;
}

/** Named secrets; values are stored only encrypted (runtime/secret-store.ts encrypts and decrypts them). */
export interface SecretRepository {
  /** Every secret, by name. */
  list(): Promise<SecretRow[]>;
  get(name: string): Promise<SecretRow | undefined>;
  /** Adds or replaces a secret by name. */
  put(secret: SecretRow): Promise<void>;
  /** False when there was none. */
  remove(name: string): Promise<boolean>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mysql';
  /** Applies the migrations not applied yet; running it again is a no-op. */
  migrate(): Promise<void>;
  /** Whether the database answers and its schema is current (for /health/ready). */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
  readonly config: ConfigRepository;
  readonly counters: CounterRepository;
  readonly persist: PersistRepository;
  readonly interchanges: InterchangeRepository;
  /** Engine runs (Bots' report rows). */
  readonly runs: RunRepository;
  /** The transaction log: every step of every file and message, written in batched transactions. */
  readonly ta: TaRepository;
  /** Route leases: a route is processed by one run at a time, on any number of hosts. */
  readonly leases: LeaseRepository;
  /** One report per received file. */
  readonly fileReports: FileReportRepository;
  /** The admin's views of runs and the transaction log (incoming, outgoing, documents, process errors,
   * acknowledgements, trace), keyset-paginated, each list on one index. */
  readonly views: TransactionViews;
  readonly schedules: ScheduleRepository;
  readonly monitoredFolders: MonitoredFolderRepository;
  /** Users, sessions, API tokens, one-time tokens and failed-login counters. */
  readonly identity: IdentityRepositories;
  /** The audit log of changes and manual actions, newest first. */
  readonly audit: AuditRepository;
  /** Named secrets, encrypted. */
  readonly secrets: SecretRepository;
  readonly stats: StatsRepository;
  readonly idempotency: IdempotencyRepository;
}

export interface SqliteStoreOptions {
  kind: 'sqlite';
  /** The database file (created when missing). */
  file: string;
  /** Default: migrations/sqlite at the package root. */
  migrationsFolder?: string;
}

export interface MysqlStoreOptions {
  kind: 'mysql';
  /** `mysql://user:password@host:port/database`. */
  url: string;
  /** Connections in the pool (default 10). */
  connectionLimit?: number;
  /** Default: migrations/mysql at the package root. */
  migrationsFolder?: string;
}

export type StoreOptions = SqliteStoreOptions | MysqlStoreOptions;

/** The committed migrations of a dialect: `<package root>/migrations/<dialect>`, from engine/store and dist/store. */
export function migrationsFolder(dialect: 'sqlite' | 'mysql'): string {
  return fileURLToPath(new URL(`../../migrations/${dialect}`, import.meta.url));
}

export function openStore(options: SqliteStoreOptions): Promise<SqliteStore>;
export function openStore(options: MysqlStoreOptions): Promise<MysqlStore>;
export function openStore(options: StoreOptions): Promise<SqliteStore | MysqlStore>;
export async function openStore(options: StoreOptions): Promise<SqliteStore | MysqlStore> {
  // Each driver is loaded only when used: a MySQL deployment never loads the native SQLite module.
  if (options.kind === 'sqlite') {
    const { openSqliteStore } = await import('./store.sqlite.js');
    return openSqliteStore(options);
  }
  const { openMysqlStore } = await import('./store.mysql.js');
  return openMysqlStore(options);
}
