/** The job queue of the web role's store, opened once per store. */
import type { JobQueue } from '../jobs/job-queue.js';
import { jobQueueFor } from '../jobs/queue-for-store.js';
import type { Store } from '../store/store.js';

const queues = new WeakMap<Store, Promise<JobQueue>>();

export function queueOf(store: Store): Promise<JobQueue> {
  let queue = queues.get(store);
  if (!queue) {
    queue = jobQueueFor(store);
    queues.set(store, queue);
  }
  return queue;
}
