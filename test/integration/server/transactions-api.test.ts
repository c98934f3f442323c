// The transaction views through the API over a real engine run (SQLite, the sample configuration): runs,
// received files, documents by partner and by reference, sent files, the document trace from the received file
// to the sent one, the content raw and parsed with the grammar's names, paging with the cursor, and clear errors
// for bad filters, bad cursors and unknown ids. Time budget: about 5 seconds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../engine/runtime/sample-config.js';
import {
  ApiClient,
  ResponseChecker,
  startApiOn,
  usersOfEachRole,
  type ApiServer,
} from '../../helpers/api.js';
import { engineWorkspace, type EngineWorkspace } from '../engine/engine-workspace.js';
import { ROOT } from '../../helpers/cli.js';

type Row = {
  id: string;
  status: string;
  result: string;
  reference: string | null;
  fromPartner: string | null;
  toPartner: string | null;
};
type Page<T = Row> = { items: T[]; next?: string };

let workspace: EngineWorkspace;
let server: ApiServer;
let viewer: ApiClient;

beforeAll(async () => {
  workspace = await engineWorkspace();
  for (let i = 0; i < 3; i++) workspace.drop('x12-in', `po-${i}.x12`, workspace.sample('po-850.x12'));
  const report = await workspace.run(['x12-orders']);
  expect(report.counts['errors'] ?? 0).toBe(0);
  server = await startApiOn(workspace.home, workspace.store);
  viewer = (await usersOfEachRole(server, new ResponseChecker(server.routes))).viewer;
});
afterAll(async () => {
  await server.close();
  await workspace.dispose();
});

describe('deleting a run', () => {
  it('is for admins, removes the run from every view, and is audited', async () => {
    const admin = (await usersOfEachRole(server, new ResponseChecker(server.routes), 'second-')).admin;
    const run = await workspace.store.runs.start('new', ['x12-orders'], new Date());
    await workspace.store.ta.insertMany([
      { runId: run.id, status: 'EXTERNIN', result: 'DONE', messages: 0, filename: 'x12-in/extra.x12' },
    ]);
    expect((await admin.request('DELETE', `/api/runs/${run.id}`)).status).toBe(409);
    await workspace.store.runs.finish(run.id, 'done', { received: 1 });
    expect((await viewer.request('DELETE', `/api/runs/${run.id}`)).status).toBe(403);
    const removed = await admin.request('DELETE', `/api/runs/${run.id}`);
    expect(removed.body).toEqual({ rows: 1, fileReports: 0 });
    expect((await viewer.request('GET', `/api/runs/${run.id}`)).status).toBe(404);
    expect((await admin.request('DELETE', `/api/runs/${run.id}`)).status).toBe(404);
    expect((await workspace.store.audit.list({ limit: 1, entity: 'run' }))[0]).toMatchObject({
      action: 'delete',
      entityId: run.id,
    });
  });
});

