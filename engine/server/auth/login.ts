/**
 * Password log-in with rate limiting that holds across web replicas: failures are counted in the database per user
 * name and per client address; a key that reaches its limit within the window is locked for a while, and a locked
 * key is refused before any password is checked (429 with Retry-After). A wrong name costs as much time as a wrong
 * password, and both get the same answer, so names cannot be probed.
 */
import type { UserRow } from '../../store/rows.js';
import { HttpError } from '../http-error.js';
import type { WebContext } from '../web-context.js';
import { decoyHash, verifyPassword } from './password.js';

const REFUSED = 'The user name or password is wrong';

export async function checkLogin(
  web: WebContext,
  username: string,
  password: string,
  address: string,
): Promise<UserRow> {
  const attempts = web.store.identity.loginAttempts;
  const now = web.now();
  const keys = [
    { key: `user:${username.toLowerCase()}`, max: web.options.login.maxFailuresPerUser },
    { key: `ip:${address}`, max: web.options.login.maxFailuresPerAddress },
  ];
  for (const { key } of keys) {
    const row = await attempts.get(key);
    if (row?.lockedUntil && row.lockedUntil > now) throw locked(row.lockedUntil, now);
  }
  const user = await web.store.identity.users.byName(username);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (user && user.active && user.passwordHash && valid) {
    await attempts.clear(keys[0]!.key);
    return user;
  }
  let lockedUntil: Date | undefined;
  for (const { key, max } of keys) {
    const row = await attempts.fail(key, now, {
      windowMs: web.options.login.windowMs,
      maxFailures: max,
      lockMs: web.options.login.lockMs,
    });
    if (row.lockedUntil && row.lockedUntil > now) lockedUntil = row.lockedUntil;
  }
  if (lockedUntil) throw locked(lockedUntil, now);
  throw new HttpError(401, 'login_failed', REFUSED);
}

function locked(until: Date, now: Date): HttpError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new HttpError(
    429,
    'too_many_attempts',
    `Too many failed log-ins; try again in ${Math.ceil(seconds / 60)} minute(s)`,
    undefined,
    { 'retry-after': String(seconds) },
  );
}
