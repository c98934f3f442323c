/**
 * Runs, the transaction log (ta), route leases and file reports, written once for both dialects: defaults, ids,
 * timestamps, grouping of updates and the lease rule live here; a dialect only runs the statements
 * (RunLogPort), each method in one transaction.
 *
 * Ids are app-generated ULIDs (schema/shared.ts newId): the engine knows a row's id before its batch commits, so
 * a batch can hold a file's whole tree (children name their parent) and content files can be named by id.
 */
import { hostname } from 'node:os';
import { and, eq, inArray, isNull, like, lt, type SQL } from 'drizzle-orm';
import type { FileReportRow, InterchangeRow, RouteLeaseRow, RunRow, TaRow } from '../rows.js';
import type * as m from '../schema/mysql.js';
import {
  newId,
  type Counts,
  type RunMode,
  type RunStatus,
  type TaResult,
  type TaStatus,
} from '../schema/shared.js';
import type * as s from '../schema/sqlite.js';

/** A received interchange's key and the PARSED row that carried it. */
export interface NewInterchange {
  sender: string;
  receiver: string;
  controlNumber: string;
  taId: string;
}

/** A new transaction-log row: run and step are required; result defaults to OPEN, messages to 0, the rest to
 * null. `id` may be given (taken from newId()) so that other rows of the same batch can name it as parent. */
export type NewTa = Pick<TaRow, 'runId' | 'status'> &
  Partial<Omit<TaRow, 'runId' | 'status' | 'createdAt' | 'updatedAt'>>;

/** What `ta.update` may change (not the id nor the creation time; updated_at is set from `at`). */
export type TaChanges = Partial<Omit<TaRow, 'id' | 'createdAt' | 'updatedAt'>>;

export interface TaUpdate {
  id: string;
  changes: TaChanges;
}

export type NewFileReport = Pick<FileReportRow, 'taId' | 'runId' | 'filename' | 'status'> &
  Partial<Pick<FileReportRow, 'routeId' | 'counts' | 'error'>>;

export interface RunRepository {
  /** Records a new run with status `running` and returns it. */
  start(mode: RunMode, routes: readonly string[], at?: Date): Promise<RunRow>;
  /** Ends a run: its final status, counts and error text. Throws for an unknown run. */
  finish(
    id: string,
    status: Exclude<RunStatus, 'running'>,
    counts: Counts,
    error?: string | null,
    at?: Date,
  ): Promise<RunRow>;
  get(id: string): Promise<RunRow | undefined>;
  /** Deletes finished runs that started before `before`; returns how many. */
  deleteBefore(before: Date): Promise<number>;
  /** Deletes one finished run with its transaction-log rows and file reports, in one transaction (Bots' delete of
   * a report); the content stays until cleanup. Undefined when there is no such run, `running` when it has not
   * finished (a running run is never deleted). */
  remove(id: string): Promise<{ rows: number; fileReports: number } | 'running' | undefined>;
  /** Runs still marked `running` (finished normally or not yet), oldest first: candidates for crash recovery. */
  unfinished(): Promise<RunRow[]>;
}

export interface TaFilter {
  id?: string;
  runId?: string;
  parent?: string;
  child?: string;
  routeId?: string;
  toPartner?: string;
  control?: readonly string[];
  /** Rows whose control starts with this text (control numbers are digits and ':', so no LIKE escaping). */
  controlPrefix?: string;
  /** Rows that asked for an acknowledgement that has not come. */
  awaitingConfirm?: boolean;
  createdBefore?: Date;
  status?: readonly TaStatus[];
  result?: readonly TaResult[];
}

/** Rows to insert and rows to change, written together. */
export interface TaBatch {
  insert?: readonly NewTa[];
  update?: readonly TaUpdate[];
  /** Interchanges received (duplicate detection), recorded in the same transaction; existing keys are kept. */
  interchanges?: readonly NewInterchange[];
  /** Called inside the transaction after its statements, before it commits (the crash test's fault point). */
  beforeCommit?: () => void;
}

