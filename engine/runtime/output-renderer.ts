/**
 * Turns what a mapping wrote into outgoing content, by the output's editype:
 * - XML, JSON, CSV, fixed: the whole file (one file per output; CSV and fixed need a grammar for their layout);
 * - X12, EDIFACT: the message body (the segments between ST and SE, UNH and UNT), rendered now with the
 *   receiving partner's separators, plus what the merge needs to envelope it later: the parties, the header
 *   values of ST/UNH, whether to ask for an acknowledgement. Control numbers and trailers come at merge time.
 * Errors are RenderError values with a plain sentence (the caller puts them on the message's row).
 */
import type { Party } from '../core/envelope.js';
import type { MessageInfo } from '../core/mapping-api.js';
import type { MappingOutputTree } from '../core/mapping-output.js';
import { toOutRecordTree, toOutSegments } from '../core/mapping-serialize.js';
import { edifactTypeParts, x12TypeParts, type EdifactTypeParts } from '../core/outbound-envelope.js';
import { EDIFACT_DEFAULT_SEPARATORS, X12_DEFAULT_SEPARATORS } from '../core/separators.js';
import { SegmentWriter, type OutSegment, type WriteLayout } from '../core/segment-writer.js';
import { firstValue } from '../core/segment.js';
import { writeCsv } from '../core/csv-writer.js';
import { writeFixed } from '../core/fixed-writer.js';
import { writeJson } from '../core/json-writer.js';
import { writeXml } from '../core/xml-writer.js';
import type { GrammarCatalog } from './grammar-catalog.js';
import type { PartnerDirectory } from './partner-directory.js';

export class RenderError extends Error {
  override name = 'RenderError';
}

/** A message waiting for its envelope. */
export interface EnvelopedBody {
  kind: 'message';
  editype: 'x12' | 'edifact';
  /** Body text (no header, no trailer), rendered with `layout`. */
  body: string;
  segments: number;
  layout: WriteLayout;
  sender: Party;
  receiver: Party;
  /** Partner envelope values (PartnerConfig.envelope of the receiver). */
  values: Readonly<Record<string, string>>;
  /** X12: transaction set (ST01), GS08 version and ST03; EDIFACT: the UNH message identifier. */
  x12?: { set: string; version: string; st03: string };
  edifact?: EdifactTypeParts;
}

export interface FileContent {
  kind: 'file';
  /** Text is written as UTF-8; bytes (pass-through) as they are. */
  content: string | Uint8Array;
}

export type RenderedOutput = FileContent | EnvelopedBody;

export interface RenderDeps {
  catalog: GrammarCatalog;
  partners: PartnerDirectory;
}

/** Parties of an enveloped output when they are known up front (acknowledgements answer the inbound ones). */
export interface PartyOverride {
  sender: Party;
  receiver: Party;
}

export function renderOutput(
  out: MappingOutputTree,
  deps: RenderDeps,
  parties?: PartyOverride,
): RenderedOutput {
  const info = out.info;
  const grammar = deps.catalog.find(info.editype, info.messagetype, info.messagetype, [
    info.topartner,
  ])?.compiled;
  switch (info.editype) {
    case 'xml':
      return { kind: 'file', content: writeXml(toOutRecordTree(out), grammar?.grammar) };
    case 'json':
      return { kind: 'file', content: writeJson(toOutRecordTree(out), grammar?.grammar) };
    case 'csv':
    case 'fixed': {
      if (!grammar)
        throw new RenderError(
          `${info.editype} output "${info.messagetype}" needs a grammar for its layout: add usersys/grammars/${info.editype}/${info.messagetype}.json`,
        );
      const segments = toOutSegments(out, grammar, info.editype);
      const content =
        info.editype === 'csv' ? writeCsv(segments, grammar.grammar) : writeFixed(segments, grammar.grammar);
      return { kind: 'file', content };
    }
    case 'x12':
    case 'edifact': {
      const segments = toOutSegments(out, grammar, info.editype);
      return envelopedBody(info, segments, deps, parties);
    }
    default:
      throw new RenderError(
        `The output editype "${info.editype}" cannot be written; use x12, edifact, xml, json, csv or fixed`,
      );
  }
}

