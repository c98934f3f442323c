/**
 * Reads a JSON document as records (the RecordParser contract of record-format.ts).
 *
 * Mapping: the document is an object (one root record) or an array of objects (several root records). A record
 * is a JSON object; its tag is the property name it sits under. Root rule: the root record's tag is the tag of
 * the grammar's first structure node (the trigger record when that node is a group), or `root` without a
 * grammar; the document object itself is the root record, its tag is not written in the JSON. With a grammar a
 * document of the form `{"<root tag>": {...}}` (or `{"<root tag>": [{...}, ...]}`) is accepted as well when the
 * root record defines no field or child of that name: the wrapper is dropped. Without a grammar there is no
 * unwrapping: `{"ORDER": {...}}` is a record `root` with one child record `ORDER`.
 *
 * Scalar properties are fields (strings as they are, numbers in their JSON text form so 12.50 stays "12.50",
 * true/false as "true"/"false", null as ""); objects and arrays of objects are child records (an array is the
 * child record repeated, each with the property name as tag); arrays of scalars are a repeating field
 * (Repeated). With a grammar the elements are positional in the grammar's field order (`names` holds the
 * grammar's field ids) and a property that is neither a field nor a child record of that record is
 * FIELD_UNKNOWN, named by its path (`order.line[2].qty2`; array indexes are 1-based, as everywhere in issues).
 * Without a grammar the elements are in input order and `names` holds the property names.
 *
 * The JSON is parsed by a small strict parser (RFC 8259) that keeps the text of numbers and the position of
 * every object. A document that is not valid JSON yields no records and one JSON_SYNTAX error at the line and
 * column of the offending character; nesting of objects and arrays deeper than MAX_NESTING is JSON_TOO_DEEP
 * (no records) so that no input can exhaust the call stack. The parser always advances, so it cannot hang.
 */
import type { CompiledGrammar } from './compiled-grammar.js';
import type { RecordNode } from './envelope.js';
import type { IssueList } from './issue.js';
import { printable } from './printable.js';
import type { RecordFormatOptions } from './record-format.js';
import { MAX_NESTING, NO_GRAMMAR_ROOT, RecordFields, RecordShapes } from './record-shapes.js';
import { Repeated } from './segment.js';
import { DocumentStop, readDocument, TextPositions } from './text-positions.js';

// ---------------------------------------------------------------------------------------------------------
// The JSON parser
// ---------------------------------------------------------------------------------------------------------

interface JsonObject {
  kind: 'object';
  start: number;
  members: JsonMember[];
}

interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonValue;
}

interface JsonArray {
  kind: 'array';
  start: number;
  items: JsonValue[];
}

interface JsonScalar {
  kind: 'scalar';
  start: number;
  /** Strings decoded, numbers as written, true/false as words, null as ''. */
  text: string;
  isNull: boolean;
}

type JsonValue = JsonObject | JsonArray | JsonScalar;

/** Stops parsing: the input is not JSON, or nests too deep. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class JsonTokenizer {
  private i = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  document(): JsonValue {
    this.space();
    const value = this.value(1);
    this.space();
    if (this.i < this.text.length) this.fail(`${this.describe()} after the end of the document`);
    return value;
  }

  private value(depth: number): JsonValue {
    const start = this.i;
    const c = this.text[start];
    if (c === '{' || c === '[') {
      if (depth > MAX_NESTING)
        throw new DocumentStop(
          'JSON_TOO_DEEP',
          `objects and arrays nest deeper than ${MAX_NESTING} levels; the document is not read`,
          start,
        );
      return c === '{' ? this.object(depth) : this.array(depth);
    }
    if (c === '"') return { kind: 'scalar', start, text: this.string(), isNull: false };
    for (const word of ['true', 'false', 'null'])
      if (this.text.startsWith(word, start)) {
        this.i += word.length;
        return { kind: 'scalar', start, text: word === 'null' ? '' : word, isNull: word === 'null' };
      }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(this.text);
      if (!match) this.fail(`invalid number`);
      this.i += match[0].length;
      return { kind: 'scalar', start, text: match[0], isNull: false };
    }
    return this.fail(`${this.describe()} where a value was expected`);
  }

  private object(depth: number): JsonObject {
    const node: JsonObject = { kind: 'object', start: this.i, members: [] };
    this.i++;
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return node;
    }
    for (;;) {
      if (this.text[this.i] !== '"') this.fail(`${this.describe()} where a property name was expected`);
      const keyStart = this.i;
      const key = this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail(`${this.describe()} where ":" was expected`);
      this.i++;
      this.space();
      node.members.push({ key, keyStart, value: this.value(depth + 1) });
      this.space();
      const c = this.text[this.i];
      this.i++;
      if (c === '}') return node;
      if (c !== ',') {
        this.i--;
        this.fail(`${this.describe()} where "," or "}" was expected`);
      }
      this.space();
    }
  }

  private array(depth: number): JsonArray {
    const node: JsonArray = { kind: 'array', start: this.i, items: [] };
    this.i++;
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return node;
    }
    for (;;) {
      node.items.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.i];
      this.i++;
      if (c === ']') return node;
      if (c !== ',') {
        this.i--;
        this.fail(`${this.describe()} where "," or "]" was expected`);
      }
      this.space();
    }
  }

  /** At the opening quote; returns the decoded string and leaves i after the closing quote. */
  private string(): string {
    const text = this.text;
    let out = '';
    let from = ++this.i;
    for (;;) {
      const c = text.charCodeAt(this.i);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) {
        out += text.slice(from, this.i++);
        return out;
      }
      if (c < 0x20) this.fail(`control character ${printable(text[this.i]!)} inside a string (escape it)`);
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += text.slice(from, this.i);
      const e = text[this.i + 1];
      if (e === 'u') {
        const hex = text.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape (4 hex digits expected)');
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e]!;
        this.i += 2;
      } else this.fail(`invalid escape \\${e === undefined ? '' : printable(e)}`);
      from = this.i;
    }
  }

  private space(): void {
    const text = this.text;
    for (;;) {
      const c = text[this.i];
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') this.i++;
      else return;
    }
  }

  private describe(): string {
    const c = this.text[this.i];
    if (c === undefined) return 'end of input';
    const point = this.text.codePointAt(this.i)!;
    return `unexpected "${printable(String.fromCodePoint(point))}"`;
  }

  private fail(message: string): never {
    throw new DocumentStop(
      'JSON_SYNTAX',
      message.startsWith('end of input') ? `unexpected ${message}` : message,
      this.i,
    );
  }
}

