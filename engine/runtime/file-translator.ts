/**
 * Translates one received file (Bots' transform.translate for one FILEIN): reads the archived copy chunk by
 * chunk, splits it into interchanges and messages, checks each message against its grammar, finds its
 * translation, runs the mapping script and renders what it wrote. Memory grows with the largest message, not
 * the file: the reader pushes messages into a small queue that is worked off (asynchronously, since mappings may
 * await) after every chunk.
 *
 * Every step becomes a transaction-log row, returned (not written) so the caller commits a whole batch at once:
 *   PARSED      one per interchange (reference: its control number), or one per record-format file
 *   SPLITUP     one per message (reference: ST02 / UNH 0062); ERROR with the first error and its location when
 *               the message is invalid, has no translation, or its mapping fails: one bad message never stops
 *               the others
 *   TRANSLATED  one per output (reference: out.info.reference); DONE for files, OK for messages still to merge
 * Partners are identified from the envelope (qualifier + id); an unknown sender is an error on its messages or
 * the partner "unknown", by the configuration's policy. A duplicate interchange (same sender, receiver and
 * control number seen before) is a warning on its PARSED row, or rejects its messages, per partner.
 *
 * Validation runs synchronously inside the reader's events, into one issue list per file, so the acknowledgement
 * collector sees each message's issues in order; only what may wait for the database or a mapping (duplicate
 * check, translation, acknowledgements) is queued. Received 997/999/CONTRL messages and TA1 segments are not
 * translated: they are matched to what we sent (ack-matcher.ts). At the end of each interchange the confirm
 * rules decide which acknowledgements go back (ack-responder.ts); they become outputs like any other.
 *
 * Big files are committed in parts: after every CHECKPOINT_EVENTS messages the rows and outputs so far go to
 * `deps.checkpoint` (the caller commits and sends them) and memory is freed. Progress is counted in events
 * (messages and interchange ends, in file order); a file translated again after a crash (`skip`) passes over
 * the events already committed, reusing their interchanges' PARSED rows, so nothing is sent twice.
 */
import { AckInputCollector, type AckInput } from '../core/ack-input.js';
import { readAck, readTa1 } from '../core/ack-reader.js';
import type { CompiledGrammar } from '../core/compiled-grammar.js';
import { EdiReader } from '../core/edi-reader.js';
import type { TreeNode } from '../core/message-tree.js';
import type { Segment } from '../core/segment.js';
import { matchAck, matchTa1 } from './ack-matcher.js';
import { acknowledgements, type AckDeps } from './ack-responder.js';
import { EnvelopeChecker } from './envelope-checker.js';
import type { Editype, Interchange, Message } from '../core/envelope.js';
import { formatIssue, IssueList } from '../core/issue.js';
import type { MappingReturn, MessageInfo } from '../core/mapping-api.js';
import { createMappingInput } from '../core/mapping-input.js';
import { MappingOutputTree } from '../core/mapping-output.js';
import type { RouteConfig, TranslationConfig } from '../core/config-model.js';
import { validateMessage } from '../core/message-validator.js';
import { isRecordEditype } from '../core/record-format.js';
import { newId, type NewInterchange, type NewTa, type Store } from '../store/store.js';
import type { ContentRef, ContentStore } from './content-store.js';
import type { GrammarCatalog } from './grammar-catalog.js';
import { GrammarResolver } from './grammar-resolver.js';
import { CodeLists, MessageContext } from './mapping-context.js';
import type { MappingScript } from './mapping-loader.js';
import { runMapping } from './run-mapping.js';
import { renderOutput, type RenderedOutput } from './output-renderer.js';
import { UNKNOWN_PARTNER, type PartnerDirectory } from './partner-directory.js';
import type { TranslationTable } from './translation-table.js';

/** How many alternative translations one message may chain through (a guard against a script loop). */
const MAX_CHAIN = 10;

