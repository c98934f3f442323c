/**
 * Writes records as a JSON document, the reverse of json-parser.ts: one top-level record is the document
 * object (its tag is not written), several are an array of objects. A record's fields come first, in order,
 * then its child records by tag (in the order each tag first occurs): a tag that occurs more than once, or
 * whose grammar node allows more than one (max > 1), is an array, even with one record; otherwise an object.
 * A repeating field (a list) is an array of values.
 *
 * With a grammar, a field whose format is numeric (N, R, n) is written as a JSON number when its text is a valid
 * JSON number (so "12.50" is written 12.50), else as a string; every other value is a string; an empty field is
 * absent and is not written. Without a grammar every value is a string and empty fields are written as "".
 * The output is indented by two spaces and ends with a line break. A field and a child record of the same name
 * in one record cannot both be written: WriteError WRITER_STATE.
 */
import { isGroup, type Grammar, type StructureNode } from './grammar.js';
import type { OutRecord } from './out-record.js';
import { WriteError } from './write-error.js';

type Out =
  | { kind: 'raw'; text: string }
  | { kind: 'array'; items: Out[] }
  | { kind: 'object'; entries: [string, Out][] };

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const NUMERIC = new Set(['N', 'R', 'n']);

export function writeJson(records: OutRecord[], grammar?: Grammar): string {
  const shapes = grammar ? new WriteShapes(grammar) : undefined;
  const top: Out =
    records.length === 1
      ? object(records[0]!, shapes)
      : { kind: 'array', items: records.map((record) => object(record, shapes)) };
  return `${render(top, '')}\n`;
}

/** What the writers need from a grammar: numeric fields by record, and how often each record may occur. */
export class WriteShapes {
  private readonly numeric = new Map<string, Set<string>>();
  private readonly maxes = new Map<string, number>();

  constructor(grammar: Grammar) {
    for (const [tag, def] of Object.entries(grammar.segments))
      this.numeric.set(
        tag,
        new Set(def.fields.filter((f) => 'format' in f && NUMERIC.has(f.format)).map((f) => f.id)),
      );
    this.walk(grammar.structure);
  }

  isNumeric(tag: string, field: string): boolean {
    return this.numeric.get(tag)?.has(field) ?? false;
  }

  /** The largest max of the record's nodes in the structure (1 for a record not in it). */
  max(tag: string): number {
    return this.maxes.get(tag) ?? 1;
  }

  private walk(nodes: StructureNode[]): void {
    for (const node of nodes) {
      const trigger = isGroup(node) ? node.content[0] : node;
      if (trigger && !isGroup(trigger))
        this.maxes.set(trigger.segment, Math.max(this.maxes.get(trigger.segment) ?? 1, node.max));
      if (isGroup(node)) this.walk(node.content.slice(1));
    }
  }
}

function object(record: OutRecord, shapes: WriteShapes | undefined): Out {
  const entries: [string, Out][] = [];
  const index = new Map<string, number>();
  for (const [name, value] of record.fields) {
    if (shapes && (value === '' || (Array.isArray(value) && value.length === 0))) continue;
    const out: Out = Array.isArray(value)
      ? { kind: 'array', items: value.map((v) => scalar(v, record.tag, name, shapes)) }
      : scalar(value, record.tag, name, shapes);
    const at = index.get(name);
    if (at === undefined) {
      index.set(name, entries.length);
      entries.push([name, out]);
      continue;
    }
    // The same name again: one repeating field holding both.
    const before = entries[at]![1];
    const items = [
      ...(before.kind === 'array' ? before.items : [before]),
      ...(out.kind === 'array' ? out.items : [out]),
    ];
    entries[at]![1] = { kind: 'array', items };
  }
  const groups = new Map<string, OutRecord[]>();
  for (const child of record.children) {
    let list = groups.get(child.tag);
    if (!list) groups.set(child.tag, (list = []));
    list.push(child);
  }
  for (const [tag, children] of groups) {
    if (index.has(tag))
      throw new WriteError(
        'WRITER_STATE',
        `${record.tag} has a field and a record both named ${tag}`,
        record.tag,
      );
    const many = children.length > 1 || (shapes !== undefined && shapes.max(tag) > 1);
    const items = children.map((child) => object(child, shapes));
    entries.push([tag, many ? { kind: 'array', items } : items[0]!]);
  }
  return { kind: 'object', entries };
}

function scalar(value: string, tag: string, name: string, shapes: WriteShapes | undefined): Out {
  if (shapes?.isNumeric(tag, name) && JSON_NUMBER.test(value)) return { kind: 'raw', text: value };
  return { kind: 'raw', text: JSON.stringify(value) };
}

function render(out: Out, indent: string): string {
  if (out.kind === 'raw') return out.text;
  const inner = `${indent}  `;
  if (out.kind === 'array') {
    if (out.items.length === 0) return '[]';
    return `[\n${out.items.map((item) => inner + render(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (out.entries.length === 0) return '{}';
  return `{\n${out.entries.map(([key, value]) => `${inner}${JSON.stringify(key)}: ${render(value, inner)}`).join(',\n')}\n${indent}}`;
}
