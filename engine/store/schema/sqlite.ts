/**
 * The SQLite schema (better-sqlite3). Same table names, TypeScript keys and column names as mysql.ts; booleans are
 * integers in boolean mode, JSON is text in json mode, timestamps are integers in milliseconds.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  CHANNEL_TYPES,
  CONFIRM_RULE_TYPES,
  CONFIRM_TYPES,
  DIRECTIONS,
  DUPLICATE_POLICIES,
  EXECUTION_OUTCOMES,
  JOB_KINDS,
  JOB_STATUSES,
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

export const channels = sqliteTable('channels', {
  id: text('id').primaryKey(),
  type: text('type', { enum: CHANNEL_TYPES }).notNull(),
  direction: text('direction', { enum: DIRECTIONS }).notNull(),
  path: text('path').notNull(),
  filename: text('filename').notNull(),
  remove: integer('remove', { mode: 'boolean' }).notNull(),
  archivePath: text('archive_path'),
  lockFile: text('lock_file'),
  tempThenRename: integer('temp_then_rename', { mode: 'boolean' }).notNull(),
  settleSeconds: integer('settle_seconds').notNull(),
  description: text('description'),
});

export const routes = sqliteTable(
  'routes',
  {
    id: text('id').notNull(),
    seq: integer('seq').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    notInDefaultRun: integer('not_in_default_run', { mode: 'boolean' }).notNull(),
    monitor: integer('monitor', { mode: 'boolean' }).notNull().default(false),
    fromChannel: text('from_channel'),
    fromEditype: text('from_editype'),
    fromMessagetype: text('from_messagetype'),
    translate: text('translate', { enum: TRANSLATE_MODES }).notNull(),
    toChannel: text('to_channel'),
    toEditype: text('to_editype'),
    toMessagetype: text('to_messagetype'),
    toPartner: text('to_partner'),
    fromPartner: text('from_partner'),
    testIndicator: integer('test_indicator', { mode: 'boolean' }),
    defer: integer('defer', { mode: 'boolean' }).notNull(),
    zipIn: integer('zip_in', { mode: 'boolean' }).notNull(),
    zipOut: integer('zip_out', { mode: 'boolean' }).notNull(),
    description: text('description'),
  },
  (t) => [primaryKey({ columns: [t.id, t.seq] })],
);

export const translations = sqliteTable(
  'translations',
  {
    id: text('id').primaryKey(),
    fromEditype: text('from_editype').notNull(),
    fromMessagetype: text('from_messagetype').notNull(),
    alt: text('alt'),
    fromPartner: text('from_partner'),
    toPartner: text('to_partner'),
    mapping: text('mapping').notNull(),
    toEditype: text('to_editype').notNull(),
    toMessagetype: text('to_messagetype').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    description: text('description'),
  },
  (t) => [index('translations_lookup').on(t.fromEditype, t.fromMessagetype)],
);

export const partners = sqliteTable('partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  envelope: text('envelope', { mode: 'json' }).$type<EnvelopeValues>().notNull(),
  duplicates: text('duplicates', { enum: DUPLICATE_POLICIES }).notNull(),
  description: text('description'),
});

export const partnerIdentifiers = sqliteTable(
  'partner_identifiers',
  {
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    qualifier: text('qualifier').notNull(),
    value: text('value').notNull(),
    test: integer('test', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.qualifier, t.value, t.test] }),
    uniqueIndex('partner_identifiers_unique').on(t.qualifier, t.value, t.test),
  ],
);

export const partnerGroups = sqliteTable('partner_groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
});

export const partnerGroupMembers = sqliteTable(
  'partner_group_members',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => partnerGroups.id, { onDelete: 'cascade' }),
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.partnerId] }),
    index('partner_group_members_partner').on(t.partnerId),
  ],
);

export const codeLists = sqliteTable(
  'code_lists',
  {
    list: text('list').notNull(),
    code: text('code').notNull(),
    value: text('value').notNull(),
    attributes: text('attributes', { mode: 'json' }).$type<CodeAttributes>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.list, t.code] })],
);

export const confirmRules = sqliteTable('confirm_rules', {
  id: text('id').primaryKey(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  confirmType: text('confirm_type', { enum: CONFIRM_TYPES }).notNull(),
  ruleType: text('rule_type', { enum: CONFIRM_RULE_TYPES }).notNull(),
  value: text('value'),
  negative: integer('negative', { mode: 'boolean' }).notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<SettingValue>().notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Bots' uniek: named counters for control numbers and file names. */
export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value', { mode: 'number' }).notNull(),
});

/** One row per engine run (Bots' report). */
export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    mode: text('mode', { enum: RUN_MODES }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    routes: text('routes', { mode: 'json' }).$type<RouteIds>().notNull(),
    counts: text('counts', { mode: 'json' }).$type<Counts>().notNull(),
    error: text('error'),
  },
  // (.., started_at, id): the sort key of the runs and process-errors views (repositories/views.ts).
  (t) => [
    index('runs_status').on(t.status, t.startedAt, t.id),
    index('runs_started_at').on(t.startedAt, t.id),
  ],
);

