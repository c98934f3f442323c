/**
 * The engine as a library (DESIGN.md "Contracts: runs and durability"): `runEngine(request, { signal,
 * onProgress, clock })` runs the routes of a workspace once and returns a typed report. The CLI (`bots engine`)
 * and the worker role call it in-process.
 *
 * A run records itself (runs table), takes a lease on every route it processes (all or nothing: a route held by
 * another live run makes the whole request fail with RouteHeldError, exit 3, so two engines on different routes
 * run side by side and never twice on one), renews the leases while it works, and releases them at the end.
 * Cancellation through the signal is checked between files and between messages; the run then ends
 * `cancelled` with what it finished committed. Progress is reported at most every 500 ms, and once at the end.
 */
import type { ConfigDocument } from '../core/config-model.js';
import { leaseHolder, type RunMode, type Store } from '../store/store.js';
import { ConfirmRules } from './confirm-rules.js';
import { FsContentStore } from './content-store.fs.js';
import { GrammarCatalog } from './grammar-catalog.js';
import { CodeLists } from './mapping-context.js';
import { MappingLoader, type MappingScript } from './mapping-loader.js';
import { PartnerDirectory } from './partner-directory.js';
import { cleanup, MAINTENANCE_LEASE, type CleanupCounts } from './cleanup.js';
import { releaseStaleLeases, recoverRoutes } from './recovery.js';
import { channelMap, planRoutes, type PlannedRoute } from './route-plan.js';
import { rereceiveMarked, resendMarked, retryFailed } from './run-modes.js';
import { deliver, emptyCounts, runRoute, type RouteEnv, type RunCounts } from './route-runner.js';
import { loadSettings, type Settings } from './settings.js';
import { TranslationTable } from './translation-table.js';
import { usersysPaths, workspaceLayout } from './workspace.js';

export type EngineMode = Exclude<RunMode, 'crash-recovery'>;

export interface EngineRequest {
  mode: EngineMode;
  /** Routes to run; empty or absent: every route of the default run. */
  routes?: readonly string[];
  /** The workspace folder. */
  home: string;
  store: Store;
  /** Default: the workspace's settings file with environment overrides. */
  settings?: Settings;
}

export interface EngineProgress {
  runId: string;
  route: string;
  /** The file just finished. */
  file: string;
  counts: Readonly<RunCounts>;
}

export interface EngineOptions {
  signal?: AbortSignal;
  onProgress?: (progress: EngineProgress) => void;
  /** The run's clock (envelope dates, file names, row times); default the system clock. */
  clock?: () => Date;
}

export interface RunReport {
  runId: string;
  mode: EngineMode;
  status: 'done' | 'error' | 'cancelled';
  routes: string[];
  counts: RunCounts;
  /** True when files or messages failed (the CLI exits 2). */
  fileErrors: boolean;
  /** The system error that ended the run early, when status is `error`. */
  error: string | null;
  /** What a cleanup run removed. */
  cleanup?: CleanupCounts;
  startedAt: Date;
  endedAt: Date;
}

/** A requested route is being processed by another run (exit 3). */
export class RouteHeldError extends Error {
  override name = 'RouteHeldError';
  constructor(readonly routes: { route: string; holder: string; until: Date }[]) {
    super(
      `Another run holds ${routes.map((r) => `route ${r.route} (${r.holder}, until ${r.until.toISOString()})`).join(', ')}; try again when it has finished`,
    );
  }
}

const PROGRESS_MS = 500;

const MODES: Record<
  Exclude<EngineMode, 'cleanup'>,
  (plan: readonly PlannedRoute[], env: RouteEnv) => Promise<void>
> = {
  async new(plan, env) {
    for (const route of plan) {
      env.signal?.throwIfAborted();
      await runRoute(route, env);
    }
  },
  resend: resendMarked,
  rereceive: rereceiveMarked,
  retry: retryFailed,
};

