/**
 * Checks that a parsed value is a configuration document (engine/core/config-model.ts, version 1) and says what
 * is wrong, by path, in plain sentences (`routes[2].fromChannel: names channel "x", which does not exist`). It
 * covers the JSON Schema (docs/schemas/config.v1.schema.json) and the rules a schema cannot state: references
 * between channels, routes, translations, partners, groups and confirm rules resolve; ids are unique per kind;
 * channel paths stay inside the workspace data folder; out-channel file name templates use known variables.
 * The document must be complete: nothing is defaulted. normalizeConfig gives every list a stable order so that
 * export -> import -> export is byte-identical.
 */
import {
  CONFIG_VERSION,
  type ChannelConfig,
  type CodeListEntry,
  type ConfigDocument,
  type ConfirmRuleConfig,
  type PartnerConfig,
  type PartnerGroupConfig,
  type PartnerIdentifier,
  type RouteConfig,
  type TranslationConfig,
  type UnknownPartnerPolicy,
} from './config-model.js';
import type { Editype } from './envelope.js';

type Json = Record<string, unknown>;
type Report = (path: string, problem: string) => void;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `${source} is not a valid configuration: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
    );
  }
}

/** Ids people give: letters, digits, ".", "_", "-"; not starting with "." (no hidden or "..": ids become names). */
export const ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** Message type ids, as grammar ids (850004010, ORDERSD96AUN, order-lines). */
export const MESSAGETYPE = /^[A-Za-z0-9._-]+$/;
/** A script under usersys/mappings without extension: id-like names joined by "/". */
export const MAPPING = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
export const EDITYPES: readonly Editype[] = ['x12', 'edifact', 'csv', 'fixed', 'json', 'xml'];
/** The variables an out-channel file name template may use, besides {datetime:FORMAT}. */
export const TEMPLATE_VARIABLES: readonly string[] = [
  'editype',
  'messagetype',
  'frompartner',
  'topartner',
  'unique',
  'infile',
  'infile:name',
  'infile:ext',
  'overwrite',
];

interface Rule {
  expect: string;
  test: (value: unknown) => boolean;
}
interface Field {
  rule: Rule;
  optional: boolean;
}
/** Every key of T, in the order documents are written. */
type Shape<T> = { [K in keyof Required<T>]: Field };

const rule = (expect: string, test: (value: unknown) => boolean): Rule => ({ expect, test });
const req = (r: Rule): Field => ({ rule: r, optional: false });
const opt = (r: Rule): Field => ({ rule: r, optional: true });
const isString = (v: unknown): v is string => typeof v === 'string';
const oneOf = (values: readonly string[]): Rule =>
  rule(`must be one of ${values.map((v) => `"${v}"`).join(', ')}`, (v) => isString(v) && values.includes(v));

const IDR = rule('must be an id of letters, digits, ".", "_" or "-" that does not start with "."', (v) =>
  matches(v, ID),
);
const TEXT = rule('must be a string', isString);
const NONEMPTY = rule('must be a non-empty string', (v) => isString(v) && v.trim() !== '');
const BOOL = rule('must be true or false', (v) => typeof v === 'boolean');
const EDITYPE = oneOf(EDITYPES);
const MSGTYPE = rule('must be a message type id of letters, digits, ".", "_" or "-"', (v) =>
  matches(v, MESSAGETYPE),
);
const MAPPING_NAME = rule(
  'must name a script under usersys/mappings without extension, like "x12/850-to-xml" (names of letters, digits, ".", "_" or "-" joined by "/")',
  (v) => matches(v, MAPPING),
);
const wholeNumber = (min: number): Rule =>
  rule(`must be a whole number of at least ${min}`, (v) => Number.isInteger(v) && (v as number) >= min);
const LIST = rule('must be a list', Array.isArray);
const STRINGS = rule('must be a list of strings', (v) => Array.isArray(v) && v.every(isString));
const STRING_MAP = rule(
  'must be an object of string values (like {"ISA06": "SUPPLIER"})',
  (v) => isObject(v) && Object.values(v).every(isString),
);

const CHANNEL: Shape<ChannelConfig> = {
  id: req(IDR),
  type: req(oneOf(['file'])),
  direction: req(oneOf(['in', 'out'])),
  path: req(NONEMPTY),
  filename: req(NONEMPTY),
  remove: req(BOOL),
  archivePath: opt(NONEMPTY),
  lockFile: opt(NONEMPTY),
  tempThenRename: req(BOOL),
  settleSeconds: req(wholeNumber(0)),
  description: opt(TEXT),
};
const ROUTE: Shape<RouteConfig> = {
  id: req(IDR),
  seq: req(wholeNumber(1)),
  active: req(BOOL),
  notInDefaultRun: req(BOOL),
  monitor: opt(BOOL),
  fromChannel: opt(IDR),
  fromEditype: opt(EDITYPE),
  fromMessagetype: opt(MSGTYPE),
  translate: req(oneOf(['translate', 'passthrough', 'parse-passthrough', 'none'])),
  toChannel: opt(IDR),
  toEditype: opt(EDITYPE),
  toMessagetype: opt(MSGTYPE),
  toPartner: opt(IDR),
  fromPartner: opt(IDR),
  testIndicator: opt(BOOL),
  defer: req(BOOL),
  zipIn: req(BOOL),
  zipOut: req(BOOL),
  description: opt(TEXT),
};
const TRANSLATION: Shape<TranslationConfig> = {
  fromEditype: req(EDITYPE),
  fromMessagetype: req(MSGTYPE),
  alt: opt(NONEMPTY),
  fromPartner: opt(IDR),
  toPartner: opt(IDR),
  mapping: req(MAPPING_NAME),
  toEditype: req(EDITYPE),
  toMessagetype: req(MSGTYPE),
  active: req(BOOL),
  description: opt(TEXT),
};
const IDENTIFIER: Shape<PartnerIdentifier> = {
  qualifier: req(TEXT),
  value: req(NONEMPTY),
  test: req(BOOL),
};
const PARTNER: Shape<PartnerConfig> = {
  id: req(IDR),
  name: req(NONEMPTY),
  active: req(BOOL),
  identifiers: req(LIST),
  groups: req(STRINGS),
  envelope: req(STRING_MAP),
  duplicates: req(oneOf(['warn', 'reject'])),
  description: opt(TEXT),
};
const GROUP: Shape<PartnerGroupConfig> = { id: req(IDR), name: req(NONEMPTY), description: opt(TEXT) };
const CODE: Shape<CodeListEntry> = {
  list: req(NONEMPTY),
  code: req(NONEMPTY),
  value: req(TEXT),
  attributes: req(STRINGS),
};
const CONFIRM_RULE: Shape<ConfirmRuleConfig> = {
  id: req(IDR),
  active: req(BOOL),
  confirmType: req(oneOf(['997', '999', 'CONTRL', 'TA1', 'ask-997', 'ask-999', 'ask-CONTRL'])),
  ruleType: req(oneOf(['all', 'route', 'channel', 'frompartner', 'topartner', 'messagetype'])),
  value: opt(NONEMPTY),
  negative: req(BOOL),
};
const SETTINGS: Shape<UnknownPartnerPolicy> = { unknownSenders: req(oneOf(['error', 'accept'])) };
const LISTS = [
  'channels',
  'routes',
  'translations',
  'partners',
  'partnerGroups',
  'codeLists',
  'confirmRules',
] as const;
const DOCUMENT: Shape<ConfigDocument> = {
  version: req(rule(`must be ${CONFIG_VERSION}`, (v) => v === CONFIG_VERSION)),
  settings: opt(rule('must be an object', isObject)),
  channels: req(LIST),
  routes: req(LIST),
  translations: req(LIST),
  partners: req(LIST),
  partnerGroups: req(LIST),
  codeLists: req(LIST),
  confirmRules: req(LIST),
};

/** Returns the problems found; an empty list means the value is a valid ConfigDocument. */
export function checkConfig(value: unknown): string[] {
  const problems: string[] = [];
  const report: Report = (path, problem) => void problems.push(`${path}: ${problem}`);
  if (!isObject(value)) return ['the document must be an object with version, channels, routes and so on'];
  checkShape(value, DOCUMENT, '', report);
  if (isObject(value.settings)) checkShape(value.settings, SETTINGS, 'settings', report);
  const paths = new Map<Json, string>();
  const list = (key: (typeof LISTS)[number]): Json[] => {
    const items = value[key];
    if (!Array.isArray(items)) return [];
    return items.filter((item: unknown, i): item is Json => {
      if (isObject(item)) paths.set(item, `${key}[${i}]`);
      else report(`${key}[${i}]`, 'must be an object');
      return isObject(item);
    });
  };
  const doc = {
    channels: list('channels'),
    routes: list('routes'),
    translations: list('translations'),
    partners: list('partners'),
    partnerGroups: list('partnerGroups'),
    codeLists: list('codeLists'),
    confirmRules: list('confirmRules'),
  };
  const at = (key: (typeof LISTS)[number], item: Json): string => paths.get(item) ?? key;
  doc.channels.forEach((c) => checkChannel(c, at('channels', c), report));
  doc.routes.forEach((r) => checkShape(r, ROUTE, at('routes', r), report));
  doc.translations.forEach((t) => checkShape(t, TRANSLATION, at('translations', t), report));
  doc.partners.forEach((p) => checkPartner(p, at('partners', p), report));
  doc.partnerGroups.forEach((g) => checkShape(g, GROUP, at('partnerGroups', g), report));
  doc.codeLists.forEach((c) => checkShape(c, CODE, at('codeLists', c), report));
  doc.confirmRules.forEach((c) => checkShape(c, CONFIRM_RULE, at('confirmRules', c), report));
  checkReferences(doc, (key, item, field, problem) => {
    const path = at(key, item);
    report(field ? `${path}.${field}` : path, problem);
  });
  return problems;
}

/** Narrows a checked value; throws ConfigError naming the source when it is not a configuration document. */
export function asConfig(value: unknown, source: string): ConfigDocument {
  const problems = checkConfig(value);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return value as ConfigDocument;
}

/**
 * Why a configured path cannot be used, or undefined when it is fine: paths are relative to the workspace
 * data folder and may not leave it (no absolute path, drive letter or ".." segment; "/" and "\" both count).
 */
export function unsafePath(path: string): string | undefined {
  if (/^([\\/]|[A-Za-z]:)/.test(path) || path.startsWith('~'))
    return 'must be relative to the workspace data folder, not absolute';
  if (path.split(/[\\/]/).includes('..'))
    return 'must not contain ".." segments: it would point outside the workspace data folder';
  return undefined;
}

/** Why an out-channel file name template cannot be used, or undefined when it is fine. */
export function templateProblem(template: string): string | undefined {
  const variables = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, '')))
    return 'has a "{" or "}" that does not belong to a {variable}';
  const unknown = variables.find((v) => !TEMPLATE_VARIABLES.includes(v) && !/^datetime:.+$/.test(v));
  if (unknown !== undefined)
    return `uses the unknown variable {${unknown}}; known are ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')} {datetime:FORMAT}`;
  if (/[\\/]$/.test(template)) return 'must end with a file name, not a folder';
  return undefined;
}

