/** The JSON shape of a queued job in the API. */
import { z } from 'zod';
import type { JobRow } from '../../jobs/job-queue.js';
import { JOB_KINDS, JOB_STATUSES, RUN_MODES } from '../../store/schema/shared.js';
import { iso, isoOrNull, timestamp } from './common.js';
import { countsSchema } from './transaction-schemas.js';

export const jobSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(JOB_KINDS),
    mode: z.enum(RUN_MODES),
    routes: z.array(z.string()).describe('Empty: every route of the default run'),
    priority: z.number().int().describe('Smaller runs first (0 to 1000)'),
    status: z.enum(JOB_STATUSES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    source: z.string().nullable().describe('Who queued it: api:NAME, cli, scheduler:ID, dirmonitor'),
    runId: z.string().nullable().describe('The engine run of the latest execution'),
    progress: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
    result: countsSchema.nullable(),
    error: z.string().nullable(),
    runAfter: timestamp,
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: 'Job', description: 'Queued work: an engine run or maintenance' });

export type JobJson = z.infer<typeof jobSchema>;

export function jobJson(job: JobRow): JobJson {
  return {
    id: job.id,
    kind: job.kind,
    mode: job.mode,
    routes: job.routes,
    priority: job.priority,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    source: job.source,
    runId: job.runId,
    progress: job.progress,
    result: job.result,
    error: job.error,
    runAfter: iso(job.runAfter),
    createdAt: iso(job.createdAt),
    startedAt: isoOrNull(job.startedAt),
    finishedAt: isoOrNull(job.finishedAt),
  };
}
