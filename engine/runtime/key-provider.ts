/**
 * Secrets at rest (DESIGN.md "Identity and secrets"): channel passwords and other secrets are encrypted with a
 * random data key (AES-256-GCM); a KeyProvider wraps that data key, so the database and the workspace never hold
 * it in clear. Headless and containers: `BOTS_SECRET_KEY` (32 bytes, base64) or, when it is not set, the key file
 * config/secrets.key (created with mode 0600). The desktop adds a provider backed by Electron's safeStorage in
 * main/, which hands the unwrapped key to the children.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceLayout } from './workspace.js';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretError extends Error {
  override name = 'SecretError';
}

export interface KeyProvider {
  /** Where the wrapping key comes from, for messages (never the key). */
  readonly description: string;
  wrap(dataKey: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}

/** AES-256-GCM sealing: iv || tag || ciphertext. */
export function seal(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Buffer, what: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES)
    throw new SecretError(`${what} is too short to be encrypted data`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SecretError(`${what} cannot be decrypted: it was changed, or encrypted with another key`);
  }
}

/** Wraps with a 32-byte key held in memory (from BOTS_SECRET_KEY or the key file). */
export class StaticKeyProvider implements KeyProvider {
  constructor(
    private readonly key: Buffer,
    readonly description: string,
  ) {
    if (key.length !== KEY_BYTES)
      throw new SecretError(`${description} must hold ${KEY_BYTES} bytes, not ${key.length}`);
  }

  wrap(dataKey: Buffer): Buffer {
    return seal(this.key, dataKey);
  }

  unwrap(wrapped: Buffer): Buffer {
    return open(this.key, wrapped, `the data key (wrapped with ${this.description})`);
  }
}

/**
 * The provider for a workspace: BOTS_SECRET_KEY when set (base64 of 32 bytes), else config/secrets.key, created
 * with mode 0600 when `create` is true (bots init) and missing.
 */
export function workspaceKeyProvider(
  layout: WorkspaceLayout,
  env: NodeJS.ProcessEnv = process.env,
  create = false,
): KeyProvider {
  const fromEnv = env.BOTS_SECRET_KEY;
  if (fromEnv) return new StaticKeyProvider(Buffer.from(fromEnv, 'base64'), 'BOTS_SECRET_KEY');
  const file = join(layout.config, 'secrets.key');
  if (!existsSync(file)) {
    if (!create)
      throw new SecretError(`no secrets key: set BOTS_SECRET_KEY or run \`bots init\` to create ${file}`);
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return new StaticKeyProvider(
    Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'),
    `the key file ${file}`,
  );
}