/** A copy with every list in a stable order and every object's keys in contract order (absent keys left out). */
export function normalizeConfig(doc: ConfigDocument): ConfigDocument {
  const out: ConfigDocument = {
    version: doc.version,
    settings: doc.settings && reorder(doc.settings, SETTINGS),
    channels: sortBy(
      doc.channels.map((c) => reorder(c, CHANNEL)),
      (c) => [c.id],
    ),
    routes: sortBy(
      doc.routes.map((r) => reorder(r, ROUTE)),
      (r) => [r.id, r.seq],
    ),
    translations: sortBy(
      doc.translations.map((t) => reorder(t, TRANSLATION)),
      (t) => [
        t.fromEditype,
        t.fromMessagetype,
        t.alt,
        t.fromPartner,
        t.toPartner,
        t.mapping,
        t.toEditype,
        t.toMessagetype,
        String(t.active),
      ],
    ),
    partners: sortBy(
      doc.partners.map((p) => ({
        ...reorder(p, PARTNER),
        identifiers: sortBy(
          p.identifiers.map((i) => reorder(i, IDENTIFIER)),
          (i) => [i.qualifier, i.value, String(i.test)],
        ),
        groups: [...p.groups].sort(compareText),
        envelope: Object.fromEntries(Object.entries(p.envelope).sort(([a], [b]) => compareText(a, b))),
      })),
      (p) => [p.id],
    ),
    partnerGroups: sortBy(
      doc.partnerGroups.map((g) => reorder(g, GROUP)),
      (g) => [g.id],
    ),
    codeLists: sortBy(
      doc.codeLists.map((c) => ({ ...reorder(c, CODE), attributes: [...c.attributes] })),
      (c) => [c.list, c.code, c.value],
    ),
    confirmRules: sortBy(
      doc.confirmRules.map((c) => reorder(c, CONFIRM_RULE)),
      (c) => [c.id],
    ),
  };
  // The partner spread above keeps contract key order: reorder put the keys first, the overrides keep them.
  return reorder(out, DOCUMENT);
}

