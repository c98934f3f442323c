/**
 * Runs one route for a `new` run (Bots' routepart loop, research/bots-inventory.md §1.2): every part with an
 * in-channel receives its files in batches; each batch is archived, translated and sent before the next is
 * read, so memory holds one batch. Every out-part of the route sends what the route produced that matches its
 * filters (to-editype, to-messagetype, from/to partner or group, test indicator); a part marked `defer` commits
 * its files as intents with the batch and writes them when the route ends. X12 and EDIFACT messages are merged
 * per batch.
 *
 * The order of one batch is the durability protocol (DESIGN.md "Runs and durability"):
 *   1. archive the received files (content store, fsynced)            fault point after-archive
 *   2. commit EXTERNIN (DONE) and FILEIN (OPEN) rows
 *   3. remove the sources (or remember them, for channels that keep what they read)
 *   4. translate; put the outgoing content in the content store (one fsynced file per batch, rows name ranges)
 *   5. commit PARSED/SPLITUP/TRANSLATED/MERGED/FILEOUT rows, EXTERNOUT rows as OPEN intents with their file
 *      names, and FILEIN's outcome                                      fault point mid-batch-commit
 *   6. write the outgoing files (temp, fsync, rename)                  fault point after-rename
 *   7. commit EXTERNOUT and FILEOUT as DONE (ERROR with the reason when a write failed)   fault point after-send
 * A crash leaves OPEN rows that the next run of the route finishes or redoes.
 */
import type { ChannelConfig, RouteConfig } from '../core/config-model.js';
import { renderFilename, TemplateError, usesUnique } from '../core/filename-template.js';
import {
  newId,
  type NewFileReport,
  type NewInterchange,
  type NewTa,
  type Store,
  type TaUpdate,
} from '../store/store.js';
import type { ContentRef, ContentStore } from './content-store.js';
import { faultPoint } from './fault-points.js';
import yazl from 'yazl';
import { mapLimit } from './map-limit.js';
import { looksLikeZip, readZip, ZipError } from './zip-reader.js';
import {
  ARCHIVE_PARALLEL,
  finishReceive,
  listReadyFiles,
  receiveFiles,
  type ReadyFile,
} from './file-channel.js';
import { sendFiles, type OutgoingFile } from './file-sender.js';
import {
  translateFile,
  type FilePart,
  type FileTranslation,
  type ReceivedFile,
  type TranslateDeps,
  type TranslatedOutput,
} from './file-translator.js';
import type { GrammarCatalog } from './grammar-catalog.js';
import { Merger, type MergedFile } from './merger.js';
import type { ConfirmRules } from './confirm-rules.js';
import type { PartnerDirectory } from './partner-directory.js';
import type { PlannedRoute } from './route-plan.js';

/** Files per batch, and bytes: whichever is reached first ends the batch. */
const BATCH_FILES = 200;
const BATCH_BYTES = 64 * 1024 * 1024;

export interface RunCounts {
  received: number;
  messages: number;
  translated: number;
  errors: number;
  sent: number;
  sendErrors: number;
  unrouted: number;
  /** Files translated again and sends completed for runs that crashed. */
  recovered: number;
  /** Messages of the run's routes whose asked-for acknowledgement is overdue. */
  ackOverdue: number;
}

export function emptyCounts(): RunCounts {
  return {
    received: 0,
    messages: 0,
    translated: 0,
    errors: 0,
    sent: 0,
    sendErrors: 0,
    unrouted: 0,
    recovered: 0,
    ackOverdue: 0,
  };
}

export interface RouteEnv {
  runId: string;
  store: Store;
  content: ContentStore;
  dataRoot: string;
  channels: ReadonlyMap<string, ChannelConfig>;
  partners: PartnerDirectory;
  confirm: ConfirmRules;
  catalog: GrammarCatalog;
  translate: TranslateDeps;
  now: Date;
  counts: RunCounts;
  /** Sends of deferring route parts (`defer`), written when the route ends. */
  deferred: PlannedSend[];
  /** Called after each file; the caller throttles progress reports. */
  progress: (route: string, file: string) => void;
  signal?: AbortSignal;
}

