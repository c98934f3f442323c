/**
 * `bots db backup FILE`: an online copy of the workspace's SQLite database while the product runs (SQLite's backup
 * API; writers are not stopped). The copy is a complete database file that `BOTS_HOME` can use in place of
 * botssys/db/bots.sqlite. MySQL/MariaDB databases are backed up with the server's own tools.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databaseChoice } from '../runtime/database-config.js';
import { workspaceHome, workspaceLayout } from '../runtime/workspace.js';
import type { SqliteStore } from '../store/store.sqlite.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

export async function dbBackup(file: string, options: { home?: string }, out: Output): Promise<number> {
  const target = resolve(file);
  if (existsSync(target)) throw new UsageError(`${target} exists already; name a new file`);
  if (!existsSync(dirname(target))) throw new UsageError(`the folder ${dirname(target)} does not exist`);
  const choice = databaseChoice(workspaceLayout(workspaceHome(options.home)));
  if (choice.kind !== 'sqlite')
    throw new UsageError(
      `bots db backup copies a SQLite database; ${choice.display} is MySQL/MariaDB: use mysqldump or mariadb-backup`,
    );
  return withStore(options.home, async ({ store, description }) => {
    // Copied under a temporary name first, so an interrupted backup never leaves a half file under the real name.
    const temporary = `${target}.${process.pid}.partial`;
    let reported = -1;
    try {
      await (store as SqliteStore).backup(temporary, (copied, total) => {
        const percent = total === 0 ? 100 : Math.floor((copied / total) * 100);
        if (percent >= reported + 25 && percent < 100) {
          out.stderr(`backup: ${percent}% (${copied} of ${total} pages)\n`);
          reported = percent;
        }
      });
      renameSync(temporary, target);
    } finally {
      rmSync(temporary, { force: true });
    }
    out.stdout(`backed up ${description} to ${target}\n`);
    return 0;
  });
}