function checkShape(item: Json, shape: Record<string, Field>, path: string, report: Report): void {
  const at = (key: string): string => (path ? `${path}.${key}` : key);
  for (const key of Object.keys(item))
    if (!(key in shape))
      report(at(key), `is not a known key; known keys are ${Object.keys(shape).join(', ')}`);
  for (const [key, field] of Object.entries(shape)) {
    const value = item[key];
    if (value === undefined) {
      if (!field.optional) report(at(key), `is missing; it ${field.rule.expect}`);
    } else if (!field.rule.test(value)) report(at(key), field.rule.expect);
  }
}

function checkChannel(channel: Json, at: string, report: Report): void {
  checkShape(channel, CHANNEL, at, report);
  for (const key of ['path', 'filename', 'archivePath', 'lockFile'] as const) {
    const value = channel[key];
    const problem = isString(value) && value !== '' ? unsafePath(value) : undefined;
    if (problem) report(`${at}.${key}`, problem);
  }
  if (channel.direction === 'out' && isString(channel.filename)) {
    const problem = templateProblem(channel.filename);
    if (problem) report(`${at}.filename`, problem);
  }
  if (channel.direction === 'out' && channel.archivePath !== undefined)
    report(`${at}.archivePath`, 'is only used by in-channels');
}

function checkPartner(partner: Json, at: string, report: Report): void {
  checkShape(partner, PARTNER, at, report);
  if (Array.isArray(partner.identifiers))
    partner.identifiers.forEach((identifier: unknown, i) => {
      if (isObject(identifier)) checkShape(identifier, IDENTIFIER, `${at}.identifiers[${i}]`, report);
      else report(`${at}.identifiers[${i}]`, 'must be an object {qualifier, value, test}');
    });
  if (isObject(partner.envelope) && Object.keys(partner.envelope).includes(''))
    report(`${at}.envelope`, 'has an empty key');
}