/** One unit of output ready for the out-channels: a file output, or an enveloped interchange. */
interface OutUnit {
  /** The MERGED row. */
  id: string;
  /** TRANSLATED rows it comes from (one for a file output, many for an interchange). */
  children: string[];
  content: string | Uint8Array;
  editype: string;
  messagetype: string;
  frompartner: string;
  topartner: string;
  test: boolean;
  reference: string;
  infile: string | undefined;
  /** Merged interchanges: the control numbers per TRANSLATED row (empty for a file output). */
  controls: ReadonlyMap<string, string>;
  askAck: boolean;
}

/** The rows and updates a batch commits in one transaction. */
interface Commit {
  insert: NewTa[];
  update: TaUpdate[];
  /** Interchanges received, for duplicate detection (recorded only when the batch commits). */
  interchanges: NewInterchange[];
}

export async function runRoute(route: PlannedRoute, env: RouteEnv): Promise<void> {
  for (const part of route.parts) {
    if (!part.fromChannel) continue;
    const channel = env.channels.get(part.fromChannel);
    if (!channel)
      throw new Error(`Route ${route.id} part ${part.seq} names the unknown channel "${part.fromChannel}"`);
    await receivePart(route, part, channel, env);
  }
  await deliver(env.deferred.splice(0), env);
}

async function receivePart(
  route: PlannedRoute,
  part: RouteConfig,
  channel: ChannelConfig,
  env: RouteEnv,
): Promise<void> {
  // A channel that keeps what it read remembers the names in persist (domain `seen:<channel>`).
  const seen = channel.remove
    ? undefined
    : new Set((await env.store.persist.list(seenDomain(channel))).keys());
  const ready = await listReadyFiles(channel, env.dataRoot, env.now, seen ? { seen } : {});
  for (let start = 0; start < ready.length;) {
    env.signal?.throwIfAborted();
    let end = start;
    let bytes = 0;
    while (end < ready.length && end - start < BATCH_FILES && (end === start || bytes < BATCH_BYTES))
      bytes += ready[end++]!.bytes;
    const { received, sourcesDone } = await receiveBatch(route, part, channel, ready.slice(start, end), env);
    await translateBatch(route, received, env, sourcesDone);
    start = end;
  }
}

/**
 * Steps 1 to 3: the batch's files archived, logged and removed at the source. The removals run in the thread
 * pool while the batch is translated (releasing a file costs a fifth of a millisecond on ext4, most of it after
 * the folder is unlocked, so they overlap); `sourcesDone` settles when they have finished.
 */
async function receiveBatch(
  route: PlannedRoute,
  part: RouteConfig,
  channel: ChannelConfig,
  files: ReadyFile[],
  env: RouteEnv,
): Promise<{ received: ReceivedFile[]; sourcesDone: Promise<void> }> {
  const refs = await receiveFiles(files, env.content, env.runId, channel.archivePath);
  faultPoint('after-archive');
  const received: ReceivedFile[] = [];
  const rows: NewTa[] = [];
  const refused: NewFileReport[] = [];
  for (const [i, file] of files.entries()) {
    const { ref, bytes } = refs[i]!;
    const externinId = newId();
    const source = `${channel.path}/${file.name}`;
    rows.push({
      id: externinId,
      runId: env.runId,
      status: 'EXTERNIN',
      result: 'DONE',
      routeId: route.id,
      fromChannel: channel.id,
      filename: source,
      contentPath: ref.path,
      contentOffset: ref.offset ?? null,
      contentLength: ref.bytes,
    });
    const filein = (name: string, content: ContentRef, error?: string): NewTa => ({
      id: newId(),
      runId: env.runId,
      parent: externinId,
      status: 'FILEIN',
      result: error === undefined ? 'OPEN' : 'ERROR',
      routeId: route.id,
      fromChannel: channel.id,
      fromPartner: part.fromPartner ?? null,
      toPartner: part.toPartner ?? null,
      editype: part.fromEditype ?? null,
      messagetype: part.fromMessagetype ?? null,
      filename: name,
      contentPath: content.path,
      contentOffset: content.offset ?? null,
      contentLength: content.bytes,
      error: error ?? null,
    });
    const inputs: { name: string; ref: ContentRef; bytes?: Buffer }[] | { error: string } = part.zipIn
      ? await unzipped(file, ref, bytes, channel, env)
      : [{ name: file.name, ref, ...(bytes ? { bytes } : {}) }];
    if ('error' in inputs) {
      const row = filein(file.name, ref, inputs.error);
      rows.push(row);
      refused.push({
        taId: row.id!,
        runId: env.runId,
        routeId: route.id,
        filename: source,
        status: 'ERROR',
        error: inputs.error,
      });
      env.counts.errors++;
      continue;
    }
    for (const input of inputs) {
      const row = filein(input.name, input.ref);
      rows.push(row);
      received.push({
        fileinId: row.id!,
        ref: input.ref,
        name: input.name,
        channel: channel.id,
        source,
        part,
        ...(input.bytes ? { bytes: input.bytes } : {}),
      });
    }
  }
  await env.store.ta.apply({ insert: rows }, env.now);
  await env.store.fileReports.insertMany(refused, env.now);
  const sourcesDone = Promise.all(files.map((file) => finishSource(channel, file, env))).then(
    () => undefined,
  );
  // Awaited by translateBatch; this keeps a failure from being reported as unhandled meanwhile.
  sourcesDone.catch(() => undefined);
  env.counts.received += files.length;
  return { received, sourcesDone };
}

