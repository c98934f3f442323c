// Crash recovery: a 500-file `bots engine` run on one SQLite workspace killed with SIGKILL at random moments (8 kills,
// delays drawn from a printed seed across the measured length of an uninterrupted run of the same files), then once
// at each named fault point (BOTS_FAULT: after-archive, mid-batch-commit, after-rename, after-send) on 50 new files
// each. After a final run: the PO
// numbers in the XML outputs equal those of the inputs as multisets, no two outputs are identical, every ISA13,
// GS06, ST02 and {unique} value is distinct, the counters are at or above the highest value used, and no OPEN row
// remains. BOTS_CRASH_SEED repeats a run. Time budget: at most 3 minutes (typically about 40 seconds).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FAULT_POINTS } from '../../../engine/runtime/fault-points.js';
import { bots, CLI } from '../../helpers/cli.js';
import { sampleOrder } from './engine-workspace.js';

const TOTAL = 500;
const PER_FAULT = 50;
const KILLS = 8;

/** A small deterministic generator (mulberry32), so a seed repeats a run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function engine(
  home: string,
  env: Record<string, string>,
  killAfterMs?: number,
): Promise<{ code: number | null; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, 'engine', 'x12-orders'], {
      env: { ...process.env, BOTS_HOME: home, ...env },
      stdio: 'ignore',
    });
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, ms: Date.now() - started });
    });
  });
}

function workspace(): { home: string; inbox: string; drop(from: number, to: number): void } {
  const home = mkdtempSync(join(tmpdir(), 'bots-crash-'));
  const init = bots(['init'], { env: { BOTS_HOME: home } });
  if (init.code !== 0) throw new Error(init.stderr);
  const inbox = join(home, 'botssys', 'data', 'x12-in');
  return {
    home,
    inbox,
    drop(from, to) {
      for (let n = from; n <= to; n++) writeFileSync(join(inbox, `po-${n}.x12`), sampleOrder(n));
    },
  };
}

describe('crash recovery', () => {
  it(
    'loses nothing and repeats nothing when engines are killed at random moments and at every fault point',
    { timeout: 180_000 },
    async () => {
      const seed = Number(process.env.BOTS_CRASH_SEED ?? Date.now() % 1_000_000);
      console.log(`crash recovery seed: ${seed} (repeat with BOTS_CRASH_SEED=${seed})`);
      const next = random(seed);

      // The length of an uninterrupted run of the 500 files, on a workspace of its own.
      const probe = workspace();
      probe.drop(1, TOTAL);
      const { ms: length, code: probeCode } = await engine(probe.home, {});
      expect(probeCode).toBe(0);
      rmSync(probe.home, { recursive: true, force: true });

      // The 500-file run, killed at delays drawn across that length (each run recovers the one before).
      const ws = workspace();
      ws.drop(1, TOTAL);
      const delays = Array.from({ length: KILLS }, () => Math.round(next() * length));
      console.log(`crash recovery: uninterrupted run ${length} ms, kills after ${delays.join(', ')} ms`);
      for (const delay of delays) await engine(ws.home, {}, delay);
      // Then each fault point kills the engine in a batch of new files of its own.
      let dropped = TOTAL;
      for (const point of FAULT_POINTS) {
        ws.drop(dropped + 1, dropped + PER_FAULT);
        dropped += PER_FAULT;
        const { code } = await engine(ws.home, { BOTS_FAULT: point });
        expect(code, `fault point ${point}`).toBe(null);
      }
      const final = await engine(ws.home, {});
      expect(final.code).toBe(0);

      const data = join(ws.home, 'botssys', 'data');
      const read = (folder: string): { name: string; content: string }[] =>
        readdirSync(join(data, folder))
          .filter((name) => !name.startsWith('.'))
          .map((name) => ({ name, content: readFileSync(join(data, folder, name), 'latin1') }));
      const xml = read('xml-out');
      const csv = read('csv-out');
      const acks = read('x12-out');
      expect(readdirSync(ws.inbox)).toEqual([]);

      // PO numbers: outputs equal inputs as multisets (each exactly once).
      const numbers = xml.map((f) => /<number>(PO-\d+)<\/number>/.exec(f.content)![1]!).sort();
      const expected = Array.from({ length: dropped }, (_, i) => `PO-${i + 1}`).sort();
      expect(numbers).toEqual(expected);
      expect(csv.map((f) => /\n(PO-\d+),/.exec(f.content)![1]!).sort()).toEqual(expected);

      // No two outputs are identical.
      const contents = [...xml, ...csv, ...acks].map((f) => f.content);
      expect(new Set(contents).size).toBe(contents.length);

      // Control numbers and {unique} values are distinct.
      const controls = (pattern: RegExp): string[] =>
        acks.flatMap((f) => [...f.content.matchAll(pattern)].map((m) => m[1]!));
      const isa13 = controls(/^ISA(?:\*[^*]*){12}\*(\d{9})\*/gm);
      const gs06 = controls(/^GS(?:\*[^*]*){5}\*(\d+)\*/gm);
      const st02 = controls(/^ST\*997\*(\d+)~/gm);
      for (const [name, values] of Object.entries({ isa13, gs06, st02 })) {
        expect(values.length, name).toBeGreaterThan(0);
        expect(new Set(values).size, name).toBe(values.length);
      }
      const unique = (files: { name: string }[]): number[] =>
        files.map((f) => Number(/_(\d+)\.\w+$/.exec(f.name)![1]));
      for (const [folder, files] of Object.entries({ xml, csv, acks })) {
        const values = unique(files);
        expect(new Set(values).size, folder).toBe(values.length);
      }

      const db = new Database(join(ws.home, 'botssys', 'db', 'bots.sqlite'), { readonly: true });
      try {
        const counter = (name: string): number =>
          (db.prepare('SELECT value FROM counters WHERE name = ?').get(name) as { value: number } | undefined)
            ?.value ?? 0;
        expect(counter('filename:xml-out')).toBeGreaterThanOrEqual(Math.max(...unique(xml)));
        expect(counter('filename:csv-out')).toBeGreaterThanOrEqual(Math.max(...unique(csv)));
        expect(counter('filename:x12-out')).toBeGreaterThanOrEqual(Math.max(...unique(acks)));
        expect(counter('x12:ISA13:ZZ:SUPPLIER')).toBeGreaterThanOrEqual(Math.max(...isa13.map(Number)));
        expect(counter('x12:GS06:ZZ:SUPPLIER')).toBeGreaterThanOrEqual(Math.max(...gs06.map(Number)));
        expect(counter('x12:ST02:ZZ:SUPPLIER')).toBeGreaterThanOrEqual(Math.max(...st02.map(Number)));
        expect(db.prepare("SELECT status, result, error FROM ta WHERE result = 'OPEN'").all()).toEqual([]);
        expect(db.prepare("SELECT id FROM runs WHERE status = 'running'").all()).toEqual([]);
      } finally {
        db.close();
      }
      rmSync(ws.home, { recursive: true, force: true });
    },
  );

  it(
    'resumes a big file after the commit of its first part: every order exactly once',
    { timeout: 60_000 },
    async () => {
      const ws = workspace();
      const orders = 1200;
      writeFileSync(
        join(ws.inbox, 'big.x12'),
        Array.from({ length: orders }, (_, i) => sampleOrder(i + 1)).join(''),
      );
      // The file is committed in parts of 500 messages; the engine dies right after the first part was sent.
      expect((await engine(ws.home, { BOTS_FAULT: 'after-send' })).code).toBe(null);
      const xmlOut = join(ws.home, 'botssys', 'data', 'xml-out');
      const afterCrash = readdirSync(xmlOut).length;
      expect(afterCrash).toBe(500);
      expect((await engine(ws.home, {})).code).toBe(0);
      const numbers = readdirSync(xmlOut)
        .map((name) => /<number>(PO-\d+)<\/number>/.exec(readFileSync(join(xmlOut, name), 'latin1'))![1]!)
        .sort();
      expect(numbers).toEqual(Array.from({ length: orders }, (_, i) => `PO-${i + 1}`).sort());
      const db = new Database(join(ws.home, 'botssys', 'db', 'bots.sqlite'), { readonly: true });
      try {
        expect(db.prepare("SELECT count(*) AS n FROM ta WHERE status = 'PARSED'").get()).toEqual({
          n: orders,
        });
        expect(db.prepare("SELECT result FROM ta WHERE status = 'FILEIN'").all()).toEqual([
          { result: 'DONE' },
        ]);
        expect(db.prepare("SELECT count(*) AS n FROM ta WHERE result = 'OPEN'").get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }
      rmSync(ws.home, { recursive: true, force: true });
    },
  );
});