type Documents = Record<(typeof LISTS)[number], Json[]>;
/** Reports a problem of one item (field undefined: the item itself). */
type ItemReport = (
  key: (typeof LISTS)[number],
  item: Json,
  field: string | undefined,
  problem: string,
) => void;

function checkReferences(doc: Documents, report: ItemReport): void {
  const channels = unique(doc, 'channels', (c) => c.id, report);
  const partners = unique(doc, 'partners', (p) => p.id, report);
  const groups = unique(doc, 'partnerGroups', (g) => g.id, report);
  const routes = new Set(doc.routes.map((r) => r.id).filter(isString));
  unique(doc, 'confirmRules', (c) => c.id, report);
  for (const group of doc.partnerGroups)
    if (isString(group.id) && partners.has(group.id))
      report(
        'partnerGroups',
        group,
        'id',
        `"${group.id}" is also a partner id; partner references would be ambiguous`,
      );
  const partnerOrGroup = (key: (typeof LISTS)[number], item: Json, field: string): void => {
    const name = item[field];
    if (isString(name) && !partners.has(name) && !groups.has(name))
      report(key, item, field, `names "${name}", which is neither a partner nor a partner group`);
  };
  checkRoutes(doc, channels, report);
  for (const route of doc.routes)
    for (const f of ['fromPartner', 'toPartner']) partnerOrGroup('routes', route, f);
  for (const t of doc.translations)
    for (const f of ['fromPartner', 'toPartner']) partnerOrGroup('translations', t, f);
  duplicates(
    doc.translations.filter((t) => t.active === true),
    (t) => [t.fromEditype, t.fromMessagetype, t.alt, t.fromPartner, t.toPartner],
    (t) =>
      report(
        'translations',
        t,
        undefined,
        'another active translation has the same fromEditype, fromMessagetype, alt, fromPartner and toPartner',
      ),
  );
  checkPartnerLinks(doc, groups, report);
  duplicates(
    doc.codeLists,
    (c) => [c.list, c.code],
    (c) => report('codeLists', c, 'code', `code "${String(c.code)}" is already in list "${String(c.list)}"`),
  );
  checkConfirmRules(doc, routes, channels, partnerOrGroup, report);
}

