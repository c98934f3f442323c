/**
 * From what a mapping script wrote (MappingOutputTree) to what the writers take: OutRecords for JSON and XML,
 * OutSegments for X12, EDIFACT, CSV and fixed. The serializer outputs exactly the records the script wrote;
 * counting segments (SE01, UNT 0074) and the message references (ST02, UNH 0062) are the engine's job.
 *
 * toOutSegments, with a grammar:
 * - the children of every record are put (stably) into the order of the grammar's structure, as Bots sorts
 *   its output: the root of an X12/EDIFACT message (ST, UNH) holds the rest of the top level, a loop's trigger
 *   record holds the loop's other nodes. A tag that occurs twice at one level goes to its first place there.
 *   A record the grammar does not define at its place is a MappingWriteError;
 * - field names become positions by the SegmentDef (mapping-fields.ts: positional for X12; ids or positional
 *   for EDIFACT, CSV, fixed); a name the SegmentDef does not define is a MappingWriteError.
 * Without a grammar records stay in the order written and only positional names (`BEG03`, `SV101.02`) can be
 * written. Either way an X12 or EDIFACT message has one root record.
 * Elements between written ones are ''; a composite whose only value is its first component is written as a
 * simple value (the same text).
 */
import type { CompiledGrammar, CompiledLevel, CompiledNode } from './compiled-grammar.js';
import type { Editype } from './envelope.js';
import { MappingWriteError } from './mapping-error.js';
import { writePosition, type FieldPosition } from './mapping-fields.js';
import type { MappingOutputTree } from './mapping-output.js';
import type { MappingRecord } from './mapping-record.js';
import type { OutRecord } from './out-record.js';
import type { ElementValue } from './segment.js';
import type { OutSegment } from './segment-writer.js';

/** The written records for the JSON and XML writers: fields in the order written, children in order. */
export function toOutRecordTree(out: MappingOutputTree): OutRecord[] {
  return out.roots.map(toOutRecord);
}

function toOutRecord(record: MappingRecord): OutRecord {
  return { tag: record.tag, fields: record.fields(), children: record.children.map(toOutRecord) };
}

/** The written records in pre-order as segments (see the file header for the rules). */
export function toOutSegments(
  out: MappingOutputTree,
  grammar: CompiledGrammar | undefined,
  editype: Editype,
): OutSegment[] {
  const roots = out.roots;
  const enveloped = editype === 'x12' || editype === 'edifact';
  if (enveloped && roots.length > 1)
    throw new MappingWriteError(
      roots[1]!.tag,
      `a second root record; an ${editype === 'x12' ? 'X12' : 'EDIFACT'} message has one root (${roots[0]!.tag}) and every other record is under it: put({ BOTSID: '${roots[0]!.tag}' }, { BOTSID: '${roots[1]!.tag}', ... })`,
    );
  const segments: OutSegment[] = [];
  const writer = new SegmentBuilder(editype, grammar);
  const emit = (records: readonly MappingRecord[], place: Place | undefined, above: string): void => {
    for (const { record, at } of ordered(records, place, above, grammar)) {
      const path = above === '' ? record.tag : `${above}/${record.tag}`;
      segments.push(writer.build(record, path));
      emit(record.children, at && childPlace(at, enveloped && above === ''), path);
    }
  };
  const top = grammar?.top;
  // The root of an X12/EDIFACT message is the grammar's first segment (ST, UNH); other formats' roots are any
  // record of the top level.
  emit(roots, top && { level: top, from: 0, end: enveloped ? 1 : top.nodes.length, owner: undefined }, '');
  return segments;
}

/** Where records may sit: the nodes of `level` from index `from` up to `end`; `owner` names the record they
 * are under (undefined for the roots). */
interface Place {
  level: CompiledLevel;
  from: number;
  end: number;
  owner: string | undefined;
}

/** A record and the grammar node it was placed at (with the node's index in its level). */
interface Placed {
  record: MappingRecord;
  at: { place: Place; index: number; node: CompiledNode } | undefined;
}

