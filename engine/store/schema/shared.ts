/**
 * What the SQLite and MySQL schemas share: enum values as const arrays, JSON payload types, column lengths and
 * the app-side id and clock helpers. Both dialects declare the same tables with the same TypeScript keys and
 * column names; parity.ts proves it at compile time.
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

export const CHANNEL_TYPES = ['file'] as const satisfies readonly ChannelType[];
export const DIRECTIONS = ['in', 'out'] as const satisfies readonly Direction[];
export const TRANSLATE_MODES = [
  'translate',
  'passthrough',
  'parse-passthrough',
  'none',
] as const satisfies readonly TranslateMode[];
export const DUPLICATE_POLICIES = [
  'warn',
  'reject',
] as const satisfies readonly PartnerConfig['duplicates'][];
export const CONFIRM_TYPES = [
  '997',
  '999',
  'CONTRL',
  'TA1',
  'ask-997',
  'ask-999',
  'ask-CONTRL',
] as const satisfies readonly ConfirmType[];
export const CONFIRM_RULE_TYPES = [
  'all',
  'route',
  'channel',
  'frompartner',
  'topartner',
  'messagetype',
] as const satisfies readonly ConfirmRuleType[];
export const UNKNOWN_SENDER_POLICIES = [
  'error',
  'accept',
] as const satisfies readonly UnknownPartnerPolicy['unknownSenders'][];

/** A run's command (Bots: new, resend, rereceive, automaticretrycommunication, cleanup, crash recovery). */
export const RUN_MODES = ['new', 'resend', 'rereceive', 'retry', 'cleanup', 'crash-recovery'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const RUN_STATUSES = ['running', 'done', 'error', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** What a queued job does: an engine run (mode and routes) or maintenance (cleanup by retention). */
/** Roles of people and, through their scopes, of API tokens (DESIGN.md "Identity and secrets"); each role can do
 * what the roles after it can. */
export const USER_ROLES = ['admin', 'operator', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** What an API token may do: `read`, `operate` and `admin` grant the routes of the viewer, operator and admin roles;
 * `outbound` only posts documents (and reads their status); `metrics` only reads /metrics. */
export const TOKEN_SCOPES = ['read', 'operate', 'admin', 'outbound', 'metrics'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** One-time tokens: the first-admin setup link and the desktop window's launch token. */
export const ONE_TIME_PURPOSES = ['setup', 'launch'] as const;
export type OneTimePurpose = (typeof ONE_TIME_PURPOSES)[number];
/** How a session was opened. */
export const SESSION_ORIGINS = ['password', 'setup', 'launch'] as const;
export type SessionOrigin = (typeof SESSION_ORIGINS)[number];

export const JOB_KINDS = ['engine', 'maintenance'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** How one execution (claim) of a job ended; `running` until it does. */
export const EXECUTION_OUTCOMES = ['running', 'done', 'failed', 'expired', 'requeued', 'stopped'] as const;
export type ExecutionOutcome = (typeof EXECUTION_OUTCOMES)[number];
/** A job's progress as its worker last reported it (route, files, messages, ...). */
export type JobProgress = Record<string, string | number>;

/** The step a transaction-log row records (Bots' ta.status). */
export const TA_STATUSES = [
  'EXTERNIN',
  'FILEIN',
  'PARSED',
  'SPLITUP',
  'TRANSLATED',
  'MERGED',
  'FILEOUT',
  'EXTERNOUT',
] as const;
export type TaStatus = (typeof TA_STATUSES)[number];
/** The state of that step (Bots' ta.statust). */
export const TA_RESULTS = ['OPEN', 'ERROR', 'OK', 'DONE', 'RESEND', 'NO_RETRY'] as const;
export type TaResult = (typeof TA_RESULTS)[number];

/** Lengths of the varchar columns on MySQL (SQLite ignores them). Ids are the names people give. */
export const LEN = {
  id: 64,
  /** App-generated ids (ULID, 26 characters). */
  ulid: 26,
  /** Editypes, message types, enum values, qualifiers. */
  short: 64,
  /** Identifiers (ISA06/UNB 0004 are at most 35) and code-list codes. */
  code: 128,
  /** Counter names (Bots' uniek domains), lease holders, ta references (document numbers, Message-IDs). */
  name: 255,
} as const;

/** JSON payloads. */
export type EnvelopeValues = Record<string, string>;
export type CodeAttributes = string[];
/** Counts of a run or of a received file, by name (received, done, errors, stuck, open, sent, ...). */
export type Counts = Record<string, number>;
/** The route ids a run processes. */
export type RouteIds = string[];
/** An API token's scopes. */
export type TokenScopes = TokenScope[];
/** An audited entity before or after a change (secrets already removed). */
export type AuditState = { [key: string]: SettingValue };
/** A settings value: any JSON. */
export type SettingValue =
  string | number | boolean | null | SettingValue[] | { [key: string]: SettingValue };

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A ULID: 48-bit milliseconds + 80 random bits in Crockford base32 (26 characters). Monotonic within one process
 * (the random part increments within the same millisecond), so ids sorted as strings keep creation order.
 */
export function newId(now: number = Date.now()): string {
  if (now <= lastTime) {
    // Same (or earlier) millisecond: increment the random part, carrying.
    let i = lastRandom.length - 1;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i < 0) throw new Error('ULID random part overflowed within one millisecond');
    lastRandom[i]!++;
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = Array.from({ length: 16 }, () => Math.floor(Math.random() * 32));
  }
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + lastRandom.map((d) => CROCKFORD[d]).join('');
}

/** Timestamps are set by the app, never by a column default. */
export const now = (): Date => new Date();
