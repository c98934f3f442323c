/**
 * What `GET /api/events` streams: job progress and new transactions. One hub per web process polls the database
 * (every second, only while a client listens) and fans the changes out to its clients, so any replica reports
 * what any worker does. A job event is sent when a job's status, attempts, progress or result change; a
 * transaction event when a file is received (FILEIN) or sent (EXTERNOUT).
 */
import type { JobRow } from '../jobs/job-queue.js';
import type { TaRow } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { jobJson, type JobJson } from './schemas/job-schemas.js';
import { transactionJson, type TransactionJson } from './schemas/transaction-schemas.js';
import { queueOf } from './web-queue.js';

export type HubEvent = { type: 'job'; data: JobJson } | { type: 'transaction'; data: TransactionJson };
export type Listener = (event: HubEvent) => void;

/** New rows are looked for from this long before the last poll, so rows committed late are not missed. */
const OVERLAP_MS = 10_000;
/** Jobs and rows looked at per poll; more changes within one poll are reported by the next ones. */
const WINDOW = 100;

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private baseline = false;
  private readonly jobs = new Map<number, string>();
  /** Rows reported, with their time, forgotten once older than the overlap. */
  private readonly seen = new Map<string, number>();
  private since = 0;

  constructor(
    private readonly store: Store,
    private readonly pollMs = 1000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds a listener; the returned function removes it. Polling runs while anyone listens. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.since = this.now().getTime();
      this.baseline = false;
      this.timer = setInterval(() => void this.poll(), this.pollMs);
      this.timer.unref();
      void this.poll();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** One look at the database; errors are skipped (the next poll tries again). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const started = this.now().getTime();
      await this.pollJobs();
      await this.pollTransactions();
      this.since = started;
      this.baseline = true;
    } catch {
      // A database that does not answer now is reported by /health/ready; the stream just waits for it.
    } finally {
      this.polling = false;
    }
  }

  private async pollJobs(): Promise<void> {
    const jobs = await (await queueOf(this.store)).list({ limit: WINDOW });
    for (const job of [...jobs].reverse()) {
      const signature = jobSignature(job);
      if (this.jobs.get(job.id) === signature) continue;
      this.jobs.set(job.id, signature);
      // The first poll only learns the current state: listeners hear about changes from then on.
      if (this.baseline) this.emit({ type: 'job', data: jobJson(job) });
    }
    if (this.jobs.size > 4 * WINDOW) {
      const keep = new Set(jobs.map((j) => j.id));
      for (const id of this.jobs.keys()) if (!keep.has(id)) this.jobs.delete(id);
    }
  }

  private async pollTransactions(): Promise<void> {
    const from = new Date(this.since - OVERLAP_MS);
    const views = this.store.views;
    const pages = await Promise.all([
      views.incoming({ order: 'oldest', from, limit: WINDOW }),
      views.outgoing({ order: 'oldest', from, limit: WINDOW }),
    ]);
    const rows: TaRow[] = pages.flatMap((page) => page.items);
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const row of rows) {
      if (this.seen.has(row.id)) continue;
      this.seen.set(row.id, row.createdAt.getTime());
      if (this.baseline || row.createdAt.getTime() >= this.since)
        this.emit({ type: 'transaction', data: transactionJson(row) });
    }
    for (const [id, at] of this.seen) if (at < from.getTime()) this.seen.delete(id);
  }

  private emit(event: HubEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function jobSignature(job: JobRow): string {
  return JSON.stringify([job.status, job.attempts, job.progress, job.result, job.error]);
}

const hubs = new WeakMap<Store, EventHub>();

/** The hub of a store, made once. */
export function eventHubOf(store: Store): EventHub {
  let hub = hubs.get(store);
  if (!hub) {
    hub = new EventHub(store);
    hubs.set(store, hub);
  }
  return hub;
}
