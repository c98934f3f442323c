/**
 * Which data element (or composite) sits at each position of a segment, as told by the pyx12 maps and the
 * StAEDI schemas under grammars/sources/. Positions are keyed '03' (element 03) and '01-02' (component 02 of
 * composite 01). The sources also give names, repeats and, for some elements, code lists; which of those the
 * generator trusts is decided by the caller through the flags on PositionSource.
 */
import { readFileSync } from 'node:fs';
import { GeneratorError } from '../generator.js';
import type { DictionaryElement } from './element-dictionary.js';
import { childText, childrenNamed, descendantsNamed, parseXml, type XmlElement } from '../xml-reader.js';

export interface PositionInfo {
  /** Data element number ('353', 'I01') or composite id ('C030'). */
  id: string;
  composite: boolean;
  /** The name the source gives the element at this position ('' when none). */
  name: string;
  /** Maximum repetitions when the source lets the element or composite repeat. */
  repeat?: number;
  /** Codes the source allows at this position (empty when it lists none). */
  codes: string[];
}

export interface SegmentInfo {
  name: string;
  positions: Map<string, PositionInfo>;
}

export interface PositionSource {
  /** The file(s) read, relative to grammars/sources/, for error messages and reports. */
  label: string;
  segments: Map<string, SegmentInfo>;
  /** Element attributes the source defines itself (StAEDI element types), by element number. */
  elements: Map<string, DictionaryElement>;
}

function positionKey(seq: string, file: string): string {
  if (!/^\d{1,2}$/.test(seq)) throw new GeneratorError(`${file}: "${seq}" is not an element position.`);
  return seq.padStart(2, '0');
}

/** Records one position; a source that names two different elements for the same position is an error. */
function addPosition(segment: SegmentInfo, key: string, info: PositionInfo, file: string, tag: string): void {
  const known = segment.positions.get(key);
  if (!known) {
    segment.positions.set(key, info);
    return;
  }
  if (known.id !== info.id || known.composite !== info.composite) {
    throw new GeneratorError(
      `${file}: ${tag} position ${key} is ${known.id} in one place and ${info.id} in another.`,
    );
  }
  for (const code of info.codes) if (!known.codes.includes(code)) known.codes.push(code);
}

function segmentEntry(segments: Map<string, SegmentInfo>, tag: string, name: string): SegmentInfo {
  let segment = segments.get(tag);
  if (!segment) {
    segment = { name, positions: new Map() };
    segments.set(tag, segment);
  }
  return segment;
}

function pyx12Repeat(node: XmlElement): number | undefined {
  const repeat = Number(childText(node, 'repeat') ?? '1');
  return Number.isInteger(repeat) && repeat > 1 ? repeat : undefined;
}

function pyx12Codes(node: XmlElement): string[] {
  return childrenNamed(node, 'valid_codes').flatMap((list) =>
    childrenNamed(list, 'code').map((code) => code.text),
  );
}

/** A pyx12 map (x12.control.*.xml, 997.4010.xml, 999.5010.xml, the HIPAA maps): every segment it describes. */
export function readPyx12Map(file: string, label: string): PositionSource {
  const root = parseXml(readFileSync(file, 'utf8'), file);
  const segments = new Map<string, SegmentInfo>();
  for (const node of descendantsNamed(root, 'segment')) {
    const tag = node.attributes.xid;
    if (!tag) throw new GeneratorError(`${file}: a segment has no xid.`);
    const segment = segmentEntry(segments, tag, childText(node, 'name') ?? '');
    for (const field of node.children.filter(
      (child) => child.name === 'element' || child.name === 'composite',
    )) {
      const id = childText(field, 'data_ele');
      const seq = childText(field, 'seq');
      if (!id || !seq) throw new GeneratorError(`${file}: an element of ${tag} has no data_ele or seq.`);
      const key = positionKey(seq, file);
      const composite = field.name === 'composite';
      const info = { id, composite, name: childText(field, 'name') ?? '', codes: pyx12Codes(field) };
      addPosition(segment, key, { ...info, repeat: pyx12Repeat(field) }, file, tag);
      for (const component of composite ? childrenNamed(field, 'element') : []) {
        const componentId = childText(component, 'data_ele');
        const componentSeq = childText(component, 'seq');
        if (!componentId || !componentSeq)
          throw new GeneratorError(`${file}: a component of ${tag}${key} is incomplete.`);
        const componentInfo = {
          id: componentId,
          composite: false,
          name: childText(component, 'name') ?? '',
          codes: pyx12Codes(component),
        };
        addPosition(segment, `${key}-${positionKey(componentSeq, file)}`, componentInfo, file, tag);
      }
    }
  }
  return { label, segments, elements: new Map() };
}