function envelopedBody(
  info: MessageInfo,
  segments: OutSegment[],
  deps: RenderDeps,
  parties: PartyOverride | undefined,
): EnvelopedBody {
  const editype = info.editype as 'x12' | 'edifact';
  const headerTag = editype === 'x12' ? 'ST' : 'UNH';
  const trailerTag = editype === 'x12' ? 'SE' : 'UNT';
  const header = segments[0];
  if (!header || header.tag !== headerTag)
    throw new RenderError(
      `The mapping wrote no ${headerTag} record first; an ${editype} message starts with ${headerTag} (out.put({ BOTSID: '${headerTag}', ... }))`,
    );
  const body = segments.slice(1);
  if (body.at(-1)?.tag === trailerTag) body.pop();
  const partner = deps.partners.get(info.topartner);
  const values = partner?.envelope ?? {};
  const layout = layoutFor(editype, values, x12TypeParts(info.messagetype).version);
  const text = renderBody(body, editype, layout);
  const { sender, receiver } = parties ?? envelopeParties(editype, info, deps.partners, values);
  const common = {
    kind: 'message',
    editype,
    body: text,
    segments: body.length,
    layout,
    sender,
    receiver,
    values,
  } as const;
  if (editype === 'x12') {
    const parts = x12TypeParts(info.messagetype);
    const set = firstValue(header.elements[0]) || parts.set;
    return { ...common, x12: { set, version: parts.version, st03: firstValue(header.elements[2]) } };
  }
  const parts = edifactTypeParts(info.messagetype);
  if (!parts)
    throw new RenderError(
      `"${info.messagetype}" is not an EDIFACT message type id such as ORDERSD96AUN (type, version, release, agency)`,
    );
  return { ...common, edifact: parts };
}

/**
 * Who sends and who receives: the receiver is the to-partner's identifier (test or production); the sender is
 * our identity towards that partner (its envelope values ISA05/ISA06, UNB.S002.*), else the from-partner's
 * identifier.
 */
function envelopeParties(
  editype: 'x12' | 'edifact',
  info: MessageInfo,
  partners: PartnerDirectory,
  values: Readonly<Record<string, string>>,
): PartyOverride {
  const receiver = partners.identifierFor(info.topartner, info.testindicator);
  if (!receiver)
    throw new RenderError(
      info.topartner === ''
        ? 'The mapping set no to-partner (out.info.topartner), so the interchange has no receiver'
        : `Partner "${info.topartner}" is not configured or has no identifier to address it with`,
    );
  const [qualifierKey, idKey] = editype === 'x12' ? ['ISA05', 'ISA06'] : ['UNB.S002.0007', 'UNB.S002.0004'];
  const ours = values[idKey];
  const from = partners.identifierFor(info.frompartner, info.testindicator);
  const sender = ours
    ? { qualifier: values[qualifierKey] ?? '', id: ours }
    : from && { qualifier: from.qualifier, id: from.value };
  if (!sender)
    throw new RenderError(
      `No sender id for the interchange to "${info.topartner}": set ${idKey} in that partner's envelope values`,
    );
  return { sender, receiver: { qualifier: receiver.qualifier, id: receiver.value } };
}

/** The text of body segments, each with its terminator and line break. */
export function renderBody(
  segments: readonly OutSegment[],
  editype: 'x12' | 'edifact',
  layout: WriteLayout,
): string {
  const writer = new SegmentWriter(editype, layout);
  let text = '';
  for (const segment of segments) text += writer.write(segment);
  return text;
}

/** The layout outgoing X12/EDIFACT is written with: X12 before 005010 and EDIFACT syntax 3 have no repetition
 * separator. */
export function layoutFor(
  editype: 'x12' | 'edifact',
  values: Readonly<Record<string, string>>,
  x12Version: string,
): WriteLayout {
  const repeats = editype === 'x12' ? x12Version >= '005010' : values['UNB.S001.0002'] === '4';
  const base = editype === 'x12' ? X12_DEFAULT_SEPARATORS : EDIFACT_DEFAULT_SEPARATORS;
  return {
    separators: { ...base, ...(!repeats && { repetition: '' }) },
    lineBreak: '\n',
    keepTrailingEmpty: false,
    repeats,
  };
}