/** Where the children of a record placed at `at` go: a group's other nodes, or the rest of the top level. */
function childPlace(at: NonNullable<Placed['at']>, holdsTopLevel: boolean): Place {
  const owner = at.node.tag;
  if (at.node.kind === 'group') {
    const { level } = at.node;
    return { level, from: 1, end: level.nodes.length, owner };
  }
  const { level } = at.place;
  const end = level.nodes.length;
  // A plain segment holds nothing, unless it is the root that holds the rest of the top level.
  return { level, from: holdsTopLevel ? at.index + 1 : end, end, owner };
}

/** The records in the grammar's order at `place` (unchanged without a grammar). */
function ordered(
  records: readonly MappingRecord[],
  place: Place | undefined,
  above: string,
  grammar: CompiledGrammar | undefined,
): Placed[] {
  if (!place || !grammar) return records.map((record) => ({ record, at: undefined }));
  const placed = records.map((record) => {
    const index = indexIn(place, record.tag);
    if (index < 0)
      throw new MappingWriteError(
        above === '' ? record.tag : `${above}/${record.tag}`,
        misplaced(record.tag, place, grammar),
      );
    return { record, at: { place, index, node: place.level.nodes[index]! } };
  });
  return placed.sort((a, b) => a.at.index - b.at.index);
}

/** Per level: tag -> the indexes of the nodes entered by that tag, ascending. */
const LEVEL_INDEX = new WeakMap<CompiledLevel, Map<string, number[]>>();

function indexIn({ level, from, end }: Place, tag: string): number {
  let index = LEVEL_INDEX.get(level);
  if (!index) {
    index = new Map();
    level.nodes.forEach((node, i) => {
      const list = index!.get(node.tag);
      if (list) list.push(i);
      else index!.set(node.tag, [i]);
    });
    LEVEL_INDEX.set(level, index);
  }
  return index.get(tag)?.find((i) => i >= from && i < end) ?? -1;
}

function misplaced(tag: string, place: Place, grammar: CompiledGrammar): string {
  const id = grammar.grammar.id;
  if (place.owner !== undefined) return `grammar ${id} has no record ${tag} under ${place.owner}`;
  const first = place.level.nodes[0];
  if (place.end === 1 && first) return `a message of grammar ${id} starts with ${first.tag}, not ${tag}`;
  return `grammar ${id} has no record ${tag} at the top of the message`;
}

/** Turns one record's named fields into elements. */
class SegmentBuilder {
  constructor(
    private readonly editype: Editype,
    private readonly grammar: CompiledGrammar | undefined,
  ) {}

  build(record: MappingRecord, path: string): OutSegment {
    const { tag } = record;
    const def = this.grammar?.segments.get(tag);
    const elements: (string | string[])[] = [];
    for (const [name, value] of record.fields()) {
      const at = writePosition(this.editype, tag, name, def);
      if (!at) throw new MappingWriteError(`${path}/${name}`, this.unknown(tag, name));
      place(elements, at, value);
    }
    return { tag, elements: elements.map(finish) };
  }

  private unknown(tag: string, name: string): string {
    if (this.grammar) return `record ${tag} of grammar ${this.grammar.grammar.id} has no field ${name}`;
    return `${name} is not a positional field name of ${tag} (${tag}01, ${tag}01.02); without a grammar only those can be written`;
  }
}

function place(elements: (string | string[])[], at: FieldPosition, value: string): void {
  while (elements.length <= at.element) elements.push('');
  const current = elements[at.element]!;
  if (at.component === 0) {
    if (Array.isArray(current)) current[0] = value;
    else elements[at.element] = value;
    return;
  }
  const composite = Array.isArray(current) ? current : current === '' ? [] : [current];
  while (composite.length < at.component) composite.push('');
  composite[at.component - 1] = value;
  elements[at.element] = composite;
}

/** A composite without trailing empty components; one of a single component as a simple value. */
function finish(element: string | string[]): ElementValue {
  if (typeof element === 'string') return element;
  let end = element.length;
  while (end > 1 && element[end - 1] === '') end--;
  return end === 1 ? element[0]! : element.slice(0, end);
}
