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
import { childrenNamed, descendantsNamed, parseXml, type XmlElement } from '../xml-reader.js';

/** `syntaxIdentifier` → `Syntax identifier`: php-edifact-mapping names fields in camel case. */
export function sentenceName(camelCase: string): string {
  const words = camelCase.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The segments of php-edifact-mapping's segments.xml by tag. A segment's fields are its `data_element` and
 * `composite_data_element` children in document order; a composite's components are its `data_element` children.
 */
export function parseServiceSegments(xml: string, file: string): Map<string, SegmentDef> {
  const segments = new Map<string, SegmentDef>();
  for (const segment of childrenNamed(parseXml(xml, file), 'segment')) {
    const { id = '', name = '' } = segment.attributes;
    const fields: FieldDef[] = [];
    for (const child of segment.children) {
      if (child.name === 'data_element') fields.push(serviceElement(child, file));
      else if (child.name === 'composite_data_element') {
        fields.push({
          id: child.attributes.id ?? '',
          name: sentenceName(child.attributes.name ?? ''),
          mandatory: child.attributes.required === 'true',
          components: childrenNamed(child, 'data_element').map((component) =>
            serviceElement(component, file),
          ),
        });
      }
    }
    segments.set(id, { tag: id, name: sentenceName(name), fields });
  }
  return segments;
}

function serviceElement(element: XmlElement, file: string): ElementDef {
  const { id = '', name = '', type = '', length, maxlength, required } = element.attributes;
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
  return serviceStructure(parseXml(xml, file), false);
}

/**
 * The `segment` and `group` children of `parent` in document order (other children, such as `defaults`, are
 * skipped). Inside a group (`isGroup`), a segment that comes first is the trigger: min = max = 1.
 */
function serviceStructure(parent: XmlElement, isGroup: boolean): StructureNode[] {
  const content: StructureNode[] = [];
  for (const child of parent.children) {
    const min = child.attributes.required === 'true' ? 1 : 0;
    const max = Number(child.attributes.maxrepeat ?? '1');
    if (child.name === 'group') {
      content.push({ group: child.attributes.id ?? '', min, max, content: serviceStructure(child, true) });
    } else if (child.name === 'segment') {
      const isTrigger = isGroup && content.length === 0;
      content.push({
        segment: child.attributes.id ?? '',
        min: isTrigger ? 1 : min,
        max: isTrigger ? 1 : max,
      });
    }
  }
  return content;
}

/**
 * Code values per element id (`0001`), in schema order, from StAEDI's `elementType name="DE0001"` enumerations:
 * the non-empty text of each `value` below the element type. Element types without values are left out.
 */
export function parseServiceCodes(xml: string, file: string): Map<string, CodeList> {
  const codes = new Map<string, CodeList>();
  for (const type of descendantsNamed(parseXml(xml, file), 'elementType')) {
    const id = /^DE(\d{4})$/.exec(type.attributes.name ?? '')?.[1];
    const values = descendantsNamed(type, 'value')
      .map((value) => value.text)
      .filter((text) => text !== '');
    if (id && values.length > 0) codes.set(id, { values });
  }
  return codes;
}
