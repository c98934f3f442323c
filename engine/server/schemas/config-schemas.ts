/**
 * zod schemas of the configuration entities (engine/core/config-model.ts) and of the schedules and monitored
 * folders (engine/store/rows.ts), for the API's input validation and its OpenAPI description (`z.toJSONSchema`:
 * each entity is a named, documented schema through `.meta({ id })`).
 *
 * Contracts:
 * - Each schema infers exactly its TypeScript type (`schemaParity` below fails `tsc` on any difference).
 * - The configuration schemas state the constraints of docs/schemas/config.v1.schema.json: the same required
 *   keys, property names, enums, patterns and bounds (test/unit/server/config-schemas.test.ts compares them),
 *   unknown keys refused (`z.strictObject`), and its conditionals (out-channel file name templates, confirm
 *   rule values) as refinements. The patterns are config-check's own (ID, MESSAGETYPE, MAPPING), not copies.
 * - They check the shape of one entity only. What needs the rest of the configuration (references, unique ids)
 *   is checkConfig's, and what needs the workspace (a monitored folder inside the data folder, the routes a
 *   schedule or folder names) is engine/server/config-entities.ts's.
 * - Schedules and monitored folders are checked as the CLI checks them (`bots schedule add`, `bots monitor add`):
 *   the same id pattern, cron and time zone through cronProblems, the job a firing queues through jobRow (so a
 *   schedule the queue would refuse at every firing is refused when written), the mask through maskPattern.
 */
import { z } from 'zod';
import { EDITYPES, ID, MAPPING, MESSAGETYPE, templateProblem } from '../../core/config-check.js';
import {
  CONFIG_VERSION,
  type ChannelConfig,
  type CodeListEntry,
  type ConfigDocument,
  type ConfirmRuleConfig,
  type PartnerConfig,
  type PartnerGroupConfig,
  type PartnerIdentifier,
  type RouteConfig,
  type TranslationConfig,
  type UnknownPartnerPolicy,
} from '../../core/config-model.js';
import { MONITORED_FOLDER_ID } from '../../jobs/dir-monitor.js';
import { JobInputError, jobRow, LEAST_URGENT } from '../../jobs/job-queue.js';
import { cronProblems, SCHEDULE_ID, scheduledJob } from '../../jobs/scheduler.js';
import { maskPattern } from '../../runtime/file-channel.js';
import type { Equal } from '../../store/schema/parity.js';
import {
  CHANNEL_TYPES,
  CONFIRM_RULE_TYPES,
  CONFIRM_TYPES,
  DIRECTIONS,
  DUPLICATE_POLICIES,
  JOB_KINDS,
  RUN_MODES,
  TRANSLATE_MODES,
  UNKNOWN_SENDER_POLICIES,
} from '../../store/schema/shared.js';
import type { MonitoredFolderRow, ScheduleRow } from '../../store/store.js';

/**
 * The JSON Schema's `relativePath` (not absolute, no drive letter or `~`, no `..` segment; `/` and `\` both
 * separate): the pattern form of config-check's unsafePath, which the document check applies as well.
 */
const RELATIVE_PATH = /^(?![\\/]|[A-Za-z]:|~)(?!(?:.*[\\/])?\.\.(?:[\\/]|$)).+$/;

const id = z
  .string()
  .regex(ID, 'must be an id of letters, digits, ".", "_" or "-" that does not start with "."');
/** The model types editypes as string; the schema still lists the values (a widening, not a cast). */
const editype: z.ZodType<string, string> = z
  .enum(EDITYPES)
  .describe('The kind of data: x12, edifact, csv, fixed, json or xml.');
const messagetype = z
  .string()
  .regex(MESSAGETYPE, 'must be a message type id of letters, digits, ".", "_" or "-"');
const relativePath = z
  .string()
  .min(1)
  .regex(RELATIVE_PATH, 'must be relative to the workspace data folder, without ".." segments');
const text = z.string().describe('Free text.');

export const settingsSchema = z
  .strictObject({
    unknownSenders: z
      .enum(UNKNOWN_SENDER_POLICIES)
      .describe(
        'Interchanges from an identifier no partner has: `error` gives an error row naming the identifier; `accept` processes them as partner "unknown".',
      ),
  })
  .meta({ id: 'Settings', description: 'Engine-wide settings of the configuration document.' });

