/**
 * The workspace folder: `--home DIR` > BOTS_HOME > the OS app-data folder (Linux `$XDG_DATA_HOME/bots-edi`,
 * else `~/.local/share/bots-edi`, the folder the desktop app uses too). Commands that only read (validate,
 * grammar list) use it when it exists and never create it.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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
