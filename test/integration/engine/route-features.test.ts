// Route and channel features on real workspaces: pass-through (bytes kept), parse-and-pass-through (checked,
// acknowledged, passed only when valid), channels that keep what they read, TA1 on request, cancellation and
// progress. Time budget: about 3 seconds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineWorkspace, FIXED_NOW, segmentsOf, type EngineWorkspace } from './engine-workspace.js';
import { runEngine } from '../../../engine/runtime/run-engine.js';
import { readZip } from '../../../engine/runtime/zip-reader.js';
import yazl from 'yazl';
import type { EngineProgress } from '../../../engine/runtime/run-engine.js';

let ws: EngineWorkspace;
beforeEach(async () => {
  ws = await engineWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

/** Adds a route `raw` from channel raw-in (keeping what it reads when `keep`) to raw-out with this mode; its
 * 997s go to x12-out. */
async function rawRoute(
  translate: 'passthrough' | 'parse-passthrough',
  keep = false,
  toMessagetype?: string,
  extra: { defer?: boolean; archivePath?: string; zipIn?: boolean; zipOut?: boolean } = {},
): Promise<void> {
  await ws.configure((config) => {
    config.channels.push(
      {
        id: 'raw-in',
        type: 'file',
        direction: 'in',
        path: 'raw-in',
        filename: '*',
        remove: !keep,
        tempThenRename: false,
        settleSeconds: 0,
        ...(extra.archivePath ? { archivePath: extra.archivePath } : {}),
      },
      {
        id: 'raw-out',
        type: 'file',
        direction: 'out',
        path: 'raw-out',
        filename: '{infile}',
        remove: false,
        tempThenRename: true,
        settleSeconds: 0,
      },
    );
    config.routes.push(
      {
        id: 'raw',
        seq: 1,
        active: true,
        notInDefaultRun: false,
        fromChannel: 'raw-in',
        fromEditype: 'x12',
        translate,
        toChannel: 'raw-out',
        toEditype: 'x12',
        ...(toMessagetype ? { toMessagetype } : {}),
        defer: extra.defer ?? false,
        zipIn: extra.zipIn ?? false,
        zipOut: extra.zipOut ?? false,
      },
      {
        id: 'raw',
        seq: 2,
        active: true,
        notInDefaultRun: false,
        translate: 'none',
        toChannel: 'x12-out',
        toEditype: 'x12',
        toMessagetype: '997004010',
        defer: false,
        zipIn: false,
        zipOut: false,
      },
    );
    config.confirmRules.push({
      id: 'raw-997',
      active: true,
      confirmType: '997',
      ruleType: 'route',
      value: 'raw',
      negative: false,
    });
  });
}

describe('pass-through', () => {
  it('sends the received file byte for byte, whatever it holds', async () => {
    await rawRoute('passthrough');
    const bytes = Buffer.concat([
      Buffer.from('not even EDI: caf'),
      Buffer.from([0xe9, 0x00, 0xff]),
      Buffer.from('\r\n'),
    ]);
    ws.drop('raw-in', 'blob.dat', bytes);
    const report = await ws.run(['raw']);
    expect(report.counts).toMatchObject({ received: 1, sent: 1, errors: 0 });
    expect(readFileSync(join(ws.data, 'raw-out', 'blob.dat'))).toEqual(bytes);
  });
});

describe('parse and pass through', () => {
  it('passes a valid interchange unchanged and acknowledges it; an invalid one is held back', async () => {
    await rawRoute('parse-passthrough', false, '850004010');
    const good = ws.sample('po-850.x12');
    ws.drop('raw-in', 'good.x12', good);
    const first = await ws.run(['raw']);
    expect(first.counts, String(first.error)).toMatchObject({ received: 1, messages: 1, errors: 0, sent: 2 });
    expect(readFileSync(join(ws.data, 'raw-out', 'good.x12'), 'latin1')).toBe(good);
    expect(ws.files('x12-out')[0]!.content).toContain('AK5*A~');

    ws.drop('raw-in', 'bad.x12', good.replace('BEG*00*SA*PO76397250**', 'BEG*00*SA***'));
    const second = await ws.run(['raw']);
    expect(second.counts).toMatchObject({ received: 1, messages: 1, errors: 1 });
    expect(existsSync(join(ws.data, 'raw-out', 'bad.x12'))).toBe(false);
    const acks = ws.files('x12-out');
    expect(acks).toHaveLength(2);
    expect(acks[1]!.content).toContain('AK5*R*5~');
  });
});

describe('defer and archive path', () => {
  it('writes the files of a deferring part when the route ends, and archives into the channel archive path', async () => {
    await rawRoute('passthrough', false, undefined, { defer: true, archivePath: 'archive/raw' });
    ws.drop('raw-in', 'a.dat', 'first');
    ws.drop('raw-in', 'b.dat', 'second');
    const report = await ws.run(['raw']);
    expect(report.counts).toMatchObject({ received: 2, sent: 2, sendErrors: 0 });
    expect(ws.files('raw-out').map((f) => f.name)).toEqual(['a.dat', 'b.dat']);
    const rows = await ws.rows();
    expect(rows.filter((r) => r.status === 'EXTERNOUT').map((r) => r.result)).toEqual(['DONE', 'DONE']);
    const archived = rows.filter((r) => r.status === 'EXTERNIN').map((r) => r.contentPath!);
    expect(archived.every((path) => path.startsWith('archive/raw/2026-11-20/'))).toBe(true);
    expect(readFileSync(join(ws.data, archived[0]!), 'latin1')).toBe('first');
    const cleanup = await runEngine(
      { mode: 'cleanup', home: ws.home, store: ws.store },
      { clock: () => new Date(FIXED_NOW.getTime() + 40 * 86_400_000) },
    );
    expect(cleanup.cleanup!.contentDays).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(ws.data, archived[0]!))).toBe(false);
  });
});

