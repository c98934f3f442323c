/**
 * The admin's transaction views (Bots' reports, incoming, outgoing, document, process errors, confirm and the
 * detail trace: research/bots-inventory.md §7), read from the run log, written once for both dialects. A dialect
 * only runs the statements (ViewPort); what a view reads, which index it walks and how a page ends lives here.
 *
 * Lists are keyset-paginated: a page is ordered by (created_at, id) on ta and (started_at, id) on runs, and
 * `next` encodes the last row's key, so the following page starts after it however many rows arrive meanwhile
 * (no OFFSET, no rows skipped or repeated; rows sharing one time are ordered by id). Every list condition is
 * index-friendly on SQLite and MariaDB 10.11:
 *   - each list walks ONE index chosen here (indexFor), whose leading columns are the view's step (ta.status)
 *     and the equality filter that narrows most (runs: the status, if asked for), followed by the sort key: the
 *     walk comes out ordered, so there is no sort and LIMIT stops it after one page. The dialect names that
 *     index in the statement (SQLite INDEXED BY, MySQL FORCE INDEX): SQLite keeps no statistics here (nothing
 *     runs ANALYZE), and without them its planner prefers ta_status_created for every shape;
 *   - the cursor is `created_at <= k AND (created_at < k OR id < kid)` (newest first; mirrored for oldest), a
 *     plain range on the index rather than a row-constructor comparison, which MariaDB does not range-scan;
 *   - a date range is `created_at >= from AND created_at < to`;
 *   - a reference prefix is the range `reference >= p AND reference < p || U+10FFFF`, never LIKE.
 * The other filters (route, channel, message type, acknowledgement state, and the second of two equality
 * filters) are checked on the rows the index walk reads: they narrow a page, they never choose what is read, so
 * a rare value costs reading past the rows that do not match (bounded by the date range, if one is given).
 * A reference search walks ta_reference and sorts what matches (few rows for a reference; a short prefix that
 * matches many documents sorts them all).
 *
 * Text comparisons follow the column collation: binary on SQLite; case-insensitive with the default utf8mb4
 * collations of MariaDB/MySQL.
 */
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import type { AckStatus } from '../../core/ack-reader.js';
import type { FileReportRow, RunRow, TaRow } from '../rows.js';
import type * as m from '../schema/mysql.js';
import type { Counts, RunMode, RunStatus, TaResult, TaStatus } from '../schema/shared.js';
import type * as s from '../schema/sqlite.js';

/** Rows per page: the default and the most a caller may ask for. */
export const PAGE_LIMIT = { default: 50, max: 500 } as const;
/** The most rows a trace returns; a larger tree is cut (Trace.truncated). */
export const TRACE_LIMIT = 10_000;

/** A query the views cannot answer (a limit out of range, an invalid date, an empty reference); the message is
 * plain and names the field, so an API can answer it as a client error. */
export class ViewQueryError extends Error {
  override name = 'ViewQueryError';
}

/** A cursor that is not one this list gave out (malformed, or from another list or order). */
export class CursorError extends ViewQueryError {
  override name = 'CursorError';
}

export type ListOrder = 'newest' | 'oldest';

/** What every list takes. */
export interface ListQuery {
  /** Rows per page, an integer 1..500 (default 50). */
  limit?: number;
  /** `next` of the previous page (with the same filters and order); absent for the first page. */
  cursor?: string;
  /** Default newest first. */
  order?: ListOrder;
  /** Rows created (runs: started) at or after this time. */
  from?: Date;
  /** Rows created (runs: started) before this time. */
  to?: Date;
}

/** One page of a list; `next` is absent on the last page. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** Engine runs (Bots' reports), with their counts. */
export interface RunsQuery extends ListQuery {
  status?: RunStatus;
  mode?: RunMode;
  /** Only runs with a system error (status `error` or an error text) or with file errors (counts `errors`,
   * `sendErrors` or `unrouted` above 0: what makes the engine exit 2). */
  withErrors?: boolean;
}

