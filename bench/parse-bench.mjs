#!/usr/bin/env node
/**
 * `npm run bench:parse`: parse and validate speed of ours against the JS peers, on X12 850 and EDIFACT ORDERS
 * files of 5 and 50 MB, plus the correctness checks that make the figures trustworthy. Writes
 * bench/results/parse.json and prints a table. See bench/README.md for what each figure means.
 *
 * Method: every measurement is a fresh `node` process started through `/usr/bin/time -f %M` (peak RSS in KiB).
 * A group of adapters is measured in rounds: one warm-up round (discarded), then 5 rounds, each running ours
 * first and then every peer once, so ours and the peers alternate and share the same machine noise. Figures are
 * medians; a ratio is the peer's median time divided by ours (above 1: ours is faster).
 *   - in-process: bench/measure.mjs preloads the file, times only the parse (see adapters.mjs);
 *   - whole-process: wall time of the process, measured here, from spawn to exit, `node dist/cli.js validate
 *     FILE` against a peer script that reads the same file (bench/peers/).
 * MB/s uses MB = 10^6 bytes; memory is in MiB (2^20 bytes), as in ../shared/research/peers.md.
 *
 * Env: BENCH_SKIP_HUGE=1 skips the 500 MB flatness step; BENCH_RUNS=N changes the number of timed rounds.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ADAPTERS } from './adapters.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, 'bench', 'data');
const RESULTS = join(ROOT, 'bench', 'results');
const X12_GENERATOR = join(
  process.env.BOTS_SHARED_DIR ?? join(ROOT, '..', 'shared'),
  'bench',
  'gen_x12_850.py',
);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SKIP_HUGE = process.env.BENCH_SKIP_HUGE === '1';
/** An empty workspace, so user grammars on this machine cannot change what `bots validate` does. */
const HOME = join(DATA, 'bots-home');
const MIB = 1024;

/** Inputs: X12 from the shared generator (same orders as the Bots baseline), EDIFACT from ours. */
const FILES = {
  'x12-5mb': { syntax: 'x12', name: 'x12-850-5mb.edi', x12Orders: 1417 },
  'x12-50mb': { syntax: 'x12', name: 'x12-850-50mb.edi', x12Orders: 14170 },
  'x12-500mb': { syntax: 'x12', name: 'x12-850-500mb.edi', x12Orders: 141700 },
  'edifact-5mb': { syntax: 'edifact', name: 'edifact-orders-5mb.edi', edifactBytes: 5_000_000 },
  'edifact-50mb': { syntax: 'edifact', name: 'edifact-orders-50mb.edi', edifactBytes: 50_000_000 },
};

const TARGETS = {
  x12WholeVsNodeX12Stream: 1.0,
  edifactWholeVsEdifactReader: 2.0,
  tokenizeVsNodeX12Stream: 1.5,
  validatePeakRssMiB: 150,
  flatnessRssDeltaMiB: 32,
};

// ---------------------------------------------------------------------------------------------------------
// Processes

/** Runs a command under /usr/bin/time; returns wall time (ms, measured here), peak RSS (KiB), output. */
function timed(command, args, { env = {} } = {}) {
  const rssFile = join(DATA, `.rss-${process.pid}`);
  const start = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, BOTS_HOME: HOME, ...env },
  });
  const wallMs = performance.now() - start;
  const rssText = readFileSync(rssFile, 'utf8').trim().split('\n').pop();
  rmSync(rssFile, { force: true });
  return {
    wallMs,
    rssKiB: Number(rssText),
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
  };
}

function mustSucceed(label, result) {
  if (result.status !== 0)
    throw new Error(`${label} exited with ${result.status}:\n${result.stderr.slice(-2000)}`);
  return result;
}

