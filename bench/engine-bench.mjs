#!/usr/bin/env node
// `npm run bench:engine`: whole-process `bots engine --new` on SQLite, flow (a) restricted to its XML output
// (bench/engine/config.json: the sample's 850-to-XML mapping without its chained CSV), on orders from
// ../shared/bench/gen_x12_850.py (seed 1): 1,000 files, 10,000 files and one file of 5,000 orders; a second row
// with the 997 turned on (a confirm rule). Each case: one warm-up, then the median of 3 (min-max beside it); every
// run on a fresh copy of a prepared workspace (database, configuration, compiled mapping cache) with its inputs
// copied in outside the timing. Wall time and peak RSS come from /usr/bin/time -v. Shipped settings only.
// Also reported: the file-system floor of the same durable file flow with no EDI work (bench/fs-floor.mjs).
// Results: bench/results/engine.json and a table on stdout, with the ratio to the fixed Bots 4.0 references.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const shared = process.env.BOTS_SHARED_DIR ?? join(root, '..', 'shared');
const generator = join(shared, 'bench', 'gen_x12_850.py');
const work = join(tmpdir(), 'bots-bench-engine');
const RUNS = Number(process.env.BOTS_BENCH_RUNS ?? 3);

// Bots 4.0 on this machine kind, same orders and fields, XML only (issue 3); target: 20x.
const BOTS = { files1000: 136, files10000: 141, big5000: 153, ack1000: 110 };
const TARGET = 20;
const BOTS_BIG_RSS_MIB = 1182;

if (!existsSync(generator)) {
  console.error(
    `bench:engine needs ${generator} (set BOTS_SHARED_DIR to the folder holding bench/gen_x12_850.py)`,
  );
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  console.error('bench:engine needs /usr/bin/time (Debian: apt-get install -y time)');
  process.exit(2);
}

function inputs() {
  const dir = join(work, 'inputs');
  mkdirSync(dir, { recursive: true });
  const make = (args, marker) => {
    if (!existsSync(join(dir, marker)))
      execFileSync('python3', [generator, ...args, '--seed', '1'], { cwd: dir, stdio: 'ignore' });
  };
  make(['files', 'files1000', '1000'], 'files1000');
  make(['files', 'files10000', '10000'], 'files10000');
  make(['big', 'big5000.x12', '5000'], 'big5000.x12');
  const folder = (name) => ({
    path: join(dir, name),
    files: readdirSync(join(dir, name)).map((f) => join(dir, name, f)),
  });
  return {
    files1000: { ...folder('files1000'), orders: 1000 },
    files10000: { ...folder('files10000'), orders: 10000 },
    big5000: { path: dir, files: [join(dir, 'big5000.x12')], orders: 5000 },
    empty: { path: dir, files: [], orders: 0 },
  };
}

/** A workspace with the bench configuration, its scripts compiled once (the cache is part of the copy). */
function template(name, ack) {
  const home = join(work, `template-${name}`);
  rmSync(home, { recursive: true, force: true });
  const env = { ...process.env, BOTS_HOME: home };
  execFileSync(process.execPath, [cli, 'init', '--no-sample'], { env, stdio: 'ignore' });
  const config = JSON.parse(readFileSync(join(root, 'bench', 'engine', 'config.json'), 'utf8'));
  if (ack)
    config.confirmRules.push({
      id: 'bench-997',
      active: true,
      confirmType: '997',
      ruleType: 'route',
      value: 'bench-orders',
      negative: false,
    });
  writeFileSync(join(home, 'bench-config.json'), JSON.stringify(config));
  execFileSync(process.execPath, [cli, 'config', 'import', join(home, 'bench-config.json')], {
    env,
    stdio: 'ignore',
  });
  cpSync(join(root, 'engine', 'runtime', 'sample-usersys', 'mappings'), join(home, 'usersys', 'mappings'), {
    recursive: true,
  });
  cpSync(join(root, 'bench', 'engine', 'usersys', 'mappings'), join(home, 'usersys', 'mappings'), {
    recursive: true,
  });
  execFileSync(process.execPath, [cli, 'mapping', 'check', 'x12/850-to-xml-only'], { env, stdio: 'ignore' });
  mkdirSync(join(home, 'botssys', 'data', 'x12-in'), { recursive: true });
  // One run with nothing to do compiles the mapping into the workspace cache.
  execFileSync(process.execPath, [cli, 'engine'], { env, stdio: 'ignore' });
  return home;
}

