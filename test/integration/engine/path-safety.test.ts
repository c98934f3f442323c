// Path safety in the engine: values from the EDI data and from mappings that reach a file name (an ISA06 of
// `../../../../tmp`, partner and reference values with `..` and `/`) are reduced to safe names, and nothing is
// written outside the workspace. (Zip-slip and oversized plugin zips: test/integration/cli/plugin.test.ts.)
// Time budget: about 2 seconds.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { engineWorkspace, type EngineWorkspace } from './engine-workspace.js';

let ws: EngineWorkspace;
beforeEach(async () => {
  ws = await engineWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it('writes nothing outside the workspace for an ISA06 of ../../../../tmp and mapping values with .. and /', async () => {
  writeFileSync(
    join(ws.home, 'usersys', 'mappings', 'x12', 'escape.ts'),
    [
      "import type { MappingInput, MappingOutput } from 'bots-edi/mapping';",
      'export default function map(inn: MappingInput, out: MappingOutput): void {',
      "  out.info.topartner = '../../../../etc';",
      "  out.info.reference = '../../x';",
      "  out.put({ BOTSID: 'order', sender: inn.info.envelope?.sender.id });",
      '}',
    ].join('\n'),
  );
  await ws.configure((config) => {
    config.settings = { unknownSenders: 'accept' };
    config.translations = config.translations.map((t) =>
      t.mapping === 'x12/850-to-xml' ? { ...t, mapping: 'x12/escape' } : t,
    );
    const xmlOut = config.channels.find((c) => c.id === 'xml-out')!;
    xmlOut.filename = '{topartner}/{frompartner}_{infile:name}_{unique}.xml';
  });
  const isa = ws.sample('po-850.x12').replace('*ZZ*RETAILER       *', '*ZZ*../../../../tmp*');
  expect(isa.startsWith('ISA*00*          *00*          *ZZ*../../../../tmp*ZZ*SUPPLIER')).toBe(true);
  ws.drop('x12-in', 'x..%2F..%2Fevil.x12', isa);
  const outside = [
    ...new Set([
      resolve(ws.data, 'xml-out', '../../../../tmp'),
      resolve(ws.data, 'xml-out', '../../../../etc'),
      dirname(ws.home),
      tmpdir(),
      '/etc',
    ]),
  ];
  const list = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder) : []);
  const before = outside.map((folder) => new Set(list(folder)));

  const report = await ws.run(['x12-orders']);
  expect(report.counts).toMatchObject({ received: 1, translated: 1, errors: 0 });
  const rows = await ws.rows();
  const sent = rows.filter((r) => r.status === 'EXTERNOUT' && r.editype === 'xml');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.filename).toBe('xml-out/.._.._.._.._etc/unknown_x.._2F.._2Fevil_1.xml');
  // Every file the run wrote is inside the workspace, and the folders the values point at got nothing new.
  for (const file of filesUnder(ws.home)) expect(relative(ws.home, file).startsWith('..')).toBe(false);
  expect(existsSync(join(ws.data, 'xml-out', '.._.._.._.._etc', 'unknown_x.._2F.._2Fevil_1.xml'))).toBe(true);
  outside.forEach((folder, i) => {
    const added = list(folder).filter((name) => !before[i]!.has(name) && /evil|unknown_/.test(name));
    expect(added).toEqual([]);
  });
  expect(rows.find((r) => r.status === 'PARSED')).toMatchObject({ fromPartner: 'unknown' });
});

it('refuses an unknown sender by default with an error row that names the identifier', async () => {
  ws.drop(
    'x12-in',
    'stranger.x12',
    ws.sample('po-850.x12').replace('*ZZ*RETAILER       *', '*ZZ*STRANGER       *'),
  );
  const report = await ws.run(['x12-orders']);
  expect(report.counts).toMatchObject({ messages: 1, translated: 0, errors: 1 });
  const parsed = (await ws.rows()).find((r) => r.status === 'PARSED')!;
  expect(parsed.result).toBe('ERROR');
  expect(parsed.error).toContain('Unknown sender ZZ:STRANGER');
  expect(ws.files('xml-out')).toEqual([]);
});
