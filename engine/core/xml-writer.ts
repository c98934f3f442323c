/**
 * Writes records as an XML document, the reverse of xml-parser.ts: the one top-level record is the root
 * element; fields `@name` are attributes, the field `#text` is the text inside the record, every other field is
 * a child element holding its value (one element per value of a repeating field); child records follow the
 * fields as nested elements. `& < > " '` are escaped everywhere, CR (and in attributes LF and TAB) as character
 * references, so the parser gives back the same values. With a grammar an empty field is absent and is not
 * written; without one it is written as an empty element. A record without content is `<tag/>`.
 *
 * Options: `declaration` (default true) writes `<?xml version="1.0" encoding="UTF-8"?>`; `indent` (default true)
 * puts every element on its own line, indented by two spaces, and ends the document with a line break.
 * WriteErrors: several top-level records (WRITER_STATE: XML has one root), a name that is not an XML name or a
 * value with a character XML 1.0 cannot hold (VALUE_NOT_ENCODABLE).
 */
import type { Grammar } from './grammar.js';
import type { OutRecord } from './out-record.js';
import { WriteError } from './write-error.js';

export interface XmlWriteOptions {
  indent?: boolean;
  declaration?: boolean;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const NAME = /^[A-Za-z_:\u00c0-\ufffd][A-Za-z0-9_:.\-\u00b7\u00c0-\ufffd]*$/;
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot hold are the point here
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function writeXml(records: OutRecord[], grammar?: Grammar, options: XmlWriteOptions = {}): string {
  if (records.length !== 1)
    throw new WriteError('WRITER_STATE', `an XML document has one root record; ${records.length} were given`);
  const indent = options.indent ?? true;
  const parts: string[] = [];
  if (options.declaration ?? true) parts.push(XML_DECLARATION);
  new XmlWriter(parts, indent, grammar !== undefined).record(records[0]!, 0);
  return indent ? `${parts.join('\n')}\n` : parts.join('');
}

class XmlWriter {
  constructor(
    private readonly parts: string[],
    private readonly indent: boolean,
    private readonly omitEmpty: boolean,
  ) {}

  record(record: OutRecord, depth: number): void {
    const pad = this.indent ? '  '.repeat(depth) : '';
    const tag = name(record.tag, record.tag, '');
    let attributes = '';
    let text = '';
    const leaves: [string, string][] = [];
    for (const [field, value] of record.fields) {
      const values = Array.isArray(value) ? value : [value];
      if (this.omitEmpty && values.every((v) => v === '')) continue;
      if (field.startsWith('@'))
        attributes += ` ${name(field.slice(1), record.tag, field)}="${escape(values.join(' '), true, record.tag, field)}"`;
      else if (field === '#text') text += escape(values.join(''), false, record.tag, field);
      else
        for (const v of values)
          leaves.push([name(field, record.tag, field), escape(v, false, record.tag, field)]);
    }
    if (leaves.length === 0 && record.children.length === 0) {
      this.parts.push(
        text === '' ? `${pad}<${tag}${attributes}/>` : `${pad}<${tag}${attributes}>${text}</${tag}>`,
      );
      return;
    }
    this.parts.push(`${pad}<${tag}${attributes}>${text}`);
    const inner = this.indent ? '  '.repeat(depth + 1) : '';
    for (const [leaf, value] of leaves)
      this.parts.push(value === '' ? `${inner}<${leaf}/>` : `${inner}<${leaf}>${value}</${leaf}>`);
    for (const child of record.children) this.record(child, depth + 1);
    this.parts.push(`${pad}</${tag}>`);
  }
}

/** Names already checked: a document repeats a few names many times. Bounded, names come from mappings. */
const CHECKED_NAMES = new Set<string>();

/** Where a value sits, for errors only: `tag` or `tag.field`. */
function position(tag: string, field: string): string {
  return field === '' ? tag : `${tag}.${field}`;
}

function name(value: string, tag: string, field: string): string {
  if (CHECKED_NAMES.has(value)) return value;
  if (!NAME.test(value))
    throw new WriteError('VALUE_NOT_ENCODABLE', `"${value}" is not an XML name`, position(tag, field));
  if (CHECKED_NAMES.size < 10_000) CHECKED_NAMES.add(value);
  return value;
}

/** Characters that may start trouble: controls, surrogates, U+FFFE/U+FFFF (NOT_XML then decides). */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const SUSPECT = /[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/;
const SPECIAL = /[&<>"'\r]/;
const SPECIAL_ATTRIBUTE = /[&<>"'\r\n\t]/;

function escape(value: string, attribute: boolean, tag: string, field: string): string {
  if (SUSPECT.test(value) && NOT_XML.test(value))
    throw new WriteError(
      'VALUE_NOT_ENCODABLE',
      'the value holds a character XML 1.0 cannot hold',
      position(tag, field),
    );
  if (!(attribute ? SPECIAL_ATTRIBUTE : SPECIAL).test(value)) return value;
  return value.replace(attribute ? /[&<>"'\r\n\t]/g : /[&<>"'\r]/g, (c) => ENTITY[c]!);
}

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};
