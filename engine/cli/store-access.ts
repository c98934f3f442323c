/**
 * Opens the workspace's store for a command: SQLite in the workspace, or MySQL when DB_HOST is set (DESIGN.md).
 * Commands close it when done; messages name the database without its password.
 */
import { databaseChoice, type DatabaseChoice } from '../runtime/database-config.js';
import { workspaceHome, workspaceLayout, type WorkspaceLayout } from '../runtime/workspace.js';
import { openStore, type Store } from '../store/store.js';

export interface OpenedStore {
  store: Store;
  layout: WorkspaceLayout;
  /** `sqlite file …` or `mysql://user@host:port/db`. */
  description: string;
}

export function describeDatabase(choice: DatabaseChoice): string {
  return choice.kind === 'sqlite' ? `sqlite file ${choice.file}` : choice.display;
}

export async function openWorkspaceStore(home: string | undefined): Promise<OpenedStore> {
  const layout = workspaceLayout(workspaceHome(home));
  const choice = databaseChoice(layout);
  const store = await openStore(
    choice.kind === 'sqlite' ? { kind: 'sqlite', file: choice.file } : { kind: 'mysql', url: choice.url },
  );
  return { store, layout, description: describeDatabase(choice) };
}

/** Runs work with an open store and closes it whatever happens. */
export async function withStore<T>(
  home: string | undefined,
  work: (opened: OpenedStore) => Promise<T>,
): Promise<T> {
  const opened = await openWorkspaceStore(home);
  try {
    return await work(opened);
  } finally {
    await opened.store.close();
  }
}
