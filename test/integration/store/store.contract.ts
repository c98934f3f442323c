// The store contract, run on every dialect (store.sqlite.test.ts, store.mysql.test.ts): migrations, the
// configuration round trip and counters. Time budget: about 3 seconds per dialect.
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../engine/core/config-check.js';
import type { ConfigDocument } from '../../../engine/core/config-model.js';
import type { Store } from '../../../engine/store/store.js';

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
  return {
    version: 1,
    channels: [],
    routes: [],
    translations: [],
    partners: [],
    partnerGroups: [],
    codeLists: [],
    confirmRules: [],
  };
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

    it('counts 1, 2, 3 per counter name', async () => {
      await withStore(async (store) => {
        expect(await store.counters.next('messagecounter')).toBe(1);
        expect(await store.counters.next('messagecounter')).toBe(2);
        expect(await store.counters.next('other')).toBe(1);
        expect(await store.counters.next('messagecounter')).toBe(3);
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
  });
}
