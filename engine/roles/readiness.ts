/**
 * A role's side of the supervisor protocol (supervisor/launcher.ts), when there is a supervisor (an IPC
 * channel): `{ type: 'ready' }` once the role can work, then `{ type: 'heartbeat' }` every HEARTBEAT_MS while
 * its event loop runs. A role whose heartbeats stop (a mapping script stuck in a loop blocks the loop) is killed
 * and restarted by the supervisor. The channel is unreferenced, so it never keeps the process alive.
 */
export const HEARTBEAT_MS = 5000;

export function announceReady(): void {
  if (!process.send) return;
  process.send({ type: 'ready' });
  setInterval(() => {
    if (process.connected) process.send?.({ type: 'heartbeat' });
  }, HEARTBEAT_MS).unref();
  process.channel?.unref();
}
