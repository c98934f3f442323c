// The API's zod schemas against docs/schemas/config.v1.schema.json: what z.toJSONSchema makes of each entity
// has the file's required keys, property names, enums, patterns, consts and bounds (not byte equality: the
// descriptions and zod's extras, like the safe-integer maximum, may differ); the sample configuration parses;
// wrong values are refused by path. Time budget: well under 1 second.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleConfig } from '../../../engine/runtime/sample-config.js';
import {
  channelSchema,
  codeListEntrySchema,
  configDocumentSchema,
  confirmRuleSchema,
  monitoredFolderSchema,
  partnerGroupSchema,
  partnerIdentifierSchema,
  partnerSchema,
  routeSchema,
  scheduleSchema,
  settingsSchema,
  translationSchema,
} from '../../../engine/server/schemas/config-schemas.js';

type Node = { [key: string]: unknown };

const file = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'docs', 'schemas', 'config.v1.schema.json'),
    'utf8',
  ),
) as Node;

/** The node a `$ref` points to (within `root`), with the referring node's own keys (its description) on top. */
function resolve(node: Node, root: Node): Node {
  let current = node;
  while (typeof current.$ref === 'string') {
    const { $ref, ...rest } = current;
    const name = $ref.replace(/^#\/\$defs\//, '');
    current = { ...((root.$defs as Record<string, Node>)[name] as Node), ...rest };
  }
  return current;
}

const COMPARED = ['type', 'enum', 'const', 'minLength', 'minimum', 'uniqueItems'] as const;

/** Expects the zod output to state every constraint the file states at this node, recursively. */
function expectSameConstraints(fileNode: Node, zodNode: Node, zodRoot: Node, at: string): void {
  const expected = resolve(fileNode, file);
  const actual = resolve(zodNode, zodRoot);
  for (const key of COMPARED)
    if (key in expected) expect(actual[key], `${at}: ${key}`).toEqual(expected[key]);
  // The same expression, however its "/" is escaped.
  if (typeof expected.pattern === 'string')
    expect(new RegExp(String(actual.pattern)).source, `${at}: pattern`).toBe(
      new RegExp(expected.pattern).source,
    );
  if (expected.type === 'object' || 'properties' in expected) {
    expect([...((actual.required as string[] | undefined) ?? [])].sort(), `${at}: required`).toEqual(
      [...((expected.required as string[] | undefined) ?? [])].sort(),
    );
    const properties = (expected.properties ?? {}) as Record<string, Node>;
    const actualProperties = (actual.properties ?? {}) as Record<string, Node>;
    expect(Object.keys(actualProperties).sort(), `${at}: properties`).toEqual(Object.keys(properties).sort());
    for (const [name, property] of Object.entries(properties))
      expectSameConstraints(property, actualProperties[name] as Node, zodRoot, `${at}.${name}`);
  }
  if (typeof expected.additionalProperties === 'boolean')
    expect(actual.additionalProperties, `${at}: additionalProperties`).toBe(expected.additionalProperties);
  for (const key of ['items', 'propertyNames', 'additionalProperties'] as const) {
    const child = expected[key];
    if (typeof child === 'object' && child !== null)
      expectSameConstraints(child as Node, actual[key] as Node, zodRoot, `${at}.${key}`);
  }
}

const ENTITIES: [string, z.ZodType, string][] = [
  ['settings', settingsSchema, 'Settings'],
  ['channel', channelSchema, 'Channel'],
  ['route', routeSchema, 'Route'],
  ['translation', translationSchema, 'Translation'],
  ['partnerIdentifier', partnerIdentifierSchema, 'PartnerIdentifier'],
  ['partner', partnerSchema, 'Partner'],
  ['partnerGroup', partnerGroupSchema, 'PartnerGroup'],
  ['codeListEntry', codeListEntrySchema, 'CodeListEntry'],
  ['confirmRule', confirmRuleSchema, 'ConfirmRule'],
];

/** The paths (`channels.0.path`) of the issues zod reports for a value. */
function issuePaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('configuration zod schemas', () => {
  it.each(ENTITIES)('state the constraints of $defs/%s as a named, documented schema', (name, schema, id) => {
    const json = z.toJSONSchema(schema) as Node;
    expect(json.$ref).toBe(`#/$defs/${id}`);
    const own = (json.$defs as Record<string, Node>)[id] as Node;
    expect(own.description).toEqual(expect.any(String));
    expectSameConstraints((file.$defs as Record<string, Node>)[name] as Node, own, json, name);
  });

  it('state the constraints of the whole document', () => {
    const json = z.toJSONSchema(configDocumentSchema) as Node;
    expectSameConstraints(file, json, json, 'document');
    // Each entity is referenced by name, so an OpenAPI description lists it once.
    expect(Object.keys(json.$defs as Node).sort()).toEqual(
      [...ENTITIES.map(([, , id]) => id), 'ConfigDocument'].sort(),
    );
  });

  it('accept the shipped sample configuration', () => {
    expect(configDocumentSchema.safeParse(sampleConfig()).error).toBeUndefined();
  });

  it('refuse wrong values by path', () => {
    const doc = sampleConfig();
    const outChannel = doc.channels.findIndex((c) => c.direction === 'out');
    const wrong = {
      ...doc,
      channels: doc.channels.map((c, i) =>
        i === 0
          ? { ...c, path: '../outside' }
          : i === outChannel
            ? { ...c, filename: '{nope}.xml', archivePath: 'archive' }
            : c,
      ),
      routes: doc.routes.map((r, i) => (i === 0 ? { ...r, seq: 0, colour: 'red' } : r)),
      translations: doc.translations.map((t, i) => (i === 0 ? { ...t, fromEditype: 'pdf' } : t)),
      partners: doc.partners.map((p, i) => (i === 0 ? { ...p, groups: ['retail', 'retail'] } : p)),
      confirmRules: doc.confirmRules.map((c, i) => (i === 0 ? { ...c, ruleType: 'all' } : c)),
    };
    expect(issuePaths(configDocumentSchema, wrong).sort()).toEqual(
      [
        'channels.0.path',
        `channels.${outChannel}.filename`,
        `channels.${outChannel}.archivePath`,
        'routes.0.seq',
        'routes.0',
        'translations.0.fromEditype',
        'partners.0.groups',
        'confirmRules.0.value',
      ].sort(),
    );
    expect(issuePaths(configDocumentSchema, { ...doc, version: 2 })).toEqual(['version']);
    expect(issuePaths(channelSchema, { ...doc.channels[0], id: '.hidden' })).toEqual(['id']);
    expect(issuePaths(codeListEntrySchema, { list: 'uom', code: '', value: 'x', attributes: [1] })).toEqual([
      'code',
      'attributes.0',
    ]);
  });

  it('check schedules and monitored folders as the CLI does', () => {
    const schedule = {
      id: 'nightly',
      cron: '0 2 * * *',
      timezone: 'Europe/Amsterdam',
      kind: 'engine',
      mode: 'new',
      routes: ['x12-orders'],
      priority: 100,
      active: true,
      description: null,
    };
    expect(scheduleSchema.safeParse(schedule).error).toBeUndefined();
    expect(issuePaths(scheduleSchema, { ...schedule, cron: '61 * * * *' })).toEqual(['cron']);
    expect(issuePaths(scheduleSchema, { ...schedule, timezone: 'Mars/Base' })).toEqual(['timezone']);
    expect(issuePaths(scheduleSchema, { ...schedule, priority: 1001 })).toEqual(['priority']);
    expect(issuePaths(scheduleSchema, { ...schedule, id: '../x' })).toEqual(['id']);
    // The queue refuses a maintenance job that is not a cleanup, so the schedule is refused when written.
    expect(issuePaths(scheduleSchema, { ...schedule, kind: 'maintenance' })).toEqual(['']);
    const folder = { id: 'drop', path: 'drop', mask: '*.edi', recursive: false, routeId: 'x', active: true };
    expect(monitoredFolderSchema.safeParse(folder).error).toBeUndefined();
    expect(issuePaths(monitoredFolderSchema, { ...folder, mask: 'sub/*.edi' })).toEqual(['mask']);
  });
});
