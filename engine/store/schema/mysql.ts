/**
 * The MySQL/MariaDB schema (mysql2). Same table names, TypeScript keys and column names as sqlite.ts; varchar(n)
 * for every indexed column (TEXT cannot carry a plain index), boolean (tinyint), json, datetime(3) set by the app.
 */
import {
  bigint,
  boolean,
  datetime,
  index,
  int,
  json,
  mysqlTable,
  primaryKey,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import {
  CHANNEL_TYPES,
  CONFIRM_RULE_TYPES,
  CONFIRM_TYPES,
  DIRECTIONS,
  DUPLICATE_POLICIES,
  EXECUTION_OUTCOMES,
  JOB_KINDS,
  JOB_STATUSES,
  LEN,
  ONE_TIME_PURPOSES,
  RUN_MODES,
  RUN_STATUSES,
  TA_RESULTS,
  TA_STATUSES,
  SESSION_ORIGINS,
  TRANSLATE_MODES,
  USER_ROLES,
  type AuditState,
  type CodeAttributes,
  type Counts,
  type EnvelopeValues,
  type JobProgress,
  type RouteIds,
  type SettingValue,
  type TokenScopes,
} from './shared.js';

const id = <N extends string>(name: N) => varchar(name, { length: LEN.id });
const short = <N extends string>(name: N) => varchar(name, { length: LEN.short });
const ulid = <N extends string>(name: N) => varchar(name, { length: LEN.ulid });
const ms = <N extends string>(name: N) => datetime(name, { mode: 'date', fsp: 3 });

export const channels = mysqlTable('channels', {
  id: id('id').primaryKey(),
  type: varchar('type', { length: LEN.short, enum: CHANNEL_TYPES }).notNull(),
  direction: varchar('direction', { length: LEN.short, enum: DIRECTIONS }).notNull(),
  path: text('path').notNull(),
  filename: text('filename').notNull(),
  remove: boolean('remove').notNull(),
  archivePath: text('archive_path'),
  lockFile: text('lock_file'),
  tempThenRename: boolean('temp_then_rename').notNull(),
  settleSeconds: int('settle_seconds').notNull(),
  description: text('description'),
});

export const routes = mysqlTable(
  'routes',
  {
    id: id('id').notNull(),
    seq: int('seq').notNull(),
    active: boolean('active').notNull(),
    notInDefaultRun: boolean('not_in_default_run').notNull(),
    monitor: boolean('monitor').notNull().default(false),
    fromChannel: id('from_channel'),
    fromEditype: short('from_editype'),
    fromMessagetype: short('from_messagetype'),
    translate: varchar('translate', { length: LEN.short, enum: TRANSLATE_MODES }).notNull(),
    toChannel: id('to_channel'),
    toEditype: short('to_editype'),
    toMessagetype: short('to_messagetype'),
    toPartner: id('to_partner'),
    fromPartner: id('from_partner'),
    testIndicator: boolean('test_indicator'),
    defer: boolean('defer').notNull(),
    zipIn: boolean('zip_in').notNull(),
    zipOut: boolean('zip_out').notNull(),
    description: text('description'),
  },
  (t) => [primaryKey({ columns: [t.id, t.seq] })],
);

export const translations = mysqlTable(
  'translations',
  {
    id: varchar('id', { length: LEN.ulid }).primaryKey(),
    fromEditype: short('from_editype').notNull(),
    fromMessagetype: short('from_messagetype').notNull(),
    alt: short('alt'),
    fromPartner: id('from_partner'),
    toPartner: id('to_partner'),
    mapping: text('mapping').notNull(),
    toEditype: short('to_editype').notNull(),
    toMessagetype: short('to_messagetype').notNull(),
    active: boolean('active').notNull(),
    description: text('description'),
  },
  (t) => [index('translations_lookup').on(t.fromEditype, t.fromMessagetype)],
);

export const partners = mysqlTable('partners', {
  id: id('id').primaryKey(),
  name: text('name').notNull(),
  active: boolean('active').notNull(),
  envelope: json('envelope').$type<EnvelopeValues>().notNull(),
  duplicates: varchar('duplicates', { length: LEN.short, enum: DUPLICATE_POLICIES }).notNull(),
  description: text('description'),
});

export const partnerIdentifiers = mysqlTable(
  'partner_identifiers',
  {
    partnerId: id('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    qualifier: short('qualifier').notNull(),
    value: varchar('value', { length: LEN.code }).notNull(),
    test: boolean('test').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.qualifier, t.value, t.test] }),
    uniqueIndex('partner_identifiers_unique').on(t.qualifier, t.value, t.test),
  ],
);

