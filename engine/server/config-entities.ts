/**
 * The configuration CRUD under the API's routes: one service per entity kind, named as in the URL
 * (`configEntities(dataRoot).channels`, ... `['monitored-folders']`), each listing, reading, creating, replacing
 * and removing entities by key; and the whole configuration document read and replaced at once
 * (exportDocument, importDocument).
 *
 * Contracts:
 * - Input is `unknown` (a request body) and is parsed with the kind's zod schema first (config-schemas.ts),
 *   whatever the caller checked before; its problems are paths within the input (`settleSeconds: ...`; the
 *   input as a whole is named by its noun: `schedule: ...`).
 * - Document-backed kinds (channels, routes, translations, partners, partner-groups, code-lists,
 *   confirm-rules) read the whole configuration document, change it, check the result with checkConfig and
 *   replace it, so references are checked on every write (removing a channel a route uses, or creating a
 *   route that names a missing channel, is refused). Those problems are checkConfig's sentences with document
 *   paths (`routes[3].fromChannel: names channel "x", which does not exist`) whose indexes are the order list()
 *   and exportDocument() return, a created entity after the last of its list. A change that removes the last
 *   part of a route a schedule or monitored folder names is refused as well.
 * - Schedules and monitored folders are rows of their own tables; the routes they name must exist, and a
 *   folder's path must stay inside the data folder (resolveInside, as `bots monitor add` checks it).
 * - update refuses an entity whose key differs from the addressed key: there are no renames. Rename by remove
 *   and create, or, for an id other entities refer to, by importing the whole document.
 * - Versions: list and get return the version of the collection the entity lives in: the whole configuration
 *   document (documentVersion) for the document-backed kinds, the table for schedules and monitored folders.
 *   A write given `expectedVersion` throws EntityConflictError (reason `changed`) and changes nothing when the
 *   collection is at another version. Every write returns the version after it.
 * - Concurrency: the writes to one Store run one at a time in this process, each reading, checking and writing
 *   inside its turn. Against writers in other processes (the CLI, another web replica) a document write checks,
 *   inside the store's replacing transaction, that the configuration is still the one it read, and fails as
 *   `changed` otherwise (ConfigRepository.replace's guard). Schedules and monitored folders are single-row writes.
 * - Every write returns `{ before, after, version }` for the audit log: no `before` on create, no `after` on
 *   remove; both as stored (read back after the write).
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { checkConfig, normalizeConfig } from '../core/config-check.js';
import type {
  ChannelConfig,
  CodeListEntry,
  ConfigDocument,
  ConfirmRuleConfig,
  PartnerConfig,
  PartnerGroupConfig,
  RouteConfig,
  TranslationConfig,
} from '../core/config-model.js';
import { PathSafetyError, resolveInside } from '../runtime/safe-path.js';
import type { MonitoredFolderRow, ScheduleRow, Store } from '../store/store.js';
import {
  channelSchema,
  codeListEntrySchema,
  configDocumentSchema,
  confirmRuleSchema,
  monitoredFolderSchema,
  partnerGroupSchema,
  partnerSchema,
  routeSchema,
  scheduleSchema,
  translationSchema,
} from './schemas/config-schemas.js';

/** Each kind's URL name and the entity it serves. */
export interface ConfigEntityTypes {
  channels: ChannelConfig;
  routes: RouteConfig;
  translations: TranslationConfig;
  partners: PartnerConfig;
  'partner-groups': PartnerGroupConfig;
  'code-lists': CodeListEntry;
  'confirm-rules': ConfirmRuleConfig;
  schedules: ScheduleRow;
  'monitored-folders': MonitoredFolderRow;
}

export type EntityKind = keyof ConfigEntityTypes;

export const ENTITY_KINDS: readonly EntityKind[] = [
  'channels',
  'routes',
  'translations',
  'partners',
  'partner-groups',
  'code-lists',
  'confirm-rules',
  'schedules',
  'monitored-folders',
];

/** One entity, in messages and as the name of a whole input in its problems. */
const NOUNS: Record<EntityKind, string> = {
  channels: 'channel',
  routes: 'route part',
  translations: 'translation',
  partners: 'partner',
  'partner-groups': 'partner group',
  'code-lists': 'code list entry',
  'confirm-rules': 'confirm rule',
  schedules: 'schedule',
  'monitored-folders': 'monitored folder',
};