function run(command, args, label) {
  const child = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${label} failed (exit ${child.status})`);
  return child.stdout.trim();
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

function filePath(key) {
  return join(DATA, FILES[key].name);
}

/** Generates the file when missing (bench/data is not committed); delete it to regenerate. */
function ensureFile(key) {
  const spec = FILES[key];
  const path = filePath(key);
  if (existsSync(path)) return path;
  console.log(`generating ${spec.name} ...`);
  if (spec.x12Orders)
    console.log(
      run('python3', [X12_GENERATOR, 'big', path, String(spec.x12Orders), '--seed', '1'], 'X12 gen'),
    );
  else
    console.log(
      run(
        'node',
        [join('bench', 'edifact-orders-gen.mjs'), path, '--bytes', String(spec.edifactBytes), '--seed', '1'],
        'EDIFACT gen',
      ),
    );
  return path;
}

// ---------------------------------------------------------------------------------------------------------
// Statistics

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mbPerS = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const round = (value, digits = 1) => Number(value.toFixed(digits));

/**
 * Measures a group of entries ({label, command, args, check}) in rounds: one warm-up round, then RUNS rounds
 * in the given order (ours first). `check(result)` validates a run's output and returns what to keep of it.
 */
function rounds(title, entries, bytes) {
  process.stdout.write(`${title}: warm-up`);
  for (const entry of entries) entry.check(mustSucceed(entry.label, timed(entry.command, entry.args)));
  const samples = new Map(entries.map((entry) => [entry.label, []]));
  for (let r = 1; r <= RUNS; r++) {
    process.stdout.write(` ${r}`);
    for (const entry of entries) {
      const result = mustSucceed(entry.label, timed(entry.command, entry.args));
      samples.get(entry.label).push({ ...result, kept: entry.check(result) });
    }
  }
  process.stdout.write('\n');
  const figures = {};
  for (const entry of entries) {
    const list = samples.get(entry.label);
    const ms = list.map((s) => entry.time(s));
    const medianMs = median(ms);
    figures[entry.label] = {
      medianMs: round(medianMs),
      mbPerS: round(mbPerS(bytes, medianMs)),
      samplesMs: ms.map((v) => round(v)),
      peakRssMiB: round(Math.max(...list.map((s) => s.rssKiB)) / MIB),
      ...list.at(-1).kept,
    };
  }
  return figures;
}

/** The ratio of medians: peer time / our time; above 1 means ours is faster. */
function ratio(figures, ours, peer) {
  return round(figures[peer].medianMs / figures[ours].medianMs, 2);
}

// ---------------------------------------------------------------------------------------------------------
// In-process group

function inProcess(key, expected) {
  const { syntax } = FILES[key];
  const path = filePath(key);
  const names = Object.keys(ADAPTERS).filter((n) => ['both', syntax].includes(ADAPTERS[n].syntax));
  const entries = names.map((name) => {
    const heap = ADAPTERS[name].heap ? [`--max-old-space-size=${ADAPTERS[name].heap}`] : [];
    return {
      label: name,
      command: 'node',
      args: [...heap, join('bench', 'measure.mjs'), name, path, syntax],
      time: (s) => s.kept.ms,
      check: (result) => {
        const line = JSON.parse(result.stdout.trim().split('\n').pop());
        if (line.counts.segments !== undefined && line.counts.segments !== expected.segments)
          throw new Error(
            `${name} on ${key}: ${line.counts.segments} segments, expected ${expected.segments}`,
          );
        return { ms: line.ms, counts: line.counts };
      },
    };
  });
  const figures = rounds(`in-process ${key} (${names.join(', ')})`, entries, statSync(path).size);
  for (const figure of Object.values(figures)) delete figure.ms;
  return figures;
}

/**
 * The split floor's counts for a file (segments, values, chars), from one extra process: the reference the
 * tokenize-only adapter must match, and the segment count every adapter is checked against.
 */
function floorCounts(key) {
  const result = mustSucceed(
    'split-floor',
    timed('node', [join('bench', 'measure.mjs'), 'split-floor', filePath(key), FILES[key].syntax]),
  );
  return JSON.parse(result.stdout.trim()).counts;
}

// ---------------------------------------------------------------------------------------------------------
// Whole-process group

const WHOLE_PEERS = {
  x12: ['node-x12-stream', 'x12-parser-stream'],
  edifact: ['edifact-reader', 'edifact-parser'],
};

function wholeProcess(key, expected) {
  const { syntax } = FILES[key];
  const path = filePath(key);
  const ours = {
    label: 'bots validate',
    command: 'node',
    args: [join('dist', 'cli.js'), 'validate', path],
    time: (s) => s.wallMs,
    check: (result) => {
      const match = / valid: (\d+) message\(s\)/.exec(result.stdout);
      if (!match) throw new Error(`bots validate ${key}: ${result.stdout.slice(-500)}`);
      return { messages: Number(match[1]) };
    },
  };
  const peers = WHOLE_PEERS[syntax].map((name) => ({
    label: name,
    command: 'node',
    args: [join('bench', 'peers', `${name}.mjs`), path],
    time: (s) => s.wallMs,
    check: (result) => {
      const { segments } = JSON.parse(result.stdout.trim());
      if (segments !== expected.segments)
        throw new Error(`${name} on ${key}: ${segments} segments, expected ${expected.segments}`);
      return { segments };
    },
  }));
  return rounds(`whole-process ${key}`, [ours, ...peers], statSync(path).size);
}

// ---------------------------------------------------------------------------------------------------------
// Error injection: a copy of the 5 MB X12 file with two known errors must give exactly those two.

function lineOf(bytes, offset) {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

function errorInjection() {
  const source = filePath('x12-5mb');
  const copy = join(DATA, 'x12-850-5mb-errors.edi');
  copyFileSync(source, copy);
  let text = readFileSync(copy, 'latin1');
  const orders = FILES['x12-5mb'].x12Orders;
  const middle = Math.ceil(orders / 2);
  // SE01 of the middle transaction set, off by one (one more than the real count)
  const st = text.indexOf(`ST*850*${String(middle).padStart(4, '0')}~`);
  const se = text.indexOf('\nSE*', st) + 1;
  const seEnd = text.indexOf('*', se + 3);
  const count = Number(text.slice(se + 3, seEnd));
  text = `${text.slice(0, se + 3)}${count + 1}${text.slice(seEnd)}`;
  // DTM02 of the first DTM of the next transaction set: month 13, day 45
  const nextSt = text.indexOf(`ST*850*${String(middle + 1).padStart(4, '0')}~`);
  const dtm = text.indexOf('\nDTM*', nextSt) + 1;
  const dateAt = text.indexOf('*', dtm + 4) + 1;
  text = `${text.slice(0, dateAt)}20241345${text.slice(dateAt + 8)}`;
  writeFileSync(copy, text, 'latin1');
  const bytes = Buffer.from(text, 'latin1');
  const expected = [
    { code: 'SE_COUNT', line: lineOf(bytes, se) },
    { code: 'DATE_INVALID', line: lineOf(bytes, dtm) },
  ];
  const result = timed('node', [join('dist', 'cli.js'), 'validate', '--json', copy]);
  const report = JSON.parse(result.stdout).files[0];
  const errors = report.issues.filter((i) => i.severity === 'error');
  const found = errors.map((i) => ({ code: i.code, line: i.location.line }));
  const pass =
    result.status === 1 &&
    report.errors === 2 &&
    found.length === 2 &&
    expected.every((e) => found.some((f) => f.code === e.code && f.line === e.line));
  return {
    file: copy,
    messagesValidated: report.messages,
    expected,
    found,
    warnings: report.warnings,
    exitCode: result.status,
    pass,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Flatness: memory must not grow with the file. Same command, 64 MiB heap, 5 MB vs 500 MB. The 50 MB file is
// measured too, and both ends again with V8's young generation capped (--max-semi-space-size=2): these extra
// points tell growth with the input apart from the young generation growing to its default size.

function validateRss(key, flags) {
  const args = ['--max-old-space-size=64', ...flags, join('dist', 'cli.js'), 'validate', filePath(key)];
  const result = timed('node', args);
  const match = / valid: (\d+) message\(s\)/.exec(result.stdout);
  return {
    exitCode: result.status,
    messages: match ? Number(match[1]) : undefined,
    peakRssMiB: round(result.rssKiB / MIB),
    seconds: round(result.wallMs / 1000, 2),
  };
}

function flatness() {
  const small = validateRss('x12-5mb', []);
  const huge = validateRss('x12-500mb', []);
  const deltaMiB = round(huge.peakRssMiB - small.peakRssMiB);
  const capped = ['--max-semi-space-size=2'];
  const smallCapped = validateRss('x12-5mb', capped);
  const hugeCapped = validateRss('x12-500mb', capped);
  return {
    bytes: statSync(filePath('x12-500mb')).size,
    small,
    huge,
    deltaMiB,
    pass: small.exitCode === 0 && huge.exitCode === 0 && deltaMiB <= TARGETS.flatnessRssDeltaMiB,
    supplementary: {
      medium50mb: validateRss('x12-50mb', []),
      youngGenerationCapped: {
        flags: capped,
        small: smallCapped,
        huge: hugeCapped,
        deltaMiB: round(hugeCapped.peakRssMiB - smallCapped.peakRssMiB),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Report

function machine() {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

function pad(value, width, right = false) {
  const text = String(value);
  return right ? text.padEnd(width) : text.padStart(width);
}

/** Prints a group; the last columns are the ratio of medians against each of `ours` (peer time / our time). */
function printGroup(title, figures, ours) {
  console.log(`\n${title}`);
  const head = ours.map((o) => pad(`vs ${o}`, 16)).join(' ');
  console.log(
    `  ${pad('adapter', 18, true)} ${pad('median ms', 10)} ${pad('MB/s', 7)} ${pad('RSS MiB', 8)} ${head}`,
  );
  for (const [label, f] of Object.entries(figures)) {
    const vs = ours.map((o) => pad(o === label ? '' : `${ratio(figures, o, label)}x`, 16)).join(' ');
    console.log(
      `  ${pad(label, 18, true)} ${pad(f.medianMs, 10)} ${pad(f.mbPerS, 7)} ${pad(f.peakRssMiB, 8)} ${vs}`,
    );
  }
}

/** Ratios of medians of every peer against each of `ours`: {ours: {peer: ratio}}. */
function ratios(figures, ours) {
  const table = {};
  for (const o of ours) {
    table[o] = {};
    for (const label of Object.keys(figures))
      if (!ours.includes(label)) table[o][label] = ratio(figures, o, label);
  }
  return table;
}

function target(name, value, threshold, pass, detail) {
  return { name, value, threshold, pass, detail };
}

function targets(results) {
  const list = [];
  const x12 = results.wholeProcess['x12-50mb'];
  const edi = results.wholeProcess['edifact-50mb'];
  const tok = results.inProcess['x12-50mb'];
  const x12Ratio = ratio(x12, 'bots validate', 'node-x12-stream');
  list.push(
    target(
      'whole-process bots validate X12 50 MB vs node-x12 stream script',
      x12Ratio,
      `>= ${TARGETS.x12WholeVsNodeX12Stream}x`,
      x12Ratio >= TARGETS.x12WholeVsNodeX12Stream,
    ),
  );
  const ediRatio = ratio(edi, 'bots validate', 'edifact-reader');
  list.push(
    target(
      'whole-process bots validate EDIFACT 50 MB vs node-edifact Reader script',
      ediRatio,
      `>= ${TARGETS.edifactWholeVsEdifactReader}x`,
      ediRatio >= TARGETS.edifactWholeVsEdifactReader,
    ),
  );
  const tokRatio = ratio(tok, 'ours-tokenize', 'node-x12-stream');
  list.push(
    target(
      'in-process tokenize-only X12 50 MB vs node-x12 stream',
      tokRatio,
      `>= ${TARGETS.tokenizeVsNodeX12Stream}x`,
      tokRatio >= TARGETS.tokenizeVsNodeX12Stream,
    ),
  );
  for (const [key, figures] of [
    ['x12-50mb', x12],
    ['edifact-50mb', edi],
  ]) {
    const rss = figures['bots validate'].peakRssMiB;
    list.push(
      target(
        `peak RSS of bots validate, ${key}`,
        rss,
        `<= ${TARGETS.validatePeakRssMiB} MiB`,
        rss <= TARGETS.validatePeakRssMiB,
      ),
    );
  }
  if (results.flatness)
    list.push(
      target(
        'flatness: 500 MB X12 with --max-old-space-size=64, RSS delta vs 5 MB',
        results.flatness.deltaMiB,
        `exit 0, <= ${TARGETS.flatnessRssDeltaMiB} MiB`,
        results.flatness.pass,
      ),
    );
  else list.push(target('flatness: 500 MB X12', null, 'skipped (BENCH_SKIP_HUGE=1)', null));
  list.push(
    target(
      'error injection: exactly SE_COUNT and DATE_INVALID at the right lines',
      results.errorInjection.found,
      results.errorInjection.expected,
      results.errorInjection.pass,
    ),
  );
  for (const [key, check] of Object.entries(results.tokenizeCounts))
    list.push(
      target(`tokenize-only counts equal the split floor's, ${key}`, check.ours, check.floor, check.pass),
    );
  return list;
}

