/**
 * One run or one transaction-log row (viewer role): the row, its document trace (everything before it up to the
 * received file and after it down to the sent file), and its content: raw (the bytes as archived or sent) or as
 * the JSON tree of the EDI core, with the grammar's names for every loop, segment and element. Content that was
 * cleaned up answers 404 with a sentence saying so.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { EDITYPES } from '../../core/config-check.js';
import { IssueList } from '../../core/issue.js';
import { refOfRow } from '../../runtime/content-store.js';
import { FsContentStore } from '../../runtime/content-store.fs.js';
import { GrammarCatalog } from '../../runtime/grammar-catalog.js';
import { GrammarResolver } from '../../runtime/grammar-resolver.js';
import { loadSettings } from '../../runtime/settings.js';
import { treeBuilder, writeTreeJson } from '../../runtime/tree-export.js';
import { usersysPaths } from '../../runtime/workspace.js';
import type { TaRow } from '../../store/rows.js';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { ADMIN, VIEWER } from '../auth/principal.js';
import { audit } from './route-helpers.js';
import { conflict, HttpError, notFound } from '../http-error.js';
import { idParams } from '../schemas/common.js';
import { runJson, runSchema, transactionJson, transactionSchema } from '../schemas/transaction-schemas.js';
import type { WebContext } from '../web-context.js';

/** Content larger than this is offered raw only: its tree would be several times its size. */
export const MAX_TREE_BYTES = 20 * 1024 * 1024;

async function transaction(web: WebContext, id: string): Promise<TaRow> {
  const row = await web.store.views.get(id);
  if (!row) throw notFound(`There is no transaction ${id}`);
  return row;
}

async function contentOf(
  web: WebContext,
  row: TaRow,
  whole: boolean,
): Promise<{ bytes?: Buffer; stream?: AsyncIterable<Buffer> }> {
  if (row.contentPath === null)
    throw notFound(`Transaction ${row.id} (${row.status}) keeps no content of its own`);
  const store = new FsContentStore(web.layout.data);
  const ref = refOfRow(row);
  try {
    return whole ? { bytes: await store.read(ref) } : { stream: store.stream(ref) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw notFound(
        `The content of transaction ${row.id} is gone: cleanup removed it after the retention period`,
      );
    throw error;
  }
}

export const transactionRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/runs/{id}',
    tag: 'transactions',
    summary: 'Show an engine run',
    access: VIEWER,
    params: idParams,
    response: runSchema,
    errors: [404],
    async handler({ params, web }) {
      const run = await web.store.runs.get(params.id);
      if (!run) throw notFound(`There is no run ${params.id}`);
      return runJson(run);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/runs/{id}',
    tag: 'transactions',
    summary: 'Delete a finished run with its transactions and file reports',
    description:
      "Removes the run from every view at once (Bots' delete of a report); the archived content goes at the next cleanup. A running run cannot be deleted (409).",
    access: ADMIN,
    params: idParams,
    response: z.object({ rows: z.number().int(), fileReports: z.number().int() }),
    errors: [404, 409],
    async handler(call) {
      const run = await call.web.store.runs.get(call.params.id);
      const removed = await call.web.store.runs.remove(call.params.id);
      if (removed === undefined || !run) throw notFound(`There is no run ${call.params.id}`);
      if (removed === 'running')
        throw conflict(`Run ${call.params.id} is still running; delete it when it has finished`);
      await audit(call, {
        action: 'delete',
        entity: 'run',
        entityId: run.id,
        before: { ...runJson(run), ...removed },
      });
      return removed;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/transactions/{id}',
    tag: 'transactions',
    summary: 'Show a transaction',
    access: VIEWER,
    params: idParams,
    response: transactionSchema,
    errors: [404],
    async handler({ params, web }) {
      return transactionJson(await transaction(web, params.id));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/transactions/{id}/trace',
    tag: 'transactions',
    summary: 'Trace a transaction from the received file to the sent files',
    access: VIEWER,
    params: idParams,
    response: z.object({
      rows: z.array(
        transactionSchema.extend({
          depth: z.number().int().describe('Steps from this one; negative before it'),
        }),
      ),
      truncated: z.boolean().describe('The trace was longer than 10,000 rows; the farthest were left out'),
    }),
    errors: [404],
    async handler({ params, web }) {
      const trace = await web.store.views.trace(params.id);
      if (!trace) throw notFound(`There is no transaction ${params.id}`);
      return {
        rows: trace.rows.map((row) => ({ ...transactionJson(row), depth: row.depth })),
        truncated: trace.truncated,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/transactions/{id}/content',
    tag: 'transactions',
    summary: 'Download the content of a transaction as it was received or sent',
    access: VIEWER,
    params: idParams,
    response: z.string().meta({ format: 'binary' }),
    produces: 'application/octet-stream',
    errors: [404],
    async handler({ params, web, reply }) {
      const row = await transaction(web, params.id);
      const { stream } = await contentOf(web, row, false);
      const name = (row.filename ?? row.id)
        .split(/[\\/]/)
        .pop()!
        .replace(/[^A-Za-z0-9._-]/g, '_');
      await reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Readable.from(stream!));
      return '';
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/transactions/{id}/tree',
    tag: 'transactions',
    summary: 'Show the content of a transaction parsed: the tree with grammar names',
    description: `Problems found while reading are inside the tree. Content over ${MAX_TREE_BYTES / 1024 / 1024} MiB is offered raw only (413).`,
    access: VIEWER,
    params: idParams,
    response: z.record(z.string(), z.unknown()).describe('The tree JSON of the EDI core (format bots-tree)'),
    errors: [404, 413],
    async handler({ params, web }) {
      const row = await transaction(web, params.id);
      if ((row.contentLength ?? 0) > MAX_TREE_BYTES)
        throw new HttpError(
          413,
          'too_large',
          `The content is ${row.contentLength} bytes; download it raw from /content instead`,
        );
      const { bytes } = await contentOf(web, row, true);
      const settings = loadSettings(web.layout);
      const issues = new IssueList(settings.limits.issuesPerFile);
      const resolver = new GrammarResolver(new GrammarCatalog(usersysPaths(web.layout.home)), {});
      const editype = EDITYPES.find((e) => e === row.editype);
      const read = {
        issues,
        maxSegmentLength: settings.limits.maxSegmentBytes,
        ...(editype ? { editype } : {}),
      };
      let json = '';
      writeTreeJson(
        row.filename ?? row.id,
        read,
        treeBuilder(resolver, issues, { names: true }),
        (push) => push(bytes!),
        (text) => (json += text),
      );
      return JSON.parse(json) as Record<string, unknown>;
    },
  }),
];
