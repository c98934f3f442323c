// The transaction views never full-scan the log: on SQLite and on MariaDB/MySQL, 20,000 ta rows (2,000 received
// files over 100 hours, 20 senders, 5 receivers, errors, references, asked-for acknowledgements) and the plan of
// every list shape, taken with EXPLAIN of exactly the statement the view runs (sqliteListSql / mysqlListSql).
// Each shape must walk the index named here (and chosen by views.ts indexFor), never scan a table, and come out
// ordered by the index (no sort), except a reference search, which sorts the rows its reference matches. On ta
// every walk is a search (a range of the index: the step leads every index a list uses); an unfiltered runs list
// reads runs_started_at in order from one end, and LIMIT stops it after one page.
// Nothing is timed. SQLite is not ANALYZEd (the product never runs it); MariaDB is, as its statistics are kept.
// Time budget: about 2 seconds on SQLite, 4 seconds on MariaDB/MySQL (mostly the inserts and the migrations).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  indexFor,
  listPlan,
  type ListPlan,
  type ListView,
  type ViewQueries,
} from '../../../engine/store/repositories/views.js';
import { mysqlListSql } from '../../../engine/store/repositories/views.mysql.js';
import { sqliteListSql } from '../../../engine/store/repositories/views.sqlite.js';
import { newId, openStore, type NewTa, type Store, type TaResult } from '../../../engine/store/store.js';
import { createMysqlDatabase, mysqlSuite } from '../../helpers/mysql.js';

const T0 = Date.UTC(2025, 0, 6, 0, 0, 0);
const HOUR = 3_600_000;
const BATCHES = 100;
const FILES_PER_BATCH = 20;

/** One batch of 20 received files, 10 rows each, as the engine commits them (see route-runner.ts). */
function batch(runId: string, b: number): NewTa[] {
  const rows: NewTa[] = [];
  for (let f = 0; f < FILES_PER_BATCH; f++) {
    const n = b * FILES_PER_BATCH + f;
    const sender = `P${String(n % 20).padStart(2, '0')}`;
    const receiver = `R${n % 5}`;
    const route = { runId, routeId: `route-${n % 3}` };
    const failed = n % 20 === 7;
    const [externin, filein, parsed, merged, fileout] = [newId(), newId(), newId(), newId(), newId()];
    const result = (error: boolean): TaResult => (error ? 'ERROR' : 'DONE');
    rows.push(
      {
        ...route,
        id: externin,
        status: 'EXTERNIN',
        result: 'DONE',
        fromChannel: 'in',
        filename: `in/f${n}.edi`,
      },
      { ...route, id: filein, parent: externin, status: 'FILEIN', result: result(failed), fromChannel: 'in' },
      {
        ...route,
        id: parsed,
        parent: filein,
        status: 'PARSED',
        result: 'DONE',
        fromPartner: sender,
        toPartner: 'US',
      },
    );
    for (let m = 0; m < 2; m++) {
      const split = newId();
      const reference = `PO-${n * 2 + m}`;
      const error = failed && m === 1;
      rows.push(
        {
          ...route,
          id: split,
          parent: parsed,
          status: 'SPLITUP',
          result: result(error),
          fromPartner: sender,
          toPartner: 'US',
          messagetype: '850004010',
          reference,
          error: error ? 'Element BEG03 is missing' : null,
        },
        {
          ...route,
          parent: split,
          child: merged,
          status: 'TRANSLATED',
          result: 'DONE',
          fromPartner: 'US',
          toPartner: receiver,
          messagetype: 'ORDERSD96AUN',
          reference,
          ...(n % 2 === 0 ? { confirmAsked: true, confirmed: n % 4 === 0 ? 'accepted' : null } : {}),
        },
      );
    }
    const out = { ...route, fromPartner: 'US', toPartner: receiver, toChannel: 'out' };
    rows.push(
      { ...out, id: merged, status: 'MERGED', result: 'DONE' },
      { ...out, id: fileout, parent: merged, status: 'FILEOUT', result: 'DONE' },
      { ...out, parent: fileout, status: 'EXTERNOUT', result: result(n % 50 === 3), filename: `out/f${n}` },
    );
  }
  return rows;
}