export interface TranslateDeps extends AckDeps {
  runId: string;
  store: Pick<Store, 'persist' | 'counters' | 'interchanges' | 'ta'>;
  /** Interchanges received earlier in this run (sender|receiver|control -> PARSED id): duplicates within a run
   * are found before their batch commits. */
  seenInterchanges: Map<string, string>;
  /** False for parse-and-pass-through: messages are checked and acknowledged, not mapped (default true). */
  mapMessages?: boolean;
  /** Commits and sends a part of a big file; the translator then forgets it. */
  checkpoint?: (file: ReceivedFile, part: FilePart) => Promise<void>;
  content: ContentStore;
  catalog: GrammarCatalog;
  /** Loads a mapping script by name; the engine loads each once per run (scripts do not change mid-run). */
  loadScript: (name: string) => Promise<MappingScript>;
  translations: TranslationTable;
  partners: PartnerDirectory;
  codeLists: CodeLists;
  unknownSenders: 'error' | 'accept';
  issuesPerFile: number;
  now: Date;
  signal?: AbortSignal;
}

/** Messages between two partial commits of one file. */
export const CHECKPOINT_EVENTS = 500;

/** A file received and archived, waiting for translation. */
export interface ReceivedFile {
  fileinId: string;
  /** Events (messages and interchange ends) committed before a crash: passed over (0 for a new file). */
  skip?: number;
  ref: ContentRef;
  /** The name it had in its channel. */
  name: string;
  channel: string;
  /** Where it was read: the channel folder and name (`x12-in/po.x12`). */
  source: string;
  /** The content, when it was just read (small files): translation then does not read the archive again. */
  bytes?: Buffer;
  part: RouteConfig;
}

export interface TranslatedOutput {
  /** The TRANSLATED row. */
  id: string;
  info: MessageInfo;
  rendered: RenderedOutput;
  /** The received file's name, for {infile}. */
  infile: string;
}

/** What a file produced since the last checkpoint. */
export interface FilePart {
  rows: NewTa[];
  interchanges: NewInterchange[];
  outputs: TranslatedOutput[];
  /** Events committed with this part, counted from the start of the file. */
  progress: number;
}

export interface FileTranslation {
  /** Events of the whole file (the FILEIN row keeps it). */
  progress: number;
  rows: NewTa[];
  /** The interchanges read, to record with the rows (duplicate detection). */
  interchanges: NewInterchange[];
  outputs: TranslatedOutput[];
  /** The FILEIN row's outcome: ERROR when the file could not be read at all or a message failed. */
  result: 'DONE' | 'ERROR';
  error: string | null;
  counts: { messages: number; translated: number; errors: number };
}

type Event =
  | { kind: 'interchange-start'; interchange: Interchange }
  | {
      kind: 'message';
      message: Message;
      tree: TreeNode[];
      grammar: CompiledGrammar | undefined;
      invalid?: string;
    }
  | { kind: 'interchange-end'; interchange: Interchange; ack: AckInput }
  | { kind: 'ta1'; interchange: Interchange; segment: Segment };

interface InterchangeState {
  parsedId: string;
  frompartner: string;
  topartner: string;
  /** Why its messages are refused (unknown sender, rejected duplicate), or undefined. */
  refusal: string | undefined;
  duplicate: boolean;
}

export async function translateFile(file: ReceivedFile, deps: TranslateDeps): Promise<FileTranslation> {
  return new FileTranslator(file, deps).run();
}

class FileTranslator {
  private rows: NewTa[] = [];
  private interchanges: NewInterchange[] = [];
  /** Events seen (messages, interchange ends) and those since the last checkpoint. */
  private events = 0;
  private pending = 0;
  /** PARSED rows committed before a crash, by interchange index (a resumed file reuses them). */
  private earlierParsed = new Map<number, InterchangeState>();
  private outputs: TranslatedOutput[] = [];
  private readonly counts = { messages: 0, translated: 0, errors: 0 };
  private readonly queue: Event[] = [];
  private readonly resolver: GrammarResolver;
  private readonly states = new Map<Interchange, InterchangeState>();
  private readonly issues: IssueList;
  private firstError: string | null = null;

  constructor(
    private readonly file: ReceivedFile,
    private readonly deps: TranslateDeps,
  ) {
    const part = file.part;
    this.issues = new IssueList(deps.issuesPerFile);
    this.resolver = new GrammarResolver(deps.catalog, {
      ...(isRecord(part.fromEditype) && part.fromMessagetype ? { messageType: part.fromMessagetype } : {}),
    });
  }

