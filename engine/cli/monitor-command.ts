/**
 * `bots monitor add|list|remove`: the extra folders the directory monitor watches, each tied to the route a burst
 * of activity there queues (routes marked `"monitor": true` are watched through their in-channel as well). Paths
 * are relative to the data root and may not leave it. Changes take effect at the monitor's next reload.
 */
import { MONITORED_FOLDER_ID } from '../jobs/dir-monitor.js';
import { maskPattern } from '../runtime/file-channel.js';
import { resolveInside } from '../runtime/safe-path.js';
import type { MonitoredFolderRow } from '../store/store.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

export interface MonitorAddOptions {
  home?: string;
  mask?: string;
  recursive?: boolean;
  inactive?: boolean;
}

export async function monitorAdd(
  id: string,
  path: string,
  route: string,
  options: MonitorAddOptions,
  out: Output,
): Promise<number> {
  if (!MONITORED_FOLDER_ID.test(id))
    throw new UsageError(`a folder id is 1 to 64 letters, digits, ".", "_" or "-"; got "${id}"`);
  const mask = options.mask ?? '*';
  try {
    maskPattern(mask);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return withStore(options.home, async ({ store, layout }) => {
    try {
      resolveInside(layout.data, path);
    } catch {
      throw new UsageError(`the folder "${path}" is not inside the data folder ${layout.data}`);
    }
    await store.migrate();
    const config = await store.config.read();
    if (!config.routes.some((r) => r.id === route))
      throw new UsageError(`there is no route "${route}"; \`bots config export\` lists the routes`);
    const folder: MonitoredFolderRow = {
      id,
      path,
      mask,
      recursive: options.recursive === true,
      routeId: route,
      active: !options.inactive,
    };
    const before = (await store.monitoredFolders.list()).find((f) => f.id === id);
    const existed = before !== undefined;
    await store.monitoredFolders.put(folder);
    await auditCli(store, {
      action: existed ? 'update' : 'create',
      entity: 'monitored-folders',
      entityId: id,
      before,
      after: folder,
    });
    out.stdout(`${existed ? 'replaced' : 'added'} monitored folder ${describe(folder)}\n`);
    return 0;
  });
}

export async function monitorList(options: { home?: string; json?: boolean }, out: Output): Promise<number> {
  return withStore(options.home, async ({ store }) => {
    await store.migrate();
    const folders = await store.monitoredFolders.list();
    if (options.json) out.stdout(`${JSON.stringify(folders, null, 2)}\n`);
    else if (folders.length === 0) out.stdout('no monitored folders\n');
    else for (const folder of folders) out.stdout(`${describe(folder)}\n`);
    return 0;
  });
}

export async function monitorRemove(id: string, options: { home?: string }, out: Output): Promise<number> {
  return withStore(options.home, async ({ store }) => {
    await store.migrate();
    const before = (await store.monitoredFolders.list()).find((f) => f.id === id);
    if (!(await store.monitoredFolders.remove(id)))
      throw new UsageError(`there is no monitored folder "${id}"; \`bots monitor list\` lists them`);
    await auditCli(store, { action: 'delete', entity: 'monitored-folders', entityId: id, before });
    out.stdout(`removed monitored folder ${id}\n`);
    return 0;
  });
}

function describe(f: MonitoredFolderRow): string {
  return `${f.id}  ${f.path}  "${f.mask}"${f.recursive ? ' recursive' : ''}  route ${f.routeId}${f.active ? '' : '  inactive'}`;
}
