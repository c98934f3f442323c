/**
 * The audit log: who changed what, when, with the entity before and after. Rows are only ever added; reading is
 * newest first with a keyset cursor (the row id).
 */
import type { AuditRow } from '../rows.js';

export type NewAuditEntry = Omit<AuditRow, 'id'>;

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  /** Only rows with a smaller id (the cursor of the previous page). */
  beforeId?: number;
  /** At most this many rows (1..500). */
  limit: number;
}

export interface AuditRepository {
  /** Adds an entry; returns its id. */
  append(entry: NewAuditEntry): Promise<number>;
  /** Entries newest first. */
  list(filter: AuditFilter): Promise<AuditRow[]>;
}
