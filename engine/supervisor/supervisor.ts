/**
 * The supervisor behind `bots serve` (and, with its own launcher, the desktop shell): runs each role as a
 * separate process and keeps it running.
 * - A role must announce readiness within its start deadline (default 30 s), or it is killed and restarted.
 * - A ready role whose heartbeats stop for `livenessMs` (default 60 s: its event loop is blocked, for example
 *   by a mapping script in an endless loop) is killed and restarted.
 * - A role that exits is restarted after a backoff that doubles from 0.5 s to 30 s, and starts again from 0.5 s
 *   once the role has stayed up for a minute.
 * - More than 5 restarts within 2 minutes is a crash loop: it is reported (event and status) and the role keeps
 *   being restarted at the longest backoff, so it recovers once its cause is fixed.
 * - stop() sends SIGTERM to every role, waits for them (default 15 s, so a worker can drain its job), then sends
 *   SIGKILL to what is left: no role outlives the supervisor.
 * - Every line a role writes is passed on with the role's name.
 */
import {
  isHeartbeatMessage,
  isReadyMessage,
  type ChildHandle,
  type Launcher,
  type RoleSpec,
} from './launcher.js';

export type RoleState = 'starting' | 'ready' | 'backoff' | 'stopping' | 'stopped';

export interface RoleStatus {
  role: string;
  state: RoleState;
  pid: number | undefined;
  restarts: number;
  crashLoop: boolean;
  lastExit?: { code: number | null; signal: NodeJS.Signals | null; at: Date };
}

export type SupervisorEvent =
  | { kind: 'started'; role: string; pid: number | undefined }
  | { kind: 'ready'; role: string; pid: number | undefined; ms: number }
  | { kind: 'exited'; role: string; code: number | null; signal: NodeJS.Signals | null; restartInMs?: number }
  | { kind: 'start-timeout'; role: string; ms: number }
  | { kind: 'unresponsive'; role: string; pid: number | undefined; silentMs: number }
  | { kind: 'crash-loop'; role: string; restarts: number; windowMs: number }
  | { kind: 'stopped'; role: string; forced: boolean };

export interface SupervisorOptions {
  launcher: Launcher;
  roles: RoleSpec[];
  startDeadlineMs?: number;
  livenessMs?: number;
  stopGraceMs?: number;
  backoff?: { initialMs: number; maxMs: number; resetAfterMs: number };
  crashLoop?: { restarts: number; windowMs: number };
  onEvent?: (event: SupervisorEvent) => void;
  onLine?: (role: string, stream: 'stdout' | 'stderr', line: string) => void;
}

interface Slot {
  spec: RoleSpec;
  child?: ChildHandle;
  status: RoleStatus;
  startedAt: number;
  backoffMs: number;
  restartTimes: number[];
  timer?: NodeJS.Timeout;
  exited?: Promise<void>;
  lastBeat: number;
}

export class Supervisor {
  private readonly slots: Slot[];
  private stopping = false;
  private readonly emit: (event: SupervisorEvent) => void;
  private readonly backoff: { initialMs: number; maxMs: number; resetAfterMs: number };
  private readonly crashLoop: { restarts: number; windowMs: number };

