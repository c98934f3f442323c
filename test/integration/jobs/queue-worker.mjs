// One process of the queue test: claims jobs until none is left, finishing each as done, and prints the ids it
// claimed as a JSON array. Uses the build (dist/). Usage: node queue-worker.mjs sqlite FILE NAME | mysql URL NAME
import { jobQueueFor } from '../../../dist/jobs/queue-for-store.js';
import { openStore } from '../../../dist/store/store.js';

const [kind, target, name] = process.argv.slice(2);
const store = await openStore(
  kind === 'sqlite' ? { kind: 'sqlite', file: target } : { kind: 'mysql', url: target },
);
const queue = await jobQueueFor(store);
const claimed = [];
for (
  let claim = await queue.claim(name, { leaseMs: 60_000 });
  claim;
  claim = await queue.claim(name, { leaseMs: 60_000 })
) {
  claimed.push(claim.job.id);
  if (!(await queue.finish(claim, { status: 'done' })))
    throw new Error(`lost the claim of job ${claim.job.id}`);
}
await store.close();
process.stdout.write(JSON.stringify(claimed));
