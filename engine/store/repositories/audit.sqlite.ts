/** The audit log on SQLite: appends in the store's IMMEDIATE transaction, pages read straight from the database. */
import { desc } from 'drizzle-orm';
import * as s from '../schema/sqlite.js';
import { auditLimit, auditWhere, type AuditRepository } from './audit.js';
import type { SqliteInternals } from './identity.sqlite.js';

export function createSqliteAudit(store: SqliteInternals): AuditRepository {
  return {
    append: async (entry) =>
      store.tx((tx) => tx.insert(s.auditLog).values(entry).returning({ id: s.auditLog.id }).get().id),
    list: async (filter) =>
      store.db
        .select()
        .from(s.auditLog)
        .where(auditWhere(s.auditLog, filter))
        .orderBy(desc(s.auditLog.id))
        .limit(auditLimit(filter))
        .all(),
  };
}