export const partnerGroups = mysqlTable('partner_groups', {
  id: id('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
});

export const partnerGroupMembers = mysqlTable(
  'partner_group_members',
  {
    groupId: id('group_id')
      .notNull()
      .references(() => partnerGroups.id, { onDelete: 'cascade' }),
    partnerId: id('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.partnerId] }),
    index('partner_group_members_partner').on(t.partnerId),
  ],
);

export const codeLists = mysqlTable(
  'code_lists',
  {
    list: short('list').notNull(),
    code: varchar('code', { length: LEN.code }).notNull(),
    value: text('value').notNull(),
    attributes: json('attributes').$type<CodeAttributes>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.list, t.code] })],
);

export const confirmRules = mysqlTable('confirm_rules', {
  id: id('id').primaryKey(),
  active: boolean('active').notNull(),
  confirmType: varchar('confirm_type', { length: LEN.short, enum: CONFIRM_TYPES }).notNull(),
  ruleType: varchar('rule_type', { length: LEN.short, enum: CONFIRM_RULE_TYPES }).notNull(),
  value: text('value'),
  negative: boolean('negative').notNull(),
});

export const settings = mysqlTable('settings', {
  key: id('key').primaryKey(),
  value: json('value').$type<SettingValue>().notNull(),
  updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull(),
});

