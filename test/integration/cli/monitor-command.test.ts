// `bots monitor add|list|remove` and the `bots dirmonitor` role as child processes of the built CLI on a real
// workspace (SQLite, the sample configuration): folders are checked (inside the data folder, known route, valid
// mask) and stored; the role watches them, queues a run when a file arrives, and stops on SIGTERM.
// Time budget: about 12 seconds.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots, CLI } from '../../helpers/cli.js';

const home = join(mkdtempSync(join(tmpdir(), 'bots-monitor-cli-')), 'ws');
const env = { BOTS_HOME: home };
const monitor = (...args: string[]) => bots(['monitor', ...args], { env });

describe('bots monitor and bots dirmonitor', () => {
  it('adds, lists and removes monitored folders, refusing paths outside the data folder', () => {
    expect(bots(['init'], { env }).code).toBe(0);
    expect(monitor('list').stdout).toBe('no monitored folders\n');
    expect(monitor('add', 'van', 'van/inbox', 'x12-orders', '--mask', '*.x12', '--recursive').stdout).toBe(
      'added monitored folder van  van/inbox  "*.x12" recursive  route x12-orders\n',
    );
    expect(JSON.parse(monitor('list', '--json').stdout)).toEqual([
      { id: 'van', path: 'van/inbox', mask: '*.x12', recursive: true, routeId: 'x12-orders', active: true },
    ]);
    const refused: [string[], string][] = [
      [['add', 'bad', '../../etc', 'x12-orders'], 'is not inside the data folder'],
      [['add', 'bad', 'drop', 'no-route'], 'there is no route "no-route"'],
      [['add', 'bad', 'drop', 'x12-orders', '--mask', 'a/b'], 'names a folder'],
      [['add', '../x', 'drop', 'x12-orders'], 'a folder id is 1 to 64 letters'],
      [['remove', 'nothing'], 'there is no monitored folder "nothing"'],
    ];
    for (const [args, message] of refused) {
      const result = monitor(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(monitor('remove', 'van').stdout).toBe('removed monitored folder van\n');
  });

  it('runs the directory monitor role: queues a run when a file arrives, stops on SIGTERM', async () => {
    const drop = join(home, 'botssys', 'data', 'drop');
    mkdirSync(drop, { recursive: true });
    expect(monitor('add', 'drop', 'drop', 'x12-orders').code).toBe(0);
    const child = spawn(process.execPath, [CLI, 'dirmonitor', '--debounce', '0.3'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const until = async (text: string) => {
      for (let i = 0; i < 100 && !stdout.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stdout).toContain(text);
    };
    await until('dirmonitor: watching');
    expect(stdout).toContain(`${drop} (folder:drop, route x12-orders)`);
    writeFileSync(join(drop, 'order.x12'), 'ISA');
    await until('queued job 1');
    expect(stdout).toContain('dirmonitor: 1 change for route x12-orders: queued job 1');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('dirmonitor: stopped');
    const jobs = JSON.parse(bots(['job', 'list', '--json'], { env }).stdout) as {
      jobs: { source: string }[];
    };
    expect(jobs.jobs.map((j) => j.source)).toEqual(['dirmonitor']);
  }, 20_000);
});