/**
 * Received files. A file's outcome is on its FILEIN row (OPEN while in flight, DONE, ERROR, RESEND when marked
 * to be received again), which the file report is keyed by and which rereceive marks; the EXTERNIN row only
 * records the pick-up and is always DONE. So the list is of FILEIN rows (one per file a route read: a zip gives
 * one per entry; a file received again gives another). No partner filter: a FILEIN carries only the partners a
 * route part forces; the real sender is known per interchange (documents). No file-name filter: a name search
 * ("contains") cannot use an index. A received zip without entries has no FILEIN and is not listed (its EXTERNIN
 * is in the log, and get/trace show it).
 */
export interface IncomingQuery extends ListQuery {
  route?: string;
  /** The in-channel. */
  channel?: string;
  result?: TaResult;
}

/** A received file: its FILEIN row, where it was picked up and its file report's counts. */
export type IncomingItem = TaRow & {
  /** The path it was read from (its EXTERNIN row's filename: channel folder and name). */
  source: string | null;
  /** The file report's counts (messages, translated, errors); null until the file's translation finished. */
  counts: Counts | null;
};

/** Sent files (EXTERNOUT rows: one per write, so a file sent again appears again). */
export interface OutgoingQuery extends ListQuery {
  route?: string;
  /** The out-channel. */
  channel?: string;
  /** The receiving partner. */
  partner?: string;
  result?: TaResult;
}

/** Business documents: received messages (SPLITUP rows) or produced ones (TRANSLATED rows). */
export interface DocumentsQuery extends ListQuery {
  /** `in`: received messages; `out`: what the mappings produced. Required: each direction is its own ordered
   * walk, and mixing them would sort the whole log. */
  direction: 'in' | 'out';
  /** The other party: the sender of a received message, the receiver of a produced one. */
  partner?: string;
  result?: TaResult;
  messagetype?: string;
  /** Document number, interchange control number, ... (ta.reference). */
  reference?: string;
  /** Default `exact`. */
  referenceMatch?: 'exact' | 'prefix';
}

/** Errors not tied to a received file: the runs that ended on a system error (status `error`, with runs.error:
 * an exception, a route held by another run, a crashed run recovered by a later one). Every other error the
 * engine records is on a ta row of a file's tree (FILEIN ... EXTERNOUT, failed writes and refused files included;
 * file reports repeat the FILEIN's) and shows in incoming, documents or outgoing. */
export type ProcessErrorsQuery = ListQuery;

/** A run that stopped on a system error. */
export type ProcessErrorItem = RunRow & { error: string };

/** What became of an asked-for acknowledgement: none yet, any answer, or one answer. */
export type AckState = 'pending' | 'answered' | AckStatus;

/** Outgoing messages (TRANSLATED) or interchanges (MERGED) that asked for an acknowledgement (ISA14, UNB 0031). */
export interface AcknowledgementsQuery extends ListQuery {
  /** `message` (default): what 997, 999 and CONTRL UCM answer; `interchange`: what TA1 and CONTRL UCI answer. */
  level?: 'message' | 'interchange';
  state?: AckState;
  /** The receiving partner (who should answer). */
  partner?: string;
}

/** A trace row: `depth` is the distance from the traced row, negative for its ancestors. */
export type TraceRow = TaRow & { depth: number };

export interface Trace {
  /** By depth, then creation. The tree's edges are the rows' `parent` and `child` (merge) links. */
  rows: TraceRow[];
  /** More than TRACE_LIMIT rows: the farthest were left out. */
  truncated: boolean;
}

export interface TransactionViews {
  /** Engine runs, newest first by default. */
  runs(query?: RunsQuery): Promise<Page<RunRow>>;
  incoming(query?: IncomingQuery): Promise<Page<IncomingItem>>;
  outgoing(query?: OutgoingQuery): Promise<Page<TaRow>>;
  documents(query: DocumentsQuery): Promise<Page<TaRow>>;
  processErrors(query?: ProcessErrorsQuery): Promise<Page<ProcessErrorItem>>;
  acknowledgements(query?: AcknowledgementsQuery): Promise<Page<TaRow>>;
  /**
   * The row, its ancestors up to the EXTERNIN rows (through `parent`, and from an interchange's MERGED row to
   * every message merged into it) and its descendants down to the EXTERNOUT rows (through `parent`, and from a
   * message to the MERGED row it went into). Siblings are not included. Undefined for an unknown id.
   */
  trace(taId: string): Promise<Trace | undefined>;
  get(taId: string): Promise<TaRow | undefined>;
}