export const channelSchema = z
  .strictObject({
    id: id.describe('Unique among channels.'),
    type: z.enum(CHANNEL_TYPES).describe('The transport; only files in this version.'),
    direction: z
      .enum(DIRECTIONS)
      .describe('`in`: files are read from the folder; `out`: files are written to it.'),
    path: relativePath.describe('The folder, relative to the workspace data folder.'),
    filename: relativePath.describe(
      'In: a glob mask of the files to read (`*.edi`); out: a file name template with {editype} {messagetype} {frompartner} {topartner} {unique} {datetime:FORMAT} {infile} {infile:name} {infile:ext} {overwrite}, sub-folders allowed.',
    ),
    remove: z.boolean().describe('In: delete what was read (else remember it and skip it next time).'),
    archivePath: relativePath
      .optional()
      .describe('In only: where originals are archived (absent: the workspace archive).'),
    lockFile: relativePath
      .optional()
      .describe('In: skip the folder while this file exists; out: create it while writing.'),
    tempThenRename: z.boolean().describe('Out: write to a temporary name and rename when complete.'),
    settleSeconds: z
      .int()
      .min(0)
      .describe('In: a file is read only when it is older than this many seconds and no longer growing.'),
    description: text.optional(),
  })
  .superRefine((channel, ctx) => {
    if (channel.direction !== 'out') return;
    const problem = templateProblem(channel.filename);
    if (problem) ctx.addIssue({ code: 'custom', path: ['filename'], message: problem });
    if (channel.archivePath !== undefined)
      ctx.addIssue({ code: 'custom', path: ['archivePath'], message: 'is only used by in-channels' });
  })
  .meta({ id: 'Channel', description: 'A folder files are read from (in) or written to (out).' });

export const routeSchema = z
  .strictObject({
    id: id.describe('The route; id and seq together are unique.'),
    seq: z.int().min(1).describe('Order of the parts of one route.'),
    active: z.boolean().describe('Inactive parts are skipped.'),
    notInDefaultRun: z.boolean().describe('Only run when named explicitly (`bots engine ROUTE`).'),
    monitor: z
      .boolean()
      .optional()
      .describe('The directory monitor queues a run when files arrive in the in-channel. Default false.'),
    fromChannel: id
      .optional()
      .describe('The in-channel to read from; absent: the part only routes what earlier parts produced.'),
    fromEditype: editype.optional(),
    fromMessagetype: messagetype
      .optional()
      .describe('The message type read (for formats whose envelope does not say it).'),
    translate: z
      .enum(TRANSLATE_MODES)
      .describe(
        '`translate`: by the translations; `passthrough`: copy without reading; `parse-passthrough`: read and check, then copy; `none`: nothing is read or translated.',
      ),
    toChannel: id.optional().describe('The out-channel to write to.'),
    toEditype: editype.optional(),
    toMessagetype: messagetype
      .optional()
      .describe('Filter: only this outgoing message type goes to toChannel.'),
    toPartner: id.optional().describe('Filter: only data to this partner or group goes to toChannel.'),
    fromPartner: id.optional().describe('Filter: only data from this partner or group goes to toChannel.'),
    testIndicator: z
      .boolean()
      .optional()
      .describe('Filter: only test (true) or only production (false) interchanges; absent: both.'),
    defer: z.boolean().describe("Write this part's outgoing files when the route ends, not batch by batch."),
    zipIn: z.boolean().describe('A received zip is unpacked: each file in it is received on its own.'),
    zipOut: z.boolean().describe('Each outgoing file is sent as <name>.zip holding it.'),
    description: text.optional(),
  })
  .meta({
    id: 'Route',
    description:
      'One part of a route: read from an in-channel, translate, and send what matches the filters to an out-channel. Parts of one route share the id and run in seq order.',
  });

