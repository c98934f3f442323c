/**
 * Merging (Bots' mergemessages + envelope): X12 and EDIFACT messages translated in a run are gathered per
 * interchange key (editype, sender, receiver, test indicator, acknowledgement asked) and written as one
 * interchange per key: X12 with one GS group per functional id, version and application codes; EDIFACT
 * without UNG. Control numbers come from counters, reserved in blocks (gaps allowed, reuse never):
 *   x12:ISA13:<scope>  x12:GS06:<scope>  x12:ST02:<scope>  edifact:0020:<scope>  edifact:0062:<scope>
 * where scope is the sender (qualifier:id), or sender and receiver when the receiving partner's envelope value
 * `counterScope` is `sender-receiver`. An interchange holds at most MAX_MESSAGES messages; more start another.
 */
import type { Party } from '../core/envelope.js';
import { InterchangeWriter } from '../core/interchange-writer.js';
import type { MessageInfo } from '../core/mapping-api.js';
import {
  edifactInterchangeHeader,
  edifactMessageHeader,
  functionalId,
  x12GroupHeader,
  x12InterchangeHeader,
  x12MessageHeader,
} from '../core/outbound-envelope.js';
import { newId } from '../store/store.js';
import type { GrammarCatalog } from './grammar-catalog.js';
import { layoutFor, RenderError, type EnvelopedBody } from './output-renderer.js';
import type { OutSegment } from '../core/segment-writer.js';

const MAX_MESSAGES = 10_000;

export interface MergeItem {
  /** The TRANSLATED row of the message. */
  id: string;
  info: MessageInfo;
  body: EnvelopedBody;
  askAck: boolean;
}

export interface MergedFile {
  /** The MERGED row's id. */
  id: string;
  content: string;
  /** The TRANSLATED rows merged into it. */
  children: string[];
  /** Per TRANSLATED row, the control numbers it was sent under: `GS06:ST02` (X12), `0020:0062` (EDIFACT). */
  controls: Map<string, string>;
  editype: 'x12' | 'edifact';
  /** The message type of the first message (an interchange of several types shows its first). */
  messagetype: string;
  frompartner: string;
  topartner: string;
  test: boolean;
  /** ISA13 / UNB 0020. */
  reference: string;
  /** ISA14 / UNB 0031 asked the receiver for an acknowledgement. */
  askAck: boolean;
}

/** Reserves `count` values of a counter and returns the first. */
export type Reserve = (name: string, count: number) => Promise<number>;

export class Merger {
  private readonly open = new Map<string, MergeItem[]>();

  get size(): number {
    let n = 0;
    for (const items of this.open.values()) n += items.length;
    return n;
  }

  add(item: MergeItem): void {
    const b = item.body;
    const key = [
      b.editype,
      // X12 versions before and from 005010 differ in ISA11/ISA12 and the repetition separator.
      b.x12 && b.x12.version >= '005010' ? '5' : '4',
      party(b.sender),
      party(b.receiver),
      item.info.testindicator ? 'T' : 'P',
      item.askAck ? 'ask' : '',
      item.info.topartner,
    ].join('|');
    const items = this.open.get(key) ?? [];
    items.push(item);
    this.open.set(key, items);
  }

  /** Envelopes everything gathered and empties the merger. */
  async flush(reserve: Reserve, at: Date, catalog: GrammarCatalog): Promise<MergedFile[]> {
    const files: MergedFile[] = [];
    for (const items of this.open.values()) {
      for (let i = 0; i < items.length; i += MAX_MESSAGES) {
        const chunk = items.slice(i, i + MAX_MESSAGES);
        files.push(
          chunk[0]!.body.editype === 'x12'
            ? await x12Interchange(chunk, reserve, at, catalog)
            : await edifactInterchange(chunk, reserve, at),
        );
      }
    }
    this.open.clear();
    return files;
  }
}

/**
 * A TA1 interchange acknowledgement: ISA, TA1, IEA (no group), to `receiver`, numbered from the same ISA13
 * counter as the other interchanges from `sender`.
 */
export async function ta1Interchange(
  ta1: OutSegment,
  parties: { sender: Party; receiver: Party },
  values: Readonly<Record<string, string>>,
  test: boolean,
  reserve: Reserve,
  at: Date,
  catalog: GrammarCatalog,
): Promise<{ content: string; reference: string }> {
  const layout = layoutFor('x12', values, '004010');
  const control = await reserve(`x12:ISA13:${counterScope(parties.sender, parties.receiver, values)}`, 1);
  const isa = catalog.envelope('x12', 'x12-envelope-00401')?.grammar.segments.ISA;
  if (!isa) throw new RenderError('The X12 envelope grammar (ISA) is missing from the installation');
  let content = '';
  const writer = new InterchangeWriter('x12', layout, (text) => (content += text));
  writer.startInterchange(
    x12InterchangeHeader(
      {
        ...parties,
        control,
        test,
        askAck: false,
        at,
        version: '004010',
        component: layout.separators.component,
        repetition: '',
        values,
      },
      isa,
    ),
  );
  writer.segment(ta1);
  writer.endInterchange();
  return { content, reference: String(control).padStart(9, '0') };
}

