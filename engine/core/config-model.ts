/**
 * The configuration document (`bots config export|import`, format version 1): what routes files take, through
 * which channels, translated by which mappings, for which partners. The database holds it; this shape is how it
 * leaves and enters (JSON, or YAML by file extension), documented by docs/schemas/config.v1.schema.json.
 * Keys are camelCase; ids are the names people give (`x12-orders-in`), unique per kind.
 */

export const CONFIG_VERSION = 1;

export type ChannelType = 'file';
export type Direction = 'in' | 'out';
export type TranslateMode = 'translate' | 'passthrough' | 'parse-passthrough' | 'none';

export interface ChannelConfig {
  id: string;
  type: ChannelType;
  direction: Direction;
  /** Folder relative to the workspace data root (botssys/data, or BOTS_DATA_DIR); never absolute, never `..`. */
  path: string;
  /** In: a glob mask (`*.edi`); out: a template with {editype} {messagetype} {frompartner} {topartner} {unique}
   * {datetime:FORMAT} {infile} {infile:name} {infile:ext} {overwrite}, sub-folders allowed. */
  filename: string;
  /** In: delete what was read (else remember it and skip it next time). */
  remove: boolean;
  /** In: where originals are archived (default: the workspace archive). */
  archivePath?: string;
  /** In: skip the folder while this file exists; out: create it while writing. */
  lockFile?: string;
  /** Out: write to a temporary name and rename when complete. */
  tempThenRename: boolean;
  /** In: a file is read only when it is older than this and no longer growing. */
  settleSeconds: number;
  description?: string;
}

export interface RouteConfig {
  id: string;
  /** Order of the parts of one route. */
  seq: number;
  active: boolean;
  /** Only run when named explicitly (`bots engine ROUTE`). */
  notInDefaultRun: boolean;
  /** The directory monitor queues a run of this route when files arrive in its in-channel (default false). */
  monitor?: boolean;
  fromChannel?: string;
  fromEditype?: string;
  fromMessagetype?: string;
  translate: TranslateMode;
  toChannel?: string;
  /** Filters on what goes to the out-channel. */
  toEditype?: string;
  toMessagetype?: string;
  toPartner?: string;
  fromPartner?: string;
  /** Only test (true) or only production (false) interchanges; absent: both. */
  testIndicator?: boolean;
  /** Write this part's outgoing files when the route ends (after all its parts received), not batch by batch. */
  defer: boolean;
  /** A received zip is unpacked: each file in it is received on its own (a file that is no zip is itself). */
  zipIn: boolean;
  /** Each outgoing file is sent as `<name>.zip` holding it. */
  zipOut: boolean;
  description?: string;
}

export interface TranslationConfig {
  fromEditype: string;
  fromMessagetype: string;
  /** Alternative translation key, set by a mapping to chain translations. */
  alt?: string;
  fromPartner?: string;
  /** A partner or a partner group id. */
  toPartner?: string;
  /** Script under usersys/mappings, without extension (`x12/850toxml`). */
  mapping: string;
  toEditype: string;
  toMessagetype: string;
  active: boolean;
  description?: string;
}

export interface PartnerIdentifier {
  /** ISA05/ISA07 or UNB 0007 qualifier; '' when the partner uses none. */
  qualifier: string;
  value: string;
  /** Used in test interchanges (else production). */
  test: boolean;
}

export interface PartnerConfig {
  id: string;
  name: string;
  active: boolean;
  identifiers: PartnerIdentifier[];
  /** Group ids the partner belongs to. */
  groups: string[];
  /** Partner-specific envelope values (ISA01..ISA15, GS07, UNB fields...). */
  envelope: Record<string, string>;
  /** What to do with interchanges whose duplicates (same sender, receiver and control number) arrive. */
  duplicates: 'warn' | 'reject';
  description?: string;
}

export interface PartnerGroupConfig {
  id: string;
  name: string;
  description?: string;
}

export interface CodeListEntry {
  /** List name (`uom`, `partner-plants`). */
  list: string;
  /** The code looked up (Bots' leftcode) and its translation (rightcode), plus free attributes. */
  code: string;
  value: string;
  attributes: string[];
}

export type ConfirmType = '997' | '999' | 'CONTRL' | 'TA1' | 'ask-997' | 'ask-999' | 'ask-CONTRL';
export type ConfirmRuleType = 'all' | 'route' | 'channel' | 'frompartner' | 'topartner' | 'messagetype';

export interface ConfirmRuleConfig {
  id: string;
  active: boolean;
  confirmType: ConfirmType;
  ruleType: ConfirmRuleType;
  /** What the rule type matches (a route id, partner id, message type); absent for `all`. */
  value?: string;
  /** A negative rule switches the acknowledgement off where it matches. */
  negative: boolean;
}

export interface UnknownPartnerPolicy {
  /** `error`: an error row that names the identifier; `accept`: processed as partner "unknown". */
  unknownSenders: 'error' | 'accept';
}

export interface ConfigDocument {
  version: typeof CONFIG_VERSION;
  settings?: UnknownPartnerPolicy;
  channels: ChannelConfig[];
  routes: RouteConfig[];
  translations: TranslationConfig[];
  partners: PartnerConfig[];
  partnerGroups: PartnerGroupConfig[];
  codeLists: CodeListEntry[];
  confirmRules: ConfirmRuleConfig[];
}
