/**
 * `bots token create|list|revoke`: API tokens for integrations without the UI. The token is printed once, at
 * creation; only its hash is stored. Audited with the actor `cli`.
 */
import { createToken, revokeToken } from '../server/accounts.js';
import { tokenJson } from '../server/schemas/identity-schemas.js';
import { TOKEN_SCOPES, type TokenScope } from '../store/schema/shared.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';
import { withAccounts } from './user-command.js';

export interface TokenCreateOptions {
  home?: string;
  scopes?: string;
  expiresDays?: string;
  json?: boolean;
}

export async function tokenCreate(name: string, options: TokenCreateOptions, out: Output): Promise<number> {
  const scopes = scopesOf(options.scopes ?? 'read');
  const days = options.expiresDays === undefined ? undefined : Number(options.expiresDays);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650))
    throw new UsageError(
      `--expires-days must be a whole number of days from 1 to 3650; got "${options.expiresDays}"`,
    );
  return withAccounts(options.home, async (store) => {
    const now = new Date();
    const expiresAt = days === undefined ? undefined : new Date(now.getTime() + days * 24 * 3600_000);
    const { row, secret } = await createToken(store, { name, scopes, expiresAt, createdBy: 'cli' }, now);
    await auditCli(store, { action: 'create', entity: 'token', entityId: row.id, after: tokenJson(row) });
    if (options.json) out.stdout(`${JSON.stringify({ token: tokenJson(row), secret }, null, 2)}\n`);
    else
      out.stdout(
        `created token ${row.name} (${row.id}) with ${row.scopes.join(', ')}${row.expiresAt ? `, expires ${row.expiresAt.toISOString()}` : ''}\n` +
          `${secret}\n` +
          'This is the only time the token is shown: store it now. Send it as "Authorization: Bearer <token>".\n',
      );
    return 0;
  });
}

export async function tokenList(options: { home?: string; json?: boolean }, out: Output): Promise<number> {
  return withAccounts(options.home, async (store) => {
    const tokens = (await store.identity.apiTokens.list()).map(tokenJson);
    if (options.json) out.stdout(`${JSON.stringify(tokens, null, 2)}\n`);
    else if (tokens.length === 0) out.stdout('no API tokens: bots token create NAME --scopes read\n');
    else
      for (const t of tokens)
        out.stdout(
          `${t.id} ${t.name.padEnd(20)} ${t.prefix}... ${t.scopes.join(',').padEnd(14)} ${t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry'}\n`,
        );
    return 0;
  });
}

export async function tokenRevoke(
  idOrName: string,
  options: { home?: string },
  out: Output,
): Promise<number> {
  return withAccounts(options.home, async (store) => {
    const now = new Date();
    const token = await revokeToken(store, idOrName, now);
    await auditCli(store, { action: 'revoke', entity: 'token', entityId: token.id, after: tokenJson(token) });
    out.stdout(`revoked token ${token.name} (${token.id})\n`);
    return 0;
  });
}

function scopesOf(text: string): TokenScope[] {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const scope of scopes)
    if (!(TOKEN_SCOPES as readonly string[]).includes(scope))
      throw new UsageError(`unknown scope "${scope}" (${TOKEN_SCOPES.join(', ')})`);
  if (scopes.length === 0) throw new UsageError(`--scopes needs at least one of ${TOKEN_SCOPES.join(', ')}`);
  return scopes as TokenScope[];
}