/** The transaction log (Bots' ta): every step of every file and message, linked to the step before it. */
export const ta = sqliteTable(
  'ta',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    parent: text('parent'),
    /** A merge: the MERGED row this TRANSLATED message went into (Bots' ta.child); many rows share one. */
    child: text('child'),
    /** Envelope control numbers of what was sent: ISA13 / UNB 0020 on MERGED, `GS06:ST02` / `0020:0062` on a
     * TRANSLATED message; what inbound acknowledgements are matched by. */
    control: text('control'),
    /** An acknowledgement was asked for (ISA14, UNB 0031) and is awaited. */
    confirmAsked: integer('confirm_asked', { mode: 'boolean' }),
    /** What the acknowledgement said: accepted, accepted-with-errors, partially-accepted, rejected, received. */
    confirmed: text('confirmed'),
    /** The SPLITUP row of the acknowledgement that said it. */
    confirmTa: text('confirm_ta'),
    status: text('status', { enum: TA_STATUSES }).notNull(),
    result: text('result', { enum: TA_RESULTS }).notNull(),
    routeId: text('route_id'),
    fromChannel: text('from_channel'),
    toChannel: text('to_channel'),
    fromPartner: text('from_partner'),
    toPartner: text('to_partner'),
    editype: text('editype'),
    messagetype: text('messagetype'),
    alt: text('alt'),
    reference: text('reference'),
    filename: text('filename'),
    contentPath: text('content_path'),
    contentOffset: integer('content_offset', { mode: 'number' }),
    contentLength: integer('content_length', { mode: 'number' }),
    charset: text('charset'),
    testIndicator: integer('test_indicator', { mode: 'boolean' }),
    error: text('error'),
    messages: integer('messages', { mode: 'number' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
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
export const routeLeases = sqliteTable(
  'route_leases',
  {
    routeId: text('route_id').primaryKey(),
    runId: text('run_id').notNull(),
    holder: text('holder').notNull(),
    acquiredAt: integer('acquired_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('route_leases_run').on(t.runId)],
);

/** One row per received file (Bots' filereport), keyed by its FILEIN ta row (route-runner.ts translateBatch). */
export const fileReports = sqliteTable(
  'file_reports',
  {
    taId: text('ta_id').primaryKey(),
    runId: text('run_id').notNull(),
    routeId: text('route_id'),
    filename: text('filename').notNull(),
    status: text('status', { enum: TA_RESULTS }).notNull(),
    counts: text('counts', { mode: 'json' }).$type<Counts>().notNull(),
    error: text('error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('file_reports_run').on(t.runId)],
);

/** Values mapping scripts keep between runs (Bots' persist): one per domain and key. */
export const persist = sqliteTable(
  'persist',
  {
    domain: text('domain').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.domain, t.key] })],
);

/**
 * Interchanges received, by sender, receiver and control number (ISA13, UNB 0020): the key that finds a duplicate
 * interchange. The first ta row (PARSED) that carried it is kept for the message that names it.
 */
export const interchanges = sqliteTable(
  'interchanges',
  {
    sender: text('sender').notNull(),
    receiver: text('receiver').notNull(),
    controlNumber: text('control_number').notNull(),
    taId: text('ta_id').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
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
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: JOB_KINDS }).notNull(),
    mode: text('mode', { enum: RUN_MODES }).notNull(),
    routes: text('routes', { mode: 'json' }).$type<RouteIds>().notNull(),
    priority: integer('priority', { mode: 'number' }).notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    dedupKey: text('dedup_key').notNull(),
    pendingKey: text('pending_key'),
    attempts: integer('attempts', { mode: 'number' }).notNull(),
    maxAttempts: integer('max_attempts', { mode: 'number' }).notNull(),
    maxRuntimeSeconds: integer('max_runtime_seconds', { mode: 'number' }).notNull(),
    runAfter: integer('run_after', { mode: 'timestamp_ms' }).notNull(),
    leaseHolder: text('lease_holder'),
    leaseExpires: integer('lease_expires', { mode: 'timestamp_ms' }),
    source: text('source'),
    runId: text('run_id'),
    progress: text('progress', { mode: 'json' }).$type<JobProgress>(),
    result: text('result', { mode: 'json' }).$type<Counts>(),
    error: text('error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('jobs_pending_key').on(t.pendingKey),
    index('jobs_claim').on(t.status, t.priority, t.id),
    index('jobs_lease').on(t.status, t.leaseExpires),
    index('jobs_created').on(t.createdAt),
  ],
);

/** Every claim of a job: (job, attempt) is unique, so a job run twice shows, even across a crash. */
export const jobExecutions = sqliteTable(
  'job_executions',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    jobId: integer('job_id', { mode: 'number' }).notNull(),
    attempt: integer('attempt', { mode: 'number' }).notNull(),
    holder: text('holder').notNull(),
    outcome: text('outcome', { enum: EXECUTION_OUTCOMES }).notNull(),
    runId: text('run_id'),
    error: text('error'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('job_executions_attempt').on(t.jobId, t.attempt),
    index('job_executions_outcome').on(t.outcome),
  ],
);

/** Cron schedules that queue jobs (engine/jobs/scheduler.ts); `cron` is node-cron's syntax (5 or 6 fields). */
export const schedules = sqliteTable('schedules', {
  id: text('id').primaryKey(),
  cron: text('cron').notNull(),
  timezone: text('timezone'),
  kind: text('kind', { enum: JOB_KINDS }).notNull(),
  mode: text('mode', { enum: RUN_MODES }).notNull(),
  routes: text('routes', { mode: 'json' }).$type<RouteIds>().notNull(),
  priority: integer('priority', { mode: 'number' }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  description: text('description'),
});

/**
 * One row per firing of a schedule: (schedule, time) is the primary key, so a second scheduler or a repeated
 * firing of the same minute inserts nothing and queues nothing. `job_id` is set once the job is queued; a row
 * without one (a crash in between) is queued again at the next start.
 */
export const scheduleFirings = sqliteTable(
  'schedule_firings',
  {
    scheduleId: text('schedule_id').notNull(),
    fireAt: integer('fire_at', { mode: 'timestamp_ms' }).notNull(),
    jobId: integer('job_id', { mode: 'number' }),
    catchUp: integer('catch_up', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scheduleId, t.fireAt] }), index('schedule_firings_job').on(t.jobId)],
);

/** Extra folders the directory monitor watches (besides the in-channels of routes marked `monitor`). */
export const monitoredFolders = sqliteTable('monitored_folders', {
  id: text('id').primaryKey(),
  /** Relative to the data root, `/`-separated. */
  path: text('path').notNull(),
  /** File names to react to (`*.edi`); `*` for all. */
  mask: text('mask').notNull(),
  recursive: integer('recursive', { mode: 'boolean' }).notNull(),
  /** The route a burst of activity queues a run of. */
  routeId: text('route_id').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
});

/** People who use the admin and the API. `username` is stored lower-case (names compare case-insensitively);
 * `password_hash` is a scrypt hash, NULL for a user who cannot log in with a password (the desktop's own user). */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique('users_username'),
  displayName: text('display_name'),
  role: text('role', { enum: USER_ROLES }).notNull(),
  passwordHash: text('password_hash'),
  active: integer('active', { mode: 'boolean' }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Login sessions, in the database so any web replica serves them. The key is the SHA-256 of the cookie's value,
 * never the value itself; `csrf_token` must come back in a header with every change made through the cookie. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    origin: text('origin', { enum: SESSION_ORIGINS }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId), index('sessions_expires').on(t.expiresAt)],
);

/** Failed logins per key (`user:NAME`, `ip:ADDRESS`) in the current window, shared by every web replica. */
export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures', { mode: 'number' }).notNull(),
  windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
});

