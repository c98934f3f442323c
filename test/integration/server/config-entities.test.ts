// The configuration CRUD service (engine/server/config-entities.ts) on a real SQLite store holding the sample
// configuration: every kind is created, listed, read, updated and removed; missing keys, existing keys, invalid
// input, references (channels, routes, groups, and the routes schedules and monitored folders name), stale
// versions and concurrent writers are checked. Each test gets its own database file.
// Time budget: about 3 seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../engine/core/config-check.js';
import type { ConfigDocument } from '../../../engine/core/config-model.js';
import { sampleConfig } from '../../../engine/runtime/sample-config.js';
import {
  configEntities,
  documentVersion,
  ENTITY_KINDS,
  EntityConflictError,
  EntityInvalidError,
  EntityNotFoundError,
  exportDocument,
  importDocument,
  type ConfigEntities,
  type EntityKind,
} from '../../../engine/server/config-entities.js';
import { openStore, type Store } from '../../../engine/store/store.js';

let dir: string;
let store: Store;
let entities: ConfigEntities;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bots-config-entities-'));
  store = await openStore({ kind: 'sqlite', file: join(dir, 'bots.sqlite') });
  await store.migrate();
  await store.config.replace(sampleConfig());
  entities = configEntities(join(dir, 'data'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a call throws (the test fails when it does not). */
async function thrown(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

async function problems(call: Promise<unknown>): Promise<string[]> {
  const error = await thrown(call);
  expect(error).toBeInstanceOf(EntityInvalidError);
  return (error as EntityInvalidError).problems;
}

async function conflict(call: Promise<unknown>): Promise<EntityConflictError> {
  const error = await thrown(call);
  expect(error).toBeInstanceOf(EntityConflictError);
  return error as EntityConflictError;
}

interface Case {
  /** A new entity the sample configuration accepts. */
  created: Record<string, unknown>;
  key: string;
  /** A change to it that keeps its key. */
  changed: Record<string, unknown>;
  /** An invalid variant and the path its problem names. */
  invalid: Record<string, unknown>;
  path: string;
}

const CASES: Record<EntityKind, Case> = {
  channels: {
    created: {
      id: 'pdf-in',
      type: 'file',
      direction: 'in',
      path: 'pdf-in',
      filename: '*.pdf',
      remove: true,
      tempThenRename: false,
      settleSeconds: 5,
    },
    key: 'pdf-in',
    changed: { settleSeconds: 10, description: 'PDFs' },
    invalid: { settleSeconds: -1 },
    path: 'settleSeconds',
  },
  routes: {
    created: {
      id: 'passthrough',
      seq: 1,
      active: true,
      notInDefaultRun: true,
      fromChannel: 'x12-in',
      translate: 'passthrough',
      toChannel: 'xml-out',
      defer: false,
      zipIn: false,
      zipOut: false,
    },
    key: 'passthrough:1',
    changed: { active: false },
    invalid: { seq: 0 },
    path: 'seq',
  },
  translations: {
    created: {
      fromEditype: 'x12',
      fromMessagetype: '855004010',
      toPartner: 'retailer',
      mapping: 'x12/855-to-xml',
      toEditype: 'xml',
      toMessagetype: 'ack',
      active: true,
    },
    key: 'x12:855004010:::retailer',
    changed: { mapping: 'x12/855-to-xml-v2' },
    invalid: { mapping: '/etc/passwd' },
    path: 'mapping',
  },
  partners: {
    created: {
      id: 'acme',
      name: 'ACME',
      active: true,
      identifiers: [{ qualifier: 'ZZ', value: 'ACME', test: false }],
      groups: ['retail'],
      envelope: { ISA05: 'ZZ' },
      duplicates: 'reject',
    },
    key: 'acme',
    changed: { name: 'ACME Corporation' },
    invalid: { identifiers: [{ qualifier: 'ZZ', value: '', test: false }] },
    path: 'identifiers[0].value',
  },
  'partner-groups': {
    created: { id: 'wholesale', name: 'Wholesale' },
    key: 'wholesale',
    changed: { description: 'Distributors' },
    invalid: { colour: 'blue' },
    path: 'colour',
  },
  'code-lists': {
    created: { list: 'uom', code: 'KG:NET', value: 'KGM', attributes: ['kilogram'] },
    key: 'uom:KG%3ANET',
    changed: { value: 'KGS' },
    invalid: { attributes: 'kilogram' },
    path: 'attributes',
  },
  'confirm-rules': {
    created: { id: 'all-999', active: true, confirmType: '999', ruleType: 'all', negative: false },
    key: 'all-999',
    changed: { active: false },
    invalid: { ruleType: 'route' },
    path: 'value',
  },
  schedules: {
    created: {
      id: 'nightly',
      cron: '0 2 * * *',
      timezone: 'Europe/Amsterdam',
      kind: 'engine',
      mode: 'new',
      routes: ['x12-orders'],
      priority: 100,
      active: true,
      description: null,
    },
    key: 'nightly',
    changed: { cron: '0 3 * * 1-5' },
    invalid: { cron: '61 * * * *' },
    path: 'cron',
  },
  'monitored-folders': {
    created: {
      id: 'drop',
      path: 'drop/x12',
      mask: '*.edi',
      recursive: false,
      routeId: 'x12-orders',
      active: true,
    },
    key: 'drop',
    changed: { recursive: true },
    invalid: { path: '../outside' },
    path: 'path',
  },
};

describe('configuration entities', () => {
  it('serve every kind', () => {
    expect(Object.keys(entities).sort()).toEqual([...ENTITY_KINDS].sort());
    for (const kind of ENTITY_KINDS) expect(entities[kind].kind).toBe(kind);
  });

  it.each(ENTITY_KINDS)('%s: create, list, get, update and remove, with before and after', async (kind) => {
    const service = entities[kind];
    const { created, key, changed } = CASES[kind];
    const initial = await service.list(store);

    const made = await service.create(store, created);
    expect(made).toEqual({ after: created, version: expect.any(String) });
    expect(made.version).not.toBe(initial.version);
    const listed = await service.list(store);
    expect(listed.version).toBe(made.version);
    expect(listed.items).toHaveLength(initial.items.length + 1);
    expect(listed.items).toContainEqual(created);
    expect(await service.get(store, key)).toEqual({ entity: created, version: made.version });

    const next = { ...created, ...changed };
    const updated = await service.update(store, key, next, { expectedVersion: made.version });
    expect(updated).toEqual({ before: created, after: next, version: expect.any(String) });
    expect((await service.get(store, key)).entity).toEqual(next);

    const removed = await service.remove(store, key, { expectedVersion: updated.version });
    expect(removed).toEqual({ before: next, version: expect.any(String) });
    expect(await thrown(service.get(store, key))).toBeInstanceOf(EntityNotFoundError);
    expect((await service.list(store)).items).toEqual(initial.items);
  });

  it.each(ENTITY_KINDS)('%s: not found, existing key, invalid input, renames', async (kind) => {
    const service = entities[kind];
    const { created, key, invalid, path } = CASES[kind];
    for (const call of [
      service.get(store, key),
      service.update(store, key, created),
      service.remove(store, key),
    ]) {
      const error = await thrown(call);
      expect(error).toBeInstanceOf(EntityNotFoundError);
      expect(error).toMatchObject({ kind, key });
    }

    const refused = await problems(service.create(store, { ...created, ...invalid }));
    expect(
      refused.some((p) => p.startsWith(`${path}: `)),
      refused.join('\n'),
    ).toBe(true);

    await service.create(store, created);
    expect((await conflict(service.create(store, created))).reason).toBe('exists');
    expect(await problems(service.update(store, key, { ...created, ...invalid }))).toEqual(refused);
    expect(await problems(service.update(store, 'renamed', created))).toEqual([
      `key: the entity's key is "${key}", not "renamed" as addressed; to rename, remove it and create it anew`,
    ]);
    expect((await service.get(store, key)).entity).toEqual(created);
  });

  it.each(ENTITY_KINDS)('%s: refuses a write made against an older version', async (kind) => {
    const service = entities[kind];
    const { created, key, changed } = CASES[kind];
    const { version: stale } = await service.create(store, created);
    await service.update(store, key, { ...created, ...changed });
    const error = await conflict(service.update(store, key, created, { expectedVersion: stale }));
    expect(error.reason).toBe('changed');
    expect(error.message).toContain('changed meanwhile');
    expect((await conflict(service.remove(store, key, { expectedVersion: stale }))).reason).toBe('changed');
    expect((await service.get(store, key)).entity).toEqual({ ...created, ...changed });
  });
});

describe('references', () => {
  it('refuses removing a channel a route uses, with the plain problem', async () => {
    const found = await problems(entities.channels.remove(store, 'x12-in'));
    expect(found).toEqual([
      expect.stringMatching(/^routes\[\d+\]\.fromChannel: names channel "x12-in", which does not exist$/),
    ]);
    expect((await entities.channels.get(store, 'x12-in')).entity.id).toBe('x12-in');
  });

  it('refuses routes, partners and translations that name what does not exist', async () => {
    const route = { ...CASES.routes.created, toChannel: 'nowhere-out' };
    expect(await problems(entities.routes.create(store, route))).toEqual([
      expect.stringMatching(/^routes\[\d+\]\.toChannel: names channel "nowhere-out", which does not exist$/),
    ]);
    const wrongDirection = { ...CASES.routes.created, fromChannel: 'xml-out' };
    expect((await problems(entities.routes.create(store, wrongDirection)))[0]).toContain(
      'channel "xml-out" is an out-channel; a route reads from an in-channel',
    );
    const partner = { ...CASES.partners.created, groups: ['ghosts'] };
    expect(await problems(entities.partners.create(store, partner))).toEqual([
      expect.stringMatching(
        /^partners\[\d+\]\.groups\[0\]: names group "ghosts", which is not in partnerGroups$/,
      ),
    ]);
    // The stored entity keeps its id; the created one, last in its list, is the one named.
    const clash = { ...CASES.channels.created, id: 'X12-IN' };
    expect(await problems(entities.channels.create(store, clash))).toEqual([
      `channels[${sampleConfig().channels.length}].id: "X12-IN" differs from the id "x12-in" only in case; ids must differ in more than case`,
    ]);
    const translation = { ...CASES.translations.created, toPartner: 'nobody' };
    expect((await problems(entities.translations.create(store, translation)))[0]).toMatch(
      /^translations\[\d+\]\.toPartner: names "nobody", which is neither a partner nor a partner group$/,
    );
  });

  it('refuses schedules and monitored folders that name a missing route', async () => {
    const schedule = { ...CASES.schedules.created, routes: ['x12-orders', 'ghost'] };
    expect(await problems(entities.schedules.create(store, schedule))).toEqual([
      'routes[1]: names route "ghost", which does not exist',
    ]);
    const folder = { ...CASES['monitored-folders'].created, routeId: 'ghost' };
    expect(await problems(entities['monitored-folders'].create(store, folder))).toEqual([
      'routeId: names route "ghost", which does not exist',
    ]);
    expect((await entities.schedules.list(store)).items).toEqual([]);
  });

  it('refuses removing the last part of a route a schedule or monitored folder names', async () => {
    await entities.schedules.create(store, { ...CASES.schedules.created, routes: ['erp-invoices'] });
    await entities['monitored-folders'].create(store, {
      ...CASES['monitored-folders'].created,
      routeId: 'erp-invoices',
    });
    expect(await problems(entities.routes.remove(store, 'erp-invoices:1'))).toEqual([
      'schedules[nightly].routes[0]: names route "erp-invoices", which this change removes',
      'monitored-folders[drop].routeId: names route "erp-invoices", which this change removes',
    ]);
    // Removing one part of a route that keeps others is fine.
    await entities.schedules.update(store, 'nightly', CASES.schedules.created);
    await entities.routes.remove(store, 'x12-orders:3');
  });
});

describe('versions and concurrency', () => {
  it('versions the whole document: any change moves it, for every document kind', async () => {
    const { version } = await entities.channels.list(store);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect((await entities.routes.list(store)).version).toBe(version);
    expect((await exportDocument(store)).version).toBe(version);
    await entities['partner-groups'].create(store, CASES['partner-groups'].created);
    const error = await conflict(
      entities.channels.update(store, 'x12-in', (await entities.channels.get(store, 'x12-in')).entity, {
        expectedVersion: version,
      }),
    );
    expect(error.message).toMatch(/^the configuration changed meanwhile/);
  });

  it('loses no change when writers race', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(
      names.map((name) =>
        entities.channels.create(store, { ...CASES.channels.created, id: `${name}-in`, path: name }),
      ),
    );
    const ids = (await entities.channels.list(store)).items.map((c) => c.id);
    for (const name of names) expect(ids).toContain(`${name}-in`);
    // Of two writers holding the same version, the second is told.
    const { version } = await entities.channels.list(store);
    const outcomes = await Promise.allSettled([
      entities.channels.remove(store, 'a-in', { expectedVersion: version }),
      entities.channels.remove(store, 'b-in', { expectedVersion: version }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
  });
});

describe('the whole document', () => {
  it('exports and imports, checked and versioned', async () => {
    const exported = await exportDocument(store);
    expect(exported.document).toEqual(normalizeConfig(sampleConfig()));
    expect(exported.version).toBe(documentVersion(exported.document));

    const changed: ConfigDocument = {
      ...exported.document,
      partnerGroups: [...exported.document.partnerGroups, { id: 'wholesale', name: 'Wholesale' }],
    };
    const imported = await importDocument(store, changed, { expectedVersion: exported.version });
    expect(imported.before).toEqual(exported.document);
    expect(imported.after).toEqual(normalizeConfig(changed));
    expect(imported.version).toBe((await exportDocument(store)).version);

    expect(
      (await conflict(importDocument(store, changed, { expectedVersion: exported.version }))).reason,
    ).toBe('changed');
    const broken = { ...changed, channels: changed.channels.filter((c) => c.id !== 'edifact-in') };
    expect(await problems(importDocument(store, broken))).toEqual([
      expect.stringMatching(/^routes\[\d+\]\.fromChannel: names channel "edifact-in", which does not exist$/),
    ]);
    expect(await problems(importDocument(store, { ...changed, version: 2 }))).toEqual([
      'version: Invalid input: expected 1',
    ]);
  });

  it('refuses to guess which of several translations with one key is meant', async () => {
    const doc = normalizeConfig(sampleConfig());
    const twin = { ...doc.translations[0]!, active: false, mapping: 'x12/older' };
    await importDocument(store, { ...doc, translations: [...doc.translations, twin] });
    const key = entities.translations.keyOf(twin);
    expect((await conflict(entities.translations.get(store, key))).reason).toBe('ambiguous');
    expect((await conflict(entities.translations.remove(store, key))).reason).toBe('ambiguous');
  });
});
