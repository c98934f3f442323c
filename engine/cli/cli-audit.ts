/** Changes made from the command line go into the audit log like the API's, with the actor `cli`. */
import { recordAudit, type AuditEvent } from '../server/audit-trail.js';
import type { Store } from '../store/store.js';

export async function auditCli(store: Store, event: Omit<AuditEvent, 'actor' | 'address'>): Promise<void> {
  await recordAudit(store.audit, { ...event, actor: 'cli' }, new Date());
}
