// `bots serve` as a real process on a fresh workspace (SQLite, the sample configuration): it migrates, starts the
// web, worker, scheduler and directory monitor roles, prints the admin URL and a setup link that creates the first
// admin, restarts the worker when it is killed, processes a queued job end to end, and on SIGTERM stops every
// role: no process outlives it. Needs the build (dist/). Time budget: about 20 seconds.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots, CLI } from '../../helpers/cli.js';
import { alive, freePort } from '../../helpers/processes.js';

describe('bots serve', () => {
  it('supervises every role, sets up the first admin, restarts a killed worker, runs a job, and leaves no process behind', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'bots-serve-')), 'ws');
    const port = await freePort();
    const env = { BOTS_HOME: home, BOTS_WEB_PORT: String(port) };
    expect(bots(['init'], { env }).code).toBe(0);
    const serve = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    serve.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => serve.on('close', resolve));
    const until = async (check: () => boolean, what: string, ms = 15_000): Promise<void> => {
      for (const end = Date.now() + ms; !check();) {
        if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const readyPids = (role: string): number[] =>
      [...output.matchAll(new RegExp(`serve: ${role} ready \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
    try {
      await until(() => output.includes('serve: running web, worker, scheduler, dirmonitor'), 'start');
      expect(output).toContain('serve: database up to date: sqlite file');
      expect(output).toContain(`serve: admin at http://127.0.0.1:${port}/`);
      const [web] = readyPids('web');
      const [worker] = readyPids('worker');
      const [scheduler] = readyPids('scheduler');
      expect(output).toContain(`[worker] worker `);

      const link = /serve: no admin yet: open (\S+) within 24 hours/.exec(output)?.[1];
      expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/setup#token=bots_set_`));
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
      expect((await fetch(link!.split('#')[0]!)).headers.get('content-type')).toContain('text/html');
      const setup = await fetch(`http://127.0.0.1:${port}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: link!.split('#token=')[1],
          username: 'admin',
          password: 'a long enough secret',
        }),
      });
      expect(setup.status).toBe(201);
      expect(bots(['user', 'list'], { env }).stdout).toMatch(/^admin\s+admin\s+active/m);

      process.kill(worker!, 'SIGKILL');
      await until(() => readyPids('worker').length === 2, 'the worker restart');
      expect(output).toMatch(/serve: worker exited \(SIGKILL\); restarting in 0\.5 s/);
      const restarted = readyPids('worker')[1]!;

      copyFileSync(
        join(home, 'samples', 'po-850.x12'),
        join(home, 'botssys', 'data', 'x12-in', 'po-850.x12'),
      );
      const started = Date.now();
      expect(bots(['job', 'add', 'x12-orders'], { env }).code).toBe(0);
      const xmlOut = join(home, 'botssys', 'data', 'xml-out');
      await until(() => readdirSync(xmlOut).some((name) => name.endsWith('.xml')), 'the order XML');
      console.log(`bots serve: queued job to XML output in ${Date.now() - started} ms`);
      await until(() => output.includes('job 1 (engine new: x12-orders) done'), 'the job report');

      serve.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('serve: SIGTERM: stopping every role');
      expect(output).toContain('serve: stopped');
      for (const pid of [web!, worker!, restarted, scheduler!]) expect(alive(pid), `pid ${pid}`).toBe(false);
      expect(readFileSync(join(home, 'botssys', 'logs', 'worker.log'), 'utf8')).toMatch(
        / OUT worker \S+: job 1 .* done/,
      );
      expect(readFileSync(join(home, 'botssys', 'logs', 'web.log'), 'utf8')).toContain(' OUT web: serving ');
    } finally {
      if (serve.exitCode === null) serve.kill('SIGKILL');
    }
  }, 40_000);
});