  constructor(private readonly options: SupervisorOptions) {
    this.emit = options.onEvent ?? (() => undefined);
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };
    this.crashLoop = options.crashLoop ?? { restarts: 5, windowMs: 120_000 };
    this.slots = options.roles.map((spec) => ({
      spec,
      status: { role: spec.role, state: 'stopped', pid: undefined, restarts: 0, crashLoop: false },
      startedAt: 0,
      backoffMs: this.backoff.initialMs,
      restartTimes: [],
      lastBeat: 0,
    }));
  }

  /** Starts every role; resolves when each is ready or has failed its first start (it is then retried). */
  async start(): Promise<void> {
    const livenessMs = this.options.livenessMs ?? 60_000;
    this.watchdog = setInterval(() => this.checkLiveness(livenessMs), Math.max(50, livenessMs / 4));
    await Promise.all(this.slots.map((slot) => this.launch(slot)));
  }

  private watchdog: NodeJS.Timeout | undefined;

  private checkLiveness(livenessMs: number): void {
    const now = Date.now();
    for (const slot of this.slots) {
      if (slot.status.state !== 'ready' || now - slot.lastBeat <= livenessMs) continue;
      this.emit({
        kind: 'unresponsive',
        role: slot.spec.role,
        pid: slot.status.pid,
        silentMs: now - slot.lastBeat,
      });
      slot.status.state = 'stopping';
      slot.child?.kill('SIGKILL');
    }
  }

  status(): RoleStatus[] {
    return this.slots.map((slot) => ({ ...slot.status }));
  }

  /** SIGTERM to every role, SIGKILL after the grace period; resolves when all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const grace = this.options.stopGraceMs ?? 15_000;
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        const child = slot.child;
        if (!child || !slot.exited) {
          slot.status.state = 'stopped';
          return;
        }
        slot.status.state = 'stopping';
        child.kill('SIGTERM');
        let forced = false;
        const kill = setTimeout(() => {
          forced = true;
          child.kill('SIGKILL');
        }, grace);
        await slot.exited;
        clearTimeout(kill);
        slot.status.state = 'stopped';
        this.emit({ kind: 'stopped', role: slot.spec.role, forced });
      }),
    );
  }

  /** Starts one process of the slot's role; resolves when it is ready, or has exited or timed out first. */
  private launch(slot: Slot): Promise<void> {
    const role = slot.spec.role;
    const child = this.options.launcher.launch(slot.spec);
    slot.child = child;
    slot.startedAt = Date.now();
    slot.status = { ...slot.status, state: 'starting', pid: child.pid };
    this.emit({ kind: 'started', role, pid: child.pid });
    child.onLine((stream, line) => this.options.onLine?.(role, stream, line));
    const deadlineMs = this.options.startDeadlineMs ?? 30_000;
    return new Promise<void>((settled) => {
      const deadline = setTimeout(() => {
        this.emit({ kind: 'start-timeout', role, ms: deadlineMs });
        child.kill('SIGKILL');
      }, deadlineMs);
      child.onMessage((message) => {
        if (isHeartbeatMessage(message)) slot.lastBeat = Date.now();
        if (!isReadyMessage(message) || slot.status.state !== 'starting') return;
        clearTimeout(deadline);
        slot.lastBeat = Date.now();
        slot.status.state = 'ready';
        this.emit({ kind: 'ready', role, pid: child.pid, ms: Date.now() - slot.startedAt });
        settled();
      });
      slot.exited = new Promise<void>((exited) =>
        child.onExit((code, signal) => {
          clearTimeout(deadline);
          slot.status.lastExit = { code, signal, at: new Date() };
          slot.status.pid = undefined;
          exited();
          settled();
          if (this.stopping) return;
          const restartInMs = this.nextBackoff(slot);
          this.emit({ kind: 'exited', role, code, signal, restartInMs });
          slot.status.state = 'backoff';
          slot.timer = setTimeout(() => {
            if (this.stopping) return;
            slot.status.restarts++;
            void this.launch(slot);
          }, restartInMs);
        }),
      );
    });
  }

  /** The wait before the next start, and crash-loop detection. */
  private nextBackoff(slot: Slot): number {
    const now = Date.now();
    if (now - slot.startedAt >= this.backoff.resetAfterMs) slot.backoffMs = this.backoff.initialMs;
    const wait = slot.backoffMs;
    slot.backoffMs = Math.min(this.backoff.maxMs, slot.backoffMs * 2);
    slot.restartTimes = [...slot.restartTimes.filter((t) => now - t < this.crashLoop.windowMs), now];
    const looping = slot.restartTimes.length > this.crashLoop.restarts;
    if (looping && !slot.status.crashLoop)
      this.emit({
        kind: 'crash-loop',
        role: slot.spec.role,
        restarts: slot.restartTimes.length,
        windowMs: this.crashLoop.windowMs,
      });
    slot.status.crashLoop = looping;
    return looping ? this.backoff.maxMs : wait;
  }
}