/**
 * A received zip (route part `zipIn`) as the files it holds, each archived on its own; a file that is not a zip
 * is itself. A zip the reader refuses (zip-reader.ts: unsafe names, symlinks, bombs) is an error of the file.
 */
async function unzipped(
  file: ReadyFile,
  ref: ContentRef,
  received: Buffer | undefined,
  channel: ChannelConfig,
  env: RouteEnv,
): Promise<{ name: string; ref: ContentRef; bytes?: Buffer }[] | { error: string }> {
  const bytes = received ?? (await env.content.read(ref));
  if (!looksLikeZip(bytes)) return [{ name: file.name, ref, bytes }];
  try {
    const entries = await readZip({ buffer: bytes, label: file.name, what: 'a received zip' });
    return await mapLimit(entries, ARCHIVE_PARALLEL, async (entry) => {
      const name = entry.name.slice(entry.name.lastIndexOf('/') + 1);
      const content = await env.content.put(entry.data, {
        kind: 'archive',
        runId: env.runId,
        name,
        ...(channel.archivePath ? { folder: channel.archivePath } : {}),
      });
      return { name, ref: content, bytes: entry.data };
    });
  } catch (error) {
    if (error instanceof ZipError) return { error: error.message };
    throw error;
  }
}

/** The persist domain where a channel that keeps its files remembers which it read. */
export function seenDomain(channel: ChannelConfig): string {
  return `seen:${channel.id}`;
}

/** Step 3 for one file: removed at the source, or remembered (by name, with its size and time) when kept. */
export async function finishSource(channel: ChannelConfig, file: ReadyFile, env: RouteEnv): Promise<void> {
  if ((await finishReceive(channel, file)) === 'kept')
    await env.store.persist.set(seenDomain(channel), file.name, `${file.bytes}:${file.mtimeMs}`, env.now);
}

/**
 * Steps 4 to 7 for received files (new, recovered or received again): translated, merged (X12 and EDIFACT
 * messages of the batch into interchanges), committed with their outcome, and sent.
 */
export async function translateBatch(
  route: PlannedRoute,
  received: ReceivedFile[],
  env: RouteEnv,
  sourcesDone?: Promise<void>,
): Promise<void> {
  const commit: Commit = { insert: [], update: [], interchanges: [] };
  const outputs: TranslatedOutput[] = [];
  const reports: NewFileReport[] = [];
  for (const file of received) {
    env.signal?.throwIfAborted();
    const outcome = await processFile(route, file.part, file, env);
    commit.insert.push(...outcome.rows);
    commit.interchanges.push(...outcome.interchanges);
    commit.update.push({
      id: file.fileinId,
      changes: { result: outcome.result, error: outcome.error, messages: outcome.progress },
    });
    outputs.push(...outcome.outputs);
    reports.push({
      taId: file.fileinId,
      runId: env.runId,
      routeId: route.id,
      filename: file.source,
      status: outcome.result,
      counts: outcome.counts,
      error: outcome.error,
    });
    env.progress(route.id, file.name);
  }
  const units = await unitsOf(route, outputs, commit.insert, env);
  // A FILEIN leaves OPEN only once its source is gone: recovery removes the sources of OPEN ones only.
  await sourcesDone;
  await sendUnits(route, units, commit, env);
  await env.store.fileReports.insertMany(reports, env.now);
}

/**
 * A partial commit of a big file (file-translator.ts checkpoints): its rows and outputs so far, committed and
 * sent like a batch, with the FILEIN's progress; the FILEIN stays OPEN until the file is done.
 */
