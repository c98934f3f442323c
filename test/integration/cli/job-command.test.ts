// `bots job add|list|clear|pause|resume` as child processes of the built CLI on a real workspace (SQLite):
// queueing with defaults and options, de-duplication, listing (text and JSON), clearing, pausing, and usage
// errors with exit code 2. Time budget: about 8 seconds (about 20 process starts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots } from '../../helpers/cli.js';

const home = join(mkdtempSync(join(tmpdir(), 'bots-job-cli-')), 'ws');
const env = { BOTS_HOME: home };
const job = (...args: string[]) => bots(['job', ...args], { env });

describe('bots job', () => {
  it('queues engine runs and maintenance, once per pending work, and lists them newest first', () => {
    expect(bots(['init', '--no-sample'], { env }).code).toBe(0);
    const first = job('add');
    expect(first).toMatchObject({
      code: 0,
      stdout: 'queued job 1: engine new: every route of the default run\n',
    });
    expect(job('add', '--new').stdout).toBe(
      'job 1 is already pending for the same work (engine new: every route of the default run); nothing added\n',
    );
    expect(
      job('add', 'b-route', 'a-route', '--resend', '--priority', '5', '--max-attempts', '1').stdout,
    ).toBe('queued job 2: engine resend: a-route, b-route\n');
    expect(job('add', '--cleanup', '--after', '2099-01-01T00:00:00Z').stdout).toBe(
      'queued job 3: maintenance (cleanup)\n',
    );

    const listed = job('list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['3', '2', '1']);
    expect(lines[0]).toContain('not before 2099-01-01T00:00:00.000Z');
    expect(lines[1]).toMatch(/priority 5 +attempts 0\/1/);

    const json = JSON.parse(job('list', '--status', 'pending', '--limit', '2', '--json').stdout) as {
      paused: boolean;
      jobs: { id: number; kind: string; mode: string; routes: string[]; source: string }[];
    };
    expect(json.paused).toBe(false);
    expect(json.jobs.map((j) => [j.id, j.kind, j.mode, j.routes, j.source])).toEqual([
      [3, 'maintenance', 'cleanup', [], 'cli'],
      [2, 'engine', 'resend', ['a-route', 'b-route'], 'cli'],
    ]);
  });

  it('pauses and resumes the queue, and clears pending jobs', () => {
    expect(job('pause').stdout).toBe('queue paused: workers claim nothing until `bots job resume`\n');
    expect(job('list').stdout).toMatch(/^the queue is paused/);
    expect(job('resume').stdout).toBe('queue resumed\n');
    expect(job('clear').stdout).toBe('removed 3 pending jobs\n');
    expect(job('list').stdout).toBe('no jobs\n');
  });

  it('refuses what it cannot queue with exit code 2 and the reason', () => {
    const cases: [string[], string][] = [
      [['add', '--new', '--retry'], 'give one mode, not --new and --retry'],
      [['add', 'r1', '--cleanup'], '--cleanup works on the whole workspace; it takes no routes'],
      [['add', '--priority', 'high'], '--priority needs a whole number; got "high"'],
      [['add', '--priority', '1001'], 'Priority must be an integer from 0 (most urgent) to 1000; got 1001'],
      [['add', '--after', 'tomorrow'], '--after needs a date and time'],
      [['list', '--status', 'stuck'], 'unknown job status "stuck"'],
      [['list', '--limit', '0'], 'limit must be an integer from 1 to 1000'],
      [['clear', '--status', 'running'], 'running jobs are not cleared'],
    ];
    for (const [args, message] of cases) {
      const result = job(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
