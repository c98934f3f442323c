/**
 * Compile-time parity of the two schemas: every table has the same select and insert types on SQLite and MySQL,
 * and the enum arrays cover exactly the unions of the configuration model. A difference fails `tsc`.
 */
import type {
  ChannelType,
  ConfirmRuleType,
  ConfirmType,
  Direction,
  PartnerConfig,
  TranslateMode,
  UnknownPartnerPolicy,
} from '../../core/config-model.js';
import type * as m from './mysql.js';
import type {
  CHANNEL_TYPES,
  CONFIRM_RULE_TYPES,
  CONFIRM_TYPES,
  DIRECTIONS,
  DUPLICATE_POLICIES,
  TRANSLATE_MODES,
  UNKNOWN_SENDER_POLICIES,
} from './shared.js';
import type * as s from './sqlite.js';

export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type TableNames = keyof typeof s & keyof typeof m;
type Select<N extends TableNames> = Equal<(typeof s)[N]['$inferSelect'], (typeof m)[N]['$inferSelect']>;
type Insert<N extends TableNames> = Equal<(typeof s)[N]['$inferInsert'], (typeof m)[N]['$inferInsert']>;
type SqlName<N extends TableNames> = Equal<(typeof s)[N]['_']['name'], (typeof m)[N]['_']['name']>;
type ColumnNames<T extends { _: { columns: Record<string, { _: { name: string } }> } }> = {
  [K in keyof T['_']['columns']]: T['_']['columns'][K]['_']['name'];
};
type Columns<N extends TableNames> = Equal<ColumnNames<(typeof s)[N]>, ColumnNames<(typeof m)[N]>>;
type AllTrue<T extends Record<string, true>> = T;

/** Both schema modules export the same tables. */
export const sameTables: Equal<keyof typeof s, keyof typeof m> = true;

export type Parity = AllTrue<{ [N in TableNames]: Select<N> }> &
  AllTrue<{ [N in TableNames]: Insert<N> }> &
  AllTrue<{ [N in TableNames]: SqlName<N> }> &
  AllTrue<{ [N in TableNames]: Columns<N> }>;

export const enumParity: [
  Equal<(typeof CHANNEL_TYPES)[number], ChannelType>,
  Equal<(typeof DIRECTIONS)[number], Direction>,
  Equal<(typeof TRANSLATE_MODES)[number], TranslateMode>,
  Equal<(typeof DUPLICATE_POLICIES)[number], PartnerConfig['duplicates']>,
  Equal<(typeof CONFIRM_TYPES)[number], ConfirmType>,
  Equal<(typeof CONFIRM_RULE_TYPES)[number], ConfirmRuleType>,
  Equal<(typeof UNKNOWN_SENDER_POLICIES)[number], UnknownPartnerPolicy['unknownSenders']>,
] = [true, true, true, true, true, true, true];
