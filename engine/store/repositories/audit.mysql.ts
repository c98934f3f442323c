/** The audit log on MySQL/MariaDB: the id of an append is the statement's AUTO_INCREMENT insert id. */
import { desc } from 'drizzle-orm';
import * as m from '../schema/mysql.js';
import { auditLimit, auditWhere, type AuditRepository } from './audit.js';
import type { MysqlInternals } from './identity.mysql.js';

export function createMysqlAudit(store: MysqlInternals): AuditRepository {
  return {
    append: async (entry) => {
      const [result] = await store.db.insert(m.auditLog).values(entry);
      return result.insertId;
    },
    list: async (filter) =>
      store.db
        .select()
        .from(m.auditLog)
        .where(auditWhere(m.auditLog, filter))
        .orderBy(desc(m.auditLog.id))
        .limit(auditLimit(filter)),
  };
}
