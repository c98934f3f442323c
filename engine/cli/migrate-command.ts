/** `bots migrate` (alias `init-db`): applies the database migrations not applied yet; idempotent. */
import type { Output } from './output.js';
import { withStore } from './store-access.js';

export async function migrateCommand(options: { home?: string }, out: Output): Promise<number> {
  return withStore(options.home, async ({ store, description }) => {
    await store.migrate();
    out.stdout(`database up to date: ${description}\n`);
    return 0;
  });
}
