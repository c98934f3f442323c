/**
 * Tells the supervisor (when there is one: an IPC channel) that this role is ready to work. The channel is then
 * unreferenced, so it never keeps the role's process alive after its work has ended.
 */
export function announceReady(): void {
  if (!process.send) return;
  process.send({ type: 'ready' });
  process.channel?.unref();
}