describe('transaction views', () => {
  it('list the run, the received files and the sent files', async () => {
    const runs = await viewer.request<Page<{ id: string; status: string; counts: Record<string, number> }>>(
      'GET',
      '/api/runs',
    );
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ status: 'done' });
    expect((await viewer.request('GET', `/api/runs/${runs.body.items[0]!.id}`)).status).toBe(200);
    const incoming = await viewer.request<Page<Row & { source: string }>>(
      'GET',
      '/api/incoming?route=x12-orders',
    );
    expect(incoming.body.items).toHaveLength(3);
    expect(incoming.body.items.every((f) => f.status === 'FILEIN' && f.result === 'DONE')).toBe(true);
    expect(incoming.body.items.map((f) => f.source).sort()).toEqual(
      ['po-0.x12', 'po-1.x12', 'po-2.x12'].map((name) => expect.stringContaining(name)),
    );
    const outgoing = await viewer.request<Page>('GET', '/api/outgoing');
    expect(outgoing.body.items.length).toBeGreaterThan(0);
    expect(outgoing.body.items.every((f) => f.status === 'EXTERNOUT')).toBe(true);
    expect((await viewer.request<Page>('GET', '/api/process-errors')).body.items).toEqual([]);
    expect((await viewer.request<Page>('GET', '/api/incoming?result=ERROR')).body.items).toEqual([]);
  });

  it('find documents by partner and by reference, and page through them with the cursor', async () => {
    const all = await viewer.request<Page>('GET', '/api/documents?direction=in');
    expect(all.body.items).toHaveLength(3);
    const partner = all.body.items[0]!.fromPartner!;
    const byPartner = await viewer.request<Page>(
      `GET`,
      `/api/documents?direction=in&partner=${partner}&result=DONE&from=2000-01-01T00:00:00Z`,
    );
    expect(byPartner.body.items).toHaveLength(3);
    expect(
      (await viewer.request<Page>('GET', '/api/documents?direction=in&partner=nobody')).body.items,
    ).toEqual([]);
    const reference = all.body.items[0]!.reference!;
    const byReference = await viewer.request<Page>(
      'GET',
      `/api/documents?direction=in&reference=${reference.slice(0, 3)}&referenceMatch=prefix`,
    );
    expect(byReference.body.items.map((d) => d.id)).toContain(all.body.items[0]!.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await viewer.request<Page>(
        'GET',
        `/api/documents?direction=in&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.next;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((d) => d.id));
    const oldest = await viewer.request<Page>('GET', '/api/documents?direction=in&order=oldest');
    expect(oldest.body.items.map((d) => d.id)).toEqual([...seen].reverse());
  });

  it('refuse bad filters and cursors with a clear 400', async () => {
    const noDirection = await viewer.request('GET', '/api/documents');
    expect(noDirection.status).toBe(400);
    expect(noDirection.body['problems']).toEqual([expect.objectContaining({ path: 'query.direction' })]);
    const badCursor = await viewer.request('GET', '/api/incoming?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body['message']).toContain('cursor');
    expect((await viewer.request('GET', '/api/incoming?limit=501')).status).toBe(400);
    expect((await viewer.request('GET', '/api/runs?from=yesterday')).status).toBe(400);
  });

  it('trace a document from the received file to the sent file, and show content raw and parsed', async () => {
    const [file] = (await viewer.request<Page>('GET', '/api/incoming?limit=1&order=oldest')).body.items;
    const trace = await viewer.request<{ rows: (Row & { depth: number })[] }>(
      'GET',
      `/api/transactions/${file!.id}/trace`,
    );
    const steps = new Set(trace.body.rows.map((r) => r.status));
    for (const step of ['EXTERNIN', 'FILEIN', 'SPLITUP', 'TRANSLATED', 'EXTERNOUT'])
      expect(steps, step).toContain(step);
    expect(trace.body.rows.find((r) => r.id === file!.id)!.depth).toBe(0);
    expect(trace.body.rows.find((r) => r.status === 'EXTERNIN')!.depth).toBeLessThan(0);

    const raw = await fetch(`${server.url}/api/transactions/${file!.id}/content`, {
      headers: viewer.headers(),
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(readFileSync(join(SAMPLE_FILES, 'po-850.x12')));

    const tree = await viewer.request<{
      interchanges: {
        groups: {
          messages: { grammar: string; body: { tag: string; name?: string; names?: string[] }[] }[];
        }[];
      }[];
    }>('GET', `/api/transactions/${file!.id}/tree`);
    const message = tree.body.interchanges[0]!.groups[0]!.messages[0]!;
    expect(message.grammar).toBe('850004010');
    const beg = message.body.find((node) => node.tag === 'BEG')!;
    const grammar = JSON.parse(readFileSync(join(ROOT, 'grammars', 'x12', '850004010.json'), 'utf8')) as {
      segments: Record<string, { name: string; fields: { name: string }[] }>;
    };
    expect(beg.name).toBe(grammar.segments['BEG']!.name);
    expect(beg.names).toEqual(grammar.segments['BEG']!.fields.slice(0, beg.names!.length).map((f) => f.name));
    expect(beg.names!.length).toBeGreaterThanOrEqual(4);

    expect((await viewer.request('GET', '/api/transactions/NOPE')).status).toBe(404);
    const merged = trace.body.rows.find((r) => r.status === 'TRANSLATED')!;
    expect((await viewer.request('GET', `/api/transactions/${merged.id}`)).body).toMatchObject({
      status: 'TRANSLATED',
    });
  });
});
