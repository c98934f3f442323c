// The store contract, run on every dialect (store.sqlite.test.ts, store.mysql.test.ts): migrations, the
// configuration round trip, counters, runs, the transaction log (ta), route leases and file reports.
// Time budget: about 4 seconds per dialect.
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../engine/core/config-check.js';
import type { ConfigDocument } from '../../../engine/core/config-model.js';
import {
  committedMigrations,
  migrationsFolder,
  newId,
  type NewTa,
  type Store,
} from '../../../engine/store/store.js';
import { configDoc } from '../../helpers/config.js';

export interface StoreFactory {
  /** A fresh, empty database; `open` gives another Store (another process's view) on that same database. */
  create(): Promise<{ open(): Promise<Store>; dispose(): Promise<void> }>;
}

/** A realistic configuration, in canonical order (what `config.read` returns: normalizeConfig's order). */
export function sampleDocument(): ConfigDocument {
  return normalizeConfig(sampleAsWritten());
}

function sampleAsWritten(): ConfigDocument {
  return {
    version: 1,
    settings: { unknownSenders: 'error' },
    channels: [
      {
        id: 'x12-in',
        type: 'file',
        direction: 'in',
        path: 'infile/x12',
        filename: '*.edi',
        remove: true,
        archivePath: 'archive/x12',
        tempThenRename: false,
        settleSeconds: 2,
        description: 'X12 from the VAN',
      },
      {
        id: 'xml-out',
        type: 'file',
        direction: 'out',
        path: 'outfile/xml/{topartner}',
        filename: '{messagetype}_{unique}.xml',
        remove: false,
        lockFile: 'writing.lock',
        tempThenRename: true,
        settleSeconds: 0,
      },
    ],
    routes: [
      {
        id: 'x12-orders-in',
        seq: 1,
        active: true,
        notInDefaultRun: false,
        fromChannel: 'x12-in',
        fromEditype: 'x12',
        fromMessagetype: 'x12',
        translate: 'translate',
        toChannel: 'xml-out',
        toEditype: 'xml',
        defer: false,
        zipIn: false,
        zipOut: false,
        description: 'Orders in',
      },
      {
        id: 'x12-orders-in',
        seq: 2,
        active: false,
        notInDefaultRun: true,
        monitor: true,
        translate: 'none',
        toChannel: 'xml-out',
        toPartner: 'ACME',
        testIndicator: true,
        defer: true,
        zipIn: false,
        zipOut: true,
      },
    ],
    translations: [
      {
        fromEditype: 'x12',
        fromMessagetype: '850004010',
        mapping: 'x12/850toxml',
        toEditype: 'xml',
        toMessagetype: 'orders',
        active: true,
      },
      {
        fromEditype: 'edifact',
        fromMessagetype: 'ORDERSD96AUN',
        alt: 'second',
        fromPartner: 'ACME',
        toPartner: 'retail',
        mapping: 'edifact/orders2xml',
        toEditype: 'xml',
        toMessagetype: 'orders',
        active: false,
        description: 'chained',
      },
    ],
    partners: [
      {
        id: 'ACME',
        name: 'Acme Corporation',
        active: true,
        identifiers: [
          { qualifier: '01', value: '123456789', test: false },
          { qualifier: 'ZZ', value: 'ACMETEST', test: true },
        ],
        groups: ['retail'],
        envelope: { ISA05: 'ZZ', GS02: 'ACME', 'UNB.0004': 'ACME ÄÖÜ' },
        duplicates: 'reject',
        description: 'Main customer',
      },
      {
        id: 'GLOBEX',
        name: 'Globex',
        active: false,
        identifiers: [{ qualifier: '', value: 'GLOBEX', test: false }],
        groups: ['retail', 'wholesale'],
        envelope: {},
        duplicates: 'warn',
      },
    ],
    partnerGroups: [
      { id: 'retail', name: 'Retail', description: 'Shops' },
      { id: 'wholesale', name: 'Wholesale' },
    ],
    codeLists: [
      { list: 'partner-plants', code: 'P1', value: 'Plant one', attributes: ['north', ''] },
      { list: 'uom', code: 'EA', value: 'PCE', attributes: [] },
      { list: 'uom', code: 'KG', value: 'KGM', attributes: ['weight'] },
    ],
    confirmRules: [
      { id: 'ack-all', active: true, confirmType: '997', ruleType: 'all', negative: false },
      {
        id: 'no-ack-globex',
        active: true,
        confirmType: '997',
        ruleType: 'frompartner',
        value: 'GLOBEX',
        negative: true,
      },
    ],
  };
}

