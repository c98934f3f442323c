/**
 * Jobs and actions. Actions change what the engine does and answer 202 with the job that will do it (a worker
 * runs it; `GET /api/jobs/{id}` and `GET /api/events` report it):
 * - POST /api/actions/run: an engine run in any mode (new, resend, rereceive, retry, cleanup) for all or some routes;
 * - POST /api/actions/resend: marks sent files (their EXTERNOUT or FILEOUT rows) and queues a resend of their routes;
 * - POST /api/actions/rereceive: marks received files (FILEIN rows) and queues a rereceive of their routes.
 * Marking failed sends so that retries leave them alone (POST /api/actions/no-retry) needs no run: it answers 200.
 * The same pending work is queued once: a second identical action answers the pending job (`duplicate: true`).
 */
import { z } from 'zod';
import { JobInputError, type NewJob } from '../../jobs/job-queue.js';
import { MarkError, markForRereceive, markForResend, markNoRetry } from '../../runtime/run-modes.js';
import type { TaRow } from '../../store/rows.js';
import { JOB_STATUSES, RUN_MODES } from '../../store/schema/shared.js';
import { defineRoute, type AnyRoute, type RouteCall } from '../api-route.js';
import { actorOf, OPERATOR, VIEWER } from '../auth/principal.js';
import { badRequest, notFound } from '../http-error.js';
import { idParams } from '../schemas/common.js';
import { jobJson, jobSchema } from '../schemas/job-schemas.js';
import { queueOf } from '../web-queue.js';
import { answering, audit } from './route-helpers.js';

const queued = z
  .object({
    job: jobSchema,
    duplicate: z.boolean().describe('The same work was pending already: this is that job'),
    statusUrl: z.string().describe('Where the job reports its status'),
  })
  .meta({ id: 'QueuedJob' });

const ids = z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(1000) });

type AnyCall = RouteCall<unknown, unknown, unknown>;

/** Queues a job for this call's principal, audited; unknown routes are a 400 that names them. */
async function queue(call: AnyCall, job: Omit<NewJob, 'source' | 'kind'>, action: string, detail: object) {
  const known = new Set((await call.web.store.config.read()).routes.map((r) => r.id));
  const unknown = (job.routes ?? []).filter((route) => !known.has(route));
  if (unknown.length > 0) throw badRequest(`No such route: ${unknown.join(', ')}`);
  const full: NewJob = {
    ...job,
    kind: job.mode === 'cleanup' ? 'maintenance' : 'engine',
    source: `api:${actorOf(call.principal!)}`,
  };
  const added = await answering(
    async () => (await queueOf(call.web.store)).add(full, call.web.now()),
    (error) => (error instanceof JobInputError ? badRequest(error.message) : undefined),
  );
  await audit(call, {
    action,
    entity: 'job',
    entityId: String(added.job.id),
    after: { ...detail, job: added.job.id, duplicate: added.duplicate },
  });
  call.reply.header('location', `/api/jobs/${added.job.id}`);
  return { job: jobJson(added.job), duplicate: added.duplicate, statusUrl: `/api/jobs/${added.job.id}` };
}

/** Marks rows, answering a refused mark (unknown id, wrong step or state) as 400. */
function marking(work: () => Promise<void>): Promise<void> {
  return answering(work, (error) => (error instanceof MarkError ? badRequest(error.message) : undefined));
}

/** The rows of these ids, each replaced by its FILEOUT when it is the EXTERNOUT of one (the outgoing view lists
 * EXTERNOUT rows; a resend marks the file, its FILEOUT). */
async function outgoingFiles(call: AnyCall, idList: readonly string[]): Promise<TaRow[]> {
  const rows: TaRow[] = [];
  for (const id of idList) {
    const row = await call.web.store.views.get(id);
    if (!row) throw badRequest(`There is no transaction ${id}`);
    const parent =
      row.status === 'EXTERNOUT' && row.parent ? await call.web.store.views.get(row.parent) : undefined;
    rows.push(parent?.status === 'FILEOUT' ? parent : row);
  }
  return rows;
}