/** Confirm rules: a value unless ruleType is "all", and the value names what the rule type matches. */
function checkConfirmRules(
  doc: Documents,
  routes: Set<string>,
  channels: Map<string, Json>,
  partnerOrGroup: (key: (typeof LISTS)[number], item: Json, field: string) => void,
  report: ItemReport,
): void {
  for (const rule of doc.confirmRules) {
    if (rule.ruleType === 'all') {
      if (rule.value !== undefined)
        report('confirmRules', rule, 'value', 'must be left out when ruleType is "all"');
      continue;
    }
    if (rule.value === undefined) {
      if (isString(rule.ruleType))
        report(
          'confirmRules',
          rule,
          'value',
          `is missing; ruleType "${rule.ruleType}" needs the ${rule.ruleType} it matches`,
        );
      continue;
    }
    if (!isString(rule.value)) continue;
    if (rule.ruleType === 'route' && !routes.has(rule.value))
      report('confirmRules', rule, 'value', `names route "${rule.value}", which does not exist`);
    if (rule.ruleType === 'channel' && !channels.has(rule.value))
      report('confirmRules', rule, 'value', `names channel "${rule.value}", which does not exist`);
    if (rule.ruleType === 'frompartner' || rule.ruleType === 'topartner')
      partnerOrGroup('confirmRules', rule, 'value');
    if (rule.ruleType === 'messagetype' && !MESSAGETYPE.test(rule.value))
      report('confirmRules', rule, 'value', MSGTYPE.expect);
  }
}