export async function runEngine(request: EngineRequest, options: EngineOptions = {}): Promise<RunReport> {
  const clock = options.clock ?? (() => new Date());
  const layout = workspaceLayout(request.home);
  const settings = request.settings ?? loadSettings(layout);
  const store = request.store;
  const config = await store.config.read();
  const maintenance = request.mode === 'cleanup';
  const plan = maintenance ? [] : planRoutes(config, request.routes ?? []);
  const routeIds = maintenance ? [MAINTENANCE_LEASE] : plan.map((r) => r.id);
  const startedAt = clock();
  const run = await store.runs.start(request.mode, routeIds, startedAt);
  const leaseMs = settings.engine.leaseSeconds * 1000;
  await releaseStaleLeases(store.leases, routeIds);
  if (!(await store.leases.acquire(routeIds, run.id, leaseHolder(), leaseMs, startedAt))) {
    const held = (await store.leases.list()).filter(
      (l) => routeIds.includes(l.routeId) && l.runId !== run.id && l.expiresAt > startedAt,
    );
    const error = new RouteHeldError(
      held.map((l) => ({ route: l.routeId, holder: l.holder, until: l.expiresAt })),
    );
    await store.runs.finish(run.id, 'error', {}, error.message, clock());
    throw error;
  }
  const renewal = setInterval(
    () => void store.leases.renew(run.id, leaseMs, clock()).catch(() => undefined),
    leaseMs / 3,
  );
  renewal.unref();

  const counts = emptyCounts();
  let lastProgress = 0;
  let status: RunReport['status'] = 'done';
  let failure: string | null = null;
  let cleaned: CleanupCounts | undefined;
  try {
    const env = routeEnv(run.id, config, layout.data, request, settings, clock, counts, options);
    env.progress = (route, file) => {
      const now = Date.now();
      if (!options.onProgress || now - lastProgress < PROGRESS_MS) return;
      lastProgress = now;
      options.onProgress({ runId: run.id, route, file, counts: { ...counts } });
    };
    if (maintenance) {
      const archives = config.channels.flatMap((c) => (c.archivePath ? [c.archivePath] : []));
      cleaned = await cleanup(store, env.content, settings.retention, env.now, archives);
    } else {
      const recovered = await recoverRoutes(plan, env);
      counts.recovered = recovered.retranslated + recovered.resent;
      await MODES[request.mode as Exclude<EngineMode, 'cleanup'>](plan, env);
      await deliver(env.deferred.splice(0), env);
      counts.ackOverdue = await overdue(plan, env, settings.engine.ackOverdueHours);
    }
  } catch (error) {
    if (options.signal?.aborted) status = 'cancelled';
    else {
      status = 'error';
      failure = error instanceof Error ? error.message : String(error);
    }
  } finally {
    clearInterval(renewal);
    await store.leases.release(run.id);
  }
  const endedAt = clock();
  await store.runs.finish(run.id, status, { ...counts }, failure, endedAt);
  options.onProgress?.({ runId: run.id, route: '', file: '', counts: { ...counts } });
  return {
    runId: run.id,
    mode: request.mode,
    status,
    routes: routeIds,
    counts,
    fileErrors: counts.errors + counts.sendErrors + counts.unrouted > 0,
    error: failure,
    ...(cleaned ? { cleanup: cleaned } : {}),
    startedAt,
    endedAt,
  };
}

/** Messages of these routes that asked for an acknowledgement longer than `hours` ago and got none. */
async function overdue(plan: readonly PlannedRoute[], env: RouteEnv, hours: number): Promise<number> {
  if (!env.confirm.asksAny()) return 0; // nothing is ever asked for: no query on every run
  const before = new Date(env.now.getTime() - hours * 3_600_000);
  let n = 0;
  for (const route of plan)
    n += (
      await env.store.ta.find({
        status: ['TRANSLATED'],
        routeId: route.id,
        awaitingConfirm: true,
        createdBefore: before,
      })
    ).length;
  return n;
}

/** Each script loaded (compiled if needed, imported) once per run; a script that fails to load fails every
 * message that needs it with the same error. */
function scriptsOfRun(loader: MappingLoader): (name: string) => Promise<MappingScript> {
  const scripts = new Map<string, Promise<MappingScript>>();
  return (name) => {
    let script = scripts.get(name);
    if (!script) scripts.set(name, (script = loader.load(name)));
    return script;
  };
}

function routeEnv(
  runId: string,
  config: ConfigDocument,
  dataRoot: string,
  request: EngineRequest,
  settings: Settings,
  clock: () => Date,
  counts: RunCounts,
  options: EngineOptions,
): RouteEnv {
  const now = clock();
  const partners = new PartnerDirectory(config);
  const confirm = new ConfirmRules(config, partners);
  const catalog = new GrammarCatalog(usersysPaths(request.home));
  const content = new FsContentStore(dataRoot, { clock });
  return {
    runId,
    store: request.store,
    content,
    dataRoot,
    channels: channelMap(config),
    partners,
    confirm,
    catalog,
    now,
    counts,
    progress: () => undefined,
    deferred: [],
    ...(options.signal ? { signal: options.signal } : {}),
    translate: {
      runId,
      store: request.store,
      content,
      catalog,
      loadScript: scriptsOfRun(MappingLoader.forWorkspace(request.home)),
      translations: new TranslationTable(config, partners),
      partners,
      codeLists: new CodeLists(config),
      confirm,
      seenInterchanges: new Map(),
      reserve: (name, count) => request.store.counters.reserve(name, count),
      unknownSenders: config.settings?.unknownSenders ?? 'error',
      issuesPerFile: settings.limits.issuesPerFile,
      now,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  };
}
