/**
 * `bots secret set|list|remove`: named secrets for channels (passwords, keys) without the UI. The value is read
 * from standard input or asked for in a terminal, encrypted with the workspace's data key at once, and never
 * printed. Audited with the actor `cli`.
 */
import { SecretError, workspaceKeyProvider } from '../runtime/key-provider.js';
import { SecretBox } from '../runtime/secret-box.js';
import { SecretStore, SecretStoreError } from '../runtime/secret-store.js';
import type { Store } from '../store/store.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { readNewPassword } from './password-input.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

export async function secretSet(
  name: string,
  options: { home?: string; description?: string },
  out: Output,
): Promise<number> {
  const value = await readNewPassword('secret');
  return withSecrets(options.home, async (secrets, store) => {
    const now = new Date();
    const { info, created } = await secrets.set(name, value, {
      description: options.description,
      by: 'cli',
      now,
    });
    await auditCli(store, {
      action: created ? 'create' : 'update',
      entity: 'secret',
      entityId: info.name,
      after: info,
    });
    out.stdout(`${created ? 'stored' : 'replaced'} secret ${info.name} (encrypted)\n`);
    return 0;
  });
}

export async function secretList(options: { home?: string; json?: boolean }, out: Output): Promise<number> {
  return withSecrets(options.home, async (secrets) => {
    const list = await secrets.list();
    if (options.json) out.stdout(`${JSON.stringify(list, null, 2)}\n`);
    else if (list.length === 0) out.stdout('no secrets: bots secret set NAME\n');
    else
      for (const s of list)
        out.stdout(
          `${s.name.padEnd(24)} updated ${s.updatedAt.toISOString()} by ${s.updatedBy ?? '-'}  ${s.description ?? ''}\n`,
        );
    return 0;
  });
}

export async function secretRemove(name: string, options: { home?: string }, out: Output): Promise<number> {
  return withSecrets(options.home, async (secrets, store) => {
    const info = await secrets.remove(name);
    await auditCli(store, { action: 'delete', entity: 'secret', entityId: info.name, before: info });
    out.stdout(`removed secret ${info.name}\n`);
    return 0;
  });
}

/** The workspace's secret store; a missing key or a refused name is a usage error with its plain message. */
function withSecrets(
  home: string | undefined,
  work: (secrets: SecretStore, store: Store) => Promise<number>,
): Promise<number> {
  return withStore(home, async ({ store, layout }) => {
    await store.migrate();
    try {
      return await work(
        new SecretStore(store, () => SecretBox.forWorkspace(layout, workspaceKeyProvider(layout))),
        store,
      );
    } catch (error) {
      if (error instanceof SecretStoreError || error instanceof SecretError)
        throw new UsageError(error.message);
      throw error;
    }
  });
}
