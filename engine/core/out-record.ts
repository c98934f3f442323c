/**
 * The records a JSON or XML writer takes: a tag, named fields in order and nested records. A field's value is a
 * string, or a list of strings for a repeating field (a JSON array of values, a repeated XML element). Field
 * names follow the parsers' conventions: `@name` is an XML attribute, `#text` the text inside an XML record.
 */
import type { RecordNode } from './envelope.js';
import { Repeated, firstValue, type ElementValue } from './segment.js';

export interface OutRecord {
  tag: string;
  fields: [name: string, value: string | string[]][];
  children: OutRecord[];
}

/**
 * Turns parsed records (json-parser.ts, xml-parser.ts) into OutRecords: each element under its name (a record
 * without names, such as an X12 segment, names its elements TAG01, TAG02, ...), a Repeated as a list, a
 * composite by its first component (JSON and XML records have no composites).
 */
export function toOutRecords(nodes: RecordNode[]): OutRecord[] {
  return nodes.map((node) => {
    const { tag, elements, names } = node.segment;
    const fields: OutRecord['fields'] = elements.map((element, i) => [
      names?.[i] ?? `${tag}${String(i + 1).padStart(2, '0')}`,
      outValue(element),
    ]);
    return { tag, fields, children: toOutRecords(node.children) };
  });
}

function outValue(element: ElementValue): string | string[] {
  if (typeof element === 'string') return element;
  if (element instanceof Repeated) return element.values.map((value) => firstValue(value));
  return firstValue(element);
}
