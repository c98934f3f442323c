/**
 * GET /api/events: a server-sent-events stream (text/event-stream) of `job` events (status and progress of queued
 * work) and `transaction` events (files received and sent), each `data` a JSON object as in /api/jobs/{id} and
 * /api/transactions/{id}. A comment line every 15 s keeps proxies from closing an idle stream.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { eventHubOf } from '../event-hub.js';

const KEEPALIVE_MS = 15_000;

export const eventRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/events',
    tag: 'jobs',
    summary: 'Stream job progress and new transactions (server-sent events)',
    access: { kind: 'role', role: 'viewer', scopes: ['outbound'] },
    response: z.string().describe('event: job|transaction, data: the JSON of the job or transaction'),
    produces: 'text/event-stream',
    async handler({ request, reply, web }) {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      raw.write(': connected\n\n');
      let sequence = 0;
      const unsubscribe = eventHubOf(web.store).subscribe((event) => {
        raw.write(`id: ${++sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
      });
      const keepalive = setInterval(() => raw.write(': keep-alive\n\n'), KEEPALIVE_MS);
      request.raw.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
      });
      return '';
    },
  }),
];