function checkRoutes(doc: Documents, channels: Map<string, Json>, report: ItemReport): void {
  duplicates(
    doc.routes,
    (r) => [r.id, r.seq],
    (r) => report('routes', r, 'seq', `route "${String(r.id)}" already has a part with seq ${String(r.seq)}`),
  );
  const ends = [
    ['fromChannel', 'in', 'a route reads from an in-channel'],
    ['toChannel', 'out', 'a route writes to an out-channel'],
  ] as const;
  for (const route of doc.routes)
    for (const [field, direction, why] of ends) {
      const name = route[field];
      if (!isString(name)) continue;
      const channel = channels.get(name);
      if (!channel) report('routes', route, field, `names channel "${name}", which does not exist`);
      else if (channel.direction !== direction)
        report(
          'routes',
          route,
          field,
          `channel "${name}" is an ${String(channel.direction)}-channel; ${why}`,
        );
    }
}

function checkPartnerLinks(doc: Documents, groups: Map<string, Json>, report: ItemReport): void {
  const identifiers = new Map<string, string>();
  for (const partner of doc.partners) {
    if (Array.isArray(partner.groups))
      partner.groups.forEach((group: unknown, i, all: unknown[]) => {
        if (!isString(group)) return;
        if (!groups.has(group))
          report(
            'partners',
            partner,
            `groups[${i}]`,
            `names group "${group}", which is not in partnerGroups`,
          );
        else if (all.indexOf(group) !== i)
          report('partners', partner, `groups[${i}]`, `lists group "${group}" twice`);
      });
    if (!Array.isArray(partner.identifiers)) continue;
    partner.identifiers.forEach((identifier: unknown, i) => {
      if (!isObject(identifier) || !isString(identifier.qualifier) || !isString(identifier.value)) return;
      const kind = identifier.test === true ? 'test' : 'production';
      const key = JSON.stringify([identifier.qualifier, identifier.value, kind]);
      const owner = identifiers.get(key);
      const shown = `${identifier.qualifier ? `${identifier.qualifier}:` : ''}${identifier.value}`;
      if (owner !== undefined)
        report(
          'partners',
          partner,
          `identifiers[${i}]`,
          `the ${kind} identifier ${shown} is already used by partner "${owner}"`,
        );
      else identifiers.set(key, String(partner.id));
    });
  }
}

/**
 * The items by id (first wins); reports later items that repeat an id. Ids that differ only in case count as
 * the same: MySQL compares them case-insensitively by default, SQLite does not, and a configuration must mean
 * the same on both.
 */
function unique(
  doc: Documents,
  key: (typeof LISTS)[number],
  id: (item: Json) => unknown,
  report: ItemReport,
): Map<string, Json> {
  const seen = new Map<string, Json>();
  const folded = new Map<string, string>();
  for (const item of doc[key]) {
    const value = id(item);
    if (!isString(value)) continue;
    const first = folded.get(value.toLowerCase());
    if (first === value) report(key, item, 'id', `"${value}" is already the id of another entry in ${key}`);
    else if (first !== undefined)
      report(
        key,
        item,
        'id',
        `"${value}" differs from the id "${first}" only in case; ids must differ in more than case`,
      );
    else {
      seen.set(value, item);
      folded.set(value.toLowerCase(), value);
    }
  }
  return seen;
}

/** Calls `found` for each item whose key repeats an earlier item's key. */
function duplicates(items: Json[], key: (item: Json) => unknown[], found: (item: Json) => void): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = JSON.stringify(key(item).map((v) => v ?? null));
    if (seen.has(k)) found(item);
    else seen.add(k);
  }
}

function reorder<T extends object>(item: T, shape: Shape<T>): T {
  const source = item as Json;
  const out: Json = {};
  for (const key of Object.keys(shape)) if (source[key] !== undefined) out[key] = source[key];
  return out as T;
}

/** A stable sort by a key of strings and numbers (absent values first); text compares by code unit, not locale. */
function sortBy<T>(items: T[], key: (item: T) => (string | number | undefined)[]): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i];
      const y = b.key[i];
      if (x === y) continue;
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return compareText(String(x), String(y));
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(value: unknown, pattern: RegExp): boolean {
  return isString(value) && pattern.test(value);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