export interface TaRepository {
  /** Inserts every row in ONE transaction (all or none) and returns them as stored, in the given order. */
  insertMany(rows: readonly NewTa[], at?: Date): Promise<TaRow[]>;
  /** Inserts and updates in ONE transaction (inserts first, so an update may name a row of the same batch);
   * returns the inserted rows as stored. The engine commits a step of many files this way. */
  apply(batch: TaBatch, at?: Date): Promise<TaRow[]>;
  update(id: string, changes: TaChanges, at?: Date): Promise<void>;
  /** Applies many updates in ONE transaction; updates with equal changes share one statement. */
  updateMany(updates: readonly TaUpdate[], at?: Date): Promise<void>;
  get(id: string): Promise<TaRow | undefined>;
  /** Rows matching every given condition, in id order. */
  find(filter: TaFilter): Promise<TaRow[]>;
  /** Deletes rows created before `before` (cleanup); returns how many. */
  deleteBefore(before: Date): Promise<number>;
  /** Rows in id order (creation order) from here on. */
  byRun(runId: string): Promise<TaRow[]>;
  children(id: string): Promise<TaRow[]>;
  /** Rows whose result is still OPEN (of one run, or of all): what crash recovery finishes or redoes. */
  open(runId?: string): Promise<TaRow[]>;
  byStatus(
    status: TaStatus | readonly TaStatus[],
    filter?: { result?: TaResult | readonly TaResult[]; runId?: string; routeId?: string },
  ): Promise<TaRow[]>;
}

export interface LeaseRepository {
  /**
   * Takes a lease on every route for `runId`, all or nothing: false (and nothing taken) when any route is held by
   * another run whose lease has not expired at `now`. An expired lease is taken over; the run's own lease is
   * renewed. Atomic across processes and hosts.
   */
  acquire(
    routeIds: readonly string[],
    runId: string,
    holder: string,
    ttlMs: number,
    now?: Date,
  ): Promise<boolean>;
  /** Extends the run's leases to now + ttlMs; returns the routes it still holds (a lost one is missing). */
  renew(runId: string, ttlMs: number, now?: Date): Promise<string[]>;
  /** Frees every lease of the run. */
  release(runId: string): Promise<void>;
  /** Current lease rows (of one run, or all), by route id. Expired ones are listed until taken over or released. */
  list(runId?: string): Promise<RouteLeaseRow[]>;
}

export interface FileReportRepository {
  insertMany(rows: readonly NewFileReport[], at?: Date): Promise<void>;
  /** Deletes reports created before `before`; returns how many. */
  deleteBefore(before: Date): Promise<number>;
  byRun(runId: string): Promise<FileReportRow[]>;
}

export interface TaUpdateGroup {
  ids: string[];
  set: TaChanges & { updatedAt: Date };
}

/** What a dialect provides; every method is one transaction. Rows come back in primary-key order. */
export interface RunLogPort {
  insertRun(row: RunRow): Promise<void>;
  updateRun(id: string, set: Partial<RunRow>): Promise<void>;
  selectRuns(filter: { id?: string; status?: RunStatus }): Promise<RunRow[]>;
  /** Inserts `rows`, then applies each update group (one UPDATE of `set` on the rows `ids`); one transaction. */
  writeTa(
    rows: TaRow[],
    groups: TaUpdateGroup[],
    interchanges: InterchangeRow[],
    beforeCommit?: () => void,
  ): Promise<void>;
  selectTa(filter: TaFilter): Promise<TaRow[]>;
  /** Writes `leases` (same run, holder and times) unless leaseBlocked() says no; in one locking transaction. */
  acquireLeases(leases: RouteLeaseRow[], now: Date): Promise<boolean>;
  /** Sets expires_at of the run's leases; returns the route ids the run holds. */
  renewLeases(runId: string, expiresAt: Date): Promise<string[]>;
  releaseLeases(runId: string): Promise<void>;
  selectLeases(runId?: string): Promise<RouteLeaseRow[]>;
  insertFileReports(rows: FileReportRow[]): Promise<void>;
  /** Deletes rows of a table older than `before` (runs: finished ones that started before it); one transaction. */
  deleteBefore(table: 'ta' | 'runs' | 'fileReports', before: Date): Promise<number>;
  /** Deletes a run that is not running, its ta rows and file reports in one transaction (RunRepository.remove). */
  deleteRun(id: string): Promise<{ rows: number; fileReports: number } | 'running' | undefined>;
  selectFileReports(runId: string): Promise<FileReportRow[]>;
}

