/**
 * Builds segment definitions: the positions, requirement designators, lengths and types come from the Bots
 * record of the segment (facts of the standard); where a source tells the data element number at a position,
 * the element gets that number, its name and its type (ID rather than AN, N0 rather than R) from the pyx12
 * dictionary. Lengths stay those of the Bots record of the grammar's release: the dictionary mixes releases
 * (127 and 364 have their 005010 maximum, 719 its 004010 maximum), the Bots tables are per release.
 */
import type {
  CompositeDef,
  ElementDef,
  ElementFormat,
  FieldDef,
  SegmentDef,
} from '../../../engine/core/grammar.js';
import type { BotsComposite, BotsElement, BotsField } from './bots-tables.js';
import type { DictionaryElement } from './element-dictionary.js';
import type { PositionInfo, PositionSource } from './segment-element-ids.js';
import type { X12Sources } from './x12-sources.js';

export interface SegmentContext {
  version: string;
  sources: X12Sources;
  /** Element number -> codes, for the elements that may carry codes (see envelope-maps.ts). */
  codeLists: Map<string, string[]>;
  /** Whether the ID elements of this segment get code lists in this grammar. */
  withCodes(tag: string): boolean;
  /** Records, per grammar, each position that has no element number or whose number was rejected. */
  uncovered: UncoveredPosition[];
}

export interface UncoveredPosition {
  tag: string;
  position: string;
  reason: 'no source' | 'structure differs' | 'type differs';
}

/** Type families: a source's element number is used only when its type agrees with the Bots record's. */
function family(type: string): string {
  if (type === 'AN' || type === 'ID') return 'text';
  if (type === 'R' || /^N\d$/.test(type)) return 'number';
  return type;
}

function format(type: string): { format: ElementFormat; decimals?: number } {
  const numeric = /^N(\d)$/.exec(type);
  if (numeric) return { format: 'N', decimals: Number(numeric[1]) };
  return { format: type as ElementFormat };
}

function positionName(tag: string, key: string): string {
  const [element, component] = key.split('-');
  return component ? `${tag} element ${element} component ${component}` : `${tag} element ${element}`;
}

function lookup(sources: PositionSource[], tag: string, key: string): PositionInfo | undefined {
  for (const source of sources) {
    const info = source.segments.get(tag)?.positions.get(key);
    if (info) return info;
  }
  return undefined;
}

/** The standard name of an element or composite: the dictionary's, else a control schema's or map's. */
function standardName(context: SegmentContext, id: string, tag: string, key: string): string {
  const dictionaryName = context.sources.dictionary.get(id)?.name;
  if (dictionaryName && dictionaryName !== id) return dictionaryName;
  for (const source of context.sources.standardNames) {
    for (const segment of source.segments.values()) {
      for (const info of segment.positions.values()) if (info.id === id && info.name) return info.name;
    }
  }
  return positionName(tag, key);
}

function attributesOf(context: SegmentContext, id: string): DictionaryElement | undefined {
  const fromDictionary = context.sources.dictionary.get(id);
  if (fromDictionary) return fromDictionary;
  for (const source of context.sources.positions(context.version)) {
    const element = source.elements.get(id);
    if (element) return element;
  }
  return undefined;
}

function buildElement(context: SegmentContext, tag: string, key: string, bots: BotsElement): ElementDef {
  const fromBots: ElementDef = {
    id: '',
    name: positionName(tag, key),
    mandatory: bots.mandatory,
    ...format(bots.type),
    min: bots.min,
    max: bots.max,
  };
  const info = lookup(context.sources.positions(context.version), tag, key);
  if (!info || info.composite) {
    context.uncovered.push({ tag, position: key, reason: info ? 'structure differs' : 'no source' });
    return fromBots;
  }
  const attributes = attributesOf(context, info.id);
  if (attributes && family(attributes.type) !== family(bots.type)) {
    context.uncovered.push({ tag, position: key, reason: 'type differs' });
    return fromBots;
  }
  const element: ElementDef = {
    id: info.id,
    name: standardName(context, info.id, tag, key),
    mandatory: bots.mandatory,
    ...format(attributes?.type ?? bots.type),
    min: bots.min,
    max: bots.max,
  };
  const codes = context.codeLists.get(info.id);
  if (element.format === 'ID' && codes && context.withCodes(tag)) element.codes = info.id;
  return element;
}

function repeatOf(context: SegmentContext, info: PositionInfo | undefined): number | undefined {
  // Repetition exists from 004020 on (ISA11 became the repetition separator).
  return context.version >= '004020' ? info?.repeat : undefined;
}

function buildComposite(
  context: SegmentContext,
  tag: string,
  key: string,
  bots: BotsComposite,
): CompositeDef {
  const info = lookup(context.sources.positions(context.version), tag, key);
  const known = info?.composite === true;
  if (!known)
    context.uncovered.push({ tag, position: key, reason: info ? 'structure differs' : 'no source' });
  const composite: CompositeDef = {
    id: known ? info.id : '',
    name: known ? standardName(context, info.id, tag, key) : positionName(tag, key),
    mandatory: bots.mandatory,
    components: bots.components.map((component, i) =>
      buildElement(context, tag, `${key}-${String(i + 1).padStart(2, '0')}`, component),
    ),
  };
  const repeat = known ? repeatOf(context, info) : undefined;
  if (repeat) composite.repeat = repeat;
  return composite;
}

function buildField(context: SegmentContext, tag: string, index: number, bots: BotsField): FieldDef {
  const key = String(index + 1).padStart(2, '0');
  if (bots.kind === 'composite') return buildComposite(context, tag, key, bots);
  const element = buildElement(context, tag, key, bots);
  const repeat = element.id
    ? repeatOf(context, lookup(context.sources.positions(context.version), tag, key))
    : undefined;
  if (repeat) element.repeat = repeat;
  return element;
}

function segmentName(context: SegmentContext, tag: string): string {
  for (const source of context.sources.standardNames) {
    const name = source.segments.get(tag)?.name;
    if (name) return name;
  }
  return tag;
}

export function buildSegment(context: SegmentContext, tag: string, fields: BotsField[]): SegmentDef {
  return {
    tag,
    name: segmentName(context, tag),
    fields: fields.map((field, index) => buildField(context, tag, index, field)),
  };
}
