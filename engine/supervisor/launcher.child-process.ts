/**
 * The Node launcher: each role is `node dist/cli.js <role>` forked with an IPC channel using the advanced
 * (structured clone) serialization, its output read line by line.
 */
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ChildHandle, Launcher, RoleSpec } from './launcher.js';

/** The built CLI beside this module (dist/cli.js). */
const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

export class ChildProcessLauncher implements Launcher {
  constructor(private readonly cli: string = CLI) {}

  launch(spec: RoleSpec): ChildHandle {
    const child = fork(this.cli, spec.args, {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...spec.env },
    });
    const lines: ((stream: 'stdout' | 'stderr', line: string) => void)[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = child[stream];
      if (source)
        createInterface({ input: source }).on('line', (line) => lines.forEach((l) => l(stream, line)));
    }
    // A launch that fails (no such file) ends like an exit, so the supervisor restarts or reports it.
    const exits: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (ended) return;
      ended = true;
      exits.forEach((e) => e(code, signal));
    };
    child.on('exit', end);
    child.on('error', () => end(null, null));
    return {
      get pid() {
        return child.pid;
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void exits.push(listener),
      onLine: (listener) => void lines.push(listener),
      kill: (signal) => void child.kill(signal),
    };
  }
}
