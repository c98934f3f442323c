/**
 * The outbound API for integrators: POST a document (JSON or any editype, as the raw body) for a route, and the
 * route translates and sends it as if the file had arrived in its in-channel (runtime/api-receiver.ts): the answer
 * is 202 with the document's transaction id, the job that processes it and a status URL. An `Idempotency-Key`
 * header makes retries safe: a repeat with the same key and the same request gets the first answer again (header
 * `Idempotent-Replayed: true`) and sends nothing twice; the same key with another request is refused (422).
 * Bodies over the size limit get 413. Callable by operators and by tokens with the `outbound` scope.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JobInputError } from '../../jobs/job-queue.js';
import { API_SOURCE_PREFIX, ApiReceiveError, receiveFromApi } from '../../runtime/api-receiver.js';
import type { AuditState } from '../../store/schema/shared.js';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { actorOf } from '../auth/principal.js';
import { badRequest, conflict, HttpError, notFound } from '../http-error.js';
import { jobJson, jobSchema } from '../schemas/job-schemas.js';
import { transactionJson, transactionSchema } from '../schemas/transaction-schemas.js';
import { queueOf } from '../web-queue.js';
import { audit } from './route-helpers.js';

const OUTBOUND = { kind: 'role', role: 'operator', scopes: ['outbound'] } as const;
const KEY = /^[\x21-\x7e]{1,255}$/;
const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'text/csv': 'csv',
  'application/edi-x12': 'x12',
  'application/edifact': 'edi',
};

const accepted = z
  .object({
    transactionId: z.string().describe('The received document (its EXTERNIN step)'),
    job: jobSchema,
    statusUrl: z.string().describe('Where the document reports how far it got'),
  })
  .meta({ id: 'OutboundAccepted' });

const sha256 = (...parts: (string | Buffer)[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\n');
  return hash.digest('hex');
};

export const outboundRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/api/outbound/{route}',
    tag: 'outbound',
    summary: 'Post a document for a route to translate and send',
    description:
      'The body is the document itself, in any media type. Send an Idempotency-Key header to retry safely. The route must receive from a channel; its settings (editype, partners) apply as for a file read from that channel.',
    access: OUTBOUND,
    consumes: 'any',
    params: z.object({ route: z.string().min(1).max(64) }),
    query: z.object({
      filename: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('The name the document is known by ({infile} in out-channel names)'),
    }),
    body: z.instanceof(Buffer, { message: 'send the document as the body, with its Content-Type' }),
    status: 202,
    response: accepted,
    errors: [409, 413, 422],
    async handler(call) {
      const { web, principal, params, body } = call;
      if (body.length === 0) throw badRequest('The body is empty: send the document');
      const key = call.request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !KEY.test(key)))
        throw badRequest('Idempotency-Key must be 1 to 255 printable ASCII characters');
      const mediaType = (call.request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const now = web.now();
      const name =
        call.query.filename ??
        `document-${now.toISOString().replace(/[:.]/g, '-')}.${EXTENSIONS[mediaType] ?? 'dat'}`;
      const keyHash = key === undefined ? undefined : sha256(actorOf(principal!), key);
      if (keyHash) {
        const requestHash = sha256(params.route, name, body);
        const claim = await web.store.idempotency.claim(keyHash, requestHash, now);
        if (claim.state === 'pending')
          throw conflict('A request with this Idempotency-Key is still being handled; retry in a moment');
        if (claim.state === 'done') {
          if (claim.requestHash !== requestHash)
            throw new HttpError(
              422,
              'idempotency_mismatch',
              'This Idempotency-Key was used for another request; use a new key for a new document',
            );
          call.reply.header('idempotent-replayed', 'true');
          return claim.answer as z.input<typeof accepted>;
        }
      }
      try {
        const receipt = await receiveFromApi(web.store, web.layout.data, {
          routeId: params.route,
          name,
          bytes: body,
          now,
        });
        const { job } = await (
          await queueOf(web.store)
        ).add(
          { kind: 'engine', mode: 'rereceive', routes: [params.route], source: `api:${actorOf(principal!)}` },
          now,
        );
        const answer = {
          transactionId: receipt.transactionId,
          job: jobJson(job),
          statusUrl: `/api/outbound/${receipt.transactionId}`,
        };
        if (keyHash) await web.store.idempotency.complete(keyHash, answer as unknown as AuditState);
        await audit(call, {
          action: 'outbound',
          entity: 'transaction',
          entityId: receipt.transactionId,
          after: { route: params.route, filename: name, bytes: body.length, job: job.id },
        });
        call.reply.header('location', answer.statusUrl);
        return answer;
      } catch (error) {
        if (keyHash) await web.store.idempotency.release(keyHash);
        if (error instanceof ApiReceiveError || error instanceof JobInputError)
          throw badRequest(error.message);
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/outbound/{id}',
    tag: 'outbound',
    summary: 'Show how far a posted document got',
    access: OUTBOUND,
    params: z.object({ id: z.string().min(1).max(64) }),
    response: z.object({
      transactionId: z.string(),
      state: z
        .enum(['pending', 'done', 'error'])
        .describe('pending: not translated yet; done: translated and sent; error: see the steps'),
      steps: z.array(transactionSchema),
    }),
    errors: [404],
    async handler({ params, web }) {
      const root = await web.store.views.get(params.id);
      if (!root || root.status !== 'EXTERNIN' || !root.filename?.startsWith(API_SOURCE_PREFIX))
        throw notFound(`There is no posted document ${params.id}`);
      const trace = (await web.store.views.trace(root.id))!;
      const rows = trace.rows;
      const state: 'pending' | 'done' | 'error' = rows.some((r) => r.result === 'ERROR')
        ? 'error'
        : rows.some((r) => r.status === 'FILEIN' && (r.result === 'RESEND' || r.result === 'OPEN')) &&
            !rows.some((r) => r.status === 'EXTERNOUT')
          ? 'pending'
          : 'done';
      return { transactionId: root.id, state, steps: rows.map(transactionJson) };
    },
  }),
];