const STAEDI_TYPES: Record<string, string> = {
  string: 'AN',
  identifier: 'ID',
  decimal: 'R',
  numeric: 'N0',
  date: 'DT',
  time: 'TM',
  binary: 'B',
};

/** StAEDI names element types 'E0479', 'DE0479', 'E479' (number 479, or the `code` attribute) or 'I01'. */
function staediElementNumber(type: XmlElement): string {
  const name = type.attributes.name ?? '';
  return type.attributes.code ?? /^D?E0*(\d+)$/.exec(name)?.[1] ?? name;
}

function staediSequence(node: XmlElement): XmlElement[] {
  return childrenNamed(node, 'sequence').flatMap((sequence) =>
    sequence.children.filter((child) => child.name === 'element' || child.name === 'composite'),
  );
}

/**
 * StAEDI schemas (EDISchema v4), read together because one includes the other (v00402.xml includes
 * common.xml): element and composite types, and the segments that reference them.
 */
export function readStaediSchemas(files: string[], label: string): PositionSource {
  const roots = files.map((file) => ({ file, root: parseXml(readFileSync(file, 'utf8'), file) }));
  const elementTypes = new Map<string, XmlElement>();
  const compositeTypes = new Map<string, XmlElement>();
  for (const { root } of roots) {
    for (const type of childrenNamed(root, 'elementType')) elementTypes.set(type.attributes.name ?? '', type);
    for (const type of childrenNamed(root, 'compositeType'))
      compositeTypes.set(type.attributes.name ?? '', type);
  }
  const elements = new Map<string, DictionaryElement>();
  const codes = new Map<string, string[]>();
  for (const type of elementTypes.values()) {
    const id = staediElementNumber(type);
    codes.set(
      id,
      childrenNamed(type, 'enumeration').flatMap((list) =>
        childrenNamed(list, 'value').map((value) => value.text),
      ),
    );
    const format = STAEDI_TYPES[type.attributes.base ?? 'string'];
    const max = type.attributes.maxLength;
    if (format && max) {
      const min = Number(type.attributes.minLength ?? '1');
      elements.set(id, { id, name: type.attributes.title ?? '', type: format, min, max: Number(max) });
    }
  }
  const segments = new Map<string, SegmentInfo>();
  for (const { file, root } of roots) {
    for (const node of childrenNamed(root, 'segmentType')) {
      const tag = node.attributes.name ?? '';
      const segment = segmentEntry(segments, tag, node.attributes.title ?? '');
      staediSequence(node).forEach((reference, index) => {
        const key = String(index + 1).padStart(2, '0');
        const typeName = reference.attributes.type ?? '';
        const maxOccurs = Number(reference.attributes.maxOccurs ?? '1');
        const repeat = maxOccurs > 1 ? maxOccurs : undefined;
        if (reference.name === 'composite') {
          const composite = compositeTypes.get(typeName);
          if (!composite)
            throw new GeneratorError(`${file}: ${tag} refers to the unknown composite ${typeName}.`);
          const name = composite.attributes.title ?? '';
          addPosition(segment, key, { id: typeName, composite: true, name, repeat, codes: [] }, file, tag);
          staediSequence(composite).forEach((component, componentIndex) => {
            const type = elementTypes.get(component.attributes.type ?? '');
            if (!type) throw new GeneratorError(`${file}: ${typeName} refers to an unknown element type.`);
            const id = staediElementNumber(type);
            const info = {
              id,
              composite: false,
              name: type.attributes.title ?? '',
              codes: codes.get(id) ?? [],
            };
            addPosition(segment, `${key}-${String(componentIndex + 1).padStart(2, '0')}`, info, file, tag);
          });
          return;
        }
        const type = elementTypes.get(typeName);
        if (!type)
          throw new GeneratorError(`${file}: ${tag} refers to the unknown element type ${typeName}.`);
        const id = staediElementNumber(type);
        const info = {
          id,
          composite: false,
          name: type.attributes.title ?? '',
          repeat,
          codes: codes.get(id) ?? [],
        };
        addPosition(segment, key, info, file, tag);
      });
    }
  }
  return { label, segments, elements };
}
