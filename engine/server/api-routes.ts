/**
 * Every API route the web role serves, in one list: what web-app.ts registers and openapi.ts describes. A route
 * file exports its routes; add it here.
 */
import { defineRoute, type AnyRoute } from './api-route.js';
import { VIEWER } from './auth/principal.js';
import { openApiDocument } from './openapi.js';
import { auditRoutes } from './routes/audit-routes.js';
import { configRoutes } from './routes/config-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { outboundRoutes } from './routes/outbound-routes.js';
import { secretRoutes } from './routes/secret-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { transactionRoutes } from './routes/transaction-routes.js';
import { viewRoutes } from './routes/view-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { productVersion } from '../runtime/product-version.js';
import { z } from 'zod';

/** `dataRoot`: the workspace's data folder (monitored folders must stay inside it). */
export function apiRoutes(dataRoot: string): AnyRoute[] {
  const routes: AnyRoute[] = [
    ...sessionRoutes,
    ...userRoutes,
    ...tokenRoutes,
    ...configRoutes(dataRoot),
    ...viewRoutes,
    ...transactionRoutes,
    ...jobRoutes,
    ...outboundRoutes,
    ...eventRoutes,
    ...secretRoutes,
    ...systemRoutes,
    ...metricsRoutes,
    ...auditRoutes,
  ];
  let document: ReturnType<typeof openApiDocument> | undefined;
  routes.push(
    defineRoute({
      method: 'GET',
      path: '/api/openapi.json',
      tag: 'meta',
      summary: 'Describe the API (OpenAPI 3.1)',
      access: VIEWER,
      response: z.record(z.string(), z.unknown()),
      async handler() {
        document ??= openApiDocument(routes, productVersion());
        return { ...document };
      },
    }),
  );
  return routes;
}