function party(p: Party): string {
  return `${p.qualifier}:${p.id}`;
}

function scope(first: EnvelopedBody): string {
  return counterScope(first.sender, first.receiver, first.values);
}

function counterScope(sender: Party, receiver: Party, values: Readonly<Record<string, string>>): string {
  return values.counterScope === 'sender-receiver' ? `${party(sender)}|${party(receiver)}` : party(sender);
}

async function x12Interchange(
  items: MergeItem[],
  reserve: Reserve,
  at: Date,
  catalog: GrammarCatalog,
): Promise<MergedFile> {
  const first = items[0]!;
  const b = first.body;
  const groups = new Map<string, MergeItem[]>();
  for (const item of items) {
    const x12 = item.body.x12!;
    const id = item.body.values.GS01 ?? functionalId(x12.set);
    if (!id)
      throw new RenderError(
        `No functional group id (GS01) is known for transaction set ${x12.set}; set GS01 in the partner's envelope values`,
      );
    const key = `${id}|${x12.version}`;
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  const s = scope(b);
  const isaControl = await reserve(`x12:ISA13:${s}`, 1);
  let gsControl = await reserve(`x12:GS06:${s}`, groups.size);
  let stControl = await reserve(`x12:ST02:${s}`, items.length);
  const version = [...groups.values()][0]![0]!.body.x12!.version;
  const envelope = catalog.envelope('x12', version >= '005010' ? 'x12-envelope-00501' : 'x12-envelope-00401');
  const isa = envelope?.grammar.segments.ISA;
  if (!isa) throw new RenderError('The X12 envelope grammar (ISA) is missing from the installation');
  let content = '';
  const controls = new Map<string, string>();
  const writer = new InterchangeWriter('x12', b.layout, (text) => (content += text));
  writer.startInterchange(
    x12InterchangeHeader(
      {
        sender: b.sender,
        receiver: b.receiver,
        control: isaControl,
        test: first.info.testindicator,
        askAck: first.askAck,
        at,
        version,
        component: b.layout.separators.component,
        repetition: b.layout.separators.repetition,
        values: b.values,
      },
      isa,
    ),
  );
  for (const [key, list] of groups) {
    const [gs01, groupVersion] = key.split('|') as [string, string];
    const gs06 = gsControl++;
    writer.startGroup(
      x12GroupHeader({
        functionalId: gs01,
        sender: b.sender.id,
        receiver: b.receiver.id,
        control: gs06,
        at,
        version: groupVersion,
        values: b.values,
      }),
    );
    for (const item of list) {
      const x12 = item.body.x12!;
      const header = x12MessageHeader(x12.set, stControl++, x12.st03);
      controls.set(item.id, `${gs06}:${String(header[1])}`);
      writer.messageText(header, item.body.body, item.body.segments);
    }
    writer.endGroup();
  }
  writer.endInterchange();
  return merged(items, content, 'x12', String(isaControl).padStart(9, '0'), controls);
}

async function edifactInterchange(items: MergeItem[], reserve: Reserve, at: Date): Promise<MergedFile> {
  const first = items[0]!;
  const b = first.body;
  const s = scope(b);
  const control = await reserve(`edifact:0020:${s}`, 1);
  let reference = await reserve(`edifact:0062:${s}`, items.length);
  let content = '';
  const controls = new Map<string, string>();
  const writer = new InterchangeWriter('edifact', b.layout, (text) => (content += text));
  writer.startInterchange(
    edifactInterchangeHeader({
      sender: b.sender,
      receiver: b.receiver,
      control,
      test: first.info.testindicator,
      askAck: first.askAck,
      at,
      values: b.values,
    }),
    true,
  );
  for (const item of items) {
    const ref = String(reference++);
    controls.set(item.id, `${control}:${ref}`);
    writer.messageText(edifactMessageHeader(ref, item.body.edifact!), item.body.body, item.body.segments);
  }
  writer.endInterchange();
  return merged(items, content, 'edifact', String(control), controls);
}

function merged(
  items: MergeItem[],
  content: string,
  editype: 'x12' | 'edifact',
  reference: string,
  controls: Map<string, string>,
): MergedFile {
  const info = items[0]!.info;
  return {
    id: newId(),
    content,
    children: items.map((item) => item.id),
    controls,
    editype,
    messagetype: info.messagetype,
    frompartner: info.frompartner,
    topartner: info.topartner,
    test: info.testindicator,
    reference,
    askAck: items[0]!.askAck,
  };
}