function smallerDocument(): ConfigDocument {
  const full = sampleDocument();
  return {
    version: 1,
    channels: [full.channels[0]!],
    routes: [full.routes[0]!],
    translations: [],
    partners: [{ ...full.partners[1]!, groups: [] }],
    partnerGroups: [],
    codeLists: [full.codeLists[1]!],
    confirmRules: [],
  };
}

function emptyDocument(): ConfigDocument {
  return configDoc();
}

export function defineStoreContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
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

    it('reports its health: reachable, with the migrations not applied yet', async () => {
      const db = await factory.create();
      const store = await db.open();
      try {
        const committed = committedMigrations(migrationsFolder(store.kind));
        expect(committed).toBeGreaterThanOrEqual(4);
        expect(await store.health()).toEqual({ reachable: true, pendingMigrations: committed });
        await store.migrate();
        expect(await store.health()).toEqual({ reachable: true, pendingMigrations: 0 });
      } finally {
        await store.close();
        await db.dispose();
      }
    });

    it('migrates an empty database to an empty configuration; migrating again is a no-op', async () => {
      await withStore(async (store) => {
        expect(await store.config.read()).toEqual(emptyDocument());
        await store.config.replace(sampleDocument());
        await store.migrate();
        await store.migrate();
        expect(await store.config.read()).toEqual(sampleDocument());
      });
    });

    it('round-trips a realistic configuration document, and export -> import -> export is identical', async () => {
      await withStore(async (store) => {
        await store.config.replace(sampleDocument());
        const exported = await store.config.read();
        expect(exported).toEqual(sampleDocument());
        await store.config.replace(exported);
        expect(JSON.stringify(await store.config.read())).toBe(JSON.stringify(exported));
      });
    });

    it('returns the canonical order whatever the order of the imported document', async () => {
      await withStore(async (store) => {
        const doc = sampleDocument();
        const shuffled: ConfigDocument = {
          ...doc,
          channels: [...doc.channels].reverse(),
          routes: [...doc.routes].reverse(),
          partners: [...doc.partners].reverse().map((p) => ({
            ...p,
            identifiers: [...p.identifiers].reverse(),
            groups: [...p.groups].reverse(),
          })),
          partnerGroups: [...doc.partnerGroups].reverse(),
          codeLists: [...doc.codeLists].reverse(),
          confirmRules: [...doc.confirmRules].reverse(),
          translations: [...doc.translations].reverse(),
        };
        await store.config.replace(shuffled);
        expect(await store.config.read()).toEqual(doc);
      });
    });

    it('replacing with a smaller document removes the rest', async () => {
      await withStore(async (store) => {
        await store.config.replace(sampleDocument());
        await store.config.replace(smallerDocument());
        expect(await store.config.read()).toEqual(smallerDocument());
        await store.config.replace(emptyDocument());
        expect(await store.config.read()).toEqual(emptyDocument());
      });
    });

    it('keeps the previous configuration when a replace fails', async () => {
      await withStore(async (store) => {
        await store.config.replace(sampleDocument());
        const broken = smallerDocument();
        // Two partners claiming the same identifier violate the unique key (qualifier, value, test).
        broken.partners.push({ ...broken.partners[0]!, id: 'GLOBEX2' });
        await expect(store.config.replace(broken)).rejects.toThrow();
        expect(await store.config.read()).toEqual(sampleDocument());
      });
    });

    it("hands a replace's guard the configuration another connection wrote meanwhile, and refuses on its throw", async () => {
      await withStore(async (store, open) => {
        await store.config.replace(sampleDocument());
        const other = await open();
        try {
          const read = await store.config.read();
          await other.config.replace(smallerDocument());
          let seen: ConfigDocument | undefined;
          const stale = store.config.replace(emptyDocument(), (current) => {
            seen = current;
            if (JSON.stringify(current) !== JSON.stringify(read)) throw new Error('changed meanwhile');
          });
          await expect(stale).rejects.toThrow('changed meanwhile');
          expect(seen).toEqual(smallerDocument());
          expect(await store.config.read()).toEqual(smallerDocument());
          await store.config.replace(emptyDocument(), (current) =>
            expect(current).toEqual(smallerDocument()),
          );
          expect(await other.config.read()).toEqual(emptyDocument());
        } finally {
          await other.close();
        }
      });
    });

    it('counts 1, 2, 3 per counter name', async () => {
      await withStore(async (store) => {
        expect(await store.counters.next('messagecounter')).toBe(1);
        expect(await store.counters.next('messagecounter')).toBe(2);
        expect(await store.counters.next('other')).toBe(1);
        expect(await store.counters.next('messagecounter')).toBe(3);
      });
    });

    it('reserves blocks of counter values that never overlap single values', async () => {
      await withStore(async (store) => {
        expect(await store.counters.reserve('isa', 10)).toBe(1);
        expect(await store.counters.next('isa')).toBe(11);
        expect(await store.counters.reserve('isa', 5)).toBe(12);
        expect(await store.counters.reserve('fresh', 3)).toBe(1);
        await expect(store.counters.reserve('isa', 0)).rejects.toThrow(/positive integer/);
        expect(await store.counters.next('isa')).toBe(17);
      });
    });

    it('keeps persist values per domain and key, overwriting on set', async () => {
      await withStore(async (store) => {
        expect(await store.persist.get('orders', 'last')).toBeUndefined();
        await store.persist.set('orders', 'last', 'PO-1');
        await store.persist.set('orders', 'last', 'PO-2');
        await store.persist.set('invoices', 'last', 'INV-9');
        expect(await store.persist.get('orders', 'last')).toBe('PO-2');
        expect(await store.persist.get('invoices', 'last')).toBe('INV-9');
        await store.persist.set('orders', 'first', 'PO-0');
        expect(await store.persist.list('orders')).toEqual(
          new Map([
            ['first', 'PO-0'],
            ['last', 'PO-2'],
          ]),
        );
      });
    });

    it('records interchanges with a ta batch, keeps the first of a key, and finds them', async () => {
      await withStore(async (store) => {
        const first = {
          sender: 'ZZ:RETAILER',
          receiver: 'ZZ:SUPPLIER',
          controlNumber: '000000001',
          taId: 'A',
        };
        const other = { ...first, controlNumber: '000000002', taId: 'B' };
        expect(await store.interchanges.find([first])).toEqual([]);
        await store.ta.apply({ interchanges: [first, other] }, t0);
        await store.ta.apply({ interchanges: [{ ...first, taId: 'C' }] }, later(5));
        expect(await store.interchanges.find([{ ...first, taId: 'X' }])).toEqual([
          { ...first, createdAt: t0 },
        ]);
        // A batch that fails records nothing.
        const run = await store.runs.start('new', [], t0);
        const id = newId(t0.getTime());
        await expect(
          store.ta.apply({
            insert: [
              { id, runId: run.id, status: 'PARSED' },
              { id, runId: run.id, status: 'PARSED' },
            ],
            interchanges: [{ ...first, controlNumber: '000000003' }],
          }),
        ).rejects.toThrow();
        expect(await store.interchanges.find([{ ...first, controlNumber: '000000003' }])).toEqual([]);
        expect(await store.interchanges.deleteBefore(later(1))).toBe(2);
        expect(await store.interchanges.find([first, other])).toEqual([]);
      });
    });

    it('hands out distinct values to 4 concurrent workers x 100 increments on separate connections', async () => {
      await withStore(async (store, open) => {
        const workers = await Promise.all([open(), open(), open(), open()]);
        try {
          const taken = await Promise.all(
            workers.map(async (worker) => {
              const values: number[] = [];
              for (let i = 0; i < 100; i++) values.push(await worker.counters.next('interchange'));
              return values;
            }),
          );
          const all = taken.flat();
          expect(all).toHaveLength(400);
          expect(new Set(all).size).toBe(400);
          expect(Math.max(...all)).toBe(400);
          expect(await store.counters.next('interchange')).toBe(401);
        } finally {
          await Promise.all(workers.map((w) => w.close()));
        }
      });
    });
    const t0 = new Date('2026-03-01T08:00:00.000Z');
    const later = (ms: number): Date => new Date(t0.getTime() + ms);

    it('keeps schedules, and records each firing once with the job it queued', async () => {
      await withStore(async (store, open) => {
        const schedule = {
          id: 'nightly',
          cron: '0 2 * * *',
          timezone: 'Europe/Amsterdam',
          kind: 'engine' as const,
          mode: 'new' as const,
          routes: ['x12-orders'],
          priority: 100,
          active: true,
          description: null,
        };
        await store.schedules.put(schedule);
        await store.schedules.put({
          ...schedule,
          id: 'cleanup',
          cron: '30 3 * * 0',
          kind: 'maintenance',
          mode: 'cleanup',
          routes: [],
        });
        await store.schedules.put({ ...schedule, active: false });
        expect((await store.schedules.list()).map((s) => [s.id, s.active])).toEqual([
          ['cleanup', true],
          ['nightly', false],
        ]);
        const t1 = new Date('2026-03-01T01:00:00.000Z');
        const t2 = new Date('2026-03-02T01:00:00.000Z');
        expect(await store.schedules.lastFiring('nightly')).toBeUndefined();
        const other = await open();
        try {
          const claims = await Promise.all([
            store.schedules.claimFiring('nightly', t1, false, t1),
            other.schedules.claimFiring('nightly', t1, false, t1),
          ]);
          expect(claims.sort()).toEqual([false, true]);
        } finally {
          await other.close();
        }
        expect(await store.schedules.claimFiring('nightly', t2, true, t2)).toBe(true);
        await store.schedules.recordJob('nightly', t1, 7);
        expect(await store.schedules.lastFiring('nightly')).toEqual(t2);
        expect((await store.schedules.unqueued()).map((f) => [f.scheduleId, f.fireAt, f.catchUp])).toEqual([
          ['nightly', t2, true],
        ]);
        expect((await store.schedules.firings('nightly')).map((f) => [f.fireAt, f.jobId])).toEqual([
          [t2, null],
          [t1, 7],
        ]);
        expect(await store.schedules.remove('nightly')).toBe(true);
        expect(await store.schedules.remove('nightly')).toBe(false);
        expect(await store.schedules.firings('nightly')).toHaveLength(2);
      });
    });

    it('keeps named secrets as given, replaces by name, and removes', async () => {
      await withStore(async (store) => {
        const at = new Date('2026-12-01T10:00:00.000Z');
        const row = {
          name: 'sftp-acme',
          value: 'enc:v1:abc',
          description: null,
          createdAt: at,
          updatedAt: at,
          updatedBy: 'cli',
        };
        await store.secrets.put(row);
        await store.secrets.put({ ...row, name: 'api-key', description: 'ERP' });
        expect((await store.secrets.list()).map((r) => r.name)).toEqual(['api-key', 'sftp-acme']);
        const later = new Date('2026-12-02T10:00:00.000Z');
        await store.secrets.put({ ...row, value: 'enc:v1:def', updatedAt: later });
        expect(await store.secrets.get('sftp-acme')).toEqual({
          ...row,
          value: 'enc:v1:def',
          updatedAt: later,
        });
        expect(await store.secrets.remove('sftp-acme')).toBe(true);
        expect(await store.secrets.remove('sftp-acme')).toBe(false);
        expect(await store.secrets.get('sftp-acme')).toBeUndefined();
      });
    });

    it("keeps the directory monitor's extra folders", async () => {
      await withStore(async (store) => {
        const folder = {
          id: 'van',
          path: 'van/inbox',
          mask: '*.x12',
          recursive: true,
          routeId: 'x12-orders-in',
          active: true,
        };
        await store.monitoredFolders.put(folder);
        await store.monitoredFolders.put({ ...folder, id: 'ftp', recursive: false, active: false });
        await store.monitoredFolders.put({ ...folder, mask: '*' });
        expect(await store.monitoredFolders.list()).toEqual([
          { ...folder, id: 'ftp', recursive: false, active: false },
          { ...folder, mask: '*' },
        ]);
        expect(await store.monitoredFolders.remove('ftp')).toBe(true);
        expect(await store.monitoredFolders.remove('ftp')).toBe(false);
      });
    });

    it('starts and finishes runs', async () => {
      await withStore(async (store) => {
        const a = await store.runs.start('new', ['r1', 'r2'], t0);
        const b = await store.runs.start('resend', [], later(1));
        expect(a).toMatchObject({ mode: 'new', status: 'running', routes: ['r1', 'r2'], counts: {} });
        expect(await store.runs.get(a.id)).toEqual(a);
        expect((await store.runs.unfinished()).map((r) => r.id)).toEqual([a.id, b.id]);
        const done = await store.runs.finish(a.id, 'done', { received: 3, done: 3 }, null, later(5));
        expect(done).toEqual({
          ...a,
          status: 'done',
          endedAt: later(5),
          counts: { received: 3, done: 3 },
          error: null,
        });
        await store.runs.finish(b.id, 'error', { received: 0 }, 'disk full', later(6));
        expect(await store.runs.get(b.id)).toMatchObject({ status: 'error', error: 'disk full' });
        expect(await store.runs.unfinished()).toEqual([]);
        await expect(store.runs.finish('01NOSUCHRUN0000000000000000', 'done', {})).rejects.toThrow();
      });
    });

    it('deletes a finished run with its rows and file reports, and never a running one', async () => {
      await withStore(async (store) => {
        const kept = await store.runs.start('new', ['r1'], t0);
        const gone = await store.runs.start('new', ['r1'], t0);
        const row = (runId: string, id: string) => ({
          id,
          runId,
          status: 'EXTERNIN' as const,
          result: 'DONE' as const,
          messages: 0,
        });
        await store.ta.insertMany([row(kept.id, newId()), row(gone.id, newId()), row(gone.id, newId())], t0);
        const filein = newId();
        await store.fileReports.insertMany(
          [
            {
              taId: filein,
              runId: gone.id,
              routeId: 'r1',
              filename: 'a',
              status: 'DONE',
              counts: {},
              error: null,
            },
          ],
          t0,
        );
        expect(await store.runs.remove(gone.id)).toBe('running');
        await store.runs.finish(gone.id, 'done', {}, null, later(1));
        expect(await store.runs.remove(gone.id)).toEqual({ rows: 2, fileReports: 1 });
        expect(await store.runs.get(gone.id)).toBeUndefined();
        expect(await store.ta.byRun(gone.id)).toEqual([]);
        expect(await store.ta.byRun(kept.id)).toHaveLength(1);
        expect(await store.runs.remove(gone.id)).toBeUndefined();
      });
    });

    it('inserts 1,000 ta rows in one call and reads them back by run and by parent', async () => {
      await withStore(async (store) => {
        const run = await store.runs.start('new', ['x12-orders-in'], t0);
        const other = await store.runs.start('new', ['other'], t0);
        const rows: NewTa[] = [];
        const parents: string[] = [];
        for (let f = 0; f < 10; f++) {
          const parent = newId(t0.getTime());
          parents.push(parent);
          rows.push({
            id: parent,
            runId: run.id,
            status: 'FILEIN',
            result: 'OK',
            routeId: 'x12-orders-in',
            fromChannel: 'x12-in',
            filename: `in_${f}.edi`,
            contentPath: `data/${parent}`,
            contentOffset: 0,
            contentLength: 5_000_000_000,
            charset: 'utf-8',
            messages: 99,
          });
          for (let i = 0; i < 99; i++) {
            rows.push({
              runId: run.id,
              parent,
              status: 'SPLITUP',
              editype: 'x12',
              messagetype: '850004010',
              reference: `PO-${f}-${i}`,
              fromPartner: 'ACME',
              toPartner: 'GLOBEX',
              testIndicator: i % 2 === 0,
              contentPath: `data/${parent}`,
              contentOffset: i * 1000,
              contentLength: 1000,
              messages: 1,
            });
          }
        }
        expect(rows).toHaveLength(1000);
        const inserted = await store.ta.insertMany(rows, later(10));
        await store.ta.insertMany([{ runId: other.id, status: 'EXTERNIN', result: 'DONE' }], later(11));

        const back = await store.ta.byRun(run.id);
        expect(back).toHaveLength(1000);
        expect(back).toEqual([...inserted].sort((x, y) => (x.id < y.id ? -1 : 1)));
        const first = back.find((r) => r.id === parents[0])!;
        expect(first).toMatchObject({
          status: 'FILEIN',
          result: 'OK',
          parent: null,
          contentLength: 5_000_000_000,
          testIndicator: null,
          createdAt: later(10),
          updatedAt: later(10),
        });
        for (const parent of parents) {
          const children = await store.ta.children(parent);
          expect(children).toHaveLength(99);
          expect(children.every((c) => c.parent === parent && c.result === 'OPEN')).toBe(true);
          expect(children.map((c) => c.contentOffset)).toEqual(children.map((_, i) => i * 1000));
          expect(children[0]!.testIndicator).toBe(true);
          expect(children[1]!.testIndicator).toBe(false);
        }
        expect(await store.ta.get(inserted[5]!.id)).toEqual(inserted[5]);
        expect(await store.ta.byRun(other.id)).toHaveLength(1);
      });
    });

    it('writes a ta batch all or nothing', async () => {
      await withStore(async (store) => {
        const run = await store.runs.start('new', [], t0);
        const id = newId(t0.getTime());
        const batch: NewTa[] = Array.from({ length: 600 }, () => ({ runId: run.id, status: 'PARSED' }));
        batch.push({ id, runId: run.id, status: 'PARSED' }, { id, runId: run.id, status: 'PARSED' });
        await expect(store.ta.insertMany(batch, t0)).rejects.toThrow();
        expect(await store.ta.byRun(run.id)).toEqual([]);
      });
    });

    it('applies inserts and updates of one batch in one transaction', async () => {
      await withStore(async (store) => {
        const run = await store.runs.start('new', [], t0);
        const [file] = await store.ta.insertMany([{ runId: run.id, status: 'FILEIN' }], t0);
        const child = newId(t0.getTime());
        const rows = await store.ta.apply(
          {
            insert: [{ id: child, runId: run.id, status: 'PARSED', parent: file!.id, result: 'OK' }],
            update: [{ id: file!.id, changes: { result: 'DONE' } }],
          },
          later(1),
        );
        expect(rows.map((r) => r.id)).toEqual([child]);
        expect((await store.ta.get(file!.id))?.result).toBe('DONE');
        // A failing insert rolls the update back too.
        await expect(
          store.ta.apply({
            insert: [{ id: child, runId: run.id, status: 'PARSED' }],
            update: [{ id: file!.id, changes: { result: 'ERROR' } }],
          }),
        ).rejects.toThrow();
        expect((await store.ta.get(file!.id))?.result).toBe('DONE');
      });
    });

    it('lists open ta rows (of a run or of all) and closes them with batched updates', async () => {
      await withStore(async (store) => {
        const a = await store.runs.start('new', ['r1'], t0);
        const b = await store.runs.start('new', ['r2'], t0);
        const [inA] = await store.ta.insertMany([{ runId: a.id, status: 'EXTERNIN' }], t0);
        const rowsA = await store.ta.insertMany(
          [
            { runId: a.id, parent: inA!.id, status: 'FILEIN' },
            { runId: a.id, parent: inA!.id, status: 'FILEIN' },
            { runId: a.id, parent: inA!.id, status: 'FILEIN', result: 'OK' },
          ],
          t0,
        );
        const rowsB = await store.ta.insertMany(
          [
            { runId: b.id, status: 'EXTERNIN', routeId: 'r2' },
            { runId: b.id, status: 'EXTERNOUT', routeId: 'r2' },
          ],
          t0,
        );
        expect((await store.ta.open(a.id)).map((r) => r.id)).toEqual([inA!.id, rowsA[0]!.id, rowsA[1]!.id]);
        expect(await store.ta.open()).toHaveLength(5);

        await store.ta.update(inA!.id, { result: 'DONE' }, later(1));
        await store.ta.updateMany(
          [
            { id: rowsA[0]!.id, changes: { result: 'OK', messages: 4 } },
            { id: rowsA[1]!.id, changes: { result: 'ERROR', error: 'no grammar' } },
            { id: rowsB[0]!.id, changes: { result: 'DONE' } },
            { id: rowsB[1]!.id, changes: { result: 'DONE' } },
          ],
          later(2),
        );
        expect(await store.ta.open()).toEqual([]);
        expect(await store.ta.get(inA!.id)).toMatchObject({
          result: 'DONE',
          updatedAt: later(1),
          createdAt: t0,
        });
        expect(await store.ta.get(rowsA[0]!.id)).toMatchObject({ result: 'OK', messages: 4, error: null });
        expect(await store.ta.get(rowsA[1]!.id)).toMatchObject({ result: 'ERROR', error: 'no grammar' });

        expect((await store.ta.byStatus('FILEIN', { result: 'OK' })).map((r) => r.id)).toEqual([
          rowsA[0]!.id,
          rowsA[2]!.id,
        ]);
        expect(await store.ta.byStatus(['EXTERNIN', 'EXTERNOUT'], { routeId: 'r2' })).toHaveLength(2);
        expect(await store.ta.byStatus(['EXTERNIN'], { result: ['DONE'], runId: a.id })).toHaveLength(1);
      });
    });

    it('stores one file report per received file', async () => {
      await withStore(async (store) => {
        const run = await store.runs.start('new', ['r1'], t0);
        const [file] = await store.ta.insertMany([{ runId: run.id, status: 'EXTERNIN', filename: 'a.edi' }]);
        await store.fileReports.insertMany(
          [
            {
              taId: file!.id,
              runId: run.id,
              routeId: 'r1',
              filename: 'a.edi',
              status: 'ERROR',
              counts: { messages: 3, errors: 1 },
              error: 'segment ISA: bad length',
            },
          ],
          later(1),
        );
        expect(await store.fileReports.byRun(run.id)).toEqual([
          {
            taId: file!.id,
            runId: run.id,
            routeId: 'r1',
            filename: 'a.edi',
            status: 'ERROR',
            counts: { messages: 3, errors: 1 },
            error: 'segment ISA: bad length',
            createdAt: later(1),
          },
        ]);
      });
    });

    it('leases routes all or nothing; expired leases are taken over; release frees', async () => {
      await withStore(async (store) => {
        const ttl = 60_000;
        expect(await store.leases.acquire(['r1', 'r2'], 'RUN-A', 'host-a:1', ttl, t0)).toBe(true);
        expect(await store.leases.acquire(['r3'], 'RUN-B', 'host-b:2', ttl, t0)).toBe(true);
        // Overlapping (r2): refused, and RUN-C takes nothing, not even the free r4.
        expect(await store.leases.acquire(['r4', 'r2'], 'RUN-C', 'host-c:3', ttl, later(1000))).toBe(false);
        expect(await store.leases.list('RUN-C')).toEqual([]);
        expect(await store.leases.list()).toEqual([
          { routeId: 'r1', runId: 'RUN-A', holder: 'host-a:1', acquiredAt: t0, expiresAt: later(ttl) },
          { routeId: 'r2', runId: 'RUN-A', holder: 'host-a:1', acquiredAt: t0, expiresAt: later(ttl) },
          { routeId: 'r3', runId: 'RUN-B', holder: 'host-b:2', acquiredAt: t0, expiresAt: later(ttl) },
        ]);
        // The holder may acquire again (renews); renew extends.
        expect(await store.leases.acquire(['r1'], 'RUN-A', 'host-a:1', ttl, later(10))).toBe(true);
        expect(await store.leases.renew('RUN-A', ttl, later(30_000))).toEqual(['r1', 'r2']);
        expect((await store.leases.list('RUN-A')).map((l) => l.expiresAt)).toEqual([
          later(90_000),
          later(90_000),
        ]);
        // Not expired yet at 89.999 s; expired at 90 s: RUN-C takes over r2 (and r4).
        expect(await store.leases.acquire(['r2', 'r4'], 'RUN-C', 'host-c:3', ttl, later(89_999))).toBe(false);
        expect(await store.leases.acquire(['r2', 'r4'], 'RUN-C', 'host-c:3', ttl, later(90_000))).toBe(true);
        expect((await store.leases.list('RUN-C')).map((l) => l.routeId)).toEqual(['r2', 'r4']);
        expect(await store.leases.renew('RUN-A', ttl, later(90_001))).toEqual(['r1']);
        // Release frees: RUN-D gets r3 at once.
        await store.leases.release('RUN-B');
        expect(await store.leases.list('RUN-B')).toEqual([]);
        expect(await store.leases.acquire(['r3'], 'RUN-D', 'host-d:4', ttl, later(90_002))).toBe(true);
        expect(await store.leases.acquire([], 'RUN-E', 'host-e:5', ttl, later(90_002))).toBe(true);
      });
    });

    it('gives a contested route to exactly one of 4 concurrent contenders on separate connections', async () => {
      await withStore(async (store, open) => {
        const contenders = await Promise.all([open(), open(), open(), open()]);
        try {
          for (let round = 0; round < 3; round++) {
            const now = later(round * 1_000_000);
            const results = await Promise.all(
              contenders.map((c, i) =>
                c.leases.acquire(
                  i % 2 === 0 ? ['shared', `own-${i}`] : [`own-${i}`, 'shared'],
                  `RUN-${round}-${i}`,
                  `host:${i}`,
                  60_000,
                  now,
                ),
              ),
            );
            expect(results.filter(Boolean)).toHaveLength(1);
            const winner = results.indexOf(true);
            const held = await store.leases.list();
            expect(held.filter((l) => l.runId === `RUN-${round}-${winner}`).map((l) => l.routeId)).toEqual([
              `own-${winner}`,
              'shared',
            ]);
            for (let i = 0; i < 4; i++) {
              if (i !== winner) expect(await store.leases.list(`RUN-${round}-${i}`)).toEqual([]);
            }
            await store.leases.release(`RUN-${round}-${winner}`);
          }
        } finally {
          await Promise.all(contenders.map((c) => c.close()));
        }
      });
    });
  });
}
