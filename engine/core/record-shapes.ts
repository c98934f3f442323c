/**
 * The grammar's view of records with named fields (JSON, XML): which record nests in which, where each named
 * field goes, and the fields of one record as they are read.
 */
import type { CompiledGrammar } from './compiled-grammar.js';
import { isGroup, type SegmentDef, type StructureNode } from './grammar.js';
import { Repeated, type ElementValue, type Segment } from './segment.js';
import type { TextPosition } from './text-positions.js';

/** Deepest nesting of JSON objects and arrays (and of XML elements) that is read. */
export const MAX_NESTING = 64;

/** The root record's tag when there is no grammar. */
export const NO_GRAMMAR_ROOT = 'root';

/**
 * What a grammar says about the records of a JSON or XML document: the root record's tag, each record's fields
 * by id and the tags of the records that may be nested in it (the content of the groups it triggers; for the
 * root also the top-level nodes after the first).
 */
export class RecordShapes {
  readonly rootTag: string;
  private readonly fieldIndexes = new Map<string, Map<string, number>>();
  private readonly childTags = new Map<string, Set<string>>();
  private static readonly NONE: ReadonlySet<string> = new Set();

  constructor(readonly compiled: CompiledGrammar) {
    const structure = compiled.grammar.structure;
    this.rootTag = structure[0] ? tagOf(structure[0]) : NO_GRAMMAR_ROOT;
    for (const node of structure.slice(1)) this.addChild(this.rootTag, tagOf(node));
    this.walk(structure);
    for (const [tag, def] of compiled.segments) {
      const index = new Map<string, number>();
      def.fields.forEach((field, i) => {
        if (!index.has(field.id)) index.set(field.id, i);
      });
      this.fieldIndexes.set(tag, index);
    }
  }

  def(tag: string): SegmentDef | undefined {
    return this.compiled.segments.get(tag);
  }

  /** Position (0-based) of a field in the record's definition, or undefined. */
  field(tag: string, name: string): number | undefined {
    return this.fieldIndexes.get(tag)?.get(name);
  }

  children(tag: string): ReadonlySet<string> {
    return this.childTags.get(tag) ?? RecordShapes.NONE;
  }

  private walk(nodes: StructureNode[]): void {
    for (const node of nodes) {
      if (!isGroup(node)) continue;
      const trigger = tagOf(node);
      for (const child of node.content.slice(1)) this.addChild(trigger, tagOf(child));
      this.walk(node.content);
    }
  }

  private addChild(parent: string, child: string): void {
    let set = this.childTags.get(parent);
    if (!set) this.childTags.set(parent, (set = new Set()));
    set.add(child);
  }
}

function tagOf(node: StructureNode): string {
  if (!isGroup(node)) return node.segment;
  const trigger = node.content[0];
  return trigger === undefined ? node.group : tagOf(trigger);
}

/**
 * The fields of one record being read. With a definition they are positional (every field of the definition
 * present, '' when absent, names = the definition's ids); without one they are in input order. A name given
 * again is a repetition: the value becomes (or joins) a Repeated.
 */
export class RecordFields {
  private readonly elements: ElementValue[] = [];
  private readonly names: string[] = [];
  private readonly given: boolean[] = [];
  /** Without a grammar: where each name is. */
  private readonly index = new Map<string, number>();

  constructor(
    private readonly tag: string,
    private readonly shapes: RecordShapes | undefined,
  ) {
    const def = shapes?.def(tag);
    if (def)
      for (const field of def.fields) {
        this.elements.push('');
        this.names.push(field.id);
        this.given.push(false);
      }
  }

  /** Whether the record can hold a field of this name (always true without a grammar). */
  accepts(name: string): boolean {
    return !this.shapes || this.shapes.field(this.tag, name) !== undefined;
  }

  /** Adds a value (a repeating field for a list); false when the grammar has no such field. */
  add(name: string, value: string | Repeated): boolean {
    let i: number | undefined;
    if (this.shapes) {
      i = this.shapes.field(this.tag, name);
      if (i === undefined) return false;
    } else {
      i = this.index.get(name);
      if (i === undefined) {
        this.index.set(name, this.elements.length);
        this.elements.push(value);
        this.names.push(name);
        this.given.push(true);
        return true;
      }
    }
    if (!this.given[i]) {
      this.elements[i] = value;
      this.given[i] = true;
      return true;
    }
    const before = this.elements[i]!;
    const values = before instanceof Repeated ? [...before.values] : [before as string];
    if (value instanceof Repeated) values.push(...value.values);
    else values.push(value);
    this.elements[i] = new Repeated(values);
    return true;
  }

  segment(position: TextPosition): Segment {
    return {
      tag: this.tag,
      elements: this.elements,
      offset: position.offset,
      line: position.line,
      column: position.column,
      raw: '',
      names: this.names,
    };
  }
}