const routesOf = (rows: readonly TaRow[]): string[] =>
  [...new Set(rows.map((r) => r.routeId).filter((r): r is string => r !== null))].sort();

export const jobRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/jobs',
    tag: 'jobs',
    summary: 'List jobs, newest first',
    access: VIEWER,
    query: z.object({
      status: z
        .string()
        .optional()
        .describe(`Comma-separated: ${JOB_STATUSES.join(', ')}`)
        .transform((text, ctx) => {
          if (text === undefined) return undefined;
          const list = text.split(',').map((s) => s.trim());
          const bad = list.filter((s) => !(JOB_STATUSES as readonly string[]).includes(s));
          if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `unknown status ${bad.join(', ')}` });
          return list as (typeof JOB_STATUSES)[number][];
        }),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    response: z.object({ items: z.array(jobSchema) }),
    async handler({ query, web }) {
      const jobs = await (
        await queueOf(web.store)
      ).list({ limit: query.limit, ...(query.status ? { status: query.status } : {}) });
      return { items: jobs.map(jobJson) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/jobs/{id}',
    tag: 'jobs',
    summary: 'Show a job: status, progress, result',
    access: { kind: 'role', role: 'viewer', scopes: ['outbound'] },
    params: idParams,
    response: jobSchema,
    errors: [404],
    async handler({ params, web }) {
      const id = Number(params.id);
      const job = Number.isSafeInteger(id) ? await (await queueOf(web.store)).get(id) : undefined;
      if (!job) throw notFound(`There is no job ${params.id}`);
      return jobJson(job);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/actions/run',
    tag: 'actions',
    summary: 'Queue an engine run',
    access: OPERATOR,
    body: z.object({
      mode: z
        .enum(
          RUN_MODES.filter((m) => m !== 'crash-recovery') as [
            'new',
            'resend',
            'rereceive',
            'retry',
            'cleanup',
          ],
        )
        .default('new'),
      routes: z
        .array(z.string().min(1).max(64))
        .max(500)
        .default([])
        .describe('Empty: every route of the default run'),
      priority: z.number().int().min(0).max(1000).optional().describe('Smaller runs first (default 100)'),
    }),
    status: 202,
    response: queued,
    async handler(call) {
      const { mode, routes, priority } = call.body;
      return queue(call, { mode, routes, ...(priority === undefined ? {} : { priority }) }, 'run', {
        mode,
        routes,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/actions/resend',
    tag: 'actions',
    summary: 'Send files again',
    description:
      'Give the ids of sent files (from /api/outgoing); they are marked and a resend of their routes is queued.',
    access: OPERATOR,
    body: ids,
    status: 202,
    response: queued,
    async handler(call) {
      const rows = await outgoingFiles(call, call.body.ids);
      await marking(() =>
        markForResend(
          call.web.store,
          rows.map((r) => r.id),
        ),
      );
      return queue(call, { mode: 'resend', routes: routesOf(rows) }, 'resend', { ids: call.body.ids });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/actions/rereceive',
    tag: 'actions',
    summary: 'Receive files again',
    description:
      'Give the ids of received files (from /api/incoming); they are marked and a rereceive of their routes is queued.',
    access: OPERATOR,
    body: ids,
    status: 202,
    response: queued,
    async handler(call) {
      await marking(() => markForRereceive(call.web.store, call.body.ids));
      const rows = (await Promise.all(call.body.ids.map((id) => call.web.store.views.get(id)))).filter(
        (r): r is TaRow => r !== undefined,
      );
      return queue(call, { mode: 'rereceive', routes: routesOf(rows) }, 'rereceive', { ids: call.body.ids });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/actions/no-retry',
    tag: 'actions',
    summary: 'Leave failed sends out of automatic retries',
    access: OPERATOR,
    body: ids,
    response: z.object({ marked: z.number().int() }),
    async handler(call) {
      await marking(() => markNoRetry(call.web.store, call.body.ids));
      await audit(call, { action: 'no-retry', entity: 'transaction', after: { ids: call.body.ids } });
      return { marked: call.body.ids.length };
    },
  }),
];
