/**
 * Writes the audit log for the API (and the CLI): every change and manual action with its actor, the entity before
 * and after, and the client address. Secrets never reach the log: values under secret-looking keys (password,
 * secret, token, key, hash) are replaced by "(secret)" before the entry is written.
 */
import type { AuditRepository } from '../store/repositories/audit.js';
import type { AuditState, SettingValue } from '../store/schema/shared.js';

export interface AuditEvent {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | undefined;
  before?: object | undefined;
  after?: object | undefined;
  address?: string | undefined;
}

const SECRET_KEY = /(password|secret|token|passphrase|private|hash|key)$/i;

export async function recordAudit(audit: AuditRepository, event: AuditEvent, at: Date): Promise<number> {
  return audit.append({
    at,
    actor: event.actor,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId ?? null,
    before: event.before === undefined ? null : redact(event.before),
    after: event.after === undefined ? null : redact(event.after),
    address: event.address ?? null,
  });
}

/** A JSON copy of `value` with secret-looking keys' values replaced; Dates become ISO strings. */
export function redact(value: object): AuditState {
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) =>
      key !== '' && SECRET_KEY.test(key) && inner !== null && inner !== undefined ? '(secret)' : inner,
    ),
  ) as { [key: string]: SettingValue };
}
