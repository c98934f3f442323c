/**
 * A real temporary workspace for engine tests: `bots init` (as a library call) with the sample configuration
 * and scripts, the SQLite store, and helpers to drop input files, run the engine with a fixed clock and read the
 * outputs and the transaction log.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCommand } from '../../../engine/cli/init-command.js';
import type { ConfigDocument } from '../../../engine/core/config-model.js';
import { jobQueueFor } from '../../../engine/jobs/queue-for-store.js';
import { runWorker } from '../../../engine/jobs/worker.js';
import { runEngine, type EngineOptions, type RunReport } from '../../../engine/runtime/run-engine.js';
import { SAMPLE_FILES } from '../../../engine/runtime/sample-config.js';
import { workspaceLayout } from '../../../engine/runtime/workspace.js';
import { openStore, type Store, type TaRow } from '../../../engine/store/store.js';

/** The fixed clock of engine tests: envelopes and file names are deterministic. */
export const FIXED_NOW = new Date('2026-11-20T10:00:00.000Z');

export interface EngineWorkspace {
  home: string;
  /** The data root (channel folders are under it). */
  data: string;
  store: Store;
  /** Writes a file into a channel folder (relative to the data root). */
  drop(folder: string, name: string, content: string | Buffer): void;
  /** A sample input file's content. */
  sample(name: string): string;
  run(routes?: string[], options?: EngineOptions): Promise<RunReport>;
  /** Runs every due job of the queue in this process, as a worker would, and returns when none is left. */
  work(): Promise<void>;
  /** The files of a channel folder, sorted by name, with their content. */
  files(folder: string): { name: string; content: string }[];
  rows(): Promise<TaRow[]>;
  /** Changes the configuration in the database. */
  configure(change: (config: ConfigDocument) => void): Promise<void>;
  dispose(): Promise<void>;
}

export async function engineWorkspace(): Promise<EngineWorkspace> {
  const home = mkdtempSync(join(tmpdir(), 'bots-engine-'));
  const silent = { stdout: () => undefined, stderr: () => undefined };
  const code = await initCommand(home, {}, silent);
  if (code !== 0) throw new Error(`init failed with ${code}`);
  const layout = workspaceLayout(home);
  const store = await openStore({ kind: 'sqlite', file: layout.database });
  return {
    home,
    data: layout.data,
    store,
    drop(folder, name, content) {
      mkdirSync(join(layout.data, folder), { recursive: true });
      writeFileSync(join(layout.data, folder, name), content);
    },
    sample: (name) => readFileSync(join(SAMPLE_FILES, name), 'latin1'),
    run: (routes = [], options = {}) =>
      runEngine({ mode: 'new', routes, home, store }, { clock: () => FIXED_NOW, ...options }),
    async work() {
      await runWorker({
        store,
        queue: await jobQueueFor(store),
        home,
        stop: new AbortController().signal,
        holder: 'test-worker',
        untilEmpty: true,
      });
    },
    files(folder) {
      const path = join(layout.data, folder);
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch {
        return [];
      }
      return names.map((name) => ({ name, content: readFileSync(join(path, name), 'latin1') }));
    },
    rows: async () => (await store.ta.find({})).sort((a, b) => (a.id < b.id ? -1 : 1)),
    async configure(change) {
      const config = await store.config.read();
      change(config);
      await store.config.replace(config);
    },
    async dispose() {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Segments of an X12 or EDIFACT text, one per entry, without terminators and line breaks. */
export function segmentsOf(text: string, terminator: string): string[] {
  return text
    .split(terminator)
    .map((s) => s.replace(/^[\r\n]+/, ''))
    .filter((s) => s !== '');
}

/** The sample 850 as order `n`: its own ISA13, GS06 and PO number (BEG03 `PO-<n>`), so files never repeat. */
export function sampleOrder(n: number): string {
  const isa13 = String(n).padStart(9, '0');
  return readFileSync(join(SAMPLE_FILES, 'po-850.x12'), 'latin1')
    .replace('*000000001*', `*${isa13}*`)
    .replace('*1200*1*X*004010~', `*1200*${n}*X*004010~`)
    .replace('BEG*00*SA*PO76397250*', `BEG*00*SA*PO-${n}*`)
    .replace('GE*1*1~', `GE*1*${n}~`)
    .replace('IEA*1*000000001~', `IEA*1*${isa13}~`);
}