  async run(): Promise<FileTranslation> {
    if (this.file.skip) {
      const parsed = await this.deps.store.ta.find({ parent: this.file.fileinId, status: ['PARSED'] });
      parsed.forEach((row, i) =>
        this.earlierParsed.set(i + 1, {
          parsedId: row.id,
          frompartner: row.fromPartner ?? '',
          topartner: row.toPartner ?? '',
          refusal: row.result === 'ERROR' ? (row.error ?? 'refused') : undefined,
          duplicate: false,
        }),
      );
    }
    const part = this.file.part;
    const editype = part.fromEditype && part.fromEditype !== '' ? (part.fromEditype as Editype) : undefined;
    const inputGrammar = this.resolver.forInput(editype);
    const issues = this.issues;
    const envelopes = new EnvelopeChecker(this.deps.catalog, issues, VALIDATION);
    const acks = new AckInputCollector(issues);
    const reader = new EdiReader(
      {
        interchangeStart: (interchange) => {
          envelopes.check(interchange.header, interchange);
          acks.interchangeStart(interchange);
          this.queue.push({ kind: 'interchange-start', interchange });
        },
        groupStart: (group, interchange) => {
          envelopes.check(group.header, interchange, group);
          acks.groupStart(group);
        },
        message: (message) => {
          const grammar = this.resolver.forMessage(message)?.compiled;
          const from = issues.items.length;
          const errors = issues.errorCount;
          const tree = validateMessage(message, grammar, issues, VALIDATION);
          acks.message(message, grammar);
          const event: Event = { kind: 'message', message, tree, grammar };
          if (issues.errorCount > errors) {
            const first = issues.items.slice(from).find((i) => i.severity === 'error');
            event.invalid = first
              ? formatIssue(this.file.name, first)
              : `${this.file.name}: the message has errors beyond the ${issues.limit} issues kept per file`;
          }
          this.queue.push(event);
        },
        groupEnd: (group, interchange) => {
          envelopes.check(group.trailer, interchange, group);
          acks.groupEnd();
        },
        interchangeEnd: (interchange) => {
          envelopes.check(interchange.trailer, interchange);
          this.queue.push({ kind: 'interchange-end', interchange, ack: acks.interchangeEnd() });
        },
        otherSegment: (segment, interchange) => {
          if (!interchange || segment.tag !== 'TA1') return;
          envelopes.check(segment, interchange);
          this.queue.push({ kind: 'ta1', interchange, segment });
        },
      },
      {
        issues,
        ...(editype && isRecord(editype) ? { editype } : {}),
        ...(inputGrammar ? { grammar: inputGrammar.compiled } : {}),
        ...(part.fromMessagetype ? { messageType: part.fromMessagetype } : {}),
      },
    );
    for await (const chunk of this.file.bytes ? [this.file.bytes] : this.deps.content.stream(this.file.ref)) {
      reader.push(chunk);
      await this.drain();
    }
    const summary = reader.end();
    await this.drain();
    // Errors outside any message: the file (fatal) or an envelope.
    const outside = issues.items.find((i) => i.severity === 'error' && i.location.message === undefined);
    if (summary.fatal && outside) this.fail(formatIssue(this.file.name, outside));
    else if (summary.messages === 0) this.fail(`${this.file.name}: the file holds no message`);
    else if (outside) this.fail(formatIssue(this.file.name, outside));
    return {
      progress: this.events,
      rows: this.rows,
      interchanges: this.interchanges,
      outputs: this.outputs,
      result: this.firstError === null ? 'DONE' : 'ERROR',
      error: this.firstError,
      counts: this.counts,
    };
  }