async function commitPart(
  route: PlannedRoute,
  file: ReceivedFile,
  part: FilePart,
  env: RouteEnv,
): Promise<void> {
  const commit: Commit = {
    insert: part.rows,
    update: [{ id: file.fileinId, changes: { messages: part.progress } }],
    interchanges: part.interchanges,
  };
  await sendUnits(route, await unitsOf(route, part.outputs, part.rows, env), commit, env);
}

/** Outputs as out-units: files one each; X12 and EDIFACT messages merged (marked when they ask for acks). */
async function unitsOf(
  route: PlannedRoute,
  outputs: readonly TranslatedOutput[],
  rows: readonly NewTa[],
  env: RouteEnv,
): Promise<OutUnit[]> {
  const merger = new Merger();
  const units: OutUnit[] = [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const output of outputs) {
    if (output.rendered.kind === 'message') {
      const askAck = asksAck(route.id, output, env);
      if (askAck) byId.get(output.id)!.confirmAsked = true;
      merger.add({ id: output.id, info: output.info, body: output.rendered, askAck });
    } else units.push(unitOfFile(output));
  }
  if (merger.size > 0) {
    const files = await merger.flush(
      (name, count) => env.store.counters.reserve(name, count),
      env.now,
      env.catalog,
    );
    units.push(...files.map(unitOfMerged));
  }
  return units;
}

type FileOutcome = Omit<FileTranslation, 'counts'> & { counts: Record<string, number> };

async function processFile(
  route: PlannedRoute,
  part: RouteConfig,
  file: ReceivedFile,
  env: RouteEnv,
): Promise<FileOutcome> {
  if (part.translate === 'none')
    return {
      progress: 0,
      rows: [],
      interchanges: [],
      outputs: [],
      result: 'DONE',
      error: null,
      counts: { messages: 0 },
    };
  if (part.translate === 'passthrough') {
    const pass = await passedThrough(route, part, file, env);
    return {
      progress: 1,
      rows: [pass.row],
      interchanges: [],
      outputs: [pass.output],
      result: 'DONE',
      error: null,
      counts: { messages: 1 },
    };
  }
  const parseOnly = part.translate === 'parse-passthrough';
  const translation = await translateFile(file, {
    ...env.translate,
    mapMessages: !parseOnly,
    checkpoint: (f, part) => commitPart(route, f, part, env),
  });
  env.counts.messages += translation.counts.messages;
  env.counts.translated += translation.counts.translated;
  env.counts.errors += translation.counts.errors + (translation.counts.messages === 0 ? 1 : 0);
  const outcome: FileOutcome = { ...translation };
  // Parse and pass through: checked and acknowledged, then the original goes out as it came (when valid).
  if (parseOnly && translation.result === 'DONE') {
    const type = translation.rows.find((row) => row.status === 'SPLITUP')?.messagetype ?? undefined;
    const pass = await passedThrough(route, part, file, env, type);
    outcome.rows = [...translation.rows, pass.row];
    outcome.outputs = [...translation.outputs, pass.output];
  }
  return outcome;
}

/** The received file as an output, byte for byte (pass-through); parse-and-pass-through knows its message type. */
async function passedThrough(
  route: PlannedRoute,
  part: RouteConfig,
  file: ReceivedFile,
  env: RouteEnv,
  messagetype = part.fromMessagetype ?? '',
): Promise<{ row: NewTa; output: TranslatedOutput }> {
  const output: TranslatedOutput = {
    id: newId(),
    info: {
      editype: part.fromEditype ?? '',
      messagetype,
      frompartner: part.fromPartner ?? '',
      topartner: part.toPartner ?? '',
      reference: '',
      testindicator: false,
      alt: '',
    },
    rendered: { kind: 'file', content: await env.content.read(file.ref) },
    infile: file.name,
  };
  const row: NewTa = {
    id: output.id,
    runId: env.runId,
    parent: file.fileinId,
    status: 'TRANSLATED',
    result: 'DONE',
    routeId: route.id,
    editype: output.info.editype || null,
    messagetype: output.info.messagetype || null,
  };
  return { row, output };
}

