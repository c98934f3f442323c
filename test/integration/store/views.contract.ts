// The transaction views contract, run on every dialect (views.sqlite.test.ts, views.mysql.test.ts): a realistic
// run log written through the store's own repositories (runs, ta batches as the engine commits them, file
// reports, acknowledgement updates), then every view against an oracle computed from store.ta.find: filters,
// both orders, paging with small and large pages (every row exactly once, in order, rows sharing one creation
// time included), query and cursor errors, the trace and get.
// Time budget: about 3 seconds per dialect (most of it the migrations and, on MySQL, the 10,001-row trace bound).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CursorError,
  newId,
  TRACE_LIMIT,
  ViewQueryError,
  type AcknowledgementsQuery,
  type DocumentsQuery,
  type FileReportRow,
  type IncomingQuery,
  type ListQuery,
  type NewFileReport,
  type NewTa,
  type OutgoingQuery,
  type Page,
  type RunRow,
  type RunsQuery,
  type Store,
  type TaRow,
} from '../../../engine/store/store.js';
import type { StoreFactory } from './store.contract.js';

const T0 = Date.UTC(2025, 2, 3, 8, 0, 0);
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

interface MessageSpec {
  ref: string;
  type?: string;
  error?: string;
  /** The produced message asks for an acknowledgement. */
  ack?: boolean;
}

interface FileSpec {
  name: string;
  sender: string;
  messages?: MessageSpec[];
  /** Refused before parsing (FILEIN ERROR, nothing below it). */
  refused?: string;
  /** Still in flight (FILEIN OPEN, no file report). */
  open?: boolean;
  sendError?: boolean;
  /** The interchange asks for an acknowledgement (MERGED confirm_asked). */
  askAck?: boolean;
  /** Files with the same key go out in one interchange (one MERGED row). */
  interchange?: string;
}

interface BatchSpec {
  run: RunRow;
  when: Date;
  route: string;
  channel: string;
  outChannel: string;
  receiver: string;
  outType: string;
  files: FileSpec[];
}

/** One received batch as the engine commits it: every file's tree, and its file reports. */
function batchRows(batch: BatchSpec): { rows: NewTa[]; reports: NewFileReport[] } {
  const rows: NewTa[] = [];
  const reports: NewFileReport[] = [];
  const common = { runId: batch.run.id, routeId: batch.route };
  const interchanges = new Map<string, string>();
  for (const [n, file] of batch.files.entries()) {
    const source = `infile/${batch.channel}/${file.name}`;
    const externin = newId();
    const filein = newId();
    const messages = file.messages ?? [];
    const failed = file.refused ?? messages.find((m) => m.error)?.error;
    rows.push(
      {
        ...common,
        id: externin,
        status: 'EXTERNIN',
        result: 'DONE',
        fromChannel: batch.channel,
        filename: source,
      },
      {
        ...common,
        id: filein,
        parent: externin,
        status: 'FILEIN',
        result: file.open ? 'OPEN' : failed ? 'ERROR' : 'DONE',
        fromChannel: batch.channel,
        filename: file.name,
        error: file.open ? null : (failed ?? null),
        messages: messages.length,
      },
    );
    if (file.open) continue;
    const translated = messages.filter((m) => !m.error).length;
    reports.push({
      ...common,
      taId: filein,
      filename: source,
      status: failed ? 'ERROR' : 'DONE',
      counts: { messages: messages.length, translated, errors: messages.length - translated },
      error: failed ?? null,
    });
    if (file.refused) continue;
    const parsed = newId();
    const control = String(100 + n).padStart(9, '0');
    rows.push({
      ...common,
      id: parsed,
      parent: filein,
      status: 'PARSED',
      result: 'DONE',
      fromChannel: batch.channel,
      fromPartner: file.sender,
      toPartner: 'US',
      editype: 'x12',
      reference: control,
    });
    const key = file.interchange ?? newId();
    const isNew = !interchanges.has(key);
    const merged = interchanges.get(key) ?? newId();
    interchanges.set(key, merged);
    for (const [i, message] of messages.entries()) {
      const split = newId();
      rows.push({
        ...common,
        id: split,
        parent: parsed,
        status: 'SPLITUP',
        result: message.error ? 'ERROR' : 'DONE',
        fromChannel: batch.channel,
        fromPartner: file.sender,
        toPartner: 'US',
        editype: 'x12',
        messagetype: message.type ?? '850004010',
        reference: message.ref,
        error: message.error ?? null,
      });
      if (message.error) continue;
      rows.push({
        ...common,
        parent: split,
        child: merged,
        control: `${control}:${String(i + 1).padStart(4, '0')}`,
        status: 'TRANSLATED',
        result: 'DONE',
        fromPartner: 'US',
        toPartner: batch.receiver,
        editype: 'x12',
        messagetype: batch.outType,
        reference: message.ref,
        ...(message.ack ? { confirmAsked: true } : {}),
      });
    }
    if (translated === 0 || !isNew) continue;
    const fileout = newId();
    const described = {
      ...common,
      fromPartner: 'US',
      toPartner: batch.receiver,
      editype: 'x12',
      messagetype: batch.outType,
      reference: control,
    };
    rows.push(
      {
        ...described,
        id: merged,
        status: 'MERGED',
        result: 'DONE',
        control,
        ...(file.askAck ? { confirmAsked: true } : {}),
      },
      {
        ...described,
        id: fileout,
        parent: merged,
        status: 'FILEOUT',
        result: 'DONE',
        toChannel: batch.outChannel,
      },
      {
        ...described,
        parent: fileout,
        status: 'EXTERNOUT',
        result: file.sendError ? 'ERROR' : 'DONE',
        toChannel: batch.outChannel,
        filename: `outfile/${batch.outChannel}/${file.name}.out`,
        error: file.sendError ? `Could not write ${file.name}.out: disk full` : null,
      },
    );
  }
  return { rows, reports };
}

