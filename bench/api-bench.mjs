// `npm run bench:api`: the admin's list queries under load, on SQLite and on MariaDB, at 10,000 and at 1,000,000
// transaction-log rows. For each list shape (newest first; partner + result + date range; reference search; a
// cursor half-way down), autocannon drives a real `bots web` process on loopback with 10 connections: 5 s of
// warm-up, then 30 s measured. Prints p50, p99 and requests/s, checks the targets (p50 at 1,000,000 rows within
// 2x of p50 at 10,000; p99 under 100 ms) and writes bench/results/api.json.
// BENCH_API_ROWS=10000,1000000 BENCH_API_SECONDS=30 BENCH_API_WARMUP=5 BENCH_API_DIALECTS=sqlite,mysql override.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { createToken } from '../dist/server/accounts.js';
import { encodeCursor } from '../dist/store/repositories/views.js';
import { newId } from '../dist/store/schema/shared.js';
import { openStore } from '../dist/store/store.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SIZES = (process.env.BENCH_API_ROWS ?? '10000,1000000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 30);
const WARMUP = Number(process.env.BENCH_API_WARMUP ?? 5);
const DIALECTS = (process.env.BENCH_API_DIALECTS ?? 'sqlite,mysql').split(',');
const MYSQL = process.env.BOTS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const PARTNERS = 50;
const ROWS_PER_FILE = 8;
const DAY = 86_400_000;
const START = Date.parse('2026-08-01T00:00:00.000Z');
const SPAN_DAYS = 90;

/** One received order's steps, as the engine logs them. */
function fileRows(n, at, runId) {
  const id = () => newId(at);
  const partner = `P${String(n % PARTNERS).padStart(2, '0')}`;
  const error = n % 50 === 0;
  const base = { runId, routeId: 'x12-orders', messages: 1 };
  const externin = {
    ...base,
    id: id(),
    status: 'EXTERNIN',
    result: 'DONE',
    fromChannel: 'x12-in',
    filename: `x12-in/po-${n}.x12`,
  };
  const filein = {
    ...base,
    id: id(),
    parent: externin.id,
    status: 'FILEIN',
    result: error ? 'ERROR' : 'DONE',
    fromChannel: 'x12-in',
    filename: `po-${n}.x12`,
    editype: 'x12',
  };
  const parsed = { ...base, id: id(), parent: filein.id, status: 'PARSED', result: 'DONE', editype: 'x12' };
  const splitup = {
    ...base,
    id: id(),
    parent: parsed.id,
    status: 'SPLITUP',
    result: error ? 'ERROR' : 'DONE',
    fromPartner: partner,
    toPartner: 'US',
    editype: 'x12',
    messagetype: '850004010',
    reference: `PO${String(n).padStart(8, '0')}`,
  };
  const translated = {
    ...base,
    id: id(),
    parent: splitup.id,
    status: 'TRANSLATED',
    result: 'DONE',
    fromPartner: 'US',
    toPartner: partner,
    editype: 'xml',
    messagetype: 'orders',
    reference: `PO${String(n).padStart(8, '0')}`,
  };
  const merged = {
    ...base,
    id: id(),
    parent: translated.id,
    status: 'MERGED',
    result: 'DONE',
    toPartner: partner,
    editype: 'xml',
  };
  const fileout = {
    ...base,
    id: id(),
    parent: merged.id,
    status: 'FILEOUT',
    result: 'DONE',
    toChannel: 'xml-out',
    toPartner: partner,
  };
  const externout = {
    ...base,
    id: id(),
    parent: fileout.id,
    status: 'EXTERNOUT',
    result: 'DONE',
    toChannel: 'xml-out',
    toPartner: partner,
    filename: `order_${partner}_${n}.xml`,
  };
  return [externin, filein, parsed, splitup, translated, merged, fileout, externout];
}

/** Fills the log with `rows` rows spread over 90 days; returns the keys the load needs. */
async function fill(store, rows) {
  const files = Math.ceil(rows / ROWS_PER_FILE);
  const run = await store.runs.start('new', ['x12-orders'], new Date(START));
  let middle;
  const started = Date.now();
  for (let first = 0; first < files; first += 2000) {
    const batch = [];
    for (let n = first; n < Math.min(files, first + 2000); n++) {
      const at = START + Math.floor((n / files) * SPAN_DAYS * DAY);
      const steps = fileRows(n, at, run.id);
      if (n === Math.floor(files / 2))
        middle = { at: new Date(at), id: steps[3].id, reference: steps[3].reference };
      batch.push(...steps.map((row) => ({ ...row, createdAt: new Date(at) })));
    }
    await store.ta.insertMany(batch, new Date(START));
  }
  await store.runs.finish(run.id, 'done', { received: files }, null, new Date(START));
  return { middle, fillMs: Date.now() - started };
}

async function waitForWeb(url, child) {
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    if (child.exitCode !== null) throw new Error('bots web exited');
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('bots web did not become ready within 60 s');
}

