/**
 * The workspace folder: `--home DIR` > BOTS_HOME > the OS app-data folder (Linux `$XDG_DATA_HOME/bots-edi`,
 * else `~/.local/share/bots-edi`, the folder the desktop app uses too). Commands that only read (validate,
 * grammar list) use it when it exists and never create it; `bots init` creates it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export function workspaceHome(flag?: string): string {
  if (flag) return resolve(flag);
  const fromEnv = process.env.BOTS_HOME;
  if (fromEnv) return resolve(fromEnv);
  const dataHome = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'bots-edi');
}

export interface UsersysPaths {
  grammars: string;
  partners: string;
}

export function usersysPaths(home: string): UsersysPaths {
  return { grammars: join(home, 'usersys', 'grammars'), partners: join(home, 'usersys', 'partners') };
}

/** The folders of a workspace (DESIGN.md "Data"). */
export interface WorkspaceLayout {
  home: string;
  config: string;
  usersys: string;
  botssys: string;
  /** The SQLite database file (when DB_HOST is not set). */
  database: string;
  /** Root of all file content: archive, in-flight and outbound data (BOTS_DATA_DIR overrides). */
  data: string;
  logs: string;
}

export function workspaceLayout(home: string): WorkspaceLayout {
  const botssys = join(home, 'botssys');
  return {
    home,
    config: join(home, 'config'),
    usersys: join(home, 'usersys'),
    botssys,
    database: join(botssys, 'db', 'bots.sqlite'),
    data: process.env.BOTS_DATA_DIR ? resolve(process.env.BOTS_DATA_DIR) : join(botssys, 'data'),
    logs: join(botssys, 'logs'),
  };
}

/** Creates the workspace's folders (existing ones are kept); returns what was created. */
export function createWorkspaceFolders(layout: WorkspaceLayout): string[] {
  const folders = [
    layout.config,
    join(layout.usersys, 'grammars'),
    join(layout.usersys, 'mappings'),
    join(layout.usersys, 'partners'),
    join(layout.usersys, 'plugins'),
    dirname(layout.database),
    layout.data,
    layout.logs,
  ];
  const created: string[] = [];
  for (const folder of folders) {
    if (existsSync(folder)) continue;
    mkdirSync(folder, { recursive: true });
    created.push(folder);
  }
  return created;
}
