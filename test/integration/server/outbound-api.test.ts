// The outbound API over a real engine workspace (SQLite): a JSON invoice posted for the sample ERP route is
// translated and sent as an X12 810 by a worker; the answer is 202 with the transaction and its status URL; a
// retry with the same Idempotency-Key gets the same answer and sends nothing twice, the same key with another
// body is refused; oversized and empty bodies, unknown routes and tokens without the scope are refused clearly.
// Time budget: about 8 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../../engine/server/accounts.js';
import { ApiClient, ResponseChecker, startApiOn, type ApiServer } from '../../helpers/api.js';
import { engineWorkspace, type EngineWorkspace } from '../engine/engine-workspace.js';

type Accepted = { transactionId: string; job: { id: number }; statusUrl: string };

let workspace: EngineWorkspace;
let server: ApiServer;
let erp: ApiClient;
let reader: ApiClient;
let invoice: string;
let route: string;

beforeAll(async () => {
  workspace = await engineWorkspace();
  server = await startApiOn(workspace.home, workspace.store, { bodyLimit: 64 * 1024 });
  const checker = new ResponseChecker(server.routes);
  const now = new Date();
  erp = new ApiClient(server, checker).withToken(
    (await createToken(workspace.store, { name: 'erp', scopes: ['outbound'], createdBy: 'test' }, now))
      .secret,
  );
  reader = new ApiClient(server, checker).withToken(
    (await createToken(workspace.store, { name: 'reader', scopes: ['read'], createdBy: 'test' }, now)).secret,
  );
  invoice = workspace.sample('invoice-1001.json');
  const config = await workspace.store.config.read();
  const erpIn = config.channels.find((c) => c.direction === 'in' && c.path.startsWith('erp-in'))!;
  route = config.routes.find((r) => r.fromChannel === erpIn.id)!.id;
});
afterAll(async () => {
  await server.close();
  await workspace.dispose();
});

const post = (
  client: ApiClient,
  body: string,
  key?: string,
  path = `/api/outbound/${route}?filename=invoice-1001.json`,
) =>
  client.request<Accepted & Record<string, unknown>>('POST', path, body, {
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
  });

describe('outbound API', () => {
  it('takes a document for a route with 202 and sends it once, however often the client retries', async () => {
    const first = await post(erp, invoice, 'invoice-1001');
    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe(first.body.statusUrl);
    const retry = await post(erp, invoice, 'invoice-1001');
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const pending = await erp.request<{ state: string }>('GET', first.body.statusUrl);
    expect(pending.body.state).toBe('pending');

    await workspace.work();
    const done = await erp.request<{ state: string; steps: { status: string; result: string }[] }>(
      'GET',
      first.body.statusUrl,
    );
    expect(done.body.state).toBe('done');
    const sent = done.body.steps.filter((s) => s.status === 'EXTERNOUT');
    expect(sent).toHaveLength(1);
    expect(workspace.files('x12-out').filter((f) => f.content.includes('ST*810*'))).toHaveLength(1);

    expect((await post(erp, invoice, 'invoice-1001')).body).toEqual(first.body);
    await workspace.work();
    expect(workspace.files('x12-out').filter((f) => f.content.includes('ST*810*'))).toHaveLength(1);

    const other = await post(erp, invoice.replace('1001', '1002'), 'invoice-1001');
    expect(other.status).toBe(422);
    expect(other.body['message']).toContain('another request');
    expect((await server.store.audit.list({ limit: 5, entity: 'transaction' })).map((e) => e.actor)).toEqual([
      'token:erp',
    ]);
  });

  it('refuses what it cannot take, with a clear answer', async () => {
    const huge = await post(erp, JSON.stringify({ filler: 'x'.repeat(70 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body['message']).toContain('BOTS_MAX_BODY_BYTES');
    expect((await post(erp, '')).status).toBe(400);
    const unknown = await post(erp, invoice, undefined, '/api/outbound/nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body['message']).toContain('Route "nope"');
    expect((await post(reader, invoice)).status).toBe(403);
    expect((await erp.request('GET', '/api/users')).status).toBe(403);
    expect((await erp.request('GET', '/api/outbound/NOPE')).status).toBe(404);
    expect((await post(erp, invoice, 'bad key with spaces')).status).toBe(400);
  });
});
