/**
 * Cleanup (Bots' cleanup, `bots engine --cleanup`): removes what is older than the retention settings:
 * transaction-log rows, file reports, the received-interchange register and the content (archive, in-flight
 * and outgoing copies) after `retention.dataDays`; finished run reports after `retention.runDays`; idempotency
 * keys of the outbound API after IDEMPOTENCY_DAYS (a client retries within hours, not weeks). Content goes
 * one day later than the rows that name it, so no kept row names removed content. It runs under the maintenance
 * lease: one cleanup at a time across hosts, next to route runs.
 */
import type { Store } from '../store/store.js';
import type { ContentStore } from './content-store.js';
import type { Settings } from './settings.js';

/** The lease a cleanup takes (no route has this id: route ids cannot contain parentheses). */
export const MAINTENANCE_LEASE = '(maintenance)';

export interface CleanupCounts {
  rows: number;
  fileReports: number;
  runs: number;
  interchanges: number;
  contentDays: number;
  idempotencyKeys: number;
}

const DAY = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_DAYS = 7;

export async function cleanup(
  store: Store,
  content: ContentStore,
  retention: Settings['retention'],
  now: Date,
  /** Archive folders of channels (ChannelConfig.archivePath) besides the content store's own folders. */
  archives: readonly string[] = [],
): Promise<CleanupCounts> {
  const dataBefore = new Date(now.getTime() - retention.dataDays * DAY);
  const runsBefore = new Date(now.getTime() - retention.runDays * DAY);
  return {
    rows: await store.ta.deleteBefore(dataBefore),
    fileReports: await store.fileReports.deleteBefore(dataBefore),
    interchanges: await store.interchanges.deleteBefore(dataBefore),
    runs: await store.runs.deleteBefore(runsBefore),
    contentDays: await content.removeBefore(new Date(dataBefore.getTime() - DAY), archives),
    idempotencyKeys: await store.idempotency.deleteBefore(new Date(now.getTime() - IDEMPOTENCY_DAYS * DAY)),
  };
}
