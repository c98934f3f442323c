// `bots schedule add|list|remove` and the `bots scheduler` role as child processes of the built CLI on a real
// workspace (SQLite): schedules are checked and stored; the role fires them into the job queue and stops cleanly
// on SIGTERM. Time budget: about 10 seconds.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots, CLI } from '../../helpers/cli.js';

const home = join(mkdtempSync(join(tmpdir(), 'bots-schedule-cli-')), 'ws');
const env = { BOTS_HOME: home };
const schedule = (...args: string[]) => bots(['schedule', ...args], { env });

describe('bots schedule and bots scheduler', () => {
  it('adds, replaces, lists and removes schedules, refusing what cron cannot read', () => {
    expect(bots(['init', '--no-sample'], { env }).code).toBe(0);
    expect(schedule('list').stdout).toBe('no schedules\n');
    expect(schedule('add', 'orders', '*/5 * * * *', 'x12-orders').stdout).toBe(
      'added schedule orders  "*/5 * * * *"  engine new: x12-orders  priority 100\n',
    );
    expect(
      schedule('add', 'orders', '0 6 * * 1-5', 'x12-orders', '--timezone', 'Europe/Amsterdam').stdout,
    ).toBe(
      'replaced schedule orders  "0 6 * * 1-5" (Europe/Amsterdam)  engine new: x12-orders  priority 100\n',
    );
    expect(schedule('add', 'tidy', '30 3 * * 0', '--cleanup', '--inactive').stdout).toContain(
      'maintenance (cleanup)  priority 100  inactive',
    );
    const listed = JSON.parse(schedule('list', '--json').stdout) as { id: string; active: boolean }[];
    expect(listed.map((s) => [s.id, s.active])).toEqual([
      ['orders', true],
      ['tidy', false],
    ]);
    const refused: [string[], string][] = [
      [['add', 'bad', '61 * * * *'], '"61 * * * *" is not a schedule: minute: 61'],
      [['add', 'bad', '* * *'], 'expected 5 or 6 fields'],
      [['add', 'bad', '* * * * *', '--timezone', 'Mars/Base'], 'unknown time zone "Mars/Base"'],
      [['add', '../x', '* * * * *'], 'a schedule id is 1 to 64 letters'],
      [['add', 'bad', '* * * * *', '--priority', '-1'], '--priority must be a whole number'],
      [['remove', 'nothing'], 'there is no schedule "nothing"'],
    ];
    for (const [args, message] of refused) {
      const result = schedule(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(schedule('remove', 'tidy').stdout).toBe('removed schedule tidy\n');
  });

  it('runs the scheduler role: fires into the queue and stops on SIGTERM', async () => {
    expect(schedule('add', 'every-second', '* * * * * *', 'x12-orders').code).toBe(0);
    const child = spawn(process.execPath, [CLI, 'scheduler'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 100 && !stdout.includes('every-second fired'); i++)
      await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('scheduler: 2 schedules from sqlite file');
    expect(stdout).toMatch(/scheduler: every-second fired for \S+Z: queued job 1/);
    expect(stdout).toContain('scheduler: stopped');
    const jobs = JSON.parse(bots(['job', 'list', '--json'], { env }).stdout) as {
      jobs: { source: string }[];
    };
    expect(jobs.jobs.map((j) => j.source)).toEqual(['scheduler:every-second']);
  }, 20_000);
});
