/**
 * Named secrets for channels (passwords, private keys, API keys): stored only encrypted with the workspace's data
 * key (secret-box.ts), listed without their values, revealed only to the code that uses them (a channel about to
 * connect). Names are id-like and compared lower-case on every database.
 */
import type { SecretRow } from '../store/rows.js';
import type { Store } from '../store/store.js';
import type { SecretBox } from './secret-box.js';

export const SECRET_NAME = /^[a-z0-9_-][a-z0-9._-]{0,63}$/;
/** Values are small: passwords, keys, tokens (a PEM key is a few KiB). */
export const MAX_SECRET_BYTES = 64 * 1024;

export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
  constructor(
    readonly code: 'invalid' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

/** What may be shown of a secret: everything but its value. */
export type SecretInfo = Omit<SecretRow, 'value'>;

export function secretInfo(row: SecretRow): SecretInfo {
  return {
    name: row.name,
    description: row.description,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export class SecretStore {
  /** `box` is asked for only when a value is encrypted or decrypted, so listing works without the key. */
  constructor(
    private readonly store: Store,
    private readonly box: () => SecretBox,
  ) {}

  async list(): Promise<SecretInfo[]> {
    return (await this.store.secrets.list()).map(secretInfo);
  }

  /** Adds or replaces a secret; `created` tells which. */
  async set(
    name: string,
    value: string,
    options: { description?: string | null | undefined; by: string; now: Date },
  ): Promise<{ info: SecretInfo; created: boolean }> {
    const key = checkName(name);
    if (value === '') throw new SecretStoreError('invalid', 'A secret cannot be empty');
    if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES)
      throw new SecretStoreError('invalid', `A secret holds at most ${MAX_SECRET_BYTES / 1024} KiB`);
    const existing = await this.store.secrets.get(key);
    const row: SecretRow = {
      name: key,
      value: this.box().encrypt(value),
      description: options.description === undefined ? (existing?.description ?? null) : options.description,
      createdAt: existing?.createdAt ?? options.now,
      updatedAt: options.now,
      updatedBy: options.by,
    };
    await this.store.secrets.put(row);
    return { info: secretInfo(row), created: existing === undefined };
  }

  /** The value in clear, for the code that uses it; never for display. */
  async reveal(name: string): Promise<string> {
    const row = await this.store.secrets.get(checkName(name));
    if (!row) throw new SecretStoreError('not_found', `There is no secret named "${name}"`);
    return this.box().decrypt(row.value);
  }

  async remove(name: string): Promise<SecretInfo> {
    const key = checkName(name);
    const row = await this.store.secrets.get(key);
    if (!row || !(await this.store.secrets.remove(key)))
      throw new SecretStoreError('not_found', `There is no secret named "${name}"`);
    return secretInfo(row);
  }
}

function checkName(name: string): string {
  const key = name.toLowerCase();
  if (!SECRET_NAME.test(key))
    throw new SecretStoreError(
      'invalid',
      `"${name}" is not a valid secret name: use 1 to 64 letters, digits, ".", "_" or "-", not starting with "."`,
    );
  return key;
}
