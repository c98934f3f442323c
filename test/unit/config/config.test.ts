import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { asConfig, checkConfig, ConfigError, normalizeConfig } from '../../../engine/core/config-check.js';
import type { ConfigDocument } from '../../../engine/core/config-model.js';
import { readConfigFile, writeConfigFile } from '../../../engine/runtime/config-file.js';
import { sampleConfig } from '../../../engine/runtime/sample-config.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../docs/schemas/config.v1.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv2020({ allErrors: true }).compile(schema);
const dir = mkdtempSync(join(tmpdir(), 'bots-config-'));

/** The problems of the sample after `change`. */
const broken = (change: (doc: ConfigDocument) => void): string[] => {
  const doc = sampleConfig();
  change(doc);
  return checkConfig(doc);
};
const channel = (doc: ConfigDocument, id: string) => doc.channels.find((c) => c.id === id)!;

describe('configuration document', () => {
  it('accepts the sample, by the checker and by the JSON Schema', () => {
    expect(checkConfig(sampleConfig())).toEqual([]);
    expect(validate(JSON.parse(JSON.stringify(sampleConfig()))), JSON.stringify(validate.errors)).toBe(true);
    expect(asConfig(sampleConfig(), 'sample')).toEqual(sampleConfig());
  });

  it('names each kind of problem by its path', () => {
    expect(broken((d) => (d.routes[0]!.fromChannel = 'nowhere-in'))).toEqual([
      'routes[0].fromChannel: names channel "nowhere-in", which does not exist',
    ]);
    expect(broken((d) => (d.routes[0]!.fromChannel = 'xml-out'))).toEqual([
      'routes[0].fromChannel: channel "xml-out" is an out-channel; a route reads from an in-channel',
    ]);
    expect(broken((d) => (d.routes[0]!.toChannel = 'x12-in'))).toEqual([
      'routes[0].toChannel: channel "x12-in" is an in-channel; a route writes to an out-channel',
    ]);
    expect(broken((d) => d.channels.push({ ...channel(d, 'x12-in') }))).toEqual([
      'channels[8].id: "x12-in" is already the id of another entry in channels',
    ]);
    expect(broken((d) => d.channels.push({ ...channel(d, 'x12-in'), id: 'X12-IN' }))).toEqual([
      'channels[8].id: "X12-IN" differs from the id "x12-in" only in case; ids must differ in more than case',
    ]);
    expect(broken((d) => d.routes.push({ ...d.routes[0]! }))).toEqual([
      'routes[7].seq: route "x12-orders" already has a part with seq 1',
    ]);
    expect(broken((d) => (channel(d, 'x12-out').path = '../outside'))).toEqual([
      'channels[6].path: must not contain ".." segments: it would point outside the workspace data folder',
    ]);
    expect(broken((d) => (channel(d, 'x12-in').path = '/var/edi'))).toEqual([
      'channels[0].path: must be relative to the workspace data folder, not absolute',
    ]);
    expect(broken((d) => (channel(d, 'x12-out').filename = 'sub/..\\{unique}.x12'))).toEqual([
      'channels[6].filename: must not contain ".." segments: it would point outside the workspace data folder',
    ]);
    expect(broken((d) => (channel(d, 'x12-out').filename = '{receiver}_{unique}.x12'))).toEqual([
      'channels[6].filename: uses the unknown variable {receiver}; known are {editype} {messagetype} {frompartner} {topartner} {unique} {infile} {infile:name} {infile:ext} {overwrite} {datetime:FORMAT}',
    ]);
    expect(broken((d) => (channel(d, 'x12-out').filename = '{unique.x12'))).toEqual([
      'channels[6].filename: has a "{" or "}" that does not belong to a {variable}',
    ]);
    expect(broken((d) => (channel(d, 'x12-in').direction = 'sideways' as never))).toEqual([
      'channels[0].direction: must be one of "in", "out"',
      'routes[0].fromChannel: channel "x12-in" is an sideways-channel; a route reads from an in-channel',
    ]);
    expect(broken((d) => (d.confirmRules[0]!.confirmType = '998' as never))).toEqual([
      'confirmRules[0].confirmType: must be one of "997", "999", "CONTRL", "TA1", "ask-997", "ask-999", "ask-CONTRL"',
    ]);
    expect(
      broken((d) => delete (d.channels[0] as Partial<ConfigDocument['channels'][number]>).remove),
    ).toEqual(['channels[0].remove: is missing; it must be true or false']);
    expect(broken((d) => Object.assign(d.channels[0]!, { mask: '*.edi' }))).toEqual([
      'channels[0].mask: is not a known key; known keys are id, type, direction, path, filename, remove, archivePath, lockFile, tempThenRename, settleSeconds, description',
    ]);
  });

  it('checks references between partners, groups, translations and confirm rules', () => {
    expect(broken((d) => (d.translations[0]!.toPartner = 'retail'))).toEqual([]);
    expect(broken((d) => (d.translations[0]!.toPartner = 'wholesale'))).toEqual([
      'translations[0].toPartner: names "wholesale", which is neither a partner nor a partner group',
    ]);
    expect(broken((d) => d.partners[0]!.groups.push('wholesale'))).toEqual([
      'partners[0].groups[1]: names group "wholesale", which is not in partnerGroups',
    ]);
    expect(
      broken((d) => d.partners[1]!.identifiers.push({ qualifier: 'ZZ', value: 'RETAILER', test: false })),
    ).toEqual([
      'partners[1].identifiers[2]: the production identifier ZZ:RETAILER is already used by partner "retailer"',
    ]);
    expect(broken((d) => delete d.confirmRules[0]!.value)).toEqual([
      'confirmRules[0].value: is missing; ruleType "route" needs the route it matches',
    ]);
    expect(broken((d) => (d.confirmRules[0]!.ruleType = 'all'))).toEqual([
      'confirmRules[0].value: must be left out when ruleType is "all"',
    ]);
    expect(broken((d) => (d.confirmRules[0]!.value = 'no-route'))).toEqual([
      'confirmRules[0].value: names route "no-route", which does not exist',
    ]);
    expect(broken((d) => d.codeLists.push({ ...d.codeLists[0]!, value: 'BOX' }))).toEqual([
      'codeLists[2].code: code "CA" is already in list "uom"',
    ]);
    expect(broken((d) => (d.translations[0]!.mapping = '../x12/850'))).toEqual([
      'translations[0].mapping: must name a script under usersys/mappings without extension, like "x12/850-to-xml" (names of letters, digits, ".", "_" or "-" joined by "/")',
    ]);
    expect(checkConfig([])).toEqual([
      'the document must be an object with version, channels, routes and so on',
    ]);
    expect(checkConfig({ version: 2 })).toContain('version: must be 1');
  });

  it('the JSON Schema rejects what the checker rejects for shape and path safety', () => {
    const bad = sampleConfig();
    channel(bad, 'x12-out').path = 'a/../../etc';
    channel(bad, 'xml-out').filename = '{receiver}.xml';
    bad.confirmRules[0]!.ruleType = 'all';
    expect(validate(JSON.parse(JSON.stringify(bad)))).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain('/channels/6/path');
    expect(paths).toContain('/channels/4/filename');
    expect(paths).toContain('/confirmRules/0');
  });

  it('asConfig throws a ConfigError naming the source and the first problems', () => {
    const doc = sampleConfig() as unknown as Record<string, unknown>;
    delete doc.routes;
    let error: unknown;
    try {
      asConfig(doc, 'bots.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'routes: is missing; it must be a list',
      'confirmRules[0].value: names route "x12-orders", which does not exist',
      'confirmRules[1].value: names route "edifact-orders", which does not exist',
    ]);
    expect((error as ConfigError).message).toBe(
      'bots.yaml is not a valid configuration: routes: is missing; it must be a list; confirmRules[0].value: names route "x12-orders", which does not exist; confirmRules[1].value: names route "edifact-orders", which does not exist',
    );
  });

  it('normalizes list order and key order, without changing the input', () => {
    const doc = sampleConfig();
    doc.channels.reverse();
    doc.routes.reverse();
    doc.translations.reverse();
    doc.codeLists.reverse();
    doc.partners[0]!.envelope = { GS02: 'SUPPLIER', ISA06: 'SUPPLIER', ISA05: 'ZZ' };
    const normalized = normalizeConfig(doc);
    expect(normalized).toEqual(normalizeConfig(sampleConfig()));
    expect(normalized.routes.map((r) => `${r.id}/${r.seq}`)).toEqual([
      'edifact-orders/1',
      'edifact-orders/2',
      'erp-invoices/1',
      'erp-shipments/1',
      'x12-orders/1',
      'x12-orders/2',
      'x12-orders/3',
    ]);
    expect(
      normalized.translations.map((t) => `${t.fromEditype}/${t.fromMessagetype}/${t.alt ?? ''}`),
    ).toEqual([
      'edifact/ORDERSD96AUN/',
      'json/invoice/',
      'json/shipment/',
      'x12/850004010/',
      'x12/850004010/order-lines',
    ]);
    expect(Object.keys(normalized.partners[1]!.envelope)).toEqual(['GS02', 'ISA05', 'ISA06']);
    expect(doc.channels[0]!.id).toBe('edifact-out');
  });

  for (const name of ['bots.json', 'bots.yaml', 'bots.yml']) {
    it(`round-trips ${name}: write -> read is equal, write -> read -> write is byte-identical`, () => {
      const path = join(dir, name);
      writeConfigFile(path, sampleConfig());
      const first = readFileSync(path, 'utf8');
      expect(first.endsWith('\n')).toBe(true);
      const read = readConfigFile(path);
      expect(read).toEqual(normalizeConfig(sampleConfig()));
      writeConfigFile(path, read);
      expect(readFileSync(path, 'utf8')).toBe(first);
    });
  }

  it('writes JSON with a 2-space indent and YAML that keeps numeric-looking strings strings', () => {
    writeConfigFile(join(dir, 'look.json'), sampleConfig());
    expect(readFileSync(join(dir, 'look.json'), 'utf8')).toMatch(/^\{\n {2}"version": 1,\n {2}"settings"/);
    writeConfigFile(join(dir, 'look.yaml'), sampleConfig());
    const yaml = readFileSync(join(dir, 'look.yaml'), 'utf8');
    expect(yaml).toContain('fromMessagetype: "850004010"');
    expect(yaml).toContain('confirmType: "997"');
  });

  it('names file and line of a syntax error', () => {
    const yamlPath = join(dir, 'broken.yaml');
    writeFileSync(yamlPath, 'version: 1\nchannels:\n  - id: x12-in\n    path: [x12-in\nroutes: []\n');
    expect(() => readConfigFile(yamlPath)).toThrow(ConfigError);
    expect(() => readConfigFile(yamlPath)).toThrow(new RegExp(`^${escape(yamlPath)} .*: line 5, column 1: `));
    const jsonPath = join(dir, 'broken.json');
    writeFileSync(jsonPath, '{\n  "version": 1,\n  "channels": [\n    {"id" "x"}\n  ]\n}\n');
    expect(() => readConfigFile(jsonPath)).toThrow(new RegExp(`^${escape(jsonPath)} .*: line 4: `));
    writeFileSync(jsonPath, '{\n  "version": 1,\n');
    expect(() => readConfigFile(jsonPath)).toThrow(/: line 3: .* \(JSON syntax\)$/);
    writeFileSync(yamlPath, 'version: 1\nversion: 1\n');
    expect(() => readConfigFile(yamlPath)).toThrow(
      /: line 2, column 1: Map keys must be unique \(YAML syntax\)$/,
    );
  });

  it('reports content problems of a file with the file name', () => {
    const path = join(dir, 'content.yaml');
    writeFileSync(path, 'version: 1\nchannels: {}\n');
    expect(() => readConfigFile(path)).toThrow(
      `${path} is not a valid configuration: channels: must be a list;`,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