export interface RunLogRepositories {
  runs: RunRepository;
  ta: TaRepository;
  leases: LeaseRepository;
  fileReports: FileReportRepository;
}

/** The lease rule: blocked when a route is held by another run whose lease has not expired at `now`. */
export function leaseBlocked(existing: readonly RouteLeaseRow[], runId: string, now: Date): boolean {
  return existing.some((lease) => lease.runId !== runId && lease.expiresAt.getTime() > now.getTime());
}

/** The default lease holder: this host and process. */
export function leaseHolder(): string {
  return `${hostname()}:${process.pid}`;
}

const asArray = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as readonly T[]) : [value as T];

type TaTable = typeof s.ta | typeof m.ta;

/** The WHERE clause of a TaFilter, on either dialect's table (column names are the same). */
export function taWhere(t: TaTable, filter: TaFilter): SQL | undefined {
  const c = t as typeof s.ta;
  const parts: (SQL | undefined)[] = [
    filter.id === undefined ? undefined : eq(c.id, filter.id),
    filter.runId === undefined ? undefined : eq(c.runId, filter.runId),
    filter.parent === undefined ? undefined : eq(c.parent, filter.parent),
    filter.routeId === undefined ? undefined : eq(c.routeId, filter.routeId),
    filter.child === undefined ? undefined : eq(c.child, filter.child),
    filter.toPartner === undefined ? undefined : eq(c.toPartner, filter.toPartner),
    filter.control === undefined ? undefined : inArray(c.control, [...filter.control]),
    filter.controlPrefix === undefined ? undefined : like(c.control, `${filter.controlPrefix}%`),
    filter.awaitingConfirm ? and(eq(c.confirmAsked, true), isNull(c.confirmed)) : undefined,
    filter.createdBefore === undefined ? undefined : lt(c.createdAt, filter.createdBefore),
    filter.status === undefined ? undefined : inArray(c.status, [...filter.status]),
    filter.result === undefined ? undefined : inArray(c.result, [...filter.result]),
  ];
  return and(...parts);
}

