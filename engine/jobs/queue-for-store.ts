/**
 * The job queue of a store's database: the implementation follows the store's dialect, loaded only when used
 * (a MySQL deployment never loads the SQLite one).
 */
import type { Store } from '../store/store.js';
import type { MysqlStore } from '../store/store.mysql.js';
import type { SqliteStore } from '../store/store.sqlite.js';
import type { JobQueue } from './job-queue.js';

export async function jobQueueFor(store: Store): Promise<JobQueue> {
  if (store.kind === 'sqlite') {
    const { SqliteJobQueue } = await import('./job-queue.sqlite.js');
    return new SqliteJobQueue(store as SqliteStore);
  }
  const { MysqlJobQueue } = await import('./job-queue.mysql.js');
  return new MysqlJobQueue(store as MysqlStore);
}
