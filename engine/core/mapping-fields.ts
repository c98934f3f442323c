/**
 * Field names of the mapping API (the rules of the mapping-api.ts header), both ways: name -> value when a
 * script reads a parsed segment, name -> position when the serializer turns a written record into a segment.
 *
 * - Positional (X12 always; any syntax without a grammar): tag + two-digit element position, `BEG03`; a
 *   component adds a dot and its two-digit position, `SV101.02`.
 * - By grammar id (EDIFACT, CSV, fixed with a SegmentDef): the element id, `1004`; a component is composite id
 *   + dot + component id, `C002.1001`; the second and later use of one id in a segment, or in a composite, add
 *   `#2`, `#3` (`C080.3036#2`; a repeated composite `C516#2.5025`). An element the grammar gives no id keeps its
 *   positional name. Positional names work here too.
 * - By the record's own names (JSON and XML, and CSV/fixed records without a SegmentDef): `segment.names`.
 *   CSV and fixed records with a SegmentDef are read by the grammar's ids rather than `names`, because a CSV
 *   header line names the columns of the first record type only.
 * A repeated element (Repeated) reads as its first repetition; an element name on a composite reads as its
 * first component.
 *
 * Lookups by SegmentDef go through a table built once per definition (a WeakMap keyed by the SegmentDef), so
 * reading a field costs a few map lookups and no parsing.
 */
import type { CompiledGrammar } from './compiled-grammar.js';
import { isComposite, type SegmentDef } from './grammar.js';
import { componentValue, Repeated, type ElementValue, type Segment } from './segment.js';

/** Where a field sits: `element` indexes Segment.elements (0 is TAG01); `component` is 1-based, 0 for the
 * element as a whole (which reads as its first component, and is written as a simple value). */
export interface FieldPosition {
  readonly element: number;
  readonly component: number;
}

/** How the syntax names fields with a SegmentDef: by position only (X12) or by the grammar's ids. */
type TableKind = 'positional' | 'ids';

/** The names of one SegmentDef: name -> position, and per element its name and its components' names. */
interface NameTable {
  readonly positions: ReadonlyMap<string, FieldPosition>;
  readonly elements: readonly { name: string; components: readonly string[] | undefined }[];
}

const TABLES: Record<TableKind, WeakMap<SegmentDef, NameTable>> = {
  positional: new WeakMap(),
  ids: new WeakMap(),
};

/** `BEG03` for element index 2; `SV101.02` for element index 0, component 2. */
export function positionalName(tag: string, element: number, component = 0): string {
  const name = tag + pad(element + 1);
  return component === 0 ? name : `${name}.${pad(component)}`;
}

/** The position a positional name gives, or undefined when `name` is not `TAGnn` or `TAGnn.nn` of this tag. */
export function parsePositional(tag: string, name: string): FieldPosition | undefined {
  const n = tag.length;
  if (!name.startsWith(tag)) return undefined;
  if (name.length !== n + 2 && !(name.length === n + 5 && name.charCodeAt(n + 2) === DOT)) return undefined;
  const element = twoDigits(name, n);
  if (element < 1) return undefined;
  if (name.length === n + 2) return { element: element - 1, component: 0 };
  const component = twoDigits(name, n + 3);
  return component < 1 ? undefined : { element: element - 1, component };
}

/** The value at a position: a component (1-based), or the element's first value for component 0. */
export function valueAt(element: ElementValue | undefined, component: number): string {
  return componentValue(element, component === 0 ? 1 : component);
}

/**
 * The position to write field `name` of a record `tag` to. With a SegmentDef only names of fields it defines
 * (by id, for EDIFACT/CSV/fixed, or positional); without one positional names only. Undefined: unknown name.
 */
export function writePosition(
  editype: string,
  tag: string,
  name: string,
  def: SegmentDef | undefined,
): FieldPosition | undefined {
  return def ? nameTable(def, tableKind(editype)).positions.get(name) : parsePositional(tag, name);
}