/** Bots' uniek: named counters for control numbers and file names. */
export const counters = mysqlTable('counters', {
  name: varchar('name', { length: LEN.name }).primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/** One row per engine run (Bots' report). */
export const runs = mysqlTable(
  'runs',
  {
    id: ulid('id').primaryKey(),
    mode: varchar('mode', { length: LEN.short, enum: RUN_MODES }).notNull(),
    status: varchar('status', { length: LEN.short, enum: RUN_STATUSES }).notNull(),
    startedAt: ms('started_at').notNull(),
    endedAt: ms('ended_at'),
    routes: json('routes').$type<RouteIds>().notNull(),
    counts: json('counts').$type<Counts>().notNull(),
    error: text('error'),
  },
  // (.., started_at, id): the sort key of the runs and process-errors views (repositories/views.ts).
  (t) => [
    index('runs_status').on(t.status, t.startedAt, t.id),
    index('runs_started_at').on(t.startedAt, t.id),
  ],
);

/** The transaction log (Bots' ta): every step of every file and message, linked to the step before it. */
export const ta = mysqlTable(
  'ta',
  {
    id: ulid('id').primaryKey(),
    runId: ulid('run_id').notNull(),
    parent: ulid('parent'),
    /** A merge: the MERGED row this TRANSLATED message went into (Bots' ta.child); many rows share one. */
    child: ulid('child'),
    /** Envelope control numbers of what was sent: ISA13 / UNB 0020 on MERGED, `GS06:ST02` / `0020:0062` on a
     * TRANSLATED message; what inbound acknowledgements are matched by. */
    control: varchar('control', { length: LEN.short }),
    /** An acknowledgement was asked for (ISA14, UNB 0031) and is awaited. */
    confirmAsked: boolean('confirm_asked'),
    /** What the acknowledgement said: accepted, accepted-with-errors, partially-accepted, rejected, received. */
    confirmed: varchar('confirmed', { length: LEN.short }),
    /** The SPLITUP row of the acknowledgement that said it. */
    confirmTa: ulid('confirm_ta'),
    status: varchar('status', { length: LEN.short, enum: TA_STATUSES }).notNull(),
    result: varchar('result', { length: LEN.short, enum: TA_RESULTS }).notNull(),
    routeId: id('route_id'),
    fromChannel: id('from_channel'),
    toChannel: id('to_channel'),
    fromPartner: id('from_partner'),
    toPartner: id('to_partner'),
    editype: short('editype'),
    messagetype: short('messagetype'),
    alt: short('alt'),
    reference: varchar('reference', { length: LEN.name }),
    filename: text('filename'),
    contentPath: text('content_path'),
    contentOffset: bigint('content_offset', { mode: 'number' }),
    contentLength: bigint('content_length', { mode: 'number' }),
    charset: short('charset'),
    testIndicator: boolean('test_indicator'),
    error: text('error'),
    messages: int('messages').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('ta_run').on(t.runId),
    index('ta_parent').on(t.parent),
    index('ta_child').on(t.child),
    index('ta_control').on(t.control),
    // The acknowledgements view (repositories/views.ts): asked-for rows of one step, newest first, without a sort.
    index('ta_confirm').on(t.confirmAsked, t.status, t.createdAt, t.id),
    // Also the views' result filter (repositories/views.ts): one step's errors, newest first, without a sort.
    index('ta_status_result').on(t.status, t.result, t.createdAt, t.id),
    index('ta_result_run').on(t.result, t.runId),
    index('ta_reference').on(t.reference),
    index('ta_status_created').on(t.status, t.createdAt, t.id),
    index('ta_status_from_partner').on(t.status, t.fromPartner, t.createdAt, t.id),
    index('ta_status_to_partner').on(t.status, t.toPartner, t.createdAt, t.id),
  ],
);

/** Which run holds which route until when (Bots' mutex, per route and with expiry). */
export const routeLeases = mysqlTable(
  'route_leases',
  {
    routeId: id('route_id').primaryKey(),
    runId: ulid('run_id').notNull(),
    holder: varchar('holder', { length: LEN.name }).notNull(),
    acquiredAt: ms('acquired_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('route_leases_run').on(t.runId)],
);

/** One row per received file (Bots' filereport), keyed by its FILEIN ta row (route-runner.ts translateBatch). */
export const fileReports = mysqlTable(
  'file_reports',
  {
    taId: ulid('ta_id').primaryKey(),
    runId: ulid('run_id').notNull(),
    routeId: id('route_id'),
    filename: text('filename').notNull(),
    status: varchar('status', { length: LEN.short, enum: TA_RESULTS }).notNull(),
    counts: json('counts').$type<Counts>().notNull(),
    error: text('error'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('file_reports_run').on(t.runId)],
);

/** Values mapping scripts keep between runs (Bots' persist): one per domain and key. */
export const persist = mysqlTable(
  'persist',
  {
    domain: varchar('domain', { length: LEN.name }).notNull(),
    key: varchar('key', { length: LEN.name }).notNull(),
    value: text('value').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.domain, t.key] })],
);

/**
 * Interchanges received, by sender, receiver and control number (ISA13, UNB 0020): the key that finds a duplicate
 * interchange. The first ta row (PARSED) that carried it is kept for the message that names it.
 */
export const interchanges = mysqlTable(
  'interchanges',
  {
    sender: varchar('sender', { length: LEN.code }).notNull(),
    receiver: varchar('receiver', { length: LEN.code }).notNull(),
    controlNumber: varchar('control_number', { length: LEN.short }).notNull(),
    taId: ulid('ta_id').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sender, t.receiver, t.controlNumber] }),
    index('interchanges_created').on(t.createdAt),
  ],
);

/**
 * The durable job queue (engine/jobs). `id` is the order of arrival (first in, first out within a priority;
 * the smaller `priority` runs first, so the claim reads jobs_claim in ascending order). `pending_key` is the de-duplication key (kind, mode, sorted routes) while
 * the job is pending and NULL otherwise: its unique index allows one pending job per key on both dialects.
 */