/** Whether an outgoing interchange asks for an acknowledgement (ISA14, UNB 0031); acknowledgements never do. */
function asksAck(routeId: string, output: TranslatedOutput, env: RouteEnv): boolean {
  if (/^(99[79]|CONTRL|TA1)/.test(output.info.messagetype)) return false;
  const type = output.info.editype === 'x12' ? 'ask-997' : 'ask-CONTRL';
  return env.confirm.wants(type, {
    route: routeId,
    channel: '',
    frompartner: output.info.frompartner,
    topartner: output.info.topartner,
    messagetype: output.info.messagetype,
  });
}

function unitOfFile(output: TranslatedOutput): OutUnit {
  return {
    id: newId(),
    children: [output.id],
    content: output.rendered.kind === 'file' ? output.rendered.content : '',
    editype: output.info.editype,
    messagetype: output.info.messagetype,
    frompartner: output.info.frompartner,
    topartner: output.info.topartner,
    test: output.info.testindicator,
    reference: output.info.reference,
    infile: output.infile,
    controls: new Map(),
    askAck: false,
  };
}

function unitOfMerged(file: MergedFile): OutUnit {
  return { ...file, infile: undefined };
}

/** The out-parts of the route whose filters take the unit. */
function partsFor(route: PlannedRoute, unit: OutUnit, env: RouteEnv): RouteConfig[] {
  return route.parts.filter(
    (p) =>
      p.toChannel !== undefined &&
      (!p.toEditype || p.toEditype === unit.editype) &&
      (!p.toMessagetype || p.toMessagetype === unit.messagetype) &&
      (!p.toPartner || env.partners.matches(unit.topartner, p.toPartner)) &&
      (!p.fromPartner ||
        p.fromChannel !== undefined ||
        env.partners.matches(unit.frompartner, p.fromPartner)) &&
      (p.testIndicator === undefined || p.testIndicator === unit.test),
  );
}

/**
 * Steps 4 to 7 for a set of units: content, intent rows committed together with `commit` (the batch's
 * translation rows), the files written, the outcome committed.
 */
async function sendUnits(
  route: PlannedRoute,
  units: OutUnit[],
  commit: Commit,
  env: RouteEnv,
): Promise<void> {
  const sends: PlannedSend[] = [];
  const unitParts = units.map((unit) => partsFor(route, unit, env));
  const uniques = await reserveUniques(unitParts, env);
  // Every file of the batch goes into one content-store file; rows name their ranges. Their path is PENDING
  // until the content is stored, just before the rows commit.
  const blobs: Buffer[] = [];
  let offset = 0;
  const stored = (bytes: Buffer): { contentPath: string; contentOffset: number; contentLength: number } => {
    const range = { contentPath: PENDING, contentOffset: offset, contentLength: bytes.byteLength };
    blobs.push(bytes);
    offset += bytes.byteLength;
    return range;
  };
  for (const [u, unit] of units.entries()) {
    const content = bytesOf(unit.content);
    const range = stored(content);
    const parts = unitParts[u]!;
    const described = {
      runId: env.runId,
      routeId: route.id,
      fromPartner: unit.frompartner || null,
      toPartner: unit.topartner || null,
      editype: unit.editype,
      messagetype: unit.messagetype,
      reference: unit.reference || null,
      testIndicator: unit.test,
    };
    commit.insert.push({
      ...described,
      id: unit.id,
      status: 'MERGED',
      result: parts.length > 0 ? 'DONE' : 'ERROR',
      ...(unit.controls.size === 0 ? { parent: unit.children[0]! } : { control: unit.reference }),
      ...(unit.askAck ? { confirmAsked: true } : {}),
      ...range,
      error:
        parts.length > 0
          ? null
          : `No out-channel of route ${route.id} takes ${unit.editype} ${unit.messagetype} for "${unit.topartner}": add a route part with a matching out-channel`,
    });
    for (const [child, control] of unit.controls)
      commit.update.push({ id: child, changes: { child: unit.id, result: 'DONE', control } });
    if (parts.length === 0) env.counts.unrouted++;
    for (const part of parts) {
      const channel = env.channels.get(part.toChannel!);
      if (!channel)
        throw new Error(`Route ${route.id} part ${part.seq} names the unknown channel "${part.toChannel}"`);
      const fileoutId = newId();
      const externoutId = newId();
      const common = { ...described, toChannel: channel.id };
      let name;
      try {
        name = renderFilename(
          channel.filename,
          {
            editype: unit.editype,
            messagetype: unit.messagetype,
            frompartner: unit.frompartner,
            topartner: unit.topartner,
            unique: usesUnique(channel.filename) ? uniques.next(channel.id) : 0,
            infile: unit.infile,
          },
          env.now,
        );
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        // This file cannot be named for this channel; the others go on.
        env.counts.sendErrors++;
        commit.insert.push({
          ...common,
          id: fileoutId,
          parent: unit.id,
          status: 'FILEOUT',
          result: 'ERROR',
          ...range,
          error: `Channel ${channel.id}: ${error.message}`,
        });
        continue;
      }
      // A zipping part sends `<name>.zip` holding the file; its FILEOUT is the zip, so resend and recovery
      // send what was sent.
      const sent = part.zipOut ? await zipped(name.path, content, env.now) : content;
      const path = part.zipOut ? `${name.path}.zip` : name.path;
      commit.insert.push(
        {
          ...common,
          id: fileoutId,
          parent: unit.id,
          status: 'FILEOUT',
          result: 'OK',
          ...(part.zipOut ? stored(sent) : range),
        },
        {
          ...common,
          id: externoutId,
          parent: fileoutId,
          status: 'EXTERNOUT',
          result: 'OPEN',
          filename: `${channel.path}/${path}`,
        },
      );
      // A deferring part's files are committed as intents now and written when the route ends.
      (part.defer ? env.deferred : sends).push({
        externoutId,
        fileoutId,
        file: { channel, name: path, overwrite: name.overwrite, content: sent },
      });
    }
  }
  if (blobs.length > 0) {
    const ref = await env.content.put(Buffer.concat(blobs), {
      kind: 'outbound',
      runId: env.runId,
      name: 'outgoing',
    });
    for (const row of commit.insert) if (row.contentPath === PENDING) row.contentPath = ref.path;
  }
  await env.store.ta.apply(
    {
      insert: commit.insert,
      update: commit.update,
      interchanges: commit.interchanges,
      beforeCommit: () => faultPoint('mid-batch-commit'),
    },
    env.now,
  );
  await deliver(sends, env);
}

