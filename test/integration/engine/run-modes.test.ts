// The run modes besides --new on real workspaces: resend of marked outgoing files, rereceive of marked received
// files, retry of failed sends (and NO_RETRY), cleanup by retention. Time budget: about 5 seconds.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEngine } from '../../../engine/runtime/run-engine.js';
import {
  markForRereceive,
  markForResend,
  markNoRetry,
  MarkError,
} from '../../../engine/runtime/run-modes.js';
import { engineWorkspace, FIXED_NOW, type EngineWorkspace } from './engine-workspace.js';

let ws: EngineWorkspace;
beforeEach(async () => {
  ws = await engineWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

const mode = (m: 'resend' | 'rereceive' | 'retry' | 'cleanup', at = FIXED_NOW) =>
  runEngine(
    { mode: m, routes: m === 'cleanup' ? [] : ['x12-orders'], home: ws.home, store: ws.store },
    { clock: () => at },
  );

describe('resend', () => {
  it('sends a marked outgoing file again under its name, with a new EXTERNOUT row', async () => {
    ws.drop('x12-in', 'po.x12', ws.sample('po-850.x12'));
    await ws.run(['x12-orders']);
    const [xml] = ws.files('xml-out');
    rmSync(join(ws.data, 'xml-out', xml!.name));
    const fileout = (await ws.rows()).find((r) => r.status === 'FILEOUT' && r.editype === 'xml')!;
    await expect(markForResend(ws.store, [fileout.parent!])).rejects.toThrow(MarkError);
    await markForResend(ws.store, [fileout.id]);
    const report = await mode('resend');
    expect(report.counts).toMatchObject({ sent: 1, sendErrors: 0 });
    expect(ws.files('xml-out')).toEqual([xml]);
    const rows = await ws.rows();
    const sends = rows.filter((r) => r.status === 'EXTERNOUT' && r.parent === fileout.id);
    expect(sends.map((r) => [r.result, r.filename])).toEqual([
      ['DONE', `xml-out/${xml!.name}`],
      ['DONE', `xml-out/${xml!.name}`],
    ]);
    expect(sends[1]!.runId).toBe(report.runId);
    expect(rows.find((r) => r.id === fileout.id)!.result).toBe('DONE');
    // Nothing left marked: a second resend sends nothing.
    expect((await mode('resend')).counts.sent).toBe(0);
  });
});

describe('rereceive', () => {
  it('translates a marked received file again from the archive', async () => {
    ws.drop('x12-in', 'po.x12', ws.sample('po-850.x12'));
    await ws.run(['x12-orders']);
    const filein = (await ws.rows()).find((r) => r.status === 'FILEIN')!;
    await markForRereceive(ws.store, [filein.id]);
    const report = await mode('rereceive');
    expect(report.counts).toMatchObject({ received: 1, messages: 1, translated: 1, sent: 3 });
    expect(ws.files('xml-out').map((f) => f.name)).toEqual(['order_retailer_1.xml', 'order_retailer_2.xml']);
    expect(ws.files('xml-out')[1]!.content).toBe(ws.files('xml-out')[0]!.content);
    const rows = await ws.rows();
    const fileins = rows.filter((r) => r.status === 'FILEIN');
    expect(fileins.map((r) => r.result)).toEqual(['DONE', 'DONE']);
    expect(fileins[1]!.parent).toBe(filein.parent);
    expect(fileins[1]!.contentPath).toBe(filein.contentPath);
    // The interchange was seen before: the second PARSED row carries the duplicate warning (policy warn).
    const parsed = rows.filter((r) => r.status === 'PARSED');
    expect(parsed[1]!.error).toMatch(/^Duplicate interchange: 000000001 from RETAILER/);
  });
});

describe('retry', () => {
  it('writes a failed outgoing file again; one marked NO_RETRY is left alone', async () => {
    // A folder where the file should go makes the write fail.
    mkdirSync(join(ws.data, 'xml-out', 'order_retailer_1.xml'), { recursive: true });
    ws.drop('x12-in', 'po.x12', ws.sample('po-850.x12'));
    const first = await ws.run(['x12-orders']);
    expect(first.counts).toMatchObject({ sent: 2, sendErrors: 1 });
    expect(first.fileErrors).toBe(true);
    const failed = (await ws.rows()).find((r) => r.status === 'EXTERNOUT' && r.result === 'ERROR')!;
    expect(failed.error).toMatch(/^Could not write order_retailer_1\.xml to channel xml-out: /);

    expect((await mode('retry')).counts).toMatchObject({ sent: 0, sendErrors: 1 });
    rmSync(join(ws.data, 'xml-out', 'order_retailer_1.xml'), { recursive: true });
    const retried = await mode('retry');
    expect(retried.counts).toMatchObject({ sent: 1, sendErrors: 0 });
    expect(ws.files('xml-out')[0]!.content).toContain('<number>PO76397250</number>');
    expect((await ws.store.ta.get(failed.id))!.result).toBe('DONE');
  });

  it('does not retry a send marked NO_RETRY', async () => {
    mkdirSync(join(ws.data, 'xml-out', 'order_retailer_1.xml'), { recursive: true });
    ws.drop('x12-in', 'po.x12', ws.sample('po-850.x12'));
    await ws.run(['x12-orders']);
    rmSync(join(ws.data, 'xml-out', 'order_retailer_1.xml'), { recursive: true });
    const failed = (await ws.rows()).find((r) => r.status === 'EXTERNOUT' && r.result === 'ERROR')!;
    await markNoRetry(ws.store, [failed.id]);
    expect((await mode('retry')).counts.sent).toBe(0);
    expect(existsSync(join(ws.data, 'xml-out', 'order_retailer_1.xml'))).toBe(false);
  });
});

describe('cleanup', () => {
  it('removes rows, reports, runs and content older than the retention, and keeps what is newer', async () => {
    ws.drop('x12-in', 'po.x12', ws.sample('po-850.x12'));
    await ws.run(['x12-orders']);
    await ws.store.idempotency.claim('key-of-a-post', 'request', FIXED_NOW);
    const archived = readdirSync(join(ws.data, 'archive'));
    expect(archived).toEqual(['2026-11-20']);
    // Ten days later nothing is old enough (30 days of data, 90 of runs).
    const soon = await mode('cleanup', new Date(FIXED_NOW.getTime() + 10 * 86_400_000));
    expect(soon.cleanup).toEqual({
      rows: 0,
      fileReports: 0,
      runs: 0,
      interchanges: 0,
      contentDays: 0,
      idempotencyKeys: 1,
    });
    const rowsBefore = (await ws.rows()).length;
    const later = await mode('cleanup', new Date(FIXED_NOW.getTime() + 32 * 86_400_000));
    expect(later.cleanup).toMatchObject({
      rows: rowsBefore,
      fileReports: 1,
      interchanges: 1,
      contentDays: 2,
    });
    expect(await ws.rows()).toEqual([]);
    expect(readdirSync(join(ws.data, 'archive'))).toEqual([]);
    expect(ws.files('xml-out')).toHaveLength(1);
    const muchLater = await mode('cleanup', new Date(FIXED_NOW.getTime() + 91 * 86_400_000));
    // Runs go after 90 days: only the first run started before the cut (the cleanup runs came later).
    expect(muchLater.cleanup!.runs).toBe(1);
  });
});