export const jobs = mysqlTable(
  'jobs',
  {
    id: int('id').autoincrement().primaryKey(),
    kind: varchar('kind', { length: LEN.short, enum: JOB_KINDS }).notNull(),
    mode: varchar('mode', { length: LEN.short, enum: RUN_MODES }).notNull(),
    routes: json('routes').$type<RouteIds>().notNull(),
    priority: int('priority').notNull(),
    status: varchar('status', { length: LEN.short, enum: JOB_STATUSES }).notNull(),
    dedupKey: text('dedup_key').notNull(),
    pendingKey: varchar('pending_key', { length: LEN.name }),
    attempts: int('attempts').notNull(),
    maxAttempts: int('max_attempts').notNull(),
    maxRuntimeSeconds: int('max_runtime_seconds').notNull(),
    runAfter: ms('run_after').notNull(),
    leaseHolder: varchar('lease_holder', { length: LEN.name }),
    leaseExpires: ms('lease_expires'),
    source: text('source'),
    runId: ulid('run_id'),
    progress: json('progress').$type<JobProgress>(),
    result: json('result').$type<Counts>(),
    error: text('error'),
    createdAt: ms('created_at').notNull(),
    startedAt: ms('started_at'),
    finishedAt: ms('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_pending_key').on(t.pendingKey),
    index('jobs_claim').on(t.status, t.priority, t.id),
    index('jobs_lease').on(t.status, t.leaseExpires),
    index('jobs_created').on(t.createdAt),
  ],
);

/** Every claim of a job: (job, attempt) is unique, so a job run twice shows, even across a crash. */
export const jobExecutions = mysqlTable(
  'job_executions',
  {
    id: int('id').autoincrement().primaryKey(),
    jobId: int('job_id').notNull(),
    attempt: int('attempt').notNull(),
    holder: varchar('holder', { length: LEN.name }).notNull(),
    outcome: varchar('outcome', { length: LEN.short, enum: EXECUTION_OUTCOMES }).notNull(),
    runId: ulid('run_id'),
    error: text('error'),
    startedAt: ms('started_at').notNull(),
    finishedAt: ms('finished_at'),
  },
  (t) => [
    uniqueIndex('job_executions_attempt').on(t.jobId, t.attempt),
    index('job_executions_outcome').on(t.outcome),
  ],
);

/** Cron schedules that queue jobs (engine/jobs/scheduler.ts); `cron` is node-cron's syntax (5 or 6 fields). */
export const schedules = mysqlTable('schedules', {
  id: id('id').primaryKey(),
  cron: varchar('cron', { length: LEN.name }).notNull(),
  timezone: varchar('timezone', { length: LEN.short }),
  kind: varchar('kind', { length: LEN.short, enum: JOB_KINDS }).notNull(),
  mode: varchar('mode', { length: LEN.short, enum: RUN_MODES }).notNull(),
  routes: json('routes').$type<RouteIds>().notNull(),
  priority: int('priority').notNull(),
  active: boolean('active').notNull(),
  description: text('description'),
});

/**
 * One row per firing of a schedule: (schedule, time) is the primary key, so a second scheduler or a repeated
 * firing of the same minute inserts nothing and queues nothing. `job_id` is set once the job is queued; a row
 * without one (a crash in between) is queued again at the next start.
 */
export const scheduleFirings = mysqlTable(
  'schedule_firings',
  {
    scheduleId: id('schedule_id').notNull(),
    fireAt: ms('fire_at').notNull(),
    jobId: int('job_id'),
    catchUp: boolean('catch_up').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scheduleId, t.fireAt] }), index('schedule_firings_job').on(t.jobId)],
);

/** Extra folders the directory monitor watches (besides the in-channels of routes marked `monitor`). */
export const monitoredFolders = mysqlTable('monitored_folders', {
  id: id('id').primaryKey(),
  /** Relative to the data root, `/`-separated. */
  path: text('path').notNull(),
  /** File names to react to (`*.edi`); `*` for all. */
  mask: varchar('mask', { length: LEN.name }).notNull(),
  recursive: boolean('recursive').notNull(),
  /** The route a burst of activity queues a run of. */
  routeId: id('route_id').notNull(),
  active: boolean('active').notNull(),
});

/** People who use the admin and the API. `username` is stored lower-case (names compare case-insensitively);
 * `password_hash` is a scrypt hash, NULL for a user who cannot log in with a password (the desktop's own user). */
