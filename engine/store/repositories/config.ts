/**
 * The configuration repository, written once for both dialects: the configuration document maps to rows and
 * back here; each dialect only reads and writes those rows in one transaction (ConfigRowsPort).
 *
 * Reads come back in the canonical order of normalizeConfig (engine/core/config-check.ts), so export -> import ->
 * export is identical whatever order the database returns rows in; the sort runs here by UTF-16 code units, not
 * in SQL, because MySQL collations compare case-insensitively and SQLite does not.
 */
import { normalizeConfig } from '../../core/config-check.js';
import {
  CONFIG_VERSION,
  type ChannelConfig,
  type CodeListEntry,
  type ConfigDocument,
  type ConfirmRuleConfig,
  type PartnerConfig,
  type PartnerGroupConfig,
  type RouteConfig,
  type TranslationConfig,
  type UnknownPartnerPolicy,
} from '../../core/config-model.js';
import type { ConfigRows, SettingRow } from '../rows.js';
import { UNKNOWN_SENDER_POLICIES, newId } from '../schema/shared.js';

export interface ConfigRepository {
  /** The whole configuration, in canonical order. */
  read(): Promise<ConfigDocument>;
  /**
   * Replaces every configuration row with the document's, in one transaction. `guard`, when given, sees the
   * configuration as it is inside that transaction, after every other writer's (writers are serialised there, on
   * any number of processes); throwing refuses the change and the error reaches the caller. This is what makes a
   * read-change-write safe against writers elsewhere: the guard checks nothing changed since the read.
   */
  replace(doc: ConfigDocument, guard?: (current: ConfigDocument) => void): Promise<void>;
}

/** What a dialect provides: all configuration rows read, or all replaced, each in one transaction; with a guard,
 * the replacing transaction first takes the configuration's write lock, then reads the rows and hands them to it. */
export interface ConfigRowsPort {
  readRows(): Promise<ConfigRows>;
  replaceRows(rows: ConfigRows, guard?: (current: ConfigRows) => void): Promise<void>;
}

export function createConfigRepository(
  port: ConfigRowsPort,
  clock: () => Date = () => new Date(),
): ConfigRepository {
  return {
    async read() {
      return rowsToDocument(await port.readRows());
    },
    async replace(doc, guard) {
      await port.replaceRows(
        documentToRows(doc, clock()),
        guard && ((current) => guard(rowsToDocument(current))),
      );
    },
  };
}

/** Copies the properties whose value is not null/undefined: nullable columns become absent optional keys. */
function present<T extends object>(values: { [K in keyof T]: T[K] | null | undefined }): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(values) as (keyof T)[]) {
    const value = values[key];
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as T;
}

export function documentToRows(doc: ConfigDocument, at: Date): ConfigRows {
  const settings: SettingRow[] = [];
  if (doc.settings)
    settings.push({ key: 'unknownSenders', value: doc.settings.unknownSenders, updatedAt: at });
  return {
    channels: doc.channels.map((c) => ({
      id: c.id,
      type: c.type,
      direction: c.direction,
      path: c.path,
      filename: c.filename,
      remove: c.remove,
      archivePath: c.archivePath ?? null,
      lockFile: c.lockFile ?? null,
      tempThenRename: c.tempThenRename,
      settleSeconds: c.settleSeconds,
      description: c.description ?? null,
    })),
    routes: doc.routes.map((r) => ({
      id: r.id,
      seq: r.seq,
      active: r.active,
      notInDefaultRun: r.notInDefaultRun,
      monitor: r.monitor ?? false,
      fromChannel: r.fromChannel ?? null,
      fromEditype: r.fromEditype ?? null,
      fromMessagetype: r.fromMessagetype ?? null,
      translate: r.translate,
      toChannel: r.toChannel ?? null,
      toEditype: r.toEditype ?? null,
      toMessagetype: r.toMessagetype ?? null,
      toPartner: r.toPartner ?? null,
      fromPartner: r.fromPartner ?? null,
      testIndicator: r.testIndicator ?? null,
      defer: r.defer,
      zipIn: r.zipIn,
      zipOut: r.zipOut,
      description: r.description ?? null,
    })),
    translations: doc.translations.map((t) => ({
      id: newId(at.getTime()),
      fromEditype: t.fromEditype,
      fromMessagetype: t.fromMessagetype,
      alt: t.alt ?? null,
      fromPartner: t.fromPartner ?? null,
      toPartner: t.toPartner ?? null,
      mapping: t.mapping,
      toEditype: t.toEditype,
      toMessagetype: t.toMessagetype,
      active: t.active,
      description: t.description ?? null,
    })),
    partners: doc.partners.map((p) => ({
      id: p.id,
      name: p.name,
      active: p.active,
      envelope: { ...p.envelope },
      duplicates: p.duplicates,
      description: p.description ?? null,
    })),
    partnerIdentifiers: doc.partners.flatMap((p) =>
      p.identifiers.map((i) => ({ partnerId: p.id, qualifier: i.qualifier, value: i.value, test: i.test })),
    ),
    partnerGroups: doc.partnerGroups.map((g) => ({
      id: g.id,
      name: g.name,
      description: g.description ?? null,
    })),
    partnerGroupMembers: doc.partners.flatMap((p) =>
      p.groups.map((groupId) => ({ groupId, partnerId: p.id })),
    ),
    codeLists: doc.codeLists.map((c) => ({
      list: c.list,
      code: c.code,
      value: c.value,
      attributes: [...c.attributes],
    })),
    confirmRules: doc.confirmRules.map((r) => ({
      id: r.id,
      active: r.active,
      confirmType: r.confirmType,
      ruleType: r.ruleType,
      value: r.value ?? null,
      negative: r.negative,
    })),
    settings,
  };
}

