// Actions, jobs and events through the API over a real engine workspace (SQLite): an action answers 202 with its
// job, the same pending work is queued once, a worker runs it, GET /api/jobs/{id} reports it, and GET /api/events
// streams the job's progress and the files it received and sent; resend, rereceive and no-retry mark the right
// rows and refuse the wrong ones. Time budget: about 10 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  ResponseChecker,
  startApiOn,
  usersOfEachRole,
  type ApiServer,
} from '../../helpers/api.js';
import { engineWorkspace, type EngineWorkspace } from '../engine/engine-workspace.js';

type Queued = {
  job: { id: number; status: string; mode: string; routes: string[] };
  duplicate: boolean;
  statusUrl: string;
};
type Event = { event: string; data: Record<string, unknown> };

let workspace: EngineWorkspace;
let server: ApiServer;
let operator: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  workspace = await engineWorkspace();
  server = await startApiOn(workspace.home, workspace.store);
  const users = await usersOfEachRole(server, new ResponseChecker(server.routes));
  operator = users.operator;
  viewer = users.viewer;
});
afterAll(async () => {
  await server.close();
  await workspace.dispose();
});

/** Reads server-sent events until `done` says enough or the time is up. */
async function listen(client: ApiClient, done: (events: Event[]) => boolean, ms = 20_000): Promise<Event[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  const events: Event[] = [];
  try {
    const response = await fetch(`${server.url}/api/events`, {
      headers: client.headers(),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
      if (done(events)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('actions and jobs', () => {
  it('queue a run with 202, report it, and stream its progress and its files', async () => {
    expect((await viewer.request('POST', '/api/actions/run', { routes: ['x12-orders'] })).status).toBe(403);
    expect((await operator.request('POST', '/api/actions/run', { routes: ['nope'] })).status).toBe(400);

    const listening = listen(viewer, (events) =>
      events.some((e) => e.event === 'job' && e.data['status'] === 'done'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    workspace.drop('x12-in', 'po.x12', workspace.sample('po-850.x12'));
    const queued = await operator.request<Queued>('POST', '/api/actions/run', { routes: ['x12-orders'] });
    expect(queued.status).toBe(202);
    expect(queued.headers.get('location')).toBe(`/api/jobs/${queued.body.job.id}`);
    expect(queued.body).toMatchObject({
      duplicate: false,
      job: { status: 'pending', mode: 'new', routes: ['x12-orders'] },
    });
    const again = await operator.request<Queued>('POST', '/api/actions/run', { routes: ['x12-orders'] });
    expect(again.body).toMatchObject({ duplicate: true, job: { id: queued.body.job.id } });

    await workspace.work();
    const events = await listening;
    const job = await viewer.request('GET', queued.body.statusUrl);
    expect(job.body).toMatchObject({ status: 'done', attempts: 1, source: 'api:user:operator-user' });
    expect((job.body['result'] as Record<string, number>)['received']).toBe(1);
    expect(events.filter((e) => e.event === 'job').map((e) => e.data['id'])).toContain(queued.body.job.id);
    const files = events.filter((e) => e.event === 'transaction').map((e) => e.data['status']);
    expect(files).toContain('FILEIN');
    expect(files).toContain('EXTERNOUT');
    expect((await viewer.request('GET', '/api/jobs/999999')).status).toBe(404);
    const list = await viewer.request<{ items: { id: number }[] }>('GET', '/api/jobs?status=done');
    expect(list.body.items.map((j) => j.id)).toContain(queued.body.job.id);
    expect((await viewer.request('GET', '/api/jobs?status=sleeping')).status).toBe(400);
    const audit = await server.store.audit.list({ limit: 5, entity: 'job' });
    expect(audit.map((e) => e.action)).toEqual(['run', 'run']);
  });

  it('mark files for resend and rereceive and queue those runs; no-retry only failed sends', async () => {
    const [sent] = (await viewer.request<{ items: { id: string }[] }>('GET', '/api/outgoing?limit=1')).body
      .items;
    const resend = await operator.request<Queued>('POST', '/api/actions/resend', { ids: [sent!.id] });
    expect(resend.status).toBe(202);
    expect(resend.body.job).toMatchObject({ mode: 'resend', routes: ['x12-orders'] });
    const [received] = (await viewer.request<{ items: { id: string }[] }>('GET', '/api/incoming?limit=1'))
      .body.items;
    const rereceive = await operator.request<Queued>('POST', '/api/actions/rereceive', {
      ids: [received!.id],
    });
    expect(rereceive.status).toBe(202);
    expect((await server.store.views.get(received!.id))!.result).toBe('RESEND');
    const wrong = await operator.request('POST', '/api/actions/rereceive', { ids: [sent!.id] });
    expect(wrong.status).toBe(400);
    expect(wrong.body['message']).toContain('only FILEIN rows');
    const noRetry = await operator.request('POST', '/api/actions/no-retry', { ids: [sent!.id] });
    expect(noRetry.status).toBe(400);
    expect(noRetry.body['message']).toContain('ERROR');

    await workspace.work();
    const done = await viewer.request<{ status: string; result: Record<string, number> }>(
      'GET',
      resend.body.statusUrl,
    );
    expect(done.body.status).toBe('done');
    expect(done.body.result['sent']).toBeGreaterThan(0);
  });
});
