/**
 * `bots engine [--new|--resend|--rereceive|--retry|--cleanup] [ROUTE...]`: one engine run over the workspace's
 * routes (all routes of the default run, or the ones named), in this process; `--new` is the default mode. Prints one line per route problem and a summary; `--json` prints the run
 * report instead. Exit codes (DESIGN.md): 0 ok, 1 system or usage error, 2 finished with file errors, 3 a
 * requested route is held by another run.
 */
import { RoutePlanError } from '../runtime/route-plan.js';
import { RouteHeldError, runEngine, type RunReport } from '../runtime/run-engine.js';
import { modeOf } from './mode-flags.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';

export interface EngineCommandOptions {
  home?: string;
  new?: boolean;
  resend?: boolean;
  rereceive?: boolean;
  retry?: boolean;
  cleanup?: boolean;
  json?: boolean;
}

export async function engineCommand(
  routes: string[],
  options: EngineCommandOptions,
  out: Output,
): Promise<number> {
  const mode = modeOf(options, routes);
  return withStore(options.home, async ({ store, layout }) => {
    let report: RunReport;
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      report = await runEngine({ mode, routes, home: layout.home, store }, { signal: controller.signal });
    } catch (error) {
      if (error instanceof RouteHeldError) {
        out.stderr(`bots: ${error.message}\n`);
        return 3;
      }
      if (error instanceof RoutePlanError) {
        out.stderr(`bots: ${error.message}\n`);
        return 1;
      }
      throw error;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    if (options.json) out.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else out.stdout(`${summary(report)}\n`);
    if (report.status === 'error') {
      out.stderr(`bots: the run stopped: ${report.error}\n`);
      return 1;
    }
    if (report.status === 'cancelled') return 1;
    return report.fileErrors ? 2 : 0;
  });
}

function summary(report: RunReport): string {
  const c = report.counts;
  const seconds = ((report.endedAt.getTime() - report.startedAt.getTime()) / 1000).toFixed(1);
  const parts = [
    `${c.received} file${c.received === 1 ? '' : 's'} received`,
    `${c.messages} message${c.messages === 1 ? '' : 's'}`,
    `${c.translated} translated`,
    `${c.errors} in error`,
    `${c.sent} file${c.sent === 1 ? '' : 's'} sent`,
  ];
  if (c.sendErrors > 0) parts.push(`${c.sendErrors} not sent`);
  if (c.unrouted > 0) parts.push(`${c.unrouted} without out-channel`);
  if (c.recovered > 0) parts.push(`${c.recovered} recovered from an interrupted run`);
  if (c.ackOverdue > 0) parts.push(`${c.ackOverdue} acknowledgements overdue`);
  if (report.cleanup) {
    const k = report.cleanup;
    return `run ${report.runId} (cleanup, ${report.status}): removed ${k.rows} log rows, ${k.fileReports} file reports, ${k.runs} runs, ${k.interchanges} interchange records, ${k.contentDays} days of content and ${k.idempotencyKeys} idempotency keys`;
  }
  const routes = report.routes.length > 0 ? report.routes.join(', ') : 'no routes';
  return `run ${report.runId} (${report.mode}, ${report.status}, ${routes}): ${parts.join(', ')} in ${seconds} s`;
}