export interface WriteOptions {
  /** The version the caller read (list/get); the write is refused when the collection is at another one. */
  expectedVersion?: string;
}

export interface EntityList<E> {
  version: string;
  items: E[];
}

export interface EntityItem<E> {
  version: string;
  entity: E;
}

export interface EntityWrite<E> {
  /** As it was; absent on create. */
  before?: E;
  /** As stored now; absent on remove. */
  after?: E;
  /** The collection's version after the write. */
  version: string;
}

export interface DocumentWrite {
  before: ConfigDocument;
  after: ConfigDocument;
  version: string;
}

export interface EntityService<E> {
  readonly kind: EntityKind;
  /** What one entity is (the request and response body of the kind's routes). */
  readonly schema: z.ZodType<E, E>;
  /** The key that addresses the entity (ConfigEntities documents each kind's format). */
  keyOf(entity: E): string;
  /** All entities, in canonical order (by key). */
  list(store: Store): Promise<EntityList<E>>;
  /** Throws EntityNotFoundError. */
  get(store: Store, key: string): Promise<EntityItem<E>>;
  /** Throws EntityInvalidError, EntityConflictError (`exists`, `changed`). */
  create(store: Store, input: unknown, options?: WriteOptions): Promise<EntityWrite<E>>;
  /** Replaces the entity at `key`, which must be the key of `input`. Throws EntityNotFoundError,
   * EntityInvalidError, EntityConflictError (`changed`, `ambiguous`). */
  update(store: Store, key: string, input: unknown, options?: WriteOptions): Promise<EntityWrite<E>>;
  /** Throws EntityNotFoundError, EntityInvalidError (still referenced), EntityConflictError (`changed`,
   * `ambiguous`). */
  remove(store: Store, key: string, options?: WriteOptions): Promise<EntityWrite<E>>;
}

/**
 * The services by kind. Keys are the entity's key fields joined by ":", an absent optional field as an empty
 * part; a "%" or ":" inside a part is written %25 or %3A (ids cannot hold either; code list names and codes
 * and translation alts can), so every key names one entity:
 * - channels, partners, partner-groups, confirm-rules, schedules, monitored-folders: `id`
 * - routes: `id:seq` (`x12-orders:2`)
 * - translations: `fromEditype:fromMessagetype:alt:fromPartner:toPartner` (`x12:850004010::retailer:`)
 * - code-lists: `list:code` (`uom:EA`)
 * Only active translations must have distinct keys (checkConfig); create refuses a key that exists whether
 * active or not, and get, update and remove of a key several translations share throw EntityConflictError
 * (`ambiguous`): change those through the whole document.
 */
export type ConfigEntities = { readonly [K in EntityKind]: EntityService<ConfigEntityTypes[K]> };

export class EntityNotFoundError extends Error {
  override name = 'EntityNotFoundError';
  constructor(
    readonly kind: EntityKind,
    readonly key: string,
  ) {
    super(`there is no ${NOUNS[kind]} "${key}"`);
  }
}

/** `exists`: create of a key that exists; `changed`: the collection is not at the expected version;
 * `ambiguous`: several entities have the addressed key. */
export type ConflictReason = 'exists' | 'changed' | 'ambiguous';

export class EntityConflictError extends Error {
  override name = 'EntityConflictError';
  constructor(
    readonly reason: ConflictReason,
    message: string,
  ) {
    super(message);
  }
}