export const users = mysqlTable('users', {
  id: ulid('id').primaryKey(),
  username: varchar('username', { length: LEN.id }).notNull().unique('users_username'),
  displayName: text('display_name'),
  role: varchar('role', { length: LEN.short, enum: USER_ROLES }).notNull(),
  passwordHash: text('password_hash'),
  active: boolean('active').notNull(),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/** Login sessions, in the database so any web replica serves them. The key is the SHA-256 of the cookie's value,
 * never the value itself; `csrf_token` must come back in a header with every change made through the cookie. */
export const sessions = mysqlTable(
  'sessions',
  {
    id: short('id').primaryKey(),
    userId: ulid('user_id').notNull(),
    csrfToken: short('csrf_token').notNull(),
    origin: varchar('origin', { length: LEN.short, enum: SESSION_ORIGINS }).notNull(),
    createdAt: ms('created_at').notNull(),
    lastSeenAt: ms('last_seen_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId), index('sessions_expires').on(t.expiresAt)],
);

/** Failed logins per key (`user:NAME`, `ip:ADDRESS`) in the current window, shared by every web replica. */
export const loginAttempts = mysqlTable('login_attempts', {
  key: varchar('key', { length: LEN.name }).primaryKey(),
  failures: int('failures').notNull(),
  windowStart: ms('window_start').notNull(),
  lockedUntil: ms('locked_until'),
});

/** API tokens for integrations: only the SHA-256 of the token is kept; `prefix` (its first characters) tells
 * tokens apart in lists. A revoked token stays, for the audit log. */
export const apiTokens = mysqlTable(
  'api_tokens',
  {
    id: ulid('id').primaryKey(),
    name: varchar('name', { length: LEN.id }).notNull(),
    tokenHash: short('token_hash').notNull(),
    prefix: short('prefix').notNull(),
    scopes: json('scopes').$type<TokenScopes>().notNull(),
    createdBy: varchar('created_by', { length: LEN.name }),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at'),
    lastUsedAt: ms('last_used_at'),
    revokedAt: ms('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_name').on(t.name)],
);

/** Setup links and launch tokens: usable once (`used_at`), until `expires_at`; kept as SHA-256 only. */
export const oneTimeTokens = mysqlTable('one_time_tokens', {
  tokenHash: short('token_hash').primaryKey(),
  purpose: varchar('purpose', { length: LEN.short, enum: ONE_TIME_PURPOSES }).notNull(),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
  usedAt: ms('used_at'),
});

/** Every change and manual action: who (`user:NAME`, `token:NAME`, `cli`), what, and the entity before and after
 * (secrets removed). Rows are only ever added. */
export const auditLog = mysqlTable(
  'audit_log',
  {
    id: int('id').autoincrement().primaryKey(),
    at: ms('at').notNull(),
    actor: varchar('actor', { length: LEN.name }).notNull(),
    action: short('action').notNull(),
    entity: short('entity').notNull(),
    entityId: varchar('entity_id', { length: LEN.name }),
    before: json('before').$type<AuditState>(),
    after: json('after').$type<AuditState>(),
    address: short('address'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_entity').on(t.entity, t.entityId)],
);

/** Named secrets (channel passwords, keys): `value` is always encrypted (`enc:v1:...`, runtime/secret-box.ts). */
export const secrets = mysqlTable('secrets', {
  name: id('name').primaryKey(),
  value: text('value').notNull(),
  description: text('description'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
  updatedBy: varchar('updated_by', { length: LEN.name }),
});

/** Idempotency keys of outbound API posts: `key_hash` is the SHA-256 of the principal and the key; a repeat with the
 * same request gets the stored answer, one with another request is refused. `answer` is NULL while the first
 * request is still being handled. */
export const idempotencyKeys = mysqlTable(
  'idempotency_keys',
  {
    keyHash: short('key_hash').primaryKey(),
    requestHash: short('request_hash').notNull(),
    answer: json('answer').$type<AuditState>(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('idempotency_keys_created').on(t.createdAt)],
);