function once(templateHome, input) {
  const home = join(work, 'run');
  rmSync(home, { recursive: true, force: true });
  cpSync(templateHome, home, { recursive: true });
  const inbox = join(home, 'botssys', 'data', 'x12-in');
  for (const file of input.files) cpSync(file, join(inbox, file.slice(file.lastIndexOf('/') + 1)));
  execFileSync('sync');
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, 'engine', '--new'], {
    env: { ...process.env, BOTS_HOME: home },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`engine exited ${result.status}: ${result.stdout}${result.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(
    result.stderr,
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const out = join(home, 'botssys', 'data', 'xml-out');
  const outputs = existsSync(out) ? readdirSync(out).length : 0;
  if (outputs !== input.orders) throw new Error(`expected ${input.orders} XML files, found ${outputs}`);
  return { seconds, rssMiB: Number(rss[1]) / 1024 };
}

function measure(templateHome, input) {
  once(templateHome, input); // warm-up
  const runs = Array.from({ length: RUNS }, () => once(templateHome, input));
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor(sorted.length / 2)];
  const bytes = input.files.reduce((sum, f) => sum + statSync(f).size, 0);
  return {
    orders: input.orders,
    bytes,
    seconds: median.seconds,
    minSeconds: sorted[0].seconds,
    maxSeconds: sorted.at(-1).seconds,
    ordersPerSecond: input.orders / median.seconds,
    ordersPerSecondRange: [input.orders / sorted.at(-1).seconds, input.orders / sorted[0].seconds],
    mbPerSecond: bytes / 1e6 / median.seconds,
    peakRssMiB: Math.max(...runs.map((r) => r.rssMiB)),
  };
}

execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
const data = inputs();
const xmlOnly = template('xml', false);
const withAck = template('ack', true);
const results = {
  emptyRun: measure(xmlOnly, data.empty),
  files1000: measure(xmlOnly, data.files1000),
  files10000: measure(xmlOnly, data.files10000),
  big5000: measure(xmlOnly, data.big5000),
  ack1000: measure(withAck, data.files1000),
};
const marginal = 9000 / (results.files10000.seconds - results.files1000.seconds);
// The file-system floor of the durable file flow on this machine (bench/fs-floor.mjs: no EDI work at all).
const floorOutput = execFileSync(process.execPath, [join(root, 'bench', 'fs-floor.mjs'), '10000', '200'], {
  encoding: 'utf8',
});
const fsFloorFilesPerSecond = Number(/(\d+) files\/s/.exec(floorOutput)?.[1]);

const rows = [];
for (const [name, r] of Object.entries(results)) {
  const reference = BOTS[name];
  rows.push({
    case: name,
    'orders/s (min-max)':
      name === 'emptyRun'
        ? '-'
        : `${r.ordersPerSecond.toFixed(0)} (${r.ordersPerSecondRange[0].toFixed(0)}-${r.ordersPerSecondRange[1].toFixed(0)})`,
    'MB/s': name === 'emptyRun' ? '-' : r.mbPerSecond.toFixed(2),
    'seconds (min-max)': `${r.seconds.toFixed(3)} (${r.minSeconds.toFixed(3)}-${r.maxSeconds.toFixed(3)})`,
    'peak RSS MiB': r.peakRssMiB.toFixed(0),
    'x Bots': reference ? (r.ordersPerSecond / reference).toFixed(1) : '-',
    target: reference ? (r.ordersPerSecond / reference >= TARGET ? 'met' : 'MISSED') : '-',
  });
}
console.table(rows);
console.log(
  `marginal rate (T10000 - T1000) / 9000: ${marginal.toFixed(0)} orders/s (${(marginal / BOTS.files1000).toFixed(1)}x Bots' 1,000-file rate)`,
);
console.log(
  `file-system floor (bench/fs-floor.mjs, 10,000 files, no EDI work): ${fsFloorFilesPerSecond} files/s (${(fsFloorFilesPerSecond / BOTS.files10000).toFixed(1)}x Bots' 10,000-file rate)`,
);
console.log(
  `5,000-order file: peak RSS ${results.big5000.peakRssMiB.toFixed(0)} MiB (target under 250 MB; Bots ${BOTS_BIG_RSS_MIB} MiB)`,
);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'engine.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, bots: BOTS, results, marginalOrdersPerSecond: marginal, fsFloorFilesPerSecond }, null, 2)}\n`,
);
