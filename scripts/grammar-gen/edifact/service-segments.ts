/**
 * The service segments (UNB, UNG, UNH, UNT, UNE, UNZ, and the UCx segments of CONTRL) of one syntax version.
 * Segment layout, names and formats come from php-edifact-mapping (Service_V3, Service_V4: ids, a/an/n, fixed
 * `length` or `maxlength`, `required`); the service code values come from StAEDI's control schemas (v3.xml,
 * v4r02.xml), since neither the UN directories nor php-edifact-mapping list them per syntax version. Elements
 * StAEDI lists no values for (0083, 0085 and others) take them from the D.96A service code list UNSL.96A; see
 * edifact-generator.ts.
 * UNA is not described here: it is the service string advice, fixed characters rather than data elements.
 */
import type {
  CodeList,
  ElementDef,
  FieldDef,
  SegmentDef,
  StructureNode,
} from '../../../engine/core/grammar.js';
import type { EdifactFormat } from '../../../engine/core/grammar.js';
import { GeneratorError } from '../generator.js';
import { xmlTags, type XmlTag } from './xml-tags.js';

/** `syntaxIdentifier` → `Syntax identifier`: php-edifact-mapping names fields in camel case. */
export function sentenceName(camelCase: string): string {
  const words = camelCase.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function parseServiceSegments(xml: string, file: string): Map<string, SegmentDef> {
  const segments = new Map<string, SegmentDef>();
  let segment: SegmentDef | undefined;
  let composite: Extract<FieldDef, { components: ElementDef[] }> | undefined;
  for (const tag of xmlTags(xml)) {
    const { id = '', name = '' } = tag.attributes;
    if (tag.name === 'segment' && tag.kind === 'open') {
      segment = { tag: id, name: sentenceName(name), fields: [] };
      segments.set(id, segment);
    } else if (tag.name === 'segment' && tag.kind === 'close') {
      segment = undefined;
    } else if (tag.name === 'composite_data_element' && tag.kind === 'open') {
      composite = {
        id,
        name: sentenceName(name),
        mandatory: tag.attributes.required === 'true',
        components: [],
      };
      segment?.fields.push(composite);
    } else if (tag.name === 'composite_data_element' && tag.kind === 'close') {
      composite = undefined;
    } else if (tag.name === 'data_element' && tag.kind !== 'close') {
      (composite?.components ?? segment?.fields)?.push(serviceElement(tag, file));
    }
  }
  return segments;
}

function serviceElement(tag: XmlTag, file: string): ElementDef {
  const { id = '', name = '', type = '', length, maxlength, required } = tag.attributes;
  if (type !== 'a' && type !== 'an' && type !== 'n')
    throw new GeneratorError(`${file}: element ${id} has type "${type}", not a, an or n.`);
  const max = Number(length ?? maxlength);
  if (!Number.isInteger(max) || max < 1)
    throw new GeneratorError(`${file}: element ${id} has no length or maxlength.`);
  return {
    id,
    name: sentenceName(name),
    mandatory: required === 'true',
    format: type as EdifactFormat,
    min: length ? max : 1,
    max,
  };
}

/** The CONTRL segment table: groups carry `maxrepeat` (and `required`), their first segment is the trigger. */
export function parseServiceMessage(xml: string, file: string): StructureNode[] {
  const root: StructureNode[] = [];
  const stack: StructureNode[][] = [root];
  for (const tag of xmlTags(xml)) {
    const content = stack.at(-1);
    if (!content) throw new GeneratorError(`${file}: a closing </group> has no opening <group>.`);
    const min = tag.attributes.required === 'true' ? 1 : 0;
    const max = Number(tag.attributes.maxrepeat ?? '1');
    if (tag.name === 'group' && tag.kind === 'open') {
      const group = { group: tag.attributes.id ?? '', min, max, content: [] };
      content.push(group);
      stack.push(group.content);
    } else if (tag.name === 'group' && tag.kind === 'close') {
      stack.pop();
    } else if (tag.name === 'segment') {
      const isTrigger = stack.length > 1 && content.length === 0;
      content.push({ segment: tag.attributes.id ?? '', min: isTrigger ? 1 : min, max: isTrigger ? 1 : max });
    }
  }
  return root;
}

/** Code values per element id (`0001`), in schema order, from StAEDI's `elementType name="DE0001"` enumerations. */
export function parseServiceCodes(xml: string): Map<string, CodeList> {
  const codes = new Map<string, CodeList>();
  let values: string[] | undefined;
  for (const tag of xmlTags(xml)) {
    if (tag.name === 'elementType' && tag.kind === 'open') {
      values = [];
      const id = /^DE(\d{4})$/.exec(tag.attributes.name ?? '')?.[1];
      if (id) codes.set(id, { values });
    } else if (tag.name === 'elementType') {
      values = undefined;
    } else if (tag.name === 'value' && tag.kind === 'open' && tag.text !== '') {
      values?.push(tag.text);
    }
  }
  return new Map([...codes].filter(([, list]) => list.values.length > 0));
}
