/**
 * GET /metrics (Prometheus text format): this web process's metrics and the installation's from the database
 * (server/metrics.ts). Outside /api/ by Prometheus custom, but authenticated like the API: a session, or a token
 * with the `metrics` scope (or a role).
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { METRICS } from '../auth/principal.js';
import { DatabaseMetrics } from '../metrics.js';
import { queueOf } from '../web-queue.js';
import type { Store } from '../../store/store.js';

const databases = new WeakMap<Store, DatabaseMetrics>();

export const metricsRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/metrics',
    tag: 'system',
    summary: 'Read the metrics (Prometheus)',
    access: METRICS,
    response: z.string(),
    produces: 'text/plain',
    async handler({ web, reply }) {
      let database = databases.get(web.store);
      if (!database) {
        database = new DatabaseMetrics(web.store, () => queueOf(web.store));
        databases.set(web.store, database);
      }
      const text = web.processMetrics.render() + (await database.render());
      await reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
      return '';
    },
  }),
];
