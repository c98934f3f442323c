// The supervisor with its child_process launcher on real processes (test/fixtures/supervisor): readiness, output
// lines with the role's name, restart of a killed role, the start deadline, a role whose heartbeats stop,
// crash-loop detection, and stop with
// SIGTERM then SIGKILL so no role outlives it. Time budget: about 10 seconds.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildProcessLauncher } from '../../../engine/supervisor/launcher.child-process.js';
import { Supervisor, type SupervisorEvent } from '../../../engine/supervisor/supervisor.js';
import { ROOT } from '../../helpers/cli.js';
import { alive } from '../../helpers/processes.js';

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'supervisor', `${name}.mjs`);
const running: Supervisor[] = [];
afterEach(async () => {
  for (const supervisor of running.splice(0)) await supervisor.stop();
});

function supervise(
  script: string,
  events: SupervisorEvent[],
  lines: string[] = [],
  options: Partial<ConstructorParameters<typeof Supervisor>[0]> = {},
): Supervisor {
  const supervisor = new Supervisor({
    launcher: new ChildProcessLauncher(fixture(script)),
    roles: [{ role: script, args: [] }],
    onEvent: (event) => events.push(event),
    onLine: (role, stream, line) => lines.push(`${role} ${stream}: ${line}`),
    backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 },
    ...options,
  });
  running.push(supervisor);
  return supervisor;
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  for (const end = Date.now() + ms; !check();) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('supervisor', () => {
  it('starts a role, passes its lines on with its name, and restarts it when it is killed', async () => {
    const events: SupervisorEvent[] = [];
    const lines: string[] = [];
    const supervisor = supervise('ready-role', events, lines);
    await supervisor.start();
    const [first] = supervisor.status();
    expect(first).toMatchObject({ role: 'ready-role', state: 'ready', restarts: 0 });
    await until(() => lines.length >= 2);
    expect(lines).toContain(`ready-role stdout: hello from ${first!.pid}`);
    expect(lines).toContain('ready-role stderr: a warning line');

    process.kill(first!.pid!, 'SIGKILL');
    await until(() => events.filter((e) => e.kind === 'ready').length === 2);
    const [second] = supervisor.status();
    expect(second).toMatchObject({ state: 'ready', restarts: 1, lastExit: { signal: 'SIGKILL' } });
    expect(second!.pid).not.toBe(first!.pid);
    expect(events.map((e) => e.kind)).toEqual(['started', 'ready', 'exited', 'started', 'ready']);

    await supervisor.stop();
    expect(alive(second!.pid!)).toBe(false);
    expect(events.at(-1)).toEqual({ kind: 'stopped', role: 'ready-role', forced: false });
  });

  it('kills and restarts a role that does not report ready within its start deadline', async () => {
    const events: SupervisorEvent[] = [];
    const supervisor = supervise('silent-role', events, [], { startDeadlineMs: 300 });
    await supervisor.start();
    expect(events.map((e) => e.kind)).toEqual(['started', 'start-timeout', 'exited']);
    await until(() => events.filter((e) => e.kind === 'started').length === 2);
    expect(events.find((e) => e.kind === 'exited')).toMatchObject({ signal: 'SIGKILL' });
  });

  it('reports a crash loop and keeps restarting at the longest backoff', async () => {
    const events: SupervisorEvent[] = [];
    const lines: string[] = [];
    const supervisor = supervise('crash-role', events, lines, {
      crashLoop: { restarts: 3, windowMs: 10_000 },
    });
    await supervisor.start();
    await until(() => events.some((e) => e.kind === 'crash-loop'));
    expect(events.find((e) => e.kind === 'crash-loop')).toEqual({
      kind: 'crash-loop',
      role: 'crash-role',
      restarts: 4,
      windowMs: 10_000,
    });
    expect(supervisor.status()[0]).toMatchObject({ crashLoop: true, lastExit: { code: 1 } });
    const exits = events.filter((e) => e.kind === 'exited');
    expect(exits.at(-1)).toMatchObject({ restartInMs: 200 });
    expect(lines).toContain('crash-role stderr: cannot start: configuration missing');
  });

  it('kills and restarts a ready role whose heartbeats stop (a blocked event loop)', async () => {
    const events: SupervisorEvent[] = [];
    const supervisor = supervise('frozen-role', events, [], { livenessMs: 400 });
    await supervisor.start();
    const pid = supervisor.status()[0]!.pid!;
    await until(() => events.filter((e) => e.kind === 'started').length === 2);
    expect(events.find((e) => e.kind === 'unresponsive')).toMatchObject({ role: 'frozen-role', pid });
    expect(events.find((e) => e.kind === 'exited')).toMatchObject({ signal: 'SIGKILL' });
    expect(alive(pid)).toBe(false);
  });

  it('stops a role that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const events: SupervisorEvent[] = [];
    const supervisor = supervise('stubborn-role', events, [], { stopGraceMs: 300 });
    await supervisor.start();
    const pid = supervisor.status()[0]!.pid!;
    await supervisor.stop();
    expect(events.at(-1)).toEqual({ kind: 'stopped', role: 'stubborn-role', forced: true });
    expect(alive(pid)).toBe(false);
    expect(supervisor.status()[0]!.state).toBe('stopped');
  });
});
