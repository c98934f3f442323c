/**
 * Row types of the store's tables. They are taken from the SQLite schema; schema/parity.ts proves the MySQL
 * schema infers the very same types, so code written against these rows serves both dialects.
 */
import type * as s from './schema/sqlite.js';

export type ChannelRow = typeof s.channels.$inferSelect;
export type RouteRow = typeof s.routes.$inferSelect;
export type TranslationRow = typeof s.translations.$inferSelect;
export type PartnerRow = typeof s.partners.$inferSelect;
export type PartnerIdentifierRow = typeof s.partnerIdentifiers.$inferSelect;
export type PartnerGroupRow = typeof s.partnerGroups.$inferSelect;
export type PartnerGroupMemberRow = typeof s.partnerGroupMembers.$inferSelect;
export type CodeListRow = typeof s.codeLists.$inferSelect;
export type ConfirmRuleRow = typeof s.confirmRules.$inferSelect;
export type SettingRow = typeof s.settings.$inferSelect;
export type RunRow = typeof s.runs.$inferSelect;
export type TaRow = typeof s.ta.$inferSelect;
export type RouteLeaseRow = typeof s.routeLeases.$inferSelect;
export type FileReportRow = typeof s.fileReports.$inferSelect;
export type PersistRow = typeof s.persist.$inferSelect;
export type InterchangeRow = typeof s.interchanges.$inferSelect;
export type ScheduleRow = typeof s.schedules.$inferSelect;
export type ScheduleFiringRow = typeof s.scheduleFirings.$inferSelect;
export type MonitoredFolderRow = typeof s.monitoredFolders.$inferSelect;

/** Every row of the configuration tables: what `config.replace` writes and `config.read` reads. */
export interface ConfigRows {
  channels: ChannelRow[];
  routes: RouteRow[];
  translations: TranslationRow[];
  partners: PartnerRow[];
  partnerIdentifiers: PartnerIdentifierRow[];
  partnerGroups: PartnerGroupRow[];
  partnerGroupMembers: PartnerGroupMemberRow[];
  codeLists: CodeListRow[];
  confirmRules: ConfirmRuleRow[];
  /** Only the settings keys the configuration document owns (CONFIG_SETTING_KEYS). */
  settings: SettingRow[];
}

/** The settings keys that belong to the configuration document; other settings rows are left alone. */
export const CONFIG_SETTING_KEYS = ['unknownSenders'] as const;

/** Rows per INSERT statement: keeps SQLite under its 32766 bound parameters and MySQL under 65535. */
export const INSERT_CHUNK = 500;

export function chunks<T>(rows: readonly T[], size: number = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
export type UserRow = typeof s.users.$inferSelect;
export type SessionRow = typeof s.sessions.$inferSelect;
export type LoginAttemptRow = typeof s.loginAttempts.$inferSelect;
export type ApiTokenRow = typeof s.apiTokens.$inferSelect;
export type OneTimeTokenRow = typeof s.oneTimeTokens.$inferSelect;
export type AuditRow = typeof s.auditLog.$inferSelect;
export type SecretRow = typeof s.secrets.$inferSelect;
export type IdempotencyKeyRow = typeof s.idempotencyKeys.$inferSelect;
