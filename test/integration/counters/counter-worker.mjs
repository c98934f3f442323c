// One process of the counter test: opens the store (built dist/), takes N values of one counter and prints them
// as a JSON array. Usage: node counter-worker.mjs sqlite FILE NAME N | mysql URL NAME N
import { openStore } from '../../../dist/store/store.js';

const [kind, target, name, count] = process.argv.slice(2);
const store = await openStore(
  kind === 'sqlite' ? { kind: 'sqlite', file: target } : { kind: 'mysql', url: target },
);
const values = [];
for (let i = 0; i < Number(count); i++) values.push(await store.counters.next(name));
await store.close();
process.stdout.write(JSON.stringify(values));