function main() {
  mkdirSync(DATA, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  mkdirSync(HOME, { recursive: true });
  const keys = ['x12-5mb', 'x12-50mb', 'edifact-5mb', 'edifact-50mb'];
  if (!SKIP_HUGE) keys.push('x12-500mb');
  for (const key of keys) ensureFile(key);

  const results = {
    machine: machine(),
    method: {},
    files: {},
    inProcess: {},
    wholeProcess: {},
    ratios: {},
    tokenizeCounts: {},
  };
  results.method = {
    runs: RUNS,
    warmUp: 1,
    process: 'fresh node process per measurement, rounds of ours then each peer',
    rss: '/usr/bin/time -f %M (peak RSS, KiB), reported in MiB',
    units: 'MB/s with MB = 10^6 bytes; memory in MiB',
  };

  const errorCheck = errorInjection();
  results.errorInjection = errorCheck;
  console.log(
    `error injection: ${errorCheck.messagesValidated} messages validated; expected ${JSON.stringify(errorCheck.expected)}, found ${JSON.stringify(errorCheck.found)} -> ${errorCheck.pass ? 'PASS' : 'FAIL'}`,
  );

  for (const key of ['x12-5mb', 'edifact-5mb', 'x12-50mb', 'edifact-50mb']) {
    const floor = floorCounts(key);
    results.files[key] = { path: filePath(key), bytes: statSync(filePath(key)).size, ...floor };
    const figures = inProcess(key, floor);
    results.inProcess[key] = figures;
    const ours = figures['ours-tokenize'].counts;
    results.tokenizeCounts[key] = {
      ours,
      floor,
      pass: ours.segments === floor.segments && ours.values === floor.values && ours.chars === floor.chars,
    };
    results.files[key].messages = figures['ours-validate'].counts.messages;
    const oursInProcess = ['ours-tokenize', 'ours-validate'];
    results.ratios[`in-process ${key}`] = ratios(figures, oursInProcess);
    const file = results.files[key];
    printGroup(
      `in-process ${key}: ${file.bytes} bytes, ${file.messages} messages, ${floor.segments} segments, ${floor.values} values`,
      figures,
      oursInProcess,
    );
    results.wholeProcess[key] = wholeProcess(key, floor);
    results.ratios[`whole-process ${key}`] = ratios(results.wholeProcess[key], ['bots validate']);
    printGroup(`whole-process ${key}`, results.wholeProcess[key], ['bots validate']);
  }

  if (!SKIP_HUGE) {
    console.log('\nflatness: validating the 500 MB X12 file with --max-old-space-size=64 ...');
    const flat = (results.flatness = flatness());
    const line = (label, r) =>
      console.log(
        `  ${pad(label, 36, true)} exit ${r.exitCode}  ${pad(r.peakRssMiB, 6)} MiB  ${pad(r.seconds, 6)} s`,
      );
    line('5 MB', flat.small);
    line('50 MB (supplementary)', flat.supplementary.medium50mb);
    line('500 MB', flat.huge);
    console.log(`  delta 500 MB - 5 MB: ${flat.deltaMiB} MiB`);
    const cappedRuns = flat.supplementary.youngGenerationCapped;
    line('5 MB, --max-semi-space-size=2', cappedRuns.small);
    line('500 MB, --max-semi-space-size=2', cappedRuns.huge);
    console.log(`  delta with the young generation capped: ${cappedRuns.deltaMiB} MiB`);
  }

  results.targets = targets(results);
  console.log('\ntargets');
  for (const t of results.targets)
    console.log(
      `  ${t.pass === null ? 'SKIP' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${JSON.stringify(t.value)} (${typeof t.threshold === 'string' ? t.threshold : JSON.stringify(t.threshold)})`,
    );
  writeFileSync(join(RESULTS, 'parse.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten: ${join('bench', 'results', 'parse.json')}`);
}

main();
