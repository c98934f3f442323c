/**
 * The first admin: no default password exists. While no active admin exists, a start of `bots serve` or `bots web`
 * issues a one-time setup token (valid 24 hours, stored hashed) and prints a link holding it; the link's page (or
 * POST /api/setup) creates the admin. The token is in the URL's fragment, which browsers never send to a server,
 * so it stays out of access logs. Recovery without the UI: `bots user add NAME --role admin`.
 */
import type { Store } from '../store/store.js';
import { newSecret } from './auth/secret-token.js';
import { storeOneTimeToken } from './one-time-token.js';

const SETUP_TTL_MS = 24 * 3600_000;

/** A new setup link, or undefined when an admin exists already. */
export async function issueSetupLink(
  store: Store,
  baseUrl: string,
  now: Date = new Date(),
): Promise<string | undefined> {
  if ((await store.identity.users.countActive('admin')) > 0) return undefined;
  const token = newSecret('setup');
  await storeOneTimeToken(store, token, 'setup', SETUP_TTL_MS, now);
  return `${baseUrl}setup#token=${token}`;
}
