/**
 * Launch tokens (DESIGN.md "Identity and secrets"): the supervisor that starts the web role for a desktop window
 * makes a one-time token and hands it to the web role in BOTS_LAUNCH_TOKEN (the launcher's environment, never a
 * file or a log); the web role registers its hash at start, valid for LAUNCH_TTL_MS; the window exchanges it once,
 * from loopback, for a session (POST /api/session/launch). The main process never opens the database.
 */
import type { Store } from '../store/store.js';
import { newSecret } from './auth/secret-token.js';
import { storeOneTimeToken } from './one-time-token.js';

export const LAUNCH_TOKEN_VARIABLE = 'BOTS_LAUNCH_TOKEN';
/** Long enough for a window to load, short enough that a leaked token is soon useless. */
export const LAUNCH_TTL_MS = 5 * 60_000;

/** A new launch token, for the supervisor to pass to the web role and to the window. */
export function newLaunchToken(): string {
  return newSecret('launch');
}

/** Registers the launch token of this web role's environment, if its supervisor gave one; true when it did. */
export async function registerLaunchToken(
  store: Store,
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): Promise<boolean> {
  const token = env[LAUNCH_TOKEN_VARIABLE];
  if (!token) return false;
  await storeOneTimeToken(store, token, 'launch', LAUNCH_TTL_MS, now);
  return true;
}