/** Reads fields of the segments of one message by name (one per message: it holds the syntax and grammar). */
export class FieldReader {
  /** How segments with a SegmentDef are named; undefined for JSON and XML, read by their own names. */
  private readonly kind: TableKind | undefined;

  constructor(
    editype: string,
    private readonly grammar: CompiledGrammar | undefined,
  ) {
    this.kind = editype === 'json' || editype === 'xml' ? undefined : tableKind(editype);
  }

  /** The value of field `name`, '' when the segment has no such field (or it is empty). */
  read(segment: Segment, name: string): string {
    const table = this.table(segment);
    if (!table && segment.names) {
      const index = segment.names.indexOf(name);
      return index < 0 ? '' : valueAt(segment.elements[index], 0);
    }
    const at = table?.positions.get(name) ?? parsePositional(segment.tag, name);
    return at ? valueAt(segment.elements[at.element], at.component) : '';
  }

  /** Every non-empty field of the segment as [name, value], in position order; a composite by component. */
  fields(segment: Segment): [string, string][] {
    const table = this.table(segment);
    const out: [string, string][] = [];
    segment.elements.forEach((element, i) => {
      const named = table?.elements[i];
      const first = element instanceof Repeated ? element.values[0] : element;
      if (Array.isArray(first)) {
        first.forEach((value, c) => {
          if (value !== '')
            out.push([named?.components?.[c] ?? positionalName(segment.tag, i, c + 1), value]);
        });
        return;
      }
      if (first === undefined || first === '') return;
      // A simple value where the grammar has a composite is the composite's first component.
      const name =
        named?.components?.[0] ??
        named?.name ??
        ((table ? undefined : segment.names?.[i]) || positionalName(segment.tag, i));
      out.push([name, first]);
    });
    return out;
  }

  /** The names of the segment's SegmentDef, when it has one and is named by it. */
  private table(segment: Segment): NameTable | undefined {
    const def = this.kind === undefined ? undefined : this.grammar?.segments.get(segment.tag);
    return def && this.kind !== undefined ? nameTable(def, this.kind) : undefined;
  }
}

function tableKind(editype: string): TableKind {
  return editype === 'x12' ? 'positional' : 'ids';
}

function nameTable(def: SegmentDef, kind: TableKind): NameTable {
  let table = TABLES[kind].get(def);
  if (!table) {
    table = buildTable(def, kind);
    TABLES[kind].set(def, table);
  }
  return table;
}

function buildTable(def: SegmentDef, kind: TableKind): NameTable {
  const positions = new Map<string, FieldPosition>();
  const elements: { name: string; components: string[] | undefined }[] = [];
  const seen = new Map<string, number>();
  def.fields.forEach((field, i) => {
    const positional = positionalName(def.tag, i);
    positions.set(positional, { element: i, component: 0 });
    const name = kind === 'ids' && field.id !== '' ? numbered(field.id, seen) : positional;
    positions.set(name, { element: i, component: 0 });
    if (!isComposite(field)) {
      elements.push({ name, components: undefined });
      return;
    }
    const inner = new Map<string, number>();
    const components = field.components.map((component, c) => {
      const at = { element: i, component: c + 1 };
      const byPosition = positionalName(def.tag, i, c + 1);
      positions.set(byPosition, at);
      if (kind === 'positional' || component.id === '') return byPosition;
      const byId = `${name}.${numbered(component.id, inner)}`;
      positions.set(byId, at);
      return byId;
    });
    elements.push({ name, components });
  });
  return { positions, elements };
}

/** `id` the first time, `id#2`, `id#3` the next times (counted in `seen`). */
function numbered(id: string, seen: Map<string, number>): string {
  const count = (seen.get(id) ?? 0) + 1;
  seen.set(id, count);
  return count === 1 ? id : `${id}#${count}`;
}

const DOT = 0x2e;
const ZERO = 0x30;

/** The number of two ASCII digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - ZERO;
  const b = text.charCodeAt(at + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