interface Seeded {
  runs: RunRow[];
  ta: TaRow[];
  reports: FileReportRow[];
}

/** The run log of seven runs; batches are committed out of time order, so id order is not creation order. */
async function seed(store: Store): Promise<Seeded> {
  const r1 = await store.runs.start('new', ['orders-in', 'invoices-in'], at(0));
  const r2 = await store.runs.start('new', ['orders-in'], at(60));
  const r5 = await store.runs.start('new', ['orders-in'], at(240));
  const orders = { route: 'orders-in', channel: 'x12-in', outChannel: 'xml-out', outType: 'orders' };
  const batches: BatchSpec[] = [
    {
      ...orders,
      run: r2,
      when: at(60),
      receiver: 'DC-WEST',
      files: [
        { name: 'c1.edi', sender: 'ACME', messages: [{ ref: 'PO-2001', ack: true }], askAck: true },
        { name: 'c2.edi', sender: 'GLOBEX', messages: [{ ref: 'PO-2002', ack: true }] },
        { name: 'c3.edi', sender: 'ACME', messages: [{ ref: 'PO-2003' }, { ref: 'PO-2004' }] },
      ],
    },
    {
      ...orders,
      run: r1,
      when: at(0),
      receiver: 'DC-EAST',
      files: [
        {
          name: 'a1.edi',
          sender: 'ACME',
          messages: [{ ref: 'PO-1001' }, { ref: 'PO-1002', ack: true }],
          askAck: true,
        },
        {
          name: 'a2.edi',
          sender: 'GLOBEX',
          messages: [{ ref: 'PO-1003', error: 'Element BEG03 is missing' }],
        },
        { name: 'a3.edi', sender: 'ACME', messages: [{ ref: 'PO-1004' }], sendError: true },
        { name: 'a4.edi', sender: 'INITECH', refused: 'Unknown sender ZZ:INITECH' },
        { name: 'a5.edi', sender: 'ACME', messages: [{ ref: 'PO-1005', ack: true }], interchange: 'shared' },
        {
          name: 'a6.edi',
          sender: 'GLOBEX',
          messages: [{ ref: 'PO-1006', ack: true }],
          interchange: 'shared',
        },
        ...['ACME', 'GLOBEX', 'ACME', 'GLOBEX', 'ACME', 'GLOBEX'].map((sender, i) => ({
          name: `a${7 + i}.edi`,
          sender,
          messages: [{ ref: `PO-10${String(7 + i).padStart(2, '0')}` }],
        })),
      ],
    },
    {
      run: r1,
      when: at(0),
      route: 'invoices-in',
      channel: 'edifact-in',
      outChannel: 'csv-out',
      receiver: 'LEDGER',
      outType: 'invoice',
      files: [
        { name: 'b1.edi', sender: 'ACME', messages: [{ ref: 'INV-77', type: 'INVOICD96AUN' }] },
        {
          name: 'b2.edi',
          sender: 'GLOBEX',
          messages: [
            { ref: 'INV-78', type: 'INVOICD96AUN' },
            { ref: 'INV-79', type: 'INVOICD96AUN', error: 'Mapping failed' },
          ],
        },
      ],
    },
    {
      ...orders,
      run: r5,
      when: at(240),
      receiver: 'DC-EAST',
      files: [
        { name: 'e1.edi', sender: 'ACME', open: true },
        { name: 'e2.edi', sender: 'GLOBEX', open: true },
      ],
    },
  ];
  for (const batch of batches) {
    const { rows, reports } = batchRows(batch);
    await store.ta.insertMany(rows, batch.when);
    await store.fileReports.insertMany(reports, batch.when);
  }
  const runs = [
    await store.runs.finish(r1.id, 'done', { received: 14, errors: 3, sendErrors: 1 }, null, at(2)),
    await store.runs.finish(r2.id, 'done', { received: 3, sent: 3, errors: 0 }, null, at(61)),
    r5,
  ];
  const r3 = await store.runs.start('resend', ['orders-in'], at(120));
  runs.push(
    await store.runs.finish(
      r3.id,
      'error',
      {},
      'Another run holds route orders-in; try again later',
      at(120),
    ),
  );
  const r4 = await store.runs.start('cleanup', ['maintenance'], at(180));
  runs.push(await store.runs.finish(r4.id, 'done', {}, null, at(181)));
  // Two runs started in the same millisecond.
  for (const status of ['done', 'cancelled'] as const) {
    const run = await store.runs.start('retry', ['orders-in'], at(300));
    runs.push(
      await store.runs.finish(run.id, status, { unrouted: status === 'done' ? 1 : 0 }, null, at(301)),
    );
  }

  // Acknowledgements arrive (ack-matcher.ts): message level for PO-1002 and PO-1005, interchange level (TA1) for
  // a1.edi's interchange; PO-1006, PO-2001, PO-2002 and c1.edi's interchange stay pending.
  let ta = await store.ta.find({});
  const ackTa = ta.find((r) => r.reference === 'PO-2003' && r.status === 'SPLITUP')!.id;
  const translatedOf = (ref: string) => ta.find((r) => r.status === 'TRANSLATED' && r.reference === ref)!;
  await store.ta.updateMany(
    [
      { id: translatedOf('PO-1002').id, changes: { confirmed: 'accepted', confirmTa: ackTa } },
      { id: translatedOf('PO-1005').id, changes: { confirmed: 'rejected', confirmTa: ackTa } },
      { id: translatedOf('PO-1002').child!, changes: { confirmed: 'accepted', confirmTa: ackTa } },
    ],
    at(90),
  );
  ta = await store.ta.find({});
  const reports = (await Promise.all(runs.map((run) => store.fileReports.byRun(run.id)))).flat();
  return { runs: await Promise.all(runs.map(async (run) => (await store.runs.get(run.id))!)), ta, reports };
}