/** The queries of the lists, by view. */
export interface ViewQueries {
  runs: RunsQuery;
  incoming: IncomingQuery;
  outgoing: OutgoingQuery;
  documents: DocumentsQuery;
  processErrors: ProcessErrorsQuery;
  acknowledgements: AcknowledgementsQuery;
}

export type ListView = keyof ViewQueries;

/** Where a page starts: after the row with this time and id. */
export interface SortKey {
  at: Date;
  id: string;
}

/** A list query checked and ready to be run: what both dialects compile (views.sqlite.ts, views.mysql.ts). */
export type ListPlan = {
  [V in ListView]: {
    view: V;
    query: ViewQueries[V];
    order: ListOrder;
    /** The page size; the statement fetches one row more to learn whether another page follows. */
    limit: number;
    after: SortKey | undefined;
  };
}[ListView];

export type RunListPlan = Extract<ListPlan, { view: 'runs' | 'processErrors' }>;
export type TaListPlan = Exclude<ListPlan, RunListPlan>;
export type PlanOf<V extends ListView> = Extract<ListPlan, { view: V }>;

/** The SQL text and parameters of a list statement (what EXPLAIN is run on). */
export interface ListSql {
  sql: string;
  params: unknown[];
}

export function isRunPlan(plan: ListPlan): plan is RunListPlan {
  return plan.view === 'runs' || plan.view === 'processErrors';
}

/** Checks a list query and decodes its cursor; throws ViewQueryError (CursorError for the cursor). */
export function listPlan<V extends ListView>(view: V, query: ViewQueries[V]): PlanOf<V> {
  const order = query.order ?? 'newest';
  if (order !== 'newest' && order !== 'oldest')
    throw new ViewQueryError(`order must be "newest" or "oldest"; got "${String(order)}"`);
  const limit = query.limit ?? PAGE_LIMIT.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT.max)
    throw new ViewQueryError(`limit must be a whole number from 1 to ${PAGE_LIMIT.max}; got ${limit}`);
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !(value instanceof Date && Number.isFinite(value.getTime())))
      throw new ViewQueryError(`${field} must be a valid date`);
  }
  if (view === 'documents') checkDocuments(query as DocumentsQuery);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, view, order);
  return { view, query, order, limit, after } as PlanOf<V>;
}

function checkDocuments(query: DocumentsQuery): void {
  if (query.direction !== 'in' && query.direction !== 'out')
    throw new ViewQueryError(`direction must be "in" or "out"; got "${String(query.direction)}"`);
  if (query.reference === '') throw new ViewQueryError('reference must not be empty');
  const match = query.referenceMatch ?? 'exact';
  if (match !== 'exact' && match !== 'prefix')
    throw new ViewQueryError(`referenceMatch must be "exact" or "prefix"; got "${String(match)}"`);
}

const CURSOR_ORDER = { newest: 'n', oldest: 'o' } as const;
/** view:order:milliseconds:id; run and ta ids are ULIDs (schema/shared.ts newId). */
const CURSOR_TEXT = /^([A-Za-z]+):([no]):(\d{1,15}):([0-9A-HJKMNP-TV-Z]{26})$/;

/** The cursor of the page after the row with `key`: base64url of the view, the order and the key. */
export function encodeCursor(view: ListView, order: ListOrder, key: SortKey): string {
  return Buffer.from(`${view}:${CURSOR_ORDER[order]}:${key.at.getTime()}:${key.id}`, 'utf8').toString(
    'base64url',
  );
}

