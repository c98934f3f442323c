/**
 * `bots web` (container alias `webserver`): the web role. Opens the workspace's database (migrating it), serves the
 * API, the setup page and the health endpoints on one HTTP port, and prints the admin URL and, while no admin
 * exists, a one-time setup link. Stops on SIGTERM or SIGINT after answering the requests in flight.
 */
import { ProcessMetrics } from '../server/metrics.js';
import { openWorkspaceStore } from '../cli/store-access.js';
import type { Output } from '../cli/output.js';
import { apiRoutes } from '../server/api-routes.js';
import { Heartbeat } from '../server/health.js';
import { registerLaunchToken } from '../server/launch-token.js';
import { issueSetupLink } from '../server/setup-link.js';
import { registerSetupPage } from '../server/setup-page.js';
import { createWebApp } from '../server/web-app.js';
import { adminUrl, webSettings, WebSettingsError, type WebSettings } from '../server/web-settings.js';
import { UsageError } from '../cli/usage-error.js';
import { announceReady } from './readiness.js';
import { stopSignal } from './stop-signal.js';

export interface WebRoleOptions {
  home?: string;
  host?: string;
  port?: number;
  /** Under `bots serve`, which prints the setup link itself. */
  noSetupLink?: boolean;
}

/** How often the web role's heartbeat ticks (live fails after twice this without a tick). */
const HEARTBEAT_MS = 2000;

export async function webRole(options: WebRoleOptions, out: Output): Promise<number> {
  let settings: WebSettings;
  try {
    settings = webSettings({ host: options.host, port: options.port });
  } catch (error) {
    if (error instanceof WebSettingsError) throw new UsageError(error.message);
    throw error;
  }
  const { store, layout, description } = await openWorkspaceStore(options.home);
  let started = false;
  const heartbeat = new Heartbeat(HEARTBEAT_MS).start();
  try {
    await store.migrate();
    const app = await createWebApp(
      {
        store,
        layout,
        options: settings.options,
        now: () => new Date(),
        heartbeat,
        started: () => started,
        processMetrics: new ProcessMetrics('web'),
      },
      apiRoutes(layout.data),
    );
    registerSetupPage(app);
    await registerLaunchToken(store);
    await app.listen({ host: settings.host, port: settings.port });
    const url = adminUrl(settings.host, settings.port);
    out.stdout(`web: serving ${url} (API under ${url}api/, database ${description})\n`);
    if (!options.noSetupLink) {
      const link = await issueSetupLink(store, url);
      if (link) out.stdout(`web: no admin yet: open ${link} within 24 hours to create one\n`);
    }
    started = true;
    announceReady();
    const signal = await stopSignal();
    out.stdout(`web: ${signal}: stopping\n`);
    await app.close();
    return 0;
  } finally {
    heartbeat.stop();
    await store.close();
  }
}
