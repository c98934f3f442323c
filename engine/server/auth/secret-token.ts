/**
 * Bearer secrets (session cookies, API tokens, setup links, launch tokens): 32 random bytes in base64url behind a
 * readable prefix that says what the secret is (`bots_pat_` for API tokens, so secret scanners can find leaked
 * ones). Only their SHA-256 is ever stored; lookups hash the presented value and compare in the database.
 */
import { createHash, randomBytes } from 'node:crypto';

export type SecretKind = 'session' | 'api' | 'setup' | 'launch' | 'csrf';

const PREFIX: Readonly<Record<SecretKind, string>> = {
  session: 'bots_ses_',
  api: 'bots_pat_',
  setup: 'bots_set_',
  launch: 'bots_lau_',
  csrf: '',
};

export function newSecret(kind: SecretKind): string {
  return PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The first characters shown in token lists (the prefix and 6 more): enough to tell tokens apart, useless alone. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, PREFIX.api.length + 6);
}