/** A zip of these entries (name -> content), as a partner's tool would write it. */
function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

describe('zip in and out', () => {
  it('receives the files of a zip one by one, and refuses a zip with an entry that leads outside', async () => {
    await rawRoute('passthrough', false, undefined, { zipIn: true });
    ws.drop('raw-in', 'batch.zip', await zipOf({ 'orders/a.dat': 'alpha', 'b.dat': 'beta' }));
    ws.drop('raw-in', 'plain.dat', 'not a zip');
    const report = await ws.run(['raw']);
    expect(report.counts).toMatchObject({ received: 2, sent: 3, errors: 0 });
    expect(ws.files('raw-out')).toEqual([
      { name: 'a.dat', content: 'alpha' },
      { name: 'b.dat', content: 'beta' },
      { name: 'plain.dat', content: 'not a zip' },
    ]);
    const rows = await ws.rows();
    const zipIn = rows.find((r) => r.status === 'EXTERNIN' && r.filename === 'raw-in/batch.zip')!;
    expect(rows.filter((r) => r.status === 'FILEIN' && r.parent === zipIn.id).map((r) => r.filename)).toEqual(
      ['a.dat', 'b.dat'],
    );

    // Zip writers refuse such names, so the name is patched in (same length; names are not checksummed).
    const evil = await zipOf({ 'XX/XX/evil.dat': 'x' });
    ws.drop(
      'raw-in',
      'evil.zip',
      Buffer.from(evil.toString('latin1').replaceAll('XX/XX/', '../../'), 'latin1'),
    );
    const refused = await ws.run(['raw']);
    expect(refused.counts).toMatchObject({ received: 1, sent: 0, errors: 1 });
    const error = (await ws.rows()).find((r) => r.status === 'FILEIN' && r.result === 'ERROR')!;
    expect(error.error).toMatch(
      /^evil\.zip: entry "\.\.\/\.\.\/evil\.dat" is refused: its name contains "\.\." segments/,
    );
    expect(ws.files('raw-out')).toHaveLength(3);
  });

  it('sends a zip holding the file when the part zips its output', async () => {
    await rawRoute('passthrough', false, undefined, { zipOut: true });
    ws.drop('raw-in', 'a.dat', 'alpha');
    await ws.run(['raw']);
    const [file] = ws.files('raw-out');
    expect(file!.name).toBe('a.dat.zip');
    const entries = await readZip({
      file: join(ws.data, 'raw-out', 'a.dat.zip'),
      label: 'a.dat.zip',
      what: 'a zip',
    });
    expect(entries.map((e) => [e.name, e.data.toString()])).toEqual([['a.dat', 'alpha']]);
  });
});

