/** One-time tokens (setup links, launch tokens) are stored as their SHA-256 only, with an expiry. */
import type { OneTimePurpose } from '../store/schema/shared.js';
import type { Store } from '../store/store.js';
import { hashSecret } from './auth/secret-token.js';

export async function storeOneTimeToken(
  store: Store,
  token: string,
  purpose: OneTimePurpose,
  ttlMs: number,
  now: Date,
): Promise<void> {
  await store.identity.oneTimeTokens.insert({
    tokenHash: hashSecret(token),
    purpose,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
    usedAt: null,
  });
}
