/**
 * Which database a workspace uses (DESIGN.md): `DB_HOST` set means MySQL/MariaDB (DB_PORT, DB_NAME, DB_USER,
 * DB_PASSWORD); otherwise the SQLite file in the workspace. The password never appears in messages.
 */
import type { WorkspaceLayout } from './workspace.js';

export type DatabaseChoice =
  { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string; display: string };

export function databaseChoice(
  layout: WorkspaceLayout,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseChoice {
  const host = env.DB_HOST;
  if (!host) return { kind: 'sqlite', file: layout.database };
  const port = env.DB_PORT || '3306';
  const name = env.DB_NAME || 'bots';
  const user = env.DB_USER || 'bots';
  const password = env.DB_PASSWORD ?? '';
  const auth = `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}`;
  return {
    kind: 'mysql',
    url: `mysql://${auth}@${host}:${port}/${encodeURIComponent(name)}`,
    display: `mysql://${user}@${host}:${port}/${name}`,
  };
}
