/**
 * Named fault points for the crash-recovery test: when BOTS_FAULT names a point, the process kills itself with
 * SIGKILL the moment it gets there (no cleanup, no flush: what a power cut or an OOM kill does). Unset, a fault
 * point costs one comparison. Points: `after-archive` (received files archived, rows not committed),
 * `mid-batch-commit` (inside the transaction of a batch, before it commits), `after-rename` (outgoing files
 * renamed into place, not yet marked done), `after-send` (a batch sent and marked done, the run not finished).
 */
export const FAULT_POINTS = ['after-archive', 'mid-batch-commit', 'after-rename', 'after-send'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

const armed = process.env.BOTS_FAULT;

export function faultPoint(point: FaultPoint): void {
  if (armed === point) process.kill(process.pid, 'SIGKILL');
}
