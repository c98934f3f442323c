/**
 * The versioned JSON shape of parsed input (docs/schemas/edi-tree.v1.schema.json). `bots parse --json`, the
 * API's parsed view, the UI viewer and the mapping `inn` all use it. It is written piece by piece so a large
 * file streams out one message at a time.
 */
import type { Group, Interchange, Message } from './envelope.js';
import type { SegmentDef } from './grammar.js';
import type { TreeLoop } from './message-tree.js';
import { Repeated, type ElementValue, type Segment } from './segment.js';

export const TREE_FORMAT = 'bots-edi-tree';
export const TREE_VERSION = 1;

export type JsonElement = string | string[] | { repeat: (string | string[])[] };

export interface JsonSegment {
  tag: string;
  number?: number;
  line: number;
  column: number;
  offset: number;
  elements: JsonElement[];
  /** Field names parallel to elements: of named records (CSV with header, fixed, JSON, XML), or the grammar's
   * element names when the tree is written with names (TreeJsonWriter's `segments`). */
  names?: string[];
  /** The grammar's name of the segment, when the tree is written with names. */
  name?: string;
}

export function elementJson(element: ElementValue): JsonElement {
  if (element instanceof Repeated) return { repeat: element.values };
  return element;
}

/** `def`: the grammar's definition of the segment, whose names are added (else only the record's own names). */
export function segmentJson(segment: Segment, number?: number, def?: SegmentDef): JsonSegment {
  const json: JsonSegment = {
    tag: segment.tag,
    line: segment.line,
    column: segment.column,
    offset: segment.offset,
    elements: [],
  };
  if (number !== undefined) json.number = number;
  let end = segment.elements.length;
  while (end > 0 && segment.elements[end - 1] === '') end--;
  for (let i = 0; i < end; i++) json.elements.push(elementJson(segment.elements[i]!));
  if (segment.names) json.names = segment.names.slice(0, end);
  else if (def) json.names = def.fields.slice(0, end).map((field) => field.name);
  if (def) json.name = def.name;
  return json;
}

/** The JSON of a message without its body, which TreeJsonWriter streams node by node. */
export function messageHeadJson(message: Message, grammar: string | null): Record<string, unknown> {
  return { index: message.index, type: message.type, reference: message.reference, grammar };
}

/** The JSON of a loop without its children. */
export function loopHeadJson(loop: TreeLoop): Record<string, unknown> {
  const json: Record<string, unknown> = { loop: loop.id };
  if (loop.hl) json.hl = loop.hl;
  return json;
}

export function interchangeHeadJson(interchange: Interchange): Record<string, unknown> {
  return {
    index: interchange.index,
    sender: interchange.sender,
    receiver: interchange.receiver,
    controlNumber: interchange.controlNumber,
    syntaxVersion: interchange.syntaxVersion,
    charset: interchange.charset,
    test: interchange.test,
    una: interchange.hasUna,
    separators: interchange.separators,
    header: interchange.header ? segmentJson(interchange.header) : null,
  };
}

export function groupHeadJson(group: Group): Record<string, unknown> {
  return {
    index: group.index,
    functionalId: group.functionalId,
    sender: group.sender,
    receiver: group.receiver,
    controlNumber: group.controlNumber,
    version: group.version,
    header: segmentJson(group.header),
  };
}