async function fill(store: Store): Promise<void> {
  for (let b = 0; b < BATCHES; b++) {
    const at = new Date(T0 + b * HOUR);
    const run = await store.runs.start('new', ['route-0', 'route-1', 'route-2'], at);
    await store.ta.insertMany(batch(run.id, b), at);
    await store.runs.finish(run.id, b % 10 === 0 ? 'error' : 'done', { errors: b % 3 }, null, at);
  }
}

/** A list shape: a view and its query (or how to get one: deep cursors come from paging the view). */
type Shape = {
  [V in ListView]: {
    name: string;
    /** The index it must walk (and indexFor must choose). */
    index: string;
    view: V;
    query: ViewQueries[V] | ((store: Store) => Promise<ViewQueries[V]>);
    /** A reference search sorts the rows its reference matches. */
    sorts?: boolean;
  };
}[ListView];

const from = new Date(T0 + 10 * HOUR);
const to = new Date(T0 + 40 * HOUR);

const SHAPES: Shape[] = [
  { name: 'incoming, newest first', index: 'ta_status_created', view: 'incoming', query: {} },
  {
    name: 'incoming errors of a route',
    index: 'ta_status_result',
    view: 'incoming',
    query: { result: 'ERROR', route: 'route-1' },
  },
  {
    name: 'outgoing to a partner, oldest first',
    index: 'ta_status_to_partner',
    view: 'outgoing',
    query: { partner: 'R2', order: 'oldest' },
  },
  { name: 'outgoing send errors', index: 'ta_status_result', view: 'outgoing', query: { result: 'ERROR' } },
  {
    name: 'documents: partner + result + date range',
    index: 'ta_status_from_partner',
    view: 'documents',
    query: { direction: 'in', partner: 'P03', result: 'DONE', from, to },
  },
  {
    name: 'documents: partner + errors + date range',
    index: 'ta_status_result',
    view: 'documents',
    query: { direction: 'in', partner: 'P07', result: 'ERROR', from, to },
  },
  {
    name: 'documents out to a partner',
    index: 'ta_status_to_partner',
    view: 'documents',
    query: { direction: 'out', partner: 'R1' },
  },
  {
    name: 'documents: reference',
    index: 'ta_reference',
    view: 'documents',
    query: { direction: 'in', reference: 'PO-1234' },
    sorts: true,
  },
  {
    name: 'documents: reference prefix',
    index: 'ta_reference',
    view: 'documents',
    query: { direction: 'out', reference: 'PO-12', referenceMatch: 'prefix' },
    sorts: true,
  },
  {
    name: 'documents: a cursor 3,000 rows deep',
    index: 'ta_status_created',
    view: 'documents',
    async query(store) {
      let cursor: string | undefined;
      for (let page = 0; page < 6; page++)
        cursor = (await store.views.documents({ direction: 'in', limit: 500, ...(cursor ? { cursor } : {}) }))
          .next;
      expect(cursor).toBeDefined();
      return { direction: 'in', limit: 500, cursor: cursor! };
    },
  },
  {
    name: 'incoming: a cursor 1,500 rows deep, oldest first',
    index: 'ta_status_created',
    view: 'incoming',
    async query(store) {
      let cursor: string | undefined;
      for (let page = 0; page < 3; page++)
        cursor = (await store.views.incoming({ order: 'oldest', limit: 500, ...(cursor ? { cursor } : {}) }))
          .next;
      return { order: 'oldest', limit: 500, cursor: cursor! };
    },
  },
  {
    name: 'acknowledgements pending',
    index: 'ta_confirm',
    view: 'acknowledgements',
    query: { state: 'pending' },
  },
  {
    name: 'acknowledgements of a partner',
    index: 'ta_status_to_partner',
    view: 'acknowledgements',
    query: { partner: 'R2' },
  },
  { name: 'runs, newest first', index: 'runs_started_at', view: 'runs', query: {} },
  {
    name: 'runs with errors since a time',
    index: 'runs_started_at',
    view: 'runs',
    query: { withErrors: true, from },
  },
  {
    name: 'runs of a status, oldest first',
    index: 'runs_status',
    view: 'runs',
    query: { status: 'done', order: 'oldest' },
  },
  { name: 'process errors', index: 'runs_status', view: 'processErrors', query: {} },
];