type Order = 'newest' | 'oldest';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedBy<T>(rows: readonly T[], order: Order, key: (row: T) => { at: Date; id: string }): T[] {
  const sign = order === 'newest' ? -1 : 1;
  return [...rows].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    return sign * (a.at.getTime() - b.at.getTime() || compare(a.id, b.id));
  });
}

const taKey = (row: TaRow) => ({ at: row.createdAt, id: row.id });
const runKey = (row: RunRow) => ({ at: row.startedAt, id: row.id });

/** Every page of a list: pages with `next` are full, the last has no `next`. */
async function allPages<Q extends ListQuery, T>(
  list: (query: Q) => Promise<Page<T>>,
  query: Q,
): Promise<T[]> {
  const limit = query.limit ?? 50;
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    if (page.next === undefined) {
      expect(page.items.length).toBeLessThanOrEqual(limit);
      return items;
    }
    expect(page.items).toHaveLength(limit);
    cursor = page.next;
  }
  throw new Error('more than 1000 pages');
}

export function defineViewsContract(name: string, factory: StoreFactory): void {
  describe(`transaction views: ${name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let data: Seeded;

    beforeAll(async () => {
      const db = await factory.create();
      store = await db.open();
      dispose = db.dispose;
      await store.migrate();
      data = await seed(store);
    });

    afterAll(async () => {
      await store?.close();
      await dispose?.();
    });

    /** The list, in both orders, with pages of 4 (crossing rows that share a time) and of 500, is `expected`. */
    async function expectList<Q extends ListQuery, T>(
      list: (query: Q) => Promise<Page<T>>,
      query: Q,
      expected: readonly T[],
      key: (row: T) => { at: Date; id: string },
    ): Promise<void> {
      expect(expected.length).toBeGreaterThan(0);
      for (const order of ['newest', 'oldest'] as const) {
        for (const limit of [4, 500]) {
          expect(await allPages(list, { ...query, order, limit })).toEqual(sortedBy(expected, order, key));
        }
      }
    }

    const rows = (pick: (row: TaRow) => boolean) => data.ta.filter(pick);

    it('lists runs newest first with their counts, filtered by status, mode, time and errors', async () => {
      const runs = (q: RunsQuery) => store.views.runs(q);
      const first = await store.views.runs();
      expect(first.next).toBeUndefined();
      expect(first.items).toEqual(sortedBy(data.runs, 'newest', runKey));
      expect(first.items[0]!.counts).toEqual(expect.any(Object));
      await expectList(runs, {}, data.runs, runKey);
      await expectList(
        runs,
        { status: 'done' },
        data.runs.filter((r) => r.status === 'done'),
        runKey,
      );
      await expectList(
        runs,
        { mode: 'retry' },
        data.runs.filter((r) => r.mode === 'retry'),
        runKey,
      );
      await expectList(
        runs,
        { from: at(60), to: at(300) },
        data.runs.filter((r) => r.startedAt >= at(60) && r.startedAt < at(300)),
        runKey,
      );
      const withErrors = data.runs.filter(
        (r) =>
          r.status === 'error' ||
          r.error !== null ||
          (r.counts['errors'] ?? 0) + (r.counts['sendErrors'] ?? 0) + (r.counts['unrouted'] ?? 0) > 0,
      );
      expect(withErrors.map((r) => r.mode).sort()).toEqual(['new', 'resend', 'retry']);
      await expectList(runs, { withErrors: true }, withErrors, runKey);
    });

    it('lists process errors: the runs that stopped on a system error', async () => {
      const expected = data.runs.filter((r) => r.error !== null);
      expect(expected.map((r) => r.error)).toEqual(['Another run holds route orders-in; try again later']);
      await expectList((q: ListQuery) => store.views.processErrors(q), {}, expected, runKey);
    });

    it('lists received files with their source and file report, filtered by route, channel, result and time', async () => {
      const incoming = (q: IncomingQuery) => store.views.incoming(q);
      const item = (row: TaRow) => ({
        ...row,
        source: data.ta.find((r) => r.id === row.parent)!.filename,
        counts: data.reports.find((r) => r.taId === row.id)?.counts ?? null,
      });
      const files = rows((r) => r.status === 'FILEIN').map(item);
      expect(files).toHaveLength(19);
      const a2 = files.find((f) => f.filename === 'a2.edi')!;
      expect(a2).toMatchObject({
        result: 'ERROR',
        source: 'infile/x12-in/a2.edi',
        counts: { messages: 1, translated: 0, errors: 1 },
      });
      expect(files.find((f) => f.filename === 'e1.edi')).toMatchObject({ result: 'OPEN', counts: null });
      const key = (row: TaRow) => taKey(row);
      await expectList(incoming, {}, files, key);
      await expectList(
        incoming,
        { route: 'invoices-in' },
        files.filter((f) => f.routeId === 'invoices-in'),
        key,
      );
      await expectList(
        incoming,
        { channel: 'x12-in' },
        files.filter((f) => f.fromChannel === 'x12-in'),
        key,
      );
      await expectList(
        incoming,
        { result: 'ERROR' },
        files.filter((f) => f.result === 'ERROR'),
        key,
      );
      await expectList(
        incoming,
        { route: 'orders-in', result: 'DONE', from: at(0), to: at(60) },
        files.filter((f) => f.routeId === 'orders-in' && f.result === 'DONE' && f.createdAt < at(60)),
        key,
      );
    });

    it('lists sent files, filtered by route, channel, partner, result and time', async () => {
      const outgoing = (q: OutgoingQuery) => store.views.outgoing(q);
      const sent = rows((r) => r.status === 'EXTERNOUT');
      expect(sent.length).toBeGreaterThan(4);
      await expectList(outgoing, {}, sent, taKey);
      await expectList(
        outgoing,
        { channel: 'csv-out' },
        sent.filter((r) => r.toChannel === 'csv-out'),
        taKey,
      );
      await expectList(
        outgoing,
        { route: 'orders-in' },
        sent.filter((r) => r.routeId === 'orders-in'),
        taKey,
      );
      await expectList(
        outgoing,
        { partner: 'DC-EAST' },
        sent.filter((r) => r.toPartner === 'DC-EAST'),
        taKey,
      );
      await expectList(
        outgoing,
        { result: 'ERROR' },
        sent.filter((r) => r.result === 'ERROR'),
        taKey,
      );
      await expectList(
        outgoing,
        { partner: 'DC-WEST', result: 'DONE', from: at(30) },
        sent.filter((r) => r.toPartner === 'DC-WEST' && r.result === 'DONE' && r.createdAt >= at(30)),
        taKey,
      );
    });

    it('lists documents by direction, partner, result, message type, time and reference', async () => {
      const documents = (q: DocumentsQuery) => store.views.documents(q);
      const received = rows((r) => r.status === 'SPLITUP');
      const produced = rows((r) => r.status === 'TRANSLATED');
      await expectList(documents, { direction: 'in' }, received, taKey);
      await expectList(documents, { direction: 'out' }, produced, taKey);
      await expectList(
        documents,
        { direction: 'in', partner: 'ACME' },
        received.filter((r) => r.fromPartner === 'ACME'),
        taKey,
      );
      await expectList(
        documents,
        { direction: 'out', partner: 'DC-WEST' },
        produced.filter((r) => r.toPartner === 'DC-WEST'),
        taKey,
      );
      await expectList(
        documents,
        { direction: 'in', partner: 'GLOBEX', result: 'ERROR', from: at(0), to: at(1) },
        received.filter((r) => r.fromPartner === 'GLOBEX' && r.result === 'ERROR' && r.createdAt < at(1)),
        taKey,
      );
      await expectList(
        documents,
        { direction: 'in', partner: 'ACME', result: 'DONE' },
        received.filter((r) => r.fromPartner === 'ACME' && r.result === 'DONE'),
        taKey,
      );
      await expectList(
        documents,
        { direction: 'in', messagetype: 'INVOICD96AUN' },
        received.filter((r) => r.messagetype === 'INVOICD96AUN'),
        taKey,
      );
      await expectList(
        documents,
        { direction: 'in', reference: 'PO-1003' },
        received.filter((r) => r.reference === 'PO-1003'),
        taKey,
      );
      const prefixed = received.filter((r) => r.reference?.startsWith('PO-10'));
      expect(prefixed).toHaveLength(12);
      await expectList(
        documents,
        { direction: 'in', reference: 'PO-10', referenceMatch: 'prefix' },
        prefixed,
        taKey,
      );
      await expectList(
        documents,
        { direction: 'out', reference: 'PO-1', referenceMatch: 'prefix', partner: 'DC-EAST' },
        produced.filter((r) => r.reference?.startsWith('PO-1') && r.toPartner === 'DC-EAST'),
        taKey,
      );
      expect((await documents({ direction: 'in', reference: 'PO-100' })).items).toEqual([]);
    });

    it('lists asked-for acknowledgements and what they said, per message or interchange', async () => {
      const acks = (q: AcknowledgementsQuery) => store.views.acknowledgements(q);
      const asked = rows((r) => r.status === 'TRANSLATED' && r.confirmAsked === true);
      expect(asked.map((r) => r.reference).sort()).toEqual([
        'PO-1002',
        'PO-1005',
        'PO-1006',
        'PO-2001',
        'PO-2002',
      ]);
      await expectList(acks, {}, asked, taKey);
      await expectList(
        acks,
        { state: 'pending' },
        asked.filter((r) => r.confirmed === null),
        taKey,
      );
      await expectList(
        acks,
        { state: 'answered' },
        asked.filter((r) => r.confirmed !== null),
        taKey,
      );
      await expectList(
        acks,
        { state: 'rejected' },
        asked.filter((r) => r.confirmed === 'rejected'),
        taKey,
      );
      await expectList(
        acks,
        { partner: 'DC-WEST' },
        asked.filter((r) => r.toPartner === 'DC-WEST'),
        taKey,
      );
      const interchanges = rows((r) => r.status === 'MERGED' && r.confirmAsked === true);
      expect(interchanges.map((r) => r.confirmed).sort()).toEqual(['accepted', null]);
      await expectList(acks, { level: 'interchange' }, interchanges, taKey);
      await expectList(
        acks,
        { level: 'interchange', state: 'accepted' },
        interchanges.filter((r) => r.confirmed === 'accepted'),
        taKey,
      );
    });

    it('pages newest first by default, 50 at a time, and says when the last page is reached', async () => {
      const received = sortedBy(
        rows((r) => r.status === 'SPLITUP'),
        'newest',
        taKey,
      );
      const first = await store.views.documents({ direction: 'in' });
      expect(first).toEqual({ items: received });
      const page = await store.views.documents({ direction: 'in', limit: received.length });
      expect(page.next).toBeUndefined();
      const short = await store.views.documents({ direction: 'in', limit: received.length - 1 });
      expect(short.items).toEqual(received.slice(0, -1));
      const last = await store.views.documents({ direction: 'in', limit: 5, cursor: short.next! });
      expect(last).toEqual({ items: received.slice(-1) });
    });

    it('refuses a bad limit, date or direction, and a cursor it did not give out, with typed errors', async () => {
      for (const limit of [0, 501, 2.5]) {
        await expect(store.views.outgoing({ limit })).rejects.toThrow(ViewQueryError);
        await expect(store.views.outgoing({ limit })).rejects.toThrow(
          /limit must be a whole number from 1 to 500/,
        );
      }
      await expect(store.views.runs({ from: new Date('no date') })).rejects.toThrow(
        /from must be a valid date/,
      );
      await expect(store.views.documents({ direction: 'sideways' as 'in' })).rejects.toThrow(ViewQueryError);
      await expect(store.views.documents({ direction: 'in', reference: '' })).rejects.toThrow(ViewQueryError);

      const next = (await store.views.incoming({ limit: 2 })).next!;
      expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
      const malformed = [
        'not a cursor!',
        Buffer.from('incoming:n:12:').toString('base64url'),
        Buffer.from('incoming:n:soon:01J0000000000000000000000').toString('base64url'),
        next.slice(0, -3),
        '',
      ];
      for (const cursor of malformed) {
        const error = await store.views.incoming({ cursor }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CursorError);
        expect((error as Error).message).toBe('The cursor is not valid; start again from the first page');
      }
      await expect(store.views.outgoing({ cursor: next })).rejects.toThrow(CursorError);
      await expect(store.views.incoming({ cursor: next, order: 'oldest' })).rejects.toThrow(
        /another list or another order/,
      );
      expect((await store.views.incoming({ cursor: next, limit: 2 })).items).toHaveLength(2);
    });

    it('gets one row', async () => {
      const row = data.ta.find((r) => r.status === 'MERGED')!;
      expect(await store.views.get(row.id)).toEqual(row);
      expect(await store.views.get(newId())).toBeUndefined();
    });

    it('traces a received file from its EXTERNIN down to every EXTERNOUT', async () => {
      const externin = data.ta.find((r) => r.status === 'EXTERNIN' && r.filename === 'infile/x12-in/a1.edi')!;
      const trace = (await store.views.trace(externin.id))!;
      expect(trace.truncated).toBe(false);
      expect(trace.rows.map((r) => [r.depth, r.status, r.reference])).toEqual([
        [0, 'EXTERNIN', null],
        [1, 'FILEIN', null],
        [2, 'PARSED', '000000100'],
        [3, 'SPLITUP', 'PO-1001'],
        [3, 'SPLITUP', 'PO-1002'],
        [4, 'TRANSLATED', 'PO-1001'],
        [4, 'TRANSLATED', 'PO-1002'],
        [5, 'MERGED', '000000100'],
        [6, 'FILEOUT', '000000100'],
        [7, 'EXTERNOUT', '000000100'],
      ]);
      const { depth, ...first } = trace.rows[0]!;
      expect(depth).toBe(0);
      expect(first).toEqual(externin);
    });

    it('traces a message up to its file and down to the send, without its siblings', async () => {
      const split = data.ta.find((r) => r.status === 'SPLITUP' && r.reference === 'PO-2004')!;
      const trace = (await store.views.trace(split.id))!;
      expect(trace.rows.map((r) => [r.depth, r.status, r.reference])).toEqual([
        [-3, 'EXTERNIN', null],
        [-2, 'FILEIN', null],
        [-1, 'PARSED', '000000102'],
        [0, 'SPLITUP', 'PO-2004'],
        [1, 'TRANSLATED', 'PO-2004'],
        [2, 'MERGED', '000000102'],
        [3, 'FILEOUT', '000000102'],
        [4, 'EXTERNOUT', '000000102'],
      ]);
      expect(trace.rows[0]!.filename).toBe('infile/x12-in/c3.edi');
    });

    it('traces an interchange up to every file merged into it', async () => {
      const shared = data.ta.find((r) => r.status === 'TRANSLATED' && r.reference === 'PO-1006')!.child!;
      const trace = (await store.views.trace(shared))!;
      expect(trace.rows.map((r) => [r.depth, r.status, r.reference ?? r.filename])).toEqual([
        [-5, 'EXTERNIN', 'infile/x12-in/a5.edi'],
        [-5, 'EXTERNIN', 'infile/x12-in/a6.edi'],
        [-4, 'FILEIN', 'a5.edi'],
        [-4, 'FILEIN', 'a6.edi'],
        [-3, 'PARSED', '000000104'],
        [-3, 'PARSED', '000000105'],
        [-2, 'SPLITUP', 'PO-1005'],
        [-2, 'SPLITUP', 'PO-1006'],
        [-1, 'TRANSLATED', 'PO-1005'],
        [-1, 'TRANSLATED', 'PO-1006'],
        [0, 'MERGED', '000000104'],
        [1, 'FILEOUT', '000000104'],
        [2, 'EXTERNOUT', '000000104'],
      ]);
      expect(await store.views.trace(newId())).toBeUndefined();
    });

    it(`stops a trace at ${TRACE_LIMIT.toLocaleString('en')} rows`, async () => {
      const db = await factory.create();
      const other = await db.open();
      try {
        await other.migrate();
        const run = await other.runs.start('new', ['big'], at(0));
        const merged = newId();
        await other.ta.insertMany([
          { id: merged, runId: run.id, status: 'MERGED', result: 'DONE' },
          ...Array.from({ length: TRACE_LIMIT }, () => ({
            runId: run.id,
            status: 'TRANSLATED' as const,
            result: 'DONE' as const,
            child: merged,
          })),
        ]);
        const trace = (await other.views.trace(merged))!;
        expect(trace.truncated).toBe(true);
        expect(trace.rows).toHaveLength(TRACE_LIMIT);
        expect(trace.rows.at(-1)).toMatchObject({ id: merged, depth: 0 });
      } finally {
        await other.close();
        await db.dispose();
      }
    });
  });
}
