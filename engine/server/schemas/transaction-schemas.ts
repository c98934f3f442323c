/** The JSON shapes of the transaction log, runs and the views' queries in the API. */
import { z } from 'zod';
import type { RunRow, TaRow } from '../../store/rows.js';
import { RUN_MODES, RUN_STATUSES, TA_RESULTS, TA_STATUSES } from '../../store/schema/shared.js';
import { iso, pageQuery, timestamp } from './common.js';

const nullableString = z.string().nullable();

export const transactionSchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    parent: nullableString.describe('The step before this one'),
    child: nullableString.describe('The merged row this message went into'),
    status: z
      .enum(TA_STATUSES)
      .describe('The step: EXTERNIN, FILEIN, PARSED, SPLITUP, TRANSLATED, MERGED, FILEOUT, EXTERNOUT'),
    result: z.enum(TA_RESULTS).describe('OPEN, ERROR, OK, DONE, RESEND or NO_RETRY'),
    routeId: nullableString,
    fromChannel: nullableString,
    toChannel: nullableString,
    fromPartner: nullableString,
    toPartner: nullableString,
    editype: nullableString,
    messagetype: nullableString,
    alt: nullableString,
    reference: nullableString.describe('Document number, interchange control number, ...'),
    filename: nullableString,
    control: nullableString.describe('Envelope control numbers of what was sent'),
    confirmAsked: z.boolean().nullable(),
    confirmed: nullableString.describe('What the acknowledgement said'),
    confirmTa: nullableString,
    charset: nullableString,
    testIndicator: z.boolean().nullable(),
    error: nullableString,
    messages: z.number().int(),
    bytes: z.number().int().nullable().describe('Size of the content; null when the step keeps none'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Transaction', description: 'One step of one file or message (a row of the transaction log)' });

export type TransactionJson = z.infer<typeof transactionSchema>;

export function transactionJson(row: TaRow): TransactionJson {
  return {
    id: row.id,
    runId: row.runId,
    parent: row.parent,
    child: row.child,
    status: row.status,
    result: row.result,
    routeId: row.routeId,
    fromChannel: row.fromChannel,
    toChannel: row.toChannel,
    fromPartner: row.fromPartner,
    toPartner: row.toPartner,
    editype: row.editype,
    messagetype: row.messagetype,
    alt: row.alt,
    reference: row.reference,
    filename: row.filename,
    control: row.control,
    confirmAsked: row.confirmAsked,
    confirmed: row.confirmed,
    confirmTa: row.confirmTa,
    charset: row.charset,
    testIndicator: row.testIndicator,
    error: row.error,
    messages: row.messages,
    bytes: row.contentPath === null ? null : row.contentLength,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export const countsSchema = z.record(z.string(), z.number()).meta({
  id: 'Counts',
  description: 'Counts by name: received, translated, errors, sent, ...',
});

export const runSchema = z
  .object({
    id: z.string(),
    mode: z.enum(RUN_MODES),
    status: z.enum(RUN_STATUSES),
    routes: z.array(z.string()),
    counts: countsSchema,
    error: nullableString,
    startedAt: timestamp,
    endedAt: timestamp.nullable(),
  })
  .meta({ id: 'Run', description: 'One engine run and what it counted' });

export function runJson(row: RunRow): z.infer<typeof runSchema> {
  return {
    id: row.id,
    mode: row.mode,
    status: row.status,
    routes: row.routes,
    counts: row.counts,
    error: row.error,
    startedAt: iso(row.startedAt),
    endedAt: row.endedAt ? iso(row.endedAt) : null,
  };
}

/** What every list takes: page, order and a time range. */
export const listQuery = pageQuery.extend({
  order: z.enum(['newest', 'oldest']).default('newest'),
  from: z.iso.datetime({ offset: true }).optional().describe('Created (runs: started) at or after this time'),
  to: z.iso.datetime({ offset: true }).optional().describe('Created (runs: started) before this time'),
});

export const resultSchema = z.enum(TA_RESULTS);

/** The list query's page options for the store's views (dates parsed; absent values left out). */
export function pageOptions(query: z.infer<typeof listQuery>): {
  limit: number;
  order: 'newest' | 'oldest';
  cursor?: string;
  from?: Date;
  to?: Date;
} {
  return {
    limit: query.limit,
    order: query.order,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    ...(query.from === undefined ? {} : { from: new Date(query.from) }),
    ...(query.to === undefined ? {} : { to: new Date(query.to) }),
  };
}