/** The content path of rows whose content is not stored yet (no stored path is empty). */
const PENDING = '';

/** A zip holding one file under the last part of its name, deflated, dated by the run's clock. */
function zipped(name: string, content: Buffer, at: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(content, name.slice(name.lastIndexOf('/') + 1), { mtime: at });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** An outgoing file whose EXTERNOUT intent (and FILEOUT) rows are committed. */
export interface PlannedSend {
  externoutId: string;
  fileoutId: string;
  file: OutgoingFile;
}

/** Steps 6 and 7: writes the files and commits each EXTERNOUT as DONE (with its FILEOUT) or ERROR. */
export async function deliver(sends: readonly PlannedSend[], env: RouteEnv): Promise<void> {
  if (sends.length === 0) return;
  const results = await sendFiles(
    sends.map((s) => s.file),
    env.dataRoot,
  );
  faultPoint('after-rename');
  const done: TaUpdate[] = [];
  results.forEach((result, i) => {
    const send = sends[i]!;
    if (result.error) {
      env.counts.sendErrors++;
      const error = `Could not write ${send.file.name} to channel ${send.file.channel.id}: ${result.error.message}`;
      done.push({ id: send.externoutId, changes: { result: 'ERROR', error } });
    } else {
      env.counts.sent++;
      done.push(
        { id: send.externoutId, changes: { result: 'DONE', error: null } },
        { id: send.fileoutId, changes: { result: 'DONE' } },
      );
    }
  });
  await env.store.ta.apply({ update: done }, env.now);
  faultPoint('after-send');
}

function bytesOf(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

/** Per out-channel, a block of {unique} values big enough for every file the batch may send through it. */
async function reserveUniques(
  unitParts: readonly RouteConfig[][],
  env: RouteEnv,
): Promise<{ next(channel: string): number }> {
  const needed = new Map<string, number>();
  for (const parts of unitParts) {
    for (const part of parts) {
      const channel = env.channels.get(part.toChannel!);
      if (channel && usesUnique(channel.filename)) needed.set(channel.id, (needed.get(channel.id) ?? 0) + 1);
    }
  }
  const next = new Map<string, number>();
  for (const [channel, count] of needed)
    next.set(channel, await env.store.counters.reserve(`filename:${channel}`, count));
  return {
    next(channel) {
      const value = next.get(channel)!;
      next.set(channel, value + 1);
      return value;
    },
  };
}
