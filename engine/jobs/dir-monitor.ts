/**
 * The directory monitor (DESIGN.md "jobs/"): watches the in-channel folders of routes marked `monitor` and the
 * extra monitored folders, and queues a `new` run of the route after each burst of activity. It never reads a
 * file: whether a file is complete is the engine in-channel's check (settle time, growth, *.tmp, lock file), so
 * a file still being written is left for the run after.
 *
 * Bursts: each matching add or change restarts the route's quiet timer (`debounceMs`, default 2 s); when the
 * folder has been quiet that long, or activity has gone on for `maxWaitMs` (default 10 s) since the burst began,
 * one job is queued. The queue keeps one pending job per route, so a burst that arrives while the previous job
 * still waits adds nothing. Names are matched by our own code (the channel's mask, ignoredName), not by the
 * watcher. The configuration is read again every `reloadMs` (default 30 s); watchers follow changes.
 */
import { watch, type FSWatcher } from 'chokidar';
import { basename } from 'node:path';
import { ignoredName, maskPattern } from '../runtime/file-channel.js';
import { resolveInside } from '../runtime/safe-path.js';
import type { Store } from '../store/store.js';
import type { JobQueue } from './job-queue.js';

/** A monitored folder id: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const MONITORED_FOLDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface WatchTarget {
  /** Where it comes from: `route:<id>` or `folder:<id>`. */
  source: string;
  route: string;
  /** Absolute, inside the data root. */
  folder: string;
  mask: RegExp;
  recursive: boolean;
}

export interface DirMonitorOptions {
  store: Store;
  queue: JobQueue;
  dataRoot: string;
  debounceMs?: number;
  maxWaitMs?: number;
  reloadMs?: number;
  /** Poll instead of using file-system events (network file systems); interval in ms. */
  pollMs?: number;
  onEvent?: (event: DirMonitorEvent) => void;
}

export type DirMonitorEvent =
  | { kind: 'watching'; targets: WatchTarget[] }
  | { kind: 'queued'; route: string; jobId: number; duplicate: boolean; events: number }
  | { kind: 'error'; error: string };

/** The folders to watch: in-channels of active routes marked `monitor`, then the active extra folders. */
export async function watchTargets(store: Store, dataRoot: string): Promise<WatchTarget[]> {
  const config = await store.config.read();
  const channels = new Map(config.channels.map((c) => [c.id, c]));
  const targets: WatchTarget[] = [];
  for (const part of config.routes) {
    if (!part.monitor || !part.active || !part.fromChannel) continue;
    const channel = channels.get(part.fromChannel);
    if (!channel || channel.type !== 'file' || channel.direction !== 'in') continue;
    targets.push({
      source: `route:${part.id}`,
      route: part.id,
      folder: resolveInside(dataRoot, channel.path),
      mask: maskPattern(channel.filename),
      recursive: false,
    });
  }
  for (const folder of await store.monitoredFolders.list()) {
    if (!folder.active) continue;
    targets.push({
      source: `folder:${folder.id}`,
      route: folder.routeId,
      folder: resolveInside(dataRoot, folder.path),
      mask: maskPattern(folder.mask),
      recursive: folder.recursive,
    });
  }
  return targets;
}

interface Burst {
  quiet: NodeJS.Timeout;
  longest: NodeJS.Timeout;
  events: number;
}

export class DirMonitor {
  private watchers: FSWatcher[] = [];
  private signature = '';
  private readonly bursts = new Map<string, Burst>();
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly emit: (event: DirMonitorEvent) => void;
  private stopped = false;

  constructor(private readonly options: DirMonitorOptions) {
    this.emit = options.onEvent ?? (() => undefined);
  }

  async start(): Promise<void> {
    await this.reload();
    this.reloadTimer = setInterval(
      () => void this.reload().catch((e: unknown) => this.emit({ kind: 'error', error: String(e) })),
      this.options.reloadMs ?? 30_000,
    );
  }

  /** Reads the targets again and rebuilds the watchers when they changed. */
  async reload(): Promise<void> {
    const targets = await watchTargets(this.options.store, this.options.dataRoot);
    const signature = JSON.stringify(
      targets.map((t) => [t.source, t.route, t.folder, t.mask.source, t.recursive]),
    );
    if (signature === this.signature) return;
    this.signature = signature;
    await this.closeWatchers();
    this.watchers = await Promise.all(targets.map((target) => this.watchTarget(target)));
    this.emit({ kind: 'watching', targets });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    for (const burst of this.bursts.values()) {
      clearTimeout(burst.quiet);
      clearTimeout(burst.longest);
    }
    this.bursts.clear();
    await this.closeWatchers();
  }

  private async watchTarget(target: WatchTarget): Promise<FSWatcher> {
    const watcher = watch(target.folder, {
      // Files already there when the monitor starts count as a burst: they are waiting for a run.
      ignoreInitial: false,
      depth: target.recursive ? 99 : 0,
      ...(this.options.pollMs ? { usePolling: true, interval: this.options.pollMs } : {}),
    });
    const onFile = (path: string): void => {
      const name = basename(path);
      if (ignoredName(name) || !target.mask.test(name)) return;
      this.activity(target.route);
    };
    watcher.on('add', onFile).on('change', onFile);
    watcher.on('error', (error) => this.emit({ kind: 'error', error: `${target.folder}: ${String(error)}` }));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    return watcher;
  }

  private activity(route: string): void {
    if (this.stopped) return;
    const burst = this.bursts.get(route);
    const quietMs = this.options.debounceMs ?? 2000;
    if (burst) {
      burst.events++;
      clearTimeout(burst.quiet);
      burst.quiet = setTimeout(() => this.fire(route), quietMs);
      return;
    }
    this.bursts.set(route, {
      events: 1,
      quiet: setTimeout(() => this.fire(route), quietMs),
      longest: setTimeout(() => this.fire(route), this.options.maxWaitMs ?? 10_000),
    });
  }

  private fire(route: string): void {
    const burst = this.bursts.get(route);
    if (!burst) return;
    clearTimeout(burst.quiet);
    clearTimeout(burst.longest);
    this.bursts.delete(route);
    this.options.queue.add({ kind: 'engine', mode: 'new', routes: [route], source: 'dirmonitor' }).then(
      ({ job, duplicate }) =>
        this.emit({ kind: 'queued', route, jobId: job.id, duplicate, events: burst.events }),
      (error: unknown) => this.emit({ kind: 'error', error: `route ${route}: ${String(error)}` }),
    );
  }

  private async closeWatchers(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.close()));
    this.watchers = [];
  }
}