export const translationSchema = z
  .strictObject({
    fromEditype: editype,
    fromMessagetype: messagetype.describe('The incoming message type.'),
    alt: z
      .string()
      .min(1)
      .optional()
      .describe('Alternative translation key, set by a mapping to chain translations.'),
    fromPartner: id.optional().describe('Only for messages from this partner or group.'),
    toPartner: id.optional().describe('Only for messages to this partner or group.'),
    mapping: z
      .string()
      .regex(MAPPING, 'must name a script under usersys/mappings without extension, like "x12/850-to-xml"')
      .describe('The script under usersys/mappings, without extension (`x12/850-to-xml`).'),
    toEditype: editype,
    toMessagetype: messagetype.describe('The outgoing message type.'),
    active: z.boolean().describe('Inactive translations are not used.'),
    description: text.optional(),
  })
  .meta({
    id: 'Translation',
    description:
      'Which mapping translates an incoming message type, chosen by editype, message type, alt and partners.',
  });

export const partnerIdentifierSchema = z
  .strictObject({
    qualifier: z.string().describe("ISA05/ISA07 or UNB 0007 qualifier; '' when the partner uses none."),
    value: z.string().min(1).describe('The identifier (ISA06/ISA08, UNB 0004/0010).'),
    test: z.boolean().describe('Used in test interchanges (else production).'),
  })
  .meta({ id: 'PartnerIdentifier', description: 'An identifier a partner uses in envelopes.' });

export const partnerSchema = z
  .strictObject({
    id: id.describe('Unique among partners and partner groups.'),
    name: z.string().min(1).describe('Display name.'),
    active: z.boolean().describe('Inactive partners are not used.'),
    identifiers: z
      .array(partnerIdentifierSchema)
      .describe(
        'Identifiers in envelopes; each qualifier, value and test combination belongs to one partner.',
      ),
    groups: z
      .array(id)
      .refine((groups) => new Set(groups).size === groups.length, 'lists a group twice')
      .meta({ uniqueItems: true, description: 'Ids of the partner groups the partner belongs to.' }),
    envelope: z
      .record(z.string().min(1), z.string())
      .describe('Partner-specific envelope values (ISA01..ISA15, GS07, UNB fields...).'),
    duplicates: z
      .enum(DUPLICATE_POLICIES)
      .describe('What to do when an interchange arrives again (same sender, receiver and control number).'),
    description: text.optional(),
  })
  .meta({ id: 'Partner', description: 'A trading partner.' });

export const partnerGroupSchema = z
  .strictObject({
    id: id.describe('Unique among partner groups and partners.'),
    name: z.string().min(1).describe('Display name.'),
    description: text.optional(),
  })
  .meta({ id: 'PartnerGroup', description: 'A group of partners.' });

export const codeListEntrySchema = z
  .strictObject({
    list: z.string().min(1).describe('List name (`uom`, `partner-plants`).'),
    code: z.string().min(1).describe("The code looked up (Bots' leftcode)."),
    value: z.string().describe("Its translation (Bots' rightcode)."),
    attributes: z.array(z.string()).describe('Free attributes, in order.'),
  })
  .meta({ id: 'CodeListEntry', description: 'One code of a code list; list and code together are unique.' });

export const confirmRuleSchema = z
  .strictObject({
    id: id.describe('Unique among confirm rules.'),
    active: z.boolean().describe('Inactive rules are not used.'),
    confirmType: z
      .enum(CONFIRM_TYPES)
      .describe('The acknowledgement sent, or (ask-*) asked for in what is sent.'),
    ruleType: z
      .enum(CONFIRM_RULE_TYPES)
      .describe(
        'What the rule matches: everything, or the route, channel, partner or message type named by value.',
      ),
    value: z
      .string()
      .min(1)
      .optional()
      .describe('What the rule type matches; absent for `all`, required otherwise.'),
    negative: z.boolean().describe('A negative rule switches the acknowledgement off where it matches.'),
  })
  .superRefine((rule, ctx) => {
    if (rule.ruleType === 'all' && rule.value !== undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be left out when ruleType is "all"' });
    if (rule.ruleType !== 'all' && rule.value === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `is missing; ruleType "${rule.ruleType}" needs the ${rule.ruleType} it matches`,
      });
  })
  .meta({
    id: 'ConfirmRule',
    description: 'When an acknowledgement is sent (997, 999, CONTRL, TA1) or asked for (ask-*).',
  });

