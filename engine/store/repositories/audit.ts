/**
 * The audit log: who changed what, when, with the entity before and after. Rows are only ever added; reading is
 * newest first with a keyset cursor (the row id).
 */
import { and, eq, lt, type SQL } from 'drizzle-orm';
import type { AuditRow } from '../rows.js';
import type * as m from '../schema/mysql.js';
import type * as s from '../schema/sqlite.js';

export type NewAuditEntry = Omit<AuditRow, 'id'>;

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  /** Only rows with a smaller id (the cursor of the previous page). */
  beforeId?: number;
  /** At most this many rows (1..AUDIT_PAGE_MAX). */
  limit: number;
}

export interface AuditRepository {
  /** Adds an entry; returns its id. */
  append(entry: NewAuditEntry): Promise<number>;
  /** Entries newest first (by id); a limit outside 1..AUDIT_PAGE_MAX is a RangeError. */
  list(filter: AuditFilter): Promise<AuditRow[]>;
}

/** The most rows one `list` returns: a page of 500 for the API plus one that tells whether another page follows. */
export const AUDIT_PAGE_MAX = 501;

/** The filter's limit, checked: a positive integer up to AUDIT_PAGE_MAX. */
export function auditLimit(filter: AuditFilter): number {
  const { limit } = filter;
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX)
    throw new RangeError(`An audit page holds 1 to ${AUDIT_PAGE_MAX} rows; got ${limit}`);
  return limit;
}

/** The WHERE clause of an AuditFilter, on either dialect's table (column names are the same). */
export function auditWhere(
  table: typeof s.auditLog | typeof m.auditLog,
  filter: AuditFilter,
): SQL | undefined {
  const t = table as typeof s.auditLog;
  return and(
    filter.entity === undefined ? undefined : eq(t.entity, filter.entity),
    filter.entityId === undefined ? undefined : eq(t.entityId, filter.entityId),
    filter.actor === undefined ? undefined : eq(t.actor, filter.actor),
    filter.beforeId === undefined ? undefined : lt(t.id, filter.beforeId),
  );
}