export function rowsToDocument(rows: ConfigRows): ConfigDocument {
  const identifiers = rows.partnerIdentifiers;
  const members = rows.partnerGroupMembers;
  const unknownSenders = rows.settings.find((s) => s.key === 'unknownSenders')?.value;
  let settings: UnknownPartnerPolicy | undefined;
  if (unknownSenders !== undefined) {
    if (!UNKNOWN_SENDER_POLICIES.includes(unknownSenders as UnknownPartnerPolicy['unknownSenders'])) {
      throw new Error(`settings: unknownSenders has an unknown value ${JSON.stringify(unknownSenders)}`);
    }
    settings = { unknownSenders: unknownSenders as UnknownPartnerPolicy['unknownSenders'] };
  }
  return normalizeConfig({
    version: CONFIG_VERSION,
    ...(settings ? { settings } : {}),
    channels: rows.channels.map((c) =>
      present<ChannelConfig>({
        id: c.id,
        type: c.type,
        direction: c.direction,
        path: c.path,
        filename: c.filename,
        remove: c.remove,
        archivePath: c.archivePath,
        lockFile: c.lockFile,
        tempThenRename: c.tempThenRename,
        settleSeconds: c.settleSeconds,
        description: c.description,
      }),
    ),
    routes: rows.routes.map((r) =>
      present<RouteConfig>({
        id: r.id,
        seq: r.seq,
        active: r.active,
        notInDefaultRun: r.notInDefaultRun,
        monitor: r.monitor ? true : null,
        fromChannel: r.fromChannel,
        fromEditype: r.fromEditype,
        fromMessagetype: r.fromMessagetype,
        translate: r.translate,
        toChannel: r.toChannel,
        toEditype: r.toEditype,
        toMessagetype: r.toMessagetype,
        toPartner: r.toPartner,
        fromPartner: r.fromPartner,
        testIndicator: r.testIndicator,
        defer: r.defer,
        zipIn: r.zipIn,
        zipOut: r.zipOut,
        description: r.description,
      }),
    ),
    translations: rows.translations.map((t) =>
      present<TranslationConfig>({
        fromEditype: t.fromEditype,
        fromMessagetype: t.fromMessagetype,
        alt: t.alt,
        fromPartner: t.fromPartner,
        toPartner: t.toPartner,
        mapping: t.mapping,
        toEditype: t.toEditype,
        toMessagetype: t.toMessagetype,
        active: t.active,
        description: t.description,
      }),
    ),
    partners: rows.partners.map((p) =>
      present<PartnerConfig>({
        id: p.id,
        name: p.name,
        active: p.active,
        identifiers: identifiers
          .filter((i) => i.partnerId === p.id)
          .map((i) => ({ qualifier: i.qualifier, value: i.value, test: i.test })),
        groups: members.filter((m) => m.partnerId === p.id).map((m) => m.groupId),
        envelope: p.envelope,
        duplicates: p.duplicates,
        description: p.description,
      }),
    ),
    partnerGroups: rows.partnerGroups.map((g) =>
      present<PartnerGroupConfig>({ id: g.id, name: g.name, description: g.description }),
    ),
    codeLists: rows.codeLists.map((c): CodeListEntry => ({
      list: c.list,
      code: c.code,
      value: c.value,
      attributes: c.attributes,
    })),
    confirmRules: rows.confirmRules.map((r) =>
      present<ConfirmRuleConfig>({
        id: r.id,
        active: r.active,
        confirmType: r.confirmType,
        ruleType: r.ruleType,
        value: r.value,
        negative: r.negative,
      }),
    ),
  });
}