/** One table access of a plan: the index it reads, how, and whether the rows are sorted afterwards. */
interface Access {
  table: string;
  index: string | null;
  /** `search`: a range of the index; `index`: the whole index in order (until LIMIT); `table`: a table scan. */
  walk: 'search' | 'index' | 'table';
  sorted: boolean;
}

interface Explainer {
  store: Store;
  explain(plan: ListPlan): Promise<{ accesses: Access[]; raw: unknown }>;
}

function defineExplainSuite(name: string, open: () => Promise<Explainer & { close(): Promise<void> }>): void {
  describe(`views use an index: ${name}`, () => {
    let target: Explainer & { close(): Promise<void> };

    beforeAll(async () => {
      target = await open();
      await fill(target.store);
    }, 60_000);

    afterAll(async () => {
      await target?.close();
    });

    it('holds 20,000 ta rows', async () => {
      expect(await target.store.ta.find({})).toHaveLength(BATCHES * FILES_PER_BATCH * 10);
    });

    for (const s of SHAPES) {
      it(`${s.name}: walks its index${s.sorts ? '' : ' in order'}, no scan`, async () => {
        const query = typeof s.query === 'function' ? await s.query(target.store) : s.query;
        const plan = listPlan(s.view, query);
        const { accesses, raw } = await target.explain(plan);
        const why = JSON.stringify(raw);
        const table = s.view === 'runs' || s.view === 'processErrors' ? 'runs' : 'ta';
        expect(
          accesses.map((a) => a.table),
          why,
        ).toEqual([table]);
        const [access] = accesses;
        expect(indexFor(plan)).toBe(s.index);
        expect(access!.index, why).toBe(s.index);
        expect(access!.walk, why).toMatch(table === 'ta' ? /^search$/ : /^(search|index)$/);
        expect(access!.sorted, why).toBe(s.sorts === true);
      });
    }
  });
}

defineExplainSuite('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bots-views-explain-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bots.sqlite') });
  await store.migrate();
  return {
    store,
    async explain(plan) {
      const { sql, params } = sqliteListSql(store.db, plan);
      const raw = store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      // A temp B-tree sorts: every row read (FOR ORDER BY) or the rows that tie on a leading column.
      const sorted = raw.some((r) => r.detail.startsWith('USE TEMP B-TREE'));
      const accesses = raw.flatMap((r): Access[] => {
        const step = /^(SCAN|SEARCH) (\w+)(?: USING (?:COVERING )?INDEX (\w+))?/.exec(r.detail);
        if (!step) return [];
        const index = step[3] ?? null;
        return [
          {
            table: step[2]!,
            index,
            walk: step[1] === 'SEARCH' ? 'search' : index ? 'index' : 'table',
            sorted,
          },
        ];
      });
      return { accesses, raw: raw.map((r) => r.detail) };
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

await mysqlSuite('views use an index: mysql', () =>
  defineExplainSuite('mysql', async () => {
    const { url, dispose } = await createMysqlDatabase();
    const store = await openStore({ kind: 'mysql', url, connectionLimit: 4 });
    await store.migrate();
    let analyzed = false;
    return {
      store,
      async explain(plan) {
        if (!analyzed) {
          await store.pool.query('ANALYZE TABLE ta, runs');
          analyzed = true;
        }
        const { sql, params } = mysqlListSql(store.db, plan);
        const [raw] = await store.pool.query<mysql.RowDataPacket[]>(`EXPLAIN ${sql}`, params);
        const accesses = raw.map((r): Access => ({
          table: String(r['table']),
          index: (r['key'] as string | null) ?? null,
          walk: r['type'] === 'ALL' ? 'table' : r['type'] === 'index' ? 'index' : 'search',
          sorted: /Using filesort/.test(String(r['Extra'] ?? '')),
        }));
        return { accesses, raw };
      },
      async close() {
        await store.close();
        await dispose();
      },
    };
  }),
);