describe('file names', () => {
  it('makes a file that a channel cannot name an error on its row; the rest is sent', async () => {
    // Without a message type filter the 997 goes to raw-out too, whose {infile} it cannot fill.
    await rawRoute('parse-passthrough');
    ws.drop('raw-in', 'good.x12', ws.sample('po-850.x12'));
    const report = await ws.run(['raw']);
    expect(report).toMatchObject({ status: 'done', fileErrors: true });
    expect(report.counts).toMatchObject({ sent: 2, sendErrors: 1 });
    const failed = (await ws.rows()).find((r) => r.status === 'FILEOUT' && r.result === 'ERROR')!;
    expect(failed).toMatchObject({ toChannel: 'raw-out', messagetype: '997004010' });
    expect(failed.error).toMatch(/^Channel raw-out: .*\{infile\}/);
    expect(ws.files('raw-out').map((f) => f.name)).toEqual(['good.x12']);
  });
});

describe('channels that keep what they read', () => {
  it('reads a file once, remembers it, and reads a new one', async () => {
    await rawRoute('passthrough', true);
    ws.drop('raw-in', 'one.dat', 'first');
    expect((await ws.run(['raw'])).counts.received).toBe(1);
    expect(ws.files('raw-in').map((f) => f.name)).toEqual(['one.dat']);
    expect((await ws.run(['raw'])).counts.received).toBe(0);
    ws.drop('raw-in', 'two.dat', 'second');
    expect((await ws.run(['raw'])).counts.received).toBe(1);
    expect(await ws.store.persist.list('seen:raw-in')).toEqual(
      new Map([
        ['one.dat', expect.stringMatching(/^5:\d/)],
        ['two.dat', expect.stringMatching(/^6:\d/)],
      ]),
    );
  });
});

describe('TA1 on request', () => {
  it('answers an interchange with ISA14 = 1 with a TA1 interchange', async () => {
    const asking = ws.sample('po-850.x12').replace('*000000001*0*P*>~', '*000000001*1*P*>~');
    ws.drop('x12-in', 'asking.x12', asking);
    await ws.run(['x12-orders']);
    const ta1 = ws.files('x12-out').find((f) => f.content.includes('TA1*'));
    expect(ta1).toBeDefined();
    expect(segmentsOf(ta1!.content, '~')).toEqual([
      'ISA*00*          *00*          *ZZ*SUPPLIER       *ZZ*RETAILER       *261120*1000*U*00401*000000001*0*P*:',
      'TA1*000000001*240115*1200*A*000',
      'IEA*0*000000001',
    ]);
  });
});

describe('cancellation and progress', () => {
  it('stops between files when the signal is aborted, with what it finished committed', async () => {
    for (let i = 1; i <= 3; i++)
      ws.drop('x12-in', `po-${i}.x12`, ws.sample('po-850.x12').replace('*000000001*', `*00000000${i}*`));
    const controller = new AbortController();
    controller.abort();
    const report = await ws.run(['x12-orders'], { signal: controller.signal });
    expect(report.status).toBe('cancelled');
    expect((await ws.store.runs.get(report.runId))!.status).toBe('cancelled');
    expect(await ws.store.leases.list()).toEqual([]);
    const resumed = await ws.run(['x12-orders']);
    expect(resumed.counts).toMatchObject({ received: 3, translated: 3 });
  });

  it('reports progress with the run counts, at the end at least', async () => {
    ws.drop('x12-in', 'po.x12', ws.sample('po-850.x12'));
    const seen: EngineProgress[] = [];
    const report = await ws.run(['x12-orders'], { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)).toMatchObject({ runId: report.runId, counts: { received: 1, translated: 1 } });
  });
});