export function createRunLogRepositories(
  port: RunLogPort,
  clock: () => Date = () => new Date(),
): RunLogRepositories {
  const runs: RunRepository = {
    async start(mode, routes, at = clock()) {
      const row: RunRow = {
        id: newId(at.getTime()),
        mode,
        status: 'running',
        startedAt: at,
        endedAt: null,
        routes: [...routes],
        counts: {},
        error: null,
      };
      await port.insertRun(row);
      return row;
    },
    async finish(id, status, counts, error = null, at = clock()) {
      await port.updateRun(id, { status, counts: { ...counts }, error, endedAt: at });
      const [row] = await port.selectRuns({ id });
      if (!row) throw new Error(`runs.finish: no run ${id}`);
      return row;
    },
    async get(id) {
      return (await port.selectRuns({ id }))[0];
    },
    deleteBefore: (before) => port.deleteBefore('runs', before),
    remove: (id) => port.deleteRun(id),
    async unfinished() {
      return port.selectRuns({ status: 'running' });
    },
  };

  const fullRow = (r: NewTa, at: Date): TaRow => ({
    id: r.id ?? newId(at.getTime()),
    runId: r.runId,
    parent: r.parent ?? null,
    child: r.child ?? null,
    control: r.control ?? null,
    confirmAsked: r.confirmAsked ?? null,
    confirmed: r.confirmed ?? null,
    confirmTa: r.confirmTa ?? null,
    status: r.status,
    result: r.result ?? 'OPEN',
    routeId: r.routeId ?? null,
    fromChannel: r.fromChannel ?? null,
    toChannel: r.toChannel ?? null,
    fromPartner: r.fromPartner ?? null,
    toPartner: r.toPartner ?? null,
    editype: r.editype ?? null,
    messagetype: r.messagetype ?? null,
    alt: r.alt ?? null,
    reference: r.reference ?? null,
    filename: r.filename ?? null,
    contentPath: r.contentPath ?? null,
    contentOffset: r.contentOffset ?? null,
    contentLength: r.contentLength ?? null,
    charset: r.charset ?? null,
    testIndicator: r.testIndicator ?? null,
    error: r.error ?? null,
    messages: r.messages ?? 0,
    createdAt: at,
    updatedAt: at,
  });

  // Updates with the same changes (typically "these N rows are DONE") become one UPDATE ... WHERE id IN.
  const updateGroups = (updates: readonly TaUpdate[], at: Date): TaUpdateGroup[] => {
    const groups = new Map<string, TaUpdateGroup>();
    for (const { id, changes } of updates) {
      const set: TaChanges = {};
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined && key !== 'id') (set as Record<string, unknown>)[key] = value;
      }
      const key = JSON.stringify(Object.entries(set).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { ids: [], set: { ...set, updatedAt: at } }));
      group.ids.push(id);
    }
    return [...groups.values()];
  };

  const ta: TaRepository = {
    insertMany: (rows, at = clock()) => ta.apply({ insert: rows }, at),
    async apply(batch, at = clock()) {
      const rows = (batch.insert ?? []).map((r) => fullRow(r, at));
      const groups = updateGroups(batch.update ?? [], at);
      const interchanges = (batch.interchanges ?? []).map((i) => ({ ...i, createdAt: at }));
      if (rows.length > 0 || groups.length > 0 || interchanges.length > 0)
        await port.writeTa(rows, groups, interchanges, batch.beforeCommit);
      return rows;
    },
    async update(id, changes, at = clock()) {
      await ta.apply({ update: [{ id, changes }] }, at);
    },
    async updateMany(updates, at = clock()) {
      await ta.apply({ update: updates }, at);
    },
    async get(id) {
      return (await port.selectTa({ id }))[0];
    },
    find: (filter) => port.selectTa(filter),
    deleteBefore: (before) => port.deleteBefore('ta', before),
    byRun: (runId) => port.selectTa({ runId }),
    children: (id) => port.selectTa({ parent: id }),
    open: (runId) => port.selectTa({ result: ['OPEN'], ...(runId === undefined ? {} : { runId }) }),
    byStatus(status, filter = {}) {
      const result = asArray(filter.result);
      return port.selectTa({
        status: asArray(status)!,
        ...(result === undefined ? {} : { result }),
        ...(filter.runId === undefined ? {} : { runId: filter.runId }),
        ...(filter.routeId === undefined ? {} : { routeId: filter.routeId }),
      });
    },
  };

  const leases: LeaseRepository = {
    async acquire(routeIds, runId, holder, ttlMs, now = clock()) {
      // Sorted: every contender locks rows in the same order, which keeps MySQL deadlocks rare.
      const ids = [...new Set(routeIds)].sort();
      if (ids.length === 0) return true;
      const expiresAt = new Date(now.getTime() + ttlMs);
      return port.acquireLeases(
        ids.map((routeId) => ({ routeId, runId, holder, acquiredAt: now, expiresAt })),
        now,
      );
    },
    renew: (runId, ttlMs, now = clock()) => port.renewLeases(runId, new Date(now.getTime() + ttlMs)),
    release: (runId) => port.releaseLeases(runId),
    list: (runId) => port.selectLeases(runId),
  };

  const fileReports: FileReportRepository = {
    async insertMany(rows, at = clock()) {
      if (rows.length === 0) return;
      await port.insertFileReports(
        rows.map((r) => ({
          taId: r.taId,
          runId: r.runId,
          routeId: r.routeId ?? null,
          filename: r.filename,
          status: r.status,
          counts: { ...(r.counts ?? {}) },
          error: r.error ?? null,
          createdAt: at,
        })),
      );
    },
    byRun: (runId) => port.selectFileReports(runId),
    deleteBefore: (before) => port.deleteBefore('fileReports', before),
  };

  return { runs, ta, leases, fileReports };
}