/** The key a cursor of this view and order encodes; CursorError for anything else. */
export function decodeCursor(cursor: string, view: ListView, order: ListOrder): SortKey {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const parts = CURSOR_TEXT.exec(text);
  if (!parts) throw new CursorError('The cursor is not valid; start again from the first page');
  if (parts[1] !== view || parts[2] !== CURSOR_ORDER[order])
    throw new CursorError(
      'The cursor belongs to another list or another order; start again from the first page',
    );
  return { at: new Date(Number(parts[3])), id: parts[4]! };
}

/** Index names, as both schemas declare them. */
export const VIEW_INDEXES = {
  created: 'ta_status_created',
  result: 'ta_status_result',
  fromPartner: 'ta_status_from_partner',
  toPartner: 'ta_status_to_partner',
  confirm: 'ta_confirm',
  reference: 'ta_reference',
  runStatus: 'runs_status',
  runs: 'runs_started_at',
} as const;

export type ViewIndex = (typeof VIEW_INDEXES)[keyof typeof VIEW_INDEXES];

/** Results most rows do not have: a filter on one of them narrows more than a partner does. */
const RARE_RESULTS: ReadonlySet<TaResult> = new Set(['ERROR', 'OPEN', 'RESEND', 'NO_RETRY']);

/**
 * The index a list walks: the one whose leading columns match the filter that narrows most. On ta, a reference
 * search walks ta_reference; otherwise the step (ta.status) leads, then a rare result (errors, open, marked),
 * else the partner, else any result, else creation alone. On runs, the status if one is asked for (process
 * errors are the runs in `error`), else the start time.
 */
export function indexFor(plan: ListPlan): ViewIndex {
  if (plan.view === 'processErrors' || (plan.view === 'runs' && plan.query.status !== undefined))
    return VIEW_INDEXES.runStatus;
  if (plan.view === 'runs') return VIEW_INDEXES.runs;
  const { result, partner } = taFilters(plan);
  if (plan.view === 'documents' && plan.query.reference !== undefined) return VIEW_INDEXES.reference;
  if (plan.view === 'acknowledgements') return partner ? VIEW_INDEXES.toPartner : VIEW_INDEXES.confirm;
  if (result !== undefined && RARE_RESULTS.has(result)) return VIEW_INDEXES.result;
  if (partner) return partner.side === 'from' ? VIEW_INDEXES.fromPartner : VIEW_INDEXES.toPartner;
  return result === undefined ? VIEW_INDEXES.created : VIEW_INDEXES.result;
}

/** The step, the partner (and its side) and the result a ta list filters on. */
function taFilters(plan: TaListPlan): {
  status: TaStatus;
  partner: { side: 'from' | 'to'; id: string } | undefined;
  result: TaResult | undefined;
} {
  const to = (id: string | undefined) => (id === undefined ? undefined : { side: 'to' as const, id });
  switch (plan.view) {
    case 'incoming':
      return { status: 'FILEIN', partner: undefined, result: plan.query.result };
    case 'outgoing':
      return { status: 'EXTERNOUT', partner: to(plan.query.partner), result: plan.query.result };
    case 'documents': {
      const { direction, partner, result } = plan.query;
      if (direction === 'out') return { status: 'TRANSLATED', partner: to(partner), result };
      return {
        status: 'SPLITUP',
        partner: partner === undefined ? undefined : { side: 'from', id: partner },
        result,
      };
    }
    case 'acknowledgements':
      return {
        status: plan.query.level === 'interchange' ? 'MERGED' : 'TRANSLATED',
        partner: to(plan.query.partner),
        result: undefined,
      };
  }
}

type TaTable = typeof s.ta | typeof m.ta;
type RunsTable = typeof s.runs | typeof m.runs;

const optional = <T>(column: AnyColumn, value: T | undefined): SQL | undefined =>
  value === undefined ? undefined : eq(column, value);

/** The WHERE of a ta list, on either dialect's table (column names are the same; values are encoded by the
 * dialect's own columns). */
