/**
 * Encrypts and decrypts secret values (channel passwords, tokens) with the workspace's data key. The data key is
 * random, stored only wrapped by the KeyProvider in config/data-key, and created on first use. Encrypted values
 * are text, `enc:v1:<base64url>`, so they fit any column or configuration field; `isEncrypted` tells them from
 * clear text, which is never stored.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_BYTES, open, seal, SecretError, type KeyProvider } from './key-provider.js';
import type { WorkspaceLayout } from './workspace.js';

const PREFIX = 'enc:v1:';

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export class SecretBox {
  private constructor(private readonly dataKey: Buffer) {}

  /** The workspace's box: unwraps config/data-key, or creates and stores a new data key when there is none. */
  static forWorkspace(layout: WorkspaceLayout, provider: KeyProvider): SecretBox {
    const file = join(layout.config, 'data-key');
    if (existsSync(file))
      return new SecretBox(provider.unwrap(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')));
    const dataKey = randomBytes(KEY_BYTES);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${provider.wrap(dataKey).toString('base64')}\n`, { mode: 0o600 });
    renameSync(temporary, file);
    return new SecretBox(dataKey);
  }

  encrypt(plain: string): string {
    return PREFIX + seal(this.dataKey, Buffer.from(plain, 'utf8')).toString('base64url');
  }

  decrypt(value: string): string {
    if (!isEncrypted(value)) throw new SecretError('the value is not an encrypted secret (enc:v1:...)');
    return open(this.dataKey, Buffer.from(value.slice(PREFIX.length), 'base64url'), 'the secret').toString(
      'utf8',
    );
  }
}