  private fail(error: string): void {
    this.firstError ??= error;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const event = this.queue.shift()!;
      switch (event.kind) {
        case 'interchange-start':
          await this.startInterchange(event.interchange);
          break;
        case 'message':
          this.deps.signal?.throwIfAborted();
          if (++this.events > (this.file.skip ?? 0)) await this.message(event);
          await this.checkpoint();
          break;
        case 'interchange-end':
          if (++this.events > (this.file.skip ?? 0)) await this.endInterchange(event.interchange, event.ack);
          break;
        case 'ta1':
          await this.receivedTa1(event.interchange, event.segment);
          break;
      }
    }
  }

  /** Hands what was produced so far to the caller once CHECKPOINT_EVENTS messages are pending. */
  private async checkpoint(): Promise<void> {
    if (++this.pending < CHECKPOINT_EVENTS || !this.deps.checkpoint) return;
    const part: FilePart = {
      rows: this.rows,
      interchanges: this.interchanges,
      outputs: this.outputs,
      progress: this.events,
    };
    this.rows = [];
    this.interchanges = [];
    this.outputs = [];
    this.pending = 0;
    await this.deps.checkpoint(this.file, part);
  }

  private async startInterchange(interchange: Interchange): Promise<void> {
    const earlier = this.earlierParsed.get(interchange.index);
    if (earlier) {
      // Committed before a crash: its PARSED row, partners and duplicate check stand.
      this.states.set(interchange, earlier);
      return;
    }
    const parsedId = newId();
    const enveloped = interchange.header !== undefined;
    let refusal: string | undefined;
    let warning: string | null = null;
    const sender = this.partyId(interchange, 'sender');
    const receiver = this.partyId(interchange, 'receiver');
    if (sender.refusal) refusal = sender.refusal;
    if (enveloped && interchange.controlNumber !== '') {
      const key: NewInterchange = {
        sender: `${interchange.sender.qualifier}:${interchange.sender.id}`,
        receiver: `${interchange.receiver.qualifier}:${interchange.receiver.id}`,
        controlNumber: interchange.controlNumber,
        taId: parsedId,
      };
      const seen = `${key.sender}|${key.receiver}|${key.controlNumber}`;
      const earlier =
        this.deps.seenInterchanges.get(seen) ?? (await this.deps.store.interchanges.find([key]))[0]?.taId;
      if (earlier) {
        const text = `Duplicate interchange: ${interchange.controlNumber} from ${interchange.sender.id} to ${interchange.receiver.id} was received before (transaction ${earlier})`;
        const policy = this.deps.partners.get(sender.id)?.duplicates ?? 'warn';
        if (policy === 'reject') refusal ??= `${text}; the partner's policy rejects duplicates`;
        else warning = text;
      } else {
        this.deps.seenInterchanges.set(seen, parsedId);
        this.interchanges.push(key);
      }
    }
    this.states.set(interchange, {
      parsedId,
      frompartner: sender.id,
      topartner: receiver.id,
      refusal,
      duplicate: warning !== null || (refusal !== undefined && refusal.startsWith('Duplicate')),
    });
    this.rows.push({
      id: parsedId,
      runId: this.deps.runId,
      parent: this.file.fileinId,
      status: 'PARSED',
      result: refusal ? 'ERROR' : 'DONE',
      routeId: this.file.part.id,
      fromChannel: this.file.channel,
      fromPartner: sender.id || null,
      toPartner: receiver.id || null,
      editype: interchange.editype,
      reference: interchange.controlNumber || null,
      testIndicator: interchange.test,
      charset: interchange.charset || null,
      error: refusal ?? warning,
      messages: interchange.messages,
    });
    if (refusal) this.fail(`${this.file.name}: ${refusal}`);
  }

  /** The partner id of an envelope party; the route's forced partner wins; an unknown one by the policy. */
  private partyId(interchange: Interchange, side: 'sender' | 'receiver'): { id: string; refusal?: string } {
    const forced = side === 'sender' ? this.file.part.fromPartner : this.file.part.toPartner;
    if (forced) return { id: forced };
    const party = interchange[side];
    if (interchange.header === undefined || party.id === '') return { id: '' };
    const partner = this.deps.partners.identify(party.qualifier, party.id, interchange.test);
    if (partner) return { id: partner.id };
    if (side === 'receiver' || this.deps.unknownSenders === 'accept') return { id: UNKNOWN_PARTNER };
    const who = party.qualifier ? `${party.qualifier}:${party.id}` : party.id;
    return {
      id: UNKNOWN_PARTNER,
      refusal: `Unknown sender ${who}: no active partner has this identifier; add it to a partner or set unknownSenders to "accept"`,
    };
  }

  private async message(event: Extract<Event, { kind: 'message' }>): Promise<void> {
    const message = event.message;
    this.counts.messages++;
    const state = this.state(message.interchange);
    const splitId = newId();
    const type = this.resolver.messageType(message);
    const split: NewTa = {
      id: splitId,
      runId: this.deps.runId,
      parent: state.parsedId,
      status: 'SPLITUP',
      routeId: this.file.part.id,
      fromChannel: this.file.channel,
      fromPartner: state.frompartner || null,
      toPartner: state.topartner || null,
      editype: message.interchange.editype,
      messagetype: type,
      reference: message.reference || null,
      testIndicator: message.interchange.test,
      contentPath: this.file.ref.path,
      ...messageRange(message, this.file.ref.offset ?? 0),
    };
    this.rows.push(split);
    const error =
      state.refusal ??
      event.invalid ??
      (isAcknowledgement(message, type)
        ? await this.receivedAck(message, state, split)
        : this.deps.mapMessages === false
          ? undefined
          : await this.translate(event, type, state, splitId));
    if (error) {
      this.counts.errors++;
      split.result = 'ERROR';
      split.error = error;
      this.fail(`${this.file.name}: message ${message.index} (${type} ${message.reference}): ${error}`);
    } else {
      split.result = 'DONE';
      this.counts.translated++;
    }
  }

  /** Finds the translation, runs the mapping (and its chain); returns an error sentence or undefined. */
  private async translate(
    event: Extract<Event, { kind: 'message' }>,
    type: string,
    state: InterchangeState,
    splitId: string,
  ): Promise<string | undefined> {
    const { message, tree, grammar } = event;
    const base: MessageInfo = {
      editype: message.interchange.editype,
      messagetype: type,
      frompartner: state.frompartner,
      topartner: state.topartner,
      reference: message.reference,
      testindicator: message.interchange.test,
      alt: '',
      ...(message.interchange.header && {
        envelope: {
          sender: { ...message.interchange.sender },
          receiver: { ...message.interchange.receiver },
          controlNumber: message.interchange.controlNumber,
        },
      }),
    };
    let inn = createMappingInput(message, tree, base, grammar);
    let alt = '';
    const produced: MappingOutputTree[] = [];
    for (let step = 0; ; step++) {
      if (step >= MAX_CHAIN)
        return `The translations chained more than ${MAX_CHAIN} times (alt "${alt}"): a mapping keeps asking for another`;
      const translation = this.lookup(inn.info, alt, message.baseType);
      if (!translation)
        return alt === ''
          ? `No translation for ${base.editype} ${type} from "${base.frompartner}" to "${base.topartner}": add one to the configuration`
          : `No translation for ${base.editype} ${type} with alt "${alt}", which the mapping asked for`;
      let script;
      try {
        script = await this.deps.loadScript(translation.mapping);
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      // The envelope stays with the input: an output gets its own at merge time.
      const outInfo: MessageInfo = {
        editype: translation.toEditype,
        messagetype: translation.toMessagetype,
        frompartner: inn.info.frompartner,
        topartner: inn.info.topartner,
        reference: inn.info.reference,
        testindicator: inn.info.testindicator,
        alt,
      };
      const out = new MappingOutputTree(outInfo);
      const ctx = new MessageContext(
        {
          codeLists: this.deps.codeLists,
          partners: this.deps.partners,
          store: this.deps.store,
          now: this.deps.now,
        },
        outInfo,
      );
      const result = await runMapping(script, inn, out, ctx);
      if (!result.ok)
        return `${result.failure.location}: ${result.failure.message} (mapping ${result.failure.script})`;
      produced.push(out, ...ctx.extraOutputs);
      const next = chainOf(result.value as MappingReturn);
      if (!next) break;
      alt = next.alt;
      if (next.outAsInput) {
        const asInput = out.asInput({ ...out.info, alt });
        if (!asInput) return `The mapping asked to use its output as input (alt "${alt}"), but wrote nothing`;
        inn = asInput;
      } else inn = createMappingInput(message, tree, { ...base, alt }, grammar);
    }
    return this.render(produced, splitId);
  }

  private state(interchange: Interchange): InterchangeState {
    return (
      this.states.get(interchange) ?? {
        parsedId: this.file.fileinId,
        frompartner: this.file.part.fromPartner ?? '',
        topartner: this.file.part.toPartner ?? '',
        refusal: undefined,
        duplicate: false,
      }
    );
  }

  /** A received 997/999/CONTRL: marks what we sent; never an error for the file (a note on its row). */
  private async receivedAck(message: Message, state: InterchangeState, split: NewTa): Promise<undefined> {
    const outcome = await matchAck(
      readAck(message),
      state.frompartner,
      split.id!,
      this.deps.store,
      this.deps.now,
    );
    split.messages = outcome.matched;
    if (outcome.unknown.length > 0)
      split.error = `warning: acknowledges what we did not send to "${state.frompartner}": ${outcome.unknown.join(', ')}`;
    return undefined;
  }

  private async receivedTa1(interchange: Interchange, segment: Segment): Promise<void> {
    const state = this.state(interchange);
    await matchTa1(readTa1(segment), state.frompartner, state.parsedId, this.deps.store, this.deps.now);
  }

  /** The acknowledgements the interchange gets, as outputs of its PARSED row. */
  private async endInterchange(interchange: Interchange, input: AckInput): Promise<void> {
    const state = this.state(interchange);
    if (interchange.header === undefined) return;
    input.duplicate = state.duplicate;
    let outputs;
    try {
      outputs = await acknowledgements(
        input,
        {
          route: this.file.part.id,
          channel: this.file.channel,
          frompartner: state.frompartner,
          topartner: state.topartner,
        },
        this.deps,
      );
    } catch (error) {
      this.fail(
        `${this.file.name}: the acknowledgement could not be made: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    for (const output of outputs)
      this.addOutput({ id: newId(), ...output, infile: this.file.name }, state.parsedId);
  }

  private lookup(info: MessageInfo, alt: string, baseType: string): TranslationConfig | undefined {
    const query = {
      editype: info.editype,
      messagetype: info.messagetype,
      alt,
      frompartner: info.frompartner,
      topartner: info.topartner,
    };
    return (
      this.deps.translations.find(query) ??
      (baseType !== info.messagetype
        ? this.deps.translations.find({ ...query, messagetype: baseType })
        : undefined)
    );
  }

  private render(outputs: MappingOutputTree[], splitId: string): string | undefined {
    const ready: TranslatedOutput[] = [];
    for (const out of outputs) {
      if (out.isEmpty()) continue;
      let rendered: RenderedOutput;
      try {
        rendered = renderOutput(out, this.deps);
      } catch (error) {
        return `${out.info.editype} ${out.info.messagetype}: ${error instanceof Error ? error.message : String(error)}`;
      }
      ready.push({ id: newId(), info: { ...out.info }, rendered, infile: this.file.name });
    }
    for (const output of ready) this.addOutput(output, splitId);
    return undefined;
  }

  private addOutput(output: TranslatedOutput, parent: string): void {
    this.outputs.push(output);
    this.rows.push({
      id: output.id,
      runId: this.deps.runId,
      parent,
      status: 'TRANSLATED',
      result: output.rendered.kind === 'file' ? 'DONE' : 'OK',
      routeId: this.file.part.id,
      fromChannel: this.file.channel,
      fromPartner: output.info.frompartner || null,
      toPartner: output.info.topartner || null,
      editype: output.info.editype,
      messagetype: output.info.messagetype,
      alt: output.info.alt || null,
      reference: output.info.reference || null,
      testIndicator: output.info.testindicator,
    });
  }
}

const VALIDATION = { charsetCheck: 'warn', tree: true } as const;

/** 997, 999 and CONTRL are acknowledgements the engine reads itself. */
function isAcknowledgement(message: Message, type: string): boolean {
  const editype = message.interchange.editype;
  return (editype === 'x12' && /^99[79]/.test(type)) || (editype === 'edifact' && type.startsWith('CONTRL'));
}

function isRecord(editype: string | undefined): boolean {
  return editype !== undefined && isRecordEditype(editype);
}

function chainOf(value: MappingReturn): { alt: string; outAsInput: boolean } | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { alt: value, outAsInput: false };
  if (value && typeof value === 'object' && typeof value.alt === 'string' && value.alt !== '')
    return { alt: value.alt, outAsInput: value.outAsInput === true };
  return undefined;
}

/**
 * The message's bytes in the archived file: from its header's offset to the end of its last segment. `base` is
 * where the received file starts in its archive file (a slice of a batch's archive).
 */
function messageRange(message: Message, base: number): Pick<NewTa, 'contentOffset' | 'contentLength'> {
  const first = message.segments[0];
  const last = message.segments.at(-1);
  if (!first || !last) return {};
  const end = last.offset + Buffer.byteLength(last.raw, 'latin1') + 1;
  return { contentOffset: base + first.offset, contentLength: Math.max(0, end - first.offset) };
}
