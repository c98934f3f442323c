/**
 * The transaction views (viewer role): runs, incoming files, outgoing files, documents, process errors and
 * acknowledgements, each filtered on the server and paged with a cursor (engine/store/repositories/views.ts picks
 * an index for every filter combination, so deep pages cost what the first does). A bad filter or cursor is 400.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { VIEWER } from '../auth/principal.js';
import { badRequest } from '../http-error.js';
import { ViewQueryError, type Page } from '../../store/repositories/views.js';
import { RUN_MODES, RUN_STATUSES } from '../../store/schema/shared.js';
import { defined, pageOf } from '../schemas/common.js';
import { answering } from './route-helpers.js';
import {
  countsSchema,
  listQuery,
  pageOptions,
  resultSchema,
  runJson,
  runSchema,
  transactionJson,
  transactionSchema,
} from '../schemas/transaction-schemas.js';

const ACK_STATES = [
  'pending',
  'answered',
  'accepted',
  'accepted-with-errors',
  'partially-accepted',
  'rejected',
  'received',
] as const;
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const incomingSchema = transactionSchema
  .extend({
    source: z.string().nullable().describe('Where the file was picked up'),
    counts: countsSchema.nullable().describe("The file report's counts; null while the file is in flight"),
  })
  .meta({ id: 'IncomingFile', description: 'A received file (its FILEIN step) and its outcome' });
const processErrorSchema = runSchema.extend({ error: z.string() }).meta({ id: 'ProcessError' });

/** Runs a view query, answering its refusals (limits, dates, cursors) as 400. */
async function view<T, U>(
  work: () => Promise<Page<T>>,
  json: (item: T) => U,
): Promise<{ items: U[]; next?: string }> {
  const page = await answering(work, (error) =>
    error instanceof ViewQueryError ? badRequest(error.message) : undefined,
  );
  return page.next === undefined
    ? { items: page.items.map(json) }
    : { items: page.items.map(json), next: page.next };
}

export const viewRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/runs',
    tag: 'transactions',
    summary: 'List engine runs',
    access: VIEWER,
    query: listQuery.extend({
      status: z.enum(RUN_STATUSES).optional(),
      mode: z.enum(RUN_MODES).optional(),
      withErrors: flag.optional().describe('Only runs with a system error or file errors'),
    }),
    response: pageOf(runSchema),
    async handler({ query, web }) {
      return view(
        () =>
          web.store.views.runs({
            ...pageOptions(query),
            ...defined({ status: query.status, mode: query.mode, withErrors: query.withErrors }),
          }),
        runJson,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/incoming',
    tag: 'transactions',
    summary: 'List received files',
    access: VIEWER,
    query: listQuery.extend({
      route: z.string().optional(),
      channel: z.string().optional(),
      result: resultSchema.optional(),
    }),
    response: pageOf(incomingSchema),
    async handler({ query, web }) {
      return view(
        () =>
          web.store.views.incoming({
            ...pageOptions(query),
            ...defined({ route: query.route, channel: query.channel, result: query.result }),
          }),
        (item) => ({ ...transactionJson(item), source: item.source, counts: item.counts }),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/outgoing',
    tag: 'transactions',
    summary: 'List sent files',
    access: VIEWER,
    query: listQuery.extend({
      route: z.string().optional(),
      channel: z.string().optional(),
      partner: z.string().optional().describe('The receiving partner'),
      result: resultSchema.optional(),
    }),
    response: pageOf(transactionSchema),
    async handler({ query, web }) {
      return view(
        () =>
          web.store.views.outgoing({
            ...pageOptions(query),
            ...defined({
              route: query.route,
              channel: query.channel,
              partner: query.partner,
              result: query.result,
            }),
          }),
        transactionJson,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/documents',
    tag: 'transactions',
    summary: 'List business documents (received or produced messages)',
    access: VIEWER,
    query: listQuery.extend({
      direction: z.enum(['in', 'out']).describe('in: received messages; out: what the mappings produced'),
      partner: z
        .string()
        .optional()
        .describe('The sender of a received message, the receiver of a produced one'),
      result: resultSchema.optional(),
      messagetype: z.string().optional(),
      reference: z.string().min(1).max(255).optional().describe('Document number, control number, ...'),
      referenceMatch: z.enum(['exact', 'prefix']).optional(),
    }),
    response: pageOf(transactionSchema),
    async handler({ query, web }) {
      return view(
        () =>
          web.store.views.documents({
            ...pageOptions(query),
            direction: query.direction,
            ...defined({
              partner: query.partner,
              result: query.result,
              messagetype: query.messagetype,
              reference: query.reference,
              referenceMatch: query.referenceMatch,
            }),
          }),
        transactionJson,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/process-errors',
    tag: 'transactions',
    summary: 'List runs that stopped on a system error',
    access: VIEWER,
    query: listQuery,
    response: pageOf(processErrorSchema),
    async handler({ query, web }) {
      return view(
        () => web.store.views.processErrors(pageOptions(query)),
        (item) => ({ ...runJson(item), error: item.error }),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/acknowledgements',
    tag: 'transactions',
    summary: 'List sent messages or interchanges that asked for an acknowledgement',
    access: VIEWER,
    query: listQuery.extend({
      level: z.enum(['message', 'interchange']).optional(),
      state: z.enum(ACK_STATES).optional().describe('pending, answered, or one answer'),
      partner: z.string().optional().describe('The partner who should answer'),
    }),
    response: pageOf(transactionSchema),
    async handler({ query, web }) {
      return view(
        () =>
          web.store.views.acknowledgements({
            ...pageOptions(query),
            ...defined({ level: query.level, state: query.state, partner: query.partner }),
          }),
        transactionJson,
      );
    },
  }),
];