/** The RecordParser for JSON; see the file comment for the mapping. */
export function parseJson(text: string, options: RecordFormatOptions): RecordNode[] {
  const positions = new TextPositions(text, options.charset);
  return readDocument('JSON', positions, options.issues, () =>
    new JsonRecords(options.grammar, options.issues, positions).document(new JsonTokenizer(text).document()),
  );
}

class JsonRecords {
  private readonly shapes: RecordShapes | undefined;

  constructor(
    grammar: CompiledGrammar | undefined,
    private readonly issues: IssueList,
    private readonly positions: TextPositions,
  ) {
    this.shapes = grammar ? new RecordShapes(grammar) : undefined;
  }

  document(value: JsonValue): RecordNode[] {
    const root = this.shapes?.rootTag ?? NO_GRAMMAR_ROOT;
    const unwrapped = this.unwrap(value, root);
    if (unwrapped.kind === 'object') return [this.record(unwrapped, root, root)];
    if (unwrapped.kind === 'array' && unwrapped.items.length > 0) {
      const records: RecordNode[] = [];
      unwrapped.items.forEach((item, n) => {
        if (item.kind === 'object') records.push(this.record(item, root, `${root}[${n + 1}]`));
        else this.unexpected(item, `item ${n + 1} of the document is not an object: records are objects`);
      });
      return records;
    }
    this.unexpected(value, 'the document must be an object or a non-empty array of objects');
    return [];
  }

  /** With a grammar, `{"<root tag>": ...}` is the root record(s) when the root has no property of that name. */
  private unwrap(value: JsonValue, root: string): JsonValue {
    const shapes = this.shapes;
    if (!shapes || value.kind !== 'object' || value.members.length !== 1) return value;
    const only = value.members[0]!;
    if (only.key !== root || only.value.kind === 'scalar') return value;
    if (shapes.field(root, root) !== undefined || shapes.children(root).has(root)) return value;
    return only.value;
  }

  private record(object: JsonObject, tag: string, path: string): RecordNode {
    const position = this.positions.at(object.start);
    const fields = new RecordFields(tag, this.shapes);
    const children: RecordNode[] = [];
    const seen = new Set<string>();
    const childTags = this.shapes?.children(tag);
    for (const { key, keyStart, value } of object.members) {
      if (seen.has(key)) {
        this.issue(
          'JSON_DUPLICATE_KEY',
          `${path}.${key} is given twice; the second one is ignored`,
          keyStart,
          tag,
        );
        continue;
      }
      seen.add(key);
      if (key === '') {
        // Fields and records are named by their property; an unnamed one cannot be addressed by a mapping.
        this.issue(
          'JSON_VALUE_UNEXPECTED',
          `${path} has a property with an empty name; it is ignored`,
          keyStart,
          tag,
        );
        continue;
      }
      const isField = fields.accepts(key);
      const isChild = childTags === undefined || childTags.has(key);
      if (!isField && !isChild) {
        this.issue(
          'FIELD_UNKNOWN',
          `${path}.${key} is neither a field nor a record of ${tag} in grammar ${this.shapes!.compiled.grammar.id}`,
          keyStart,
          tag,
        );
        continue;
      }
      if (value.kind === 'scalar') {
        if (this.shapes && !isField) {
          if (!value.isNull)
            this.unexpected(value, `${path}.${key} is a record: an object is expected, not a value`, tag);
        } else fields.add(key, value.text);
        continue;
      }
      if (value.kind === 'object') {
        if (this.shapes && !isChild)
          this.unexpected(value, `${path}.${key} is a field: a value is expected, not an object`, tag);
        else children.push(this.record(value, key, `${path}.${key}`));
        continue;
      }
      const items = value.items;
      if (items.every((item) => item.kind === 'scalar')) {
        if (this.shapes && !isField) {
          if (items.length > 0)
            this.unexpected(value, `${path}.${key} is a record: objects are expected, not values`, tag);
        } else fields.add(key, new Repeated(items.map((item) => (item as JsonScalar).text)));
      } else if (items.every((item) => item.kind === 'object')) {
        if (this.shapes && !isChild)
          this.unexpected(value, `${path}.${key} is a field: values are expected, not objects`, tag);
        else
          items.forEach((item, n) =>
            children.push(this.record(item as JsonObject, key, `${path}.${key}[${n + 1}]`)),
          );
      } else
        this.unexpected(
          value,
          `${path}.${key} mixes values, objects or arrays: a list holds values (a repeating field) or objects (records)`,
          tag,
        );
    }
    return { segment: fields.segment(position), children };
  }

  private unexpected(value: JsonValue, message: string, tag?: string): void {
    this.issue('JSON_VALUE_UNEXPECTED', message, value.start, tag);
  }

  private issue(code: string, message: string, index: number, tag: string | undefined): void {
    const at = this.positions.at(index);
    this.issues.add(code, 'error', message, tag === undefined ? at : { ...at, segmentId: tag });
  }
}