/** API tokens for integrations: only the SHA-256 of the token is kept; `prefix` (its first characters) tells
 * tokens apart in lists. A revoked token stays, for the audit log. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<TokenScopes>().notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_name').on(t.name)],
);

/** Setup links and launch tokens: usable once (`used_at`), until `expires_at`; kept as SHA-256 only. */
export const oneTimeTokens = sqliteTable('one_time_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  purpose: text('purpose', { enum: ONE_TIME_PURPOSES }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  usedAt: integer('used_at', { mode: 'timestamp_ms' }),
});

/** Every change and manual action: who (`user:NAME`, `token:NAME`, `cli`), what, and the entity before and after
 * (secrets removed). Rows are only ever added. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before', { mode: 'json' }).$type<AuditState>(),
    after: text('after', { mode: 'json' }).$type<AuditState>(),
    address: text('address'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_entity').on(t.entity, t.entityId)],
);

/** Named secrets (channel passwords, keys): `value` is always encrypted (`enc:v1:...`, runtime/secret-box.ts). */
export const secrets = sqliteTable('secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  description: text('description'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  updatedBy: text('updated_by'),
});

/** Idempotency keys of outbound API posts: `key_hash` is the SHA-256 of the principal and the key; a repeat with the
 * same request gets the stored answer, one with another request is refused. `answer` is NULL while the first
 * request is still being handled. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    keyHash: text('key_hash').primaryKey(),
    requestHash: text('request_hash').notNull(),
    answer: text('answer', { mode: 'json' }).$type<AuditState>(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('idempotency_keys_created').on(t.createdAt)],
);