export function taListWhere(t: TaTable, plan: TaListPlan): SQL | undefined {
  const c = t as typeof s.ta;
  const { status, partner, result } = taFilters(plan);
  const parts: (SQL | undefined)[] = [
    eq(c.status, status),
    partner && eq(partner.side === 'from' ? c.fromPartner : c.toPartner, partner.id),
    optional(c.result, result),
  ];
  switch (plan.view) {
    case 'incoming':
      parts.push(optional(c.routeId, plan.query.route), optional(c.fromChannel, plan.query.channel));
      break;
    case 'outgoing':
      parts.push(optional(c.routeId, plan.query.route), optional(c.toChannel, plan.query.channel));
      break;
    case 'documents': {
      const { messagetype, reference, referenceMatch } = plan.query;
      parts.push(optional(c.messagetype, messagetype));
      if (reference !== undefined)
        parts.push(
          referenceMatch === 'prefix'
            ? and(gte(c.reference, reference), lt(c.reference, `${reference}\u{10FFFF}`))
            : eq(c.reference, reference),
        );
      break;
    }
    case 'acknowledgements': {
      const state = plan.query.state;
      parts.push(
        eq(c.confirmAsked, true),
        state === undefined
          ? undefined
          : state === 'pending'
            ? isNull(c.confirmed)
            : state === 'answered'
              ? isNotNull(c.confirmed)
              : eq(c.confirmed, state),
      );
      break;
    }
  }
  return and(...parts, ...keyRange(c.createdAt, c.id, plan));
}

/** The WHERE of a runs list. */
export function runsListWhere(t: RunsTable, plan: RunListPlan): SQL | undefined {
  const c = t as typeof s.runs;
  const parts: (SQL | undefined)[] = [];
  if (plan.view === 'processErrors') parts.push(eq(c.status, 'error'), isNotNull(c.error));
  else {
    const { status, mode, withErrors } = plan.query;
    parts.push(optional(c.status, status), optional(c.mode, mode));
    if (withErrors) {
      // json_extract reads the counts JSON alike on SQLite (text) and MariaDB/MySQL (json).
      const count = (name: string) => sql`coalesce(json_extract(${c.counts}, ${`$.${name}`}), 0)`;
      parts.push(
        or(
          eq(c.status, 'error'),
          isNotNull(c.error),
          sql`${count('errors')} + ${count('sendErrors')} + ${count('unrouted')} > 0`,
        ),
      );
    }
  }
  return and(...parts, ...keyRange(c.startedAt, c.id, plan));
}

/** The date range and the cursor, on the sort key's columns. */
function keyRange(at: AnyColumn, id: AnyColumn, plan: ListPlan): (SQL | undefined)[] {
  const { from, to } = plan.query;
  const parts = [from && gte(at, from), to && lt(at, to)];
  const key = plan.after;
  if (key)
    parts.push(
      plan.order === 'newest'
        ? and(lte(at, key.at), or(lt(at, key.at), lt(id, key.id)))
        : and(gte(at, key.at), or(gt(at, key.at), gt(id, key.id))),
    );
  return parts;
}

/** ORDER BY the sort key, in the list's order. */
export function listOrder(at: AnyColumn, id: AnyColumn, plan: ListPlan): SQL[] {
  return plan.order === 'newest' ? [desc(at), desc(id)] : [asc(at), asc(id)];
}

/** What a dialect provides. List statements fetch `plan.limit + 1` rows in the plan's order. */
export interface ViewPort {
  listTa(plan: TaListPlan): Promise<TaRow[]>;
  listRuns(plan: RunListPlan): Promise<RunRow[]>;
  /** Rows whose `column` is one of `values` (any number of values, none for none). */
  taIn(column: 'id' | 'parent' | 'child', values: readonly string[]): Promise<TaRow[]>;
  /** The file names of these rows (only the two columns: a page of incoming files needs no more of its parents). */
  filenamesIn(ids: readonly string[]): Promise<{ id: string; filename: string | null }[]>;
  /** The file reports of these FILEIN rows. */
  fileReportsIn(taIds: readonly string[]): Promise<FileReportRow[]>;
}

