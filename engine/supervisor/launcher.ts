/**
 * How the supervisor starts a role as a separate process. One interface, one implementation per platform: the
 * child_process launcher here (Node: the CLI, containers), and the desktop shell's utilityProcess launcher in
 * main/ (Electron, where `process.execPath` is Electron itself). A role announces readiness with a message
 * `{ type: 'ready' }` on the channel, then sends `{ type: 'heartbeat' }` every few seconds (roles/readiness.ts).
 */

export interface RoleSpec {
  /** The role's name, for logs and status (`worker`, `scheduler`, ...). */
  role: string;
  /** The CLI arguments that run it (`['worker']`). */
  args: string[];
  env?: Record<string, string>;
}

export interface ChildHandle {
  readonly pid: number | undefined;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process has ended. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Each line the process writes, as it comes. */
  onLine(listener: (stream: 'stdout' | 'stderr', line: string) => void): void;
  kill(signal: NodeJS.Signals): void;
}

export interface Launcher {
  launch(spec: RoleSpec): ChildHandle;
}

/** The message a role sends when it is ready to work. */
export interface ReadyMessage {
  type: 'ready';
}

export function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';
}

export function isHeartbeatMessage(message: unknown): boolean {
  return (
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'heartbeat'
  );
}