export class EntityInvalidError extends Error {
  override name = 'EntityInvalidError';
  /** Each `path: plain sentence`. */
  constructor(readonly problems: string[]) {
    super(
      `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
    );
  }
}

/** The services; `dataRoot` is the folder monitored folders must stay inside (the workspace's data folder). */
export function configEntities(dataRoot: string): ConfigEntities {
  return {
    channels: documentKind('channels', 'channels', channelSchema, (c) => joinKey(c.id)),
    routes: documentKind('routes', 'routes', routeSchema, (r) => joinKey(r.id, r.seq)),
    translations: documentKind('translations', 'translations', translationSchema, (t) =>
      joinKey(t.fromEditype, t.fromMessagetype, t.alt, t.fromPartner, t.toPartner),
    ),
    partners: documentKind('partners', 'partners', partnerSchema, (p) => joinKey(p.id)),
    'partner-groups': documentKind('partner-groups', 'partnerGroups', partnerGroupSchema, (g) =>
      joinKey(g.id),
    ),
    'code-lists': documentKind('code-lists', 'codeLists', codeListEntrySchema, (c) =>
      joinKey(c.list, c.code),
    ),
    'confirm-rules': documentKind('confirm-rules', 'confirmRules', confirmRuleSchema, (c) => joinKey(c.id)),
    schedules: tableKind(
      'schedules',
      scheduleSchema,
      (store) => store.schedules,
      async (store, schedule) => {
        const routes = await routeIds(store);
        return schedule.routes.flatMap((route, i) =>
          routes.has(route) ? [] : [`routes[${i}]: names route "${route}", which does not exist`],
        );
      },
    ),
    'monitored-folders': tableKind(
      'monitored-folders',
      monitoredFolderSchema,
      (store) => store.monitoredFolders,
      async (store, folder) => {
        const problems: string[] = [];
        try {
          resolveInside(dataRoot, folder.path);
        } catch (error) {
          if (!(error instanceof PathSafetyError)) throw error;
          problems.push(`path: "${folder.path}" is not inside the data folder`);
        }
        if (!(await routeIds(store)).has(folder.routeId))
          problems.push(`routeId: names route "${folder.routeId}", which does not exist`);
        return problems;
      },
    ),
  };
}

/**
 * A short hash (16 hex digits) of the canonical JSON of the document: normalizeConfig's order, keys sorted.
 * Give it a document as the store returns it: list, get and every write report the version of that.
 */
export function documentVersion(doc: ConfigDocument): string {
  return versionOf(normalizeConfig(doc));
}

/** The whole configuration and its version. */
export async function exportDocument(store: Store): Promise<{ version: string; document: ConfigDocument }> {
  const document = await store.config.read();
  return { version: documentVersion(document), document };
}

/** Replaces the whole configuration, checked like any other write. Throws EntityInvalidError,
 * EntityConflictError (`changed`). */
export async function importDocument(
  store: Store,
  input: unknown,
  options: WriteOptions = {},
): Promise<DocumentWrite> {
  const document = parse(configDocumentSchema, input, 'document');
  return changeDocument(store, options, () => document);
}

type DocumentLists = Omit<ConfigDocument, 'version' | 'settings'>;

function documentKind<L extends keyof DocumentLists>(
  kind: EntityKind,
  list: L,
  schema: z.ZodType<DocumentLists[L][number], DocumentLists[L][number]>,
  keyOf: (entity: DocumentLists[L][number]) => string,
): EntityService<DocumentLists[L][number]> {
  type E = DocumentLists[L][number];
  const itemsOf = (doc: ConfigDocument): E[] => doc[list];
  const withItems = (doc: ConfigDocument, items: E[]): ConfigDocument => ({ ...doc, [list]: items });
  const find = (doc: ConfigDocument, key: string): E | undefined =>
    itemsOf(doc).find((item) => keyOf(item) === key);
  const written = (result: DocumentWrite, key: string): EntityWrite<E> =>
    entityWrite(find(result.before, key), find(result.after, key), result.version);
  return {
    kind,
    schema,
    keyOf,
    async list(store) {
      const doc = await store.config.read();
      return { version: documentVersion(doc), items: itemsOf(doc) };
    },
    async get(store, key) {
      const doc = await store.config.read();
      const items = itemsOf(doc);
      return { version: documentVersion(doc), entity: items[locate(kind, items, key, keyOf)] as E };
    },
    async create(store, input, options = {}) {
      const entity = parse(schema, input, NOUNS[kind]);
      const key = keyOf(entity);
      const result = await changeDocument(store, options, (doc) => {
        if (find(doc, key) !== undefined)
          throw new EntityConflictError('exists', `there is a ${NOUNS[kind]} "${key}" already`);
        return withItems(doc, [...itemsOf(doc), entity]);
      });
      return written(result, key);
    },
    async update(store, key, input, options = {}) {
      const entity = parse(schema, input, NOUNS[kind]);
      sameKey(key, keyOf(entity));
      const result = await changeDocument(store, options, (doc) => {
        const items = itemsOf(doc);
        const at = locate(kind, items, key, keyOf);
        return withItems(
          doc,
          items.map((item, i) => (i === at ? entity : item)),
        );
      });
      return written(result, key);
    },
    async remove(store, key, options = {}) {
      const result = await changeDocument(store, options, (doc) => {
        const items = itemsOf(doc);
        const at = locate(kind, items, key, keyOf);
        return withItems(
          doc,
          items.filter((_, i) => i !== at),
        );
      });
      return written(result, key);
    },
  };
}

/** Reads the document, applies `change` (which may throw), checks and stores the result, in this store's turn. */
function changeDocument(
  store: Store,
  options: WriteOptions,
  change: (doc: ConfigDocument) => ConfigDocument,
): Promise<DocumentWrite> {
  return exclusive(store, async () => {
    const before = await store.config.read();
    expectVersion('configuration', documentVersion(before), options.expectedVersion);
    // Checked as changed, not re-sorted: the stored entities keep their places (and win a clash of ids), a
    // created one comes last in its list.
    const next = change(before);
    const problems = [...checkConfig(next), ...(await removedRoutesInUse(store, before, next))];
    if (problems.length > 0) throw new EntityInvalidError(problems);
    // The guard runs inside the replacing transaction: a writer in another process that got in since the read
    // above makes this one fail as changed, instead of being overwritten.
    const read = documentVersion(before);
    await store.config.replace(next, (current) => {
      if (documentVersion(current) !== read)
        throw new EntityConflictError(
          'changed',
          'The configuration changed meanwhile; read it again and redo the change',
        );
    });
    // Read back: the store's form (an absent `monitor` for false) is what list, get and versions see.
    const after = await store.config.read();
    return { before, after, version: documentVersion(after) };
  });
}

/** Problems for the routes a change removes while a schedule or monitored folder still names them. */
async function removedRoutesInUse(
  store: Store,
  before: ConfigDocument,
  after: ConfigDocument,
): Promise<string[]> {
  const kept = new Set(after.routes.map((r) => r.id));
  const removed = new Set(before.routes.map((r) => r.id).filter((id) => !kept.has(id)));
  if (removed.size === 0) return [];
  const problems: string[] = [];
  for (const schedule of await store.schedules.list())
    schedule.routes.forEach((route, i) => {
      if (removed.has(route))
        problems.push(
          `schedules[${schedule.id}].routes[${i}]: names route "${route}", which this change removes`,
        );
    });
  for (const folder of await store.monitoredFolders.list())
    if (removed.has(folder.routeId))
      problems.push(
        `monitored-folders[${folder.id}].routeId: names route "${folder.routeId}", which this change removes`,
      );
  return problems;
}

/** What the schedules and monitored-folders repositories share. */
interface RowTable<R> {
  list(): Promise<R[]>;
  /** Adds or replaces by id. */
  put(row: R): Promise<void>;
  remove(id: string): Promise<boolean>;
}

function tableKind<K extends 'schedules' | 'monitored-folders'>(
  kind: K,
  schema: z.ZodType<ConfigEntityTypes[K], ConfigEntityTypes[K]>,
  table: (store: Store) => RowTable<ConfigEntityTypes[K]>,
  /** Problems with what the row names outside its table, as `path: sentence`. */
  references: (store: Store, row: ConfigEntityTypes[K]) => Promise<string[]>,
): EntityService<ConfigEntityTypes[K]> {
  type R = ConfigEntityTypes[K];
  const what = kind.replace('-', ' ');
  /** Runs `work` on the rows in this store's turn; returns the rows before and after and the new version. */
  const change = (store: Store, options: WriteOptions, work: (rows: R[]) => Promise<void>) =>
    exclusive(store, async () => {
      const before = await table(store).list();
      expectVersion(what, tableVersion(before), options.expectedVersion);
      await work(before);
      const after = await table(store).list();
      return { before, after, version: tableVersion(after) };
    });
  const checked = async (store: Store, row: R): Promise<void> => {
    const problems = await references(store, row);
    if (problems.length > 0) throw new EntityInvalidError(problems);
  };
  const byId = (rows: R[], id: string): R | undefined => rows.find((row) => row.id === id);
  return {
    kind,
    schema,
    keyOf: (row) => joinKey(row.id),
    async list(store) {
      const items = sortById(await table(store).list());
      return { version: tableVersion(items), items };
    },
    async get(store, key) {
      const rows = await table(store).list();
      const entity = byId(rows, key);
      if (entity === undefined) throw new EntityNotFoundError(kind, key);
      return { version: tableVersion(rows), entity };
    },
    async create(store, input, options = {}) {
      const row = parse(schema, input, NOUNS[kind]);
      const result = await change(store, options, async (rows) => {
        if (byId(rows, row.id) !== undefined)
          throw new EntityConflictError('exists', `there is a ${NOUNS[kind]} "${row.id}" already`);
        await checked(store, row);
        await table(store).put(row);
      });
      return entityWrite(undefined, byId(result.after, row.id), result.version);
    },
    async update(store, key, input, options = {}) {
      const row = parse(schema, input, NOUNS[kind]);
      sameKey(key, row.id);
      const result = await change(store, options, async (rows) => {
        if (byId(rows, key) === undefined) throw new EntityNotFoundError(kind, key);
        await checked(store, row);
        await table(store).put(row);
      });
      return entityWrite(byId(result.before, key), byId(result.after, key), result.version);
    },
    async remove(store, key, options = {}) {
      const result = await change(store, options, async () => {
        if (!(await table(store).remove(key))) throw new EntityNotFoundError(kind, key);
      });
      return entityWrite(byId(result.before, key), undefined, result.version);
    },
  };
}

async function routeIds(store: Store): Promise<Set<string>> {
  return new Set((await store.config.read()).routes.map((r) => r.id));
}

/** The tail of each store's queue of writes. */
const turns = new WeakMap<Store, Promise<unknown>>();

/** Runs `work` after every write to `store` queued before it in this process has finished. */
function exclusive<T>(store: Store, work: () => Promise<T>): Promise<T> {
  const result = (turns.get(store) ?? Promise.resolve()).then(work);
  turns.set(
    store,
    result.catch(() => undefined),
  );
  return result;
}

function expectVersion(what: string, current: string, expected: string | undefined): void {
  if (expected !== undefined && expected !== current)
    throw new EntityConflictError(
      'changed',
      `the ${what} changed meanwhile (version ${current}, not ${expected}); read it again and repeat the change`,
    );
}

/** The index of the one item with `key`; throws EntityNotFoundError, or EntityConflictError when several have it. */
function locate<E>(kind: EntityKind, items: readonly E[], key: string, keyOf: (item: E) => string): number {
  const found = items.flatMap((item, i) => (keyOf(item) === key ? [i] : []));
  if (found.length === 0) throw new EntityNotFoundError(kind, key);
  if (found.length > 1)
    throw new EntityConflictError(
      'ambiguous',
      `${found.length} ${NOUNS[kind]} entries have the key "${key}"; change them through the whole document`,
    );
  return found[0] as number;
}

function sameKey(addressed: string, actual: string): void {
  if (addressed !== actual)
    throw new EntityInvalidError([
      `key: the entity's key is "${actual}", not "${addressed}" as addressed; to rename, remove it and create it anew`,
    ]);
}

/** The input as the schema's type, or EntityInvalidError with each problem by path (`label` for the whole). */
function parse<E>(schema: z.ZodType<E, E>, input: unknown, label: string): E {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new EntityInvalidError(
    result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${pathText([...issue.path, key])}: is not a known key`)
        : [`${pathText(issue.path) || label}: ${issue.message}`],
    ),
  );
}

/** `identifiers[0].value`; keys that are not plain names in brackets (`envelope[""]`). */
function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = String(part);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

/** Key parts joined by ":", "%" and ":" inside a part written %25 and %3A; an absent part is empty. */
function joinKey(...parts: (string | number | undefined)[]): string {
  return parts
    .map((part) =>
      String(part ?? '')
        .replace(/%/g, '%25')
        .replace(/:/g, '%3A'),
    )
    .join(':');
}

function entityWrite<E>(before: E | undefined, after: E | undefined, version: string): EntityWrite<E> {
  return {
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    version,
  };
}

function sortById<R extends { id: string }>(rows: R[]): R[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function tableVersion(rows: { id: string }[]): string {
  return versionOf(sortById(rows));
}

/** 16 hex digits of the SHA-256 of the value's JSON with every object's keys sorted. */
function versionOf(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}