/** The views over a dialect's port; every method is async, so a bad query rejects (never throws). */
export function createTransactionViews(port: ViewPort): TransactionViews {
  const page = <T>(plan: ListPlan, rows: T[], key: (row: T) => SortKey): Page<T> => {
    if (rows.length <= plan.limit) return { items: rows };
    const items = rows.slice(0, plan.limit);
    return { items, next: encodeCursor(plan.view, plan.order, key(items.at(-1)!)) };
  };
  const taKey = (row: TaRow): SortKey => ({ at: row.createdAt, id: row.id });
  const runKey = (row: RunRow): SortKey => ({ at: row.startedAt, id: row.id });
  const ta = async (plan: TaListPlan): Promise<Page<TaRow>> => page(plan, await port.listTa(plan), taKey);
  const runs = async (plan: RunListPlan): Promise<Page<RunRow>> =>
    page(plan, await port.listRuns(plan), runKey);

  return {
    runs: async (query = {}) => runs(listPlan('runs', query)),
    async incoming(query = {}) {
      const { items, next } = await ta(listPlan('incoming', query));
      const parents = [...new Set(items.flatMap((row) => (row.parent === null ? [] : [row.parent])))];
      const sources = new Map((await port.filenamesIn(parents)).map((row) => [row.id, row.filename]));
      const reports = new Map(
        (await port.fileReportsIn(items.map((row) => row.id))).map((r) => [r.taId, r.counts]),
      );
      return {
        items: items.map((row) => ({
          ...row,
          source: (row.parent === null ? undefined : sources.get(row.parent)) ?? null,
          counts: reports.get(row.id) ?? null,
        })),
        ...(next === undefined ? {} : { next }),
      };
    },
    outgoing: async (query = {}) => ta(listPlan('outgoing', query)),
    documents: async (query) => ta(listPlan('documents', query)),
    // The statement selects only runs with an error text.
    processErrors: async (query = {}) =>
      (await runs(listPlan('processErrors', query))) as Page<ProcessErrorItem>,
    acknowledgements: async (query = {}) => ta(listPlan('acknowledgements', query)),
    trace: (taId) => traceOf(port, taId),
    async get(taId) {
      return (await port.taIn('id', [taId]))[0];
    },
  };
}

/** Breadth-first from the row: up through parents (and into merges), then down through children (and merges). */
async function traceOf(port: ViewPort, taId: string): Promise<Trace | undefined> {
  const start = (await port.taIn('id', [taId]))[0];
  if (!start) return undefined;
  const found = new Map<string, TraceRow>([[start.id, { ...start, depth: 0 }]]);
  let truncated = false;
  /** Records the rows not seen yet at `depth`; returns them (the next frontier). */
  const add = (rows: readonly TaRow[], depth: number): TaRow[] => {
    const added: TaRow[] = [];
    for (const row of rows) {
      if (found.has(row.id)) continue;
      if (found.size >= TRACE_LIMIT) {
        truncated = true;
        break;
      }
      found.set(row.id, { ...row, depth });
      added.push(row);
    }
    return added;
  };
  const ids = (values: (string | null)[]) => [
    ...new Set(values.filter((v): v is string => v !== null && !found.has(v))),
  ];

  for (let frontier = [start], depth = -1; frontier.length > 0 && !truncated; depth--) {
    // An interchange's MERGED row has no parent: the messages merged into it name it as their `child`.
    const merged = frontier.filter((row) => row.status === 'MERGED' && row.parent === null);
    frontier = add(
      [
        ...(await port.taIn('id', ids(frontier.map((row) => row.parent)))),
        ...(await port.taIn(
          'child',
          merged.map((row) => row.id),
        )),
      ],
      depth,
    );
  }
  for (let frontier = [start], depth = 1; frontier.length > 0 && !truncated; depth++) {
    frontier = add(
      [
        ...(await port.taIn(
          'parent',
          frontier.map((row) => row.id),
        )),
        ...(await port.taIn('id', ids(frontier.map((row) => row.child)))),
      ],
      depth,
    );
  }
  const rows = [...found.values()].sort(
    (a, b) =>
      a.depth - b.depth ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { rows, truncated };
}
