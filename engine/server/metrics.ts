/**
 * Prometheus metrics (text format 0.0.4). Every role reports its own process (`ProcessMetrics`: event-loop lag,
 * memory, CPU, and for the web role its HTTP requests by route and status); the web role adds the database's view
 * of the whole installation (`databaseMetrics`: transactions by step and result, runs by status, the job queue's
 * depth and wait), computed at most every 15 s so scrapers cannot load the database.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Store } from '../store/store.js';

type Labels = Record<string, string>;

/** Lines of one metric family: `# HELP`, `# TYPE`, then one sample per label set. */
export function family(
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: [Labels, number][],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples)
    lines.push(`${name}${labelText(labels)} ${Number.isFinite(value) ? value : 0}`);
  return `${lines.join('\n')}\n`;
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

export class ProcessMetrics {
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private readonly requests = new Map<string, number>();

  constructor(readonly role: string) {
    this.lag.enable();
  }

  /** Counts an HTTP request by method, route pattern (never the concrete path: ids would explode the series) and
   * status. */
  countRequest(method: string, route: string, status: number): void {
    const key = JSON.stringify([method, route, String(status)]);
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  render(): string {
    const role = { role: this.role };
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const seconds = (ns: number) => ns / 1e9;
    let text = family('bots_event_loop_lag_seconds', 'gauge', 'Event-loop delay of this process', [
      [{ ...role, quantile: '0.5' }, seconds(this.lag.percentile(50))],
      [{ ...role, quantile: '0.99' }, seconds(this.lag.percentile(99))],
      [{ ...role, quantile: '1' }, seconds(this.lag.max)],
    ]);
    text += family('bots_process_resident_memory_bytes', 'gauge', 'Resident memory of this process', [
      [role, memory.rss],
    ]);
    text += family(
      'bots_process_cpu_seconds_total',
      'counter',
      'CPU time of this process (user and system)',
      [[role, (cpu.user + cpu.system) / 1e6]],
    );
    text += family('bots_process_start_time_seconds', 'gauge', 'When this process started (Unix time)', [
      [role, Math.round(Date.now() / 1000 - process.uptime())],
    ]);
    if (this.requests.size > 0)
      text += family(
        'bots_http_requests_total',
        'counter',
        'HTTP requests answered, by method, route and status',
        [...this.requests].map(([key, n]) => {
          const [method, route, status] = JSON.parse(key) as [string, string, string];
          return [{ ...role, method, route, status }, n];
        }),
      );
    return text;
  }
}

const CACHE_MS = 15_000;
/** Jobs looked at for the wait between queuing and start. */
const WAIT_SAMPLE = 1000;

export class DatabaseMetrics {
  private cached: { at: number; text: string } | undefined;

  constructor(
    private readonly store: Store,
    private readonly queue: () => Promise<JobQueue>,
  ) {}

  async render(now: number = Date.now()): Promise<string> {
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.text;
    const queue = await this.queue();
    const [transactions, runs, depth, recent] = await Promise.all([
      this.store.stats.transactions(),
      this.store.stats.runs(),
      queue.counts(),
      queue.list({ limit: WAIT_SAMPLE }),
    ]);
    const waits = recent
      .filter((job) => job.startedAt !== null)
      .map((job) => (job.startedAt!.getTime() - job.createdAt.getTime()) / 1000)
      .sort((a, b) => a - b);
    const quantile = (q: number) =>
      waits.length === 0 ? 0 : waits[Math.min(waits.length - 1, Math.floor(q * waits.length))]!;
    let text = family(
      'bots_transactions',
      'gauge',
      'Rows of the transaction log by step and result (messages by status)',
      transactions.map((t) => [{ status: t.status, result: t.result }, t.count]),
    );
    text += family(
      'bots_runs',
      'gauge',
      'Engine runs by status',
      runs.map((r) => [{ status: r.status }, r.count]),
    );
    text += family('bots_process_errors', 'gauge', 'Engine runs that stopped on a system error', [
      [{}, runs.find((r) => r.status === 'error')?.count ?? 0],
    ]);
    text += family(
      'bots_jobs',
      'gauge',
      'Jobs in the queue by status (pending is the queue depth)',
      Object.entries(depth).map(([status, n]) => [{ status }, n]),
    );
    text += family(
      'bots_job_wait_seconds',
      'gauge',
      `Time from queuing to start, over the latest ${WAIT_SAMPLE} jobs that started`,
      [
        [{ quantile: '0.5' }, quantile(0.5)],
        [{ quantile: '0.99' }, quantile(0.99)],
      ],
    );
    this.cached = { at: now, text };
    return text;
  }
}
