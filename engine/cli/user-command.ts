/**
 * `bots user add|passwd|list|remove`: people's accounts without the UI, for the first admin in a container and for
 * recovery (a forgotten admin password). Passwords come from standard input or a hidden prompt
 * (password-input.ts). Every change is in the audit log with the actor `cli`.
 */
import { AccountError, createUser, removeUser, updateUser, userByName } from '../server/accounts.js';
import { userJson } from '../server/schemas/identity-schemas.js';
import { USER_ROLES, type UserRole } from '../store/schema/shared.js';
import type { Store } from '../store/store.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { readNewPassword } from './password-input.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

export interface UserAddOptions {
  home?: string;
  role?: string;
  displayName?: string;
}

export async function userAdd(username: string, options: UserAddOptions, out: Output): Promise<number> {
  const role = roleOf(options.role ?? 'viewer');
  const password = await readNewPassword();
  return withAccounts(options.home, async (store) => {
    const now = new Date();
    const user = await createUser(store, { username, role, password, displayName: options.displayName }, now);
    await auditCli(store, { action: 'create', entity: 'user', entityId: user.id, after: userJson(user) });
    out.stdout(`added ${user.role} ${user.username} (${user.id})\n`);
    return 0;
  });
}

export async function userPasswd(username: string, options: { home?: string }, out: Output): Promise<number> {
  const password = await readNewPassword();
  return withAccounts(options.home, async (store) => {
    const now = new Date();
    const user = await userByName(store, username);
    // Recovery also re-enables a deactivated account: whoever can run this owns the workspace anyway.
    const { after } = await updateUser(store, user.id, { password, active: true }, now);
    await auditCli(store, {
      action: 'update-password',
      entity: 'user',
      entityId: user.id,
      before: userJson(user),
      after: userJson(after),
    });
    out.stdout(`changed the password of ${after.username}; their sessions are ended\n`);
    return 0;
  });
}

export async function userList(options: { home?: string; json?: boolean }, out: Output): Promise<number> {
  return withAccounts(options.home, async (store) => {
    const users = (await store.identity.users.list()).map(userJson);
    if (options.json) out.stdout(`${JSON.stringify(users, null, 2)}\n`);
    else if (users.length === 0) out.stdout('no users yet: bots user add NAME --role admin\n');
    else
      for (const u of users)
        out.stdout(
          `${u.username.padEnd(20)} ${u.role.padEnd(8)} ${u.active ? 'active  ' : 'inactive'} ${u.passwordLogin ? '' : '(no password log-in) '}${u.displayName ?? ''}\n`,
        );
    return 0;
  });
}

export async function userRemove(username: string, options: { home?: string }, out: Output): Promise<number> {
  return withAccounts(options.home, async (store) => {
    const user = await removeUser(store, (await userByName(store, username)).id);
    await auditCli(store, { action: 'delete', entity: 'user', entityId: user.id, before: userJson(user) });
    out.stdout(`removed ${user.username}\n`);
    return 0;
  });
}

function roleOf(text: string): UserRole {
  if (!(USER_ROLES as readonly string[]).includes(text))
    throw new UsageError(`--role must be ${USER_ROLES.join(', ')}; got "${text}"`);
  return text as UserRole;
}

/** Opens the migrated store; account rule violations are usage errors (exit 2) with their plain message. */
export function withAccounts(
  home: string | undefined,
  work: (store: Store) => Promise<number>,
): Promise<number> {
  return withStore(home, async ({ store }) => {
    await store.migrate();
    try {
      return await work(store);
    } catch (error) {
      if (error instanceof AccountError) throw new UsageError(error.message);
      throw error;
    }
  });
}