function load(url, token, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: 10, duration, headers: { authorization: `Bearer ${token}` } },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function scenario(dialect, rows) {
  const home = mkdtempSync(join(tmpdir(), 'bots-bench-api-'));
  let env = { BOTS_HOME: home, LOG_LEVEL: 'error' };
  // The folders /health/ready checks (bots init would also install the sample configuration, not needed here).
  for (const folder of ['db', 'data', 'logs']) mkdirSync(join(home, 'botssys', folder), { recursive: true });
  let store;
  let dropDatabase = async () => undefined;
  if (dialect === 'sqlite') {
    store = await openStore({ kind: 'sqlite', file: join(home, 'botssys', 'db', 'bots.sqlite') });
  } else {
    const server = new URL(MYSQL);
    const database = `bots_bench_api_${rows}`;
    const admin = await mysql.createConnection({ uri: MYSQL });
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    dropDatabase = async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    };
    const url = new URL(MYSQL);
    url.pathname = `/${database}`;
    store = await openStore({ kind: 'mysql', url: url.toString() });
    env = {
      ...env,
      DB_HOST: server.hostname,
      DB_PORT: server.port || '3306',
      DB_NAME: database,
      DB_USER: decodeURIComponent(server.username),
      DB_PASSWORD: decodeURIComponent(server.password),
    };
  }
  await store.migrate();
  const { middle, fillMs } = await fill(store, rows);
  const { secret } = await createToken(
    store,
    { name: 'bench', scopes: ['read'], createdBy: 'bench' },
    new Date(),
  );
  await store.close();
  if (dialect === 'mysql') {
    const url = new URL(MYSQL);
    url.pathname = `/bots_bench_api_${rows}`;
    const connection = await mysql.createConnection({ uri: url.toString() });
    await connection.query('ANALYZE TABLE ta, runs');
    await connection.end();
  }
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const web = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli.js'), 'web', '--port', String(port), '--no-setup-link'],
    {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const results = {};
  try {
    await waitForWeb(base, web);
    const from = new Date(START + 30 * DAY).toISOString();
    const to = new Date(START + 60 * DAY).toISOString();
    const shapes = {
      'newest first': '/api/incoming?limit=50',
      'partner + result + date range': `/api/documents?direction=in&partner=P07&result=DONE&from=${from}&to=${to}&limit=50`,
      'reference search': `/api/documents?direction=in&reference=${middle.reference}`,
      'deep cursor': `/api/documents?direction=in&limit=50&cursor=${encodeCursor('documents', 'newest', middle)}`,
    };
    for (const [shape, path] of Object.entries(shapes)) {
      const probe = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${secret}` } });
      if (probe.status !== 200) throw new Error(`${shape}: ${probe.status} ${await probe.text()}`);
      const items = (await probe.json()).items.length;
      await load(`${base}${path}`, secret, WARMUP);
      const result = await load(`${base}${path}`, secret, SECONDS);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${shape}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      results[shape] = {
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requestsPerSecond: result.requests.average,
        items,
      };
      console.log(
        `${dialect} ${rows} rows, ${shape}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${Math.round(result.requests.average)} req/s`,
      );
    }
  } finally {
    web.kill('SIGTERM');
    await new Promise((resolve) => web.on('close', resolve));
    await dropDatabase();
    rmSync(home, { recursive: true, force: true });
  }
  return { fillSeconds: fillMs / 1000, shapes: results };
}

const report = {
  date: new Date().toISOString(),
  connections: 10,
  warmupSeconds: WARMUP,
  seconds: SECONDS,
  dialects: {},
};
for (const dialect of DIALECTS) {
  report.dialects[dialect] = {};
  for (const rows of SIZES) {
    console.log(`${dialect}: filling ${rows.toLocaleString('en')} rows ...`);
    report.dialects[dialect][rows] = await scenario(dialect, rows);
  }
}

const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)];
const lines = [
  '| dialect | shape | p50 small | p50 large | ratio (target ≤ 2) | p99 large (target < 100 ms) | req/s large |',
  '|---|---|---|---|---|---|---|',
];
let met = true;
for (const [dialect, sizes] of Object.entries(report.dialects)) {
  for (const shape of Object.keys(sizes[large].shapes)) {
    const a = sizes[small].shapes[shape];
    const b = sizes[large].shapes[shape];
    const ratio = b.p50Ms / Math.max(a.p50Ms, 1);
    const ok = ratio <= 2 && b.p99Ms < 100;
    met &&= ok;
    b.ratioToSmall = Number(ratio.toFixed(2));
    lines.push(
      `| ${dialect} | ${shape} | ${a.p50Ms} ms | ${b.p50Ms} ms | ${ratio.toFixed(2)} | ${b.p99Ms} ms | ${Math.round(b.requestsPerSecond)} |${ok ? '' : ' MISSED'}`,
    );
  }
}
report.targetsMet = met;
console.log(
  `\nsmall = ${small.toLocaleString('en')} rows, large = ${large.toLocaleString('en')} rows (p50 ratio: a p50 under 1 ms counts as 1 ms)\n${lines.join('\n')}`,
);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'api.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`targets ${met ? 'met' : 'MISSED'}; written bench/results/api.json`);