export const configDocumentSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION).describe('Format version of the document.'),
    settings: settingsSchema.optional(),
    channels: z.array(channelSchema).describe('Where files are read (in) and written (out).'),
    routes: z.array(routeSchema).describe('The parts of the routes, each identified by id and seq.'),
    translations: z.array(translationSchema),
    partners: z.array(partnerSchema),
    partnerGroups: z.array(partnerGroupSchema),
    codeLists: z.array(codeListEntrySchema).describe("Code conversions used by mappings (Bots' ccode)."),
    confirmRules: z.array(confirmRuleSchema),
  })
  .meta({
    id: 'ConfigDocument',
    description:
      'The whole configuration (`bots config export|import`, version 1); complete, nothing is defaulted. References between its entities are checked as well.',
  });

export const scheduleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(
        SCHEDULE_ID,
        'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      ),
    cron: z.string().describe('node-cron syntax: 5 fields, or 6 with seconds first (`*/5 * * * *`).'),
    timezone: z
      .string()
      .nullable()
      .describe('An IANA time zone (`Europe/Amsterdam`) the cron expression is read in; null: the server’s.'),
    kind: z.enum(JOB_KINDS).describe('`engine`: an engine run; `maintenance`: cleanup (mode `cleanup`).'),
    mode: z.enum(RUN_MODES).describe('The engine run mode of the queued job.'),
    routes: z.array(id).describe('Routes to run; empty: every route of the default run.'),
    priority: z
      .int()
      .min(0)
      .max(LEAST_URGENT)
      .describe('Priority of the queued job: 0 is the most urgent; the CLI default is 100.'),
    active: z.boolean().describe('Inactive schedules do not fire.'),
    description: z.string().nullable().describe('Free text, or null.'),
  })
  .superRefine((schedule, ctx) => {
    // cronProblems lists the expression's problems first, then the time zone's.
    const cron = cronProblems(schedule.cron);
    for (const message of cron) ctx.addIssue({ code: 'custom', path: ['cron'], message });
    for (const message of cronProblems(schedule.cron, schedule.timezone).slice(cron.length))
      ctx.addIssue({ code: 'custom', path: ['timezone'], message });
  })
  .superRefine(
    (schedule, ctx) => {
      try {
        jobRow(scheduledJob(schedule), new Date());
      } catch (error) {
        if (!(error instanceof JobInputError)) throw error;
        ctx.addIssue({ code: 'custom', path: [], message: error.message });
      }
    },
    // Only once the fields are right: jobRow would repeat a wrong priority in its own words.
    { when: (payload) => payload.issues.length === 0 },
  )
  .meta({ id: 'Schedule', description: 'A cron schedule that queues a job at each firing.' });

export const monitoredFolderSchema = z
  .strictObject({
    id: z
      .string()
      .regex(
        MONITORED_FOLDER_ID,
        'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      ),
    path: z.string().describe('The folder, relative to the workspace data folder; it may not leave it.'),
    mask: z
      .string()
      .superRefine((mask, ctx) => {
        try {
          maskPattern(mask);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .describe('File names to react to (`*.edi`); `*` for all; no folders.'),
    recursive: z.boolean().describe('Watch the sub-folders as well.'),
    routeId: id.describe('The route a burst of activity in the folder queues a run of.'),
    active: z.boolean().describe('Inactive folders are not watched.'),
  })
  .meta({
    id: 'MonitoredFolder',
    description:
      'An extra folder the directory monitor watches (besides the in-channels of routes marked monitor).',
  });

/** Compile-time proof that each schema infers exactly its type: a difference fails `tsc`. */
export const schemaParity: [
  Equal<z.infer<typeof settingsSchema>, UnknownPartnerPolicy>,
  Equal<z.infer<typeof channelSchema>, ChannelConfig>,
  Equal<z.infer<typeof routeSchema>, RouteConfig>,
  Equal<z.infer<typeof translationSchema>, TranslationConfig>,
  Equal<z.infer<typeof partnerIdentifierSchema>, PartnerIdentifier>,
  Equal<z.infer<typeof partnerSchema>, PartnerConfig>,
  Equal<z.infer<typeof partnerGroupSchema>, PartnerGroupConfig>,
  Equal<z.infer<typeof codeListEntrySchema>, CodeListEntry>,
  Equal<z.infer<typeof confirmRuleSchema>, ConfirmRuleConfig>,
  Equal<z.infer<typeof configDocumentSchema>, ConfigDocument>,
  Equal<z.infer<typeof scheduleSchema>, ScheduleRow>,
  Equal<z.infer<typeof monitoredFolderSchema>, MonitoredFolderRow>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];
