/**
 * Reads an XML document as records (the RecordParser contract of record-format.ts), with saxes (no namespace
 * processing: names keep their prefixes as written).
 *
 * Mapping: the root element is the root record. Without a grammar an element is a record when it has child
 * elements or attributes (or is the root), else a field named by the element; attributes are fields `@name`;
 * text directly inside a record is kept as field `#text` when it is not only whitespace (trimmed when the
 * record also has child elements). A field element that occurs again in the same record is a repeating field
 * (Repeated). Without a grammar the elements are in input order and `names` holds the names.
 *
 * With a grammar the element's name decides: a field of the enclosing record (by id; `@name` for attributes)
 * is a field, a child record of it (the content of the groups it triggers) is a record, even when it holds
 * only text; anything else is FIELD_UNKNOWN, named by its path (`order.line[2].qty2`, indexes 1-based) and
 * skipped with everything inside it. Elements inside a field element are XML_CONTENT_UNEXPECTED. Text inside a
 * record goes to its `#text` field when the grammar defines one; otherwise whitespace is ignored and other text
 * is XML_TEXT_UNEXPECTED (a warning). Namespace declarations (`xmlns`, `xmlns:*`) the grammar does not define
 * are ignored. The root element must be the grammar's root record (the first structure node): XML_ROOT_UNKNOWN.
 * Elements are positional in the grammar's field order and `names` holds the grammar's ids.
 *
 * Security: any DOCTYPE is rejected (XML_DOCTYPE) and reading stops, so neither entity expansion (billion
 * laughs) nor external entities can happen; saxes expands only the predefined entities and character
 * references and reports any other entity reference, which becomes XML_SYNTAX. Nothing is ever fetched or read
 * from disk. A document that is not well-formed yields no records and one XML_SYNTAX error at its line and
 * column; elements nested deeper than MAX_NESTING are XML_TOO_DEEP (no records).
 */
import { SaxesParser } from 'saxes';
import type { CompiledGrammar } from './compiled-grammar.js';
import type { RecordNode } from './envelope.js';
import type { IssueList } from './issue.js';
import { MAX_NESTING, RecordFields, RecordShapes } from './record-shapes.js';
import { DocumentStop, readDocument, TextPositions, type TextPosition } from './text-positions.js';
import type { RecordFormatOptions } from './record-format.js';

/** Stops reading: the document is not well-formed, has a DOCTYPE, nests too deep or has the wrong root. */
interface Frame {
  name: string;
  /** Index of the `<` of the start tag, and its position (taken in document order). */
  start: number;
  position: TextPosition;
  path: string;
  /** record: a record; field: a field of the parent; skip: ignored; open: no grammar, decided at the end tag. */
  kind: 'record' | 'field' | 'skip' | 'open';
  /** Set for record and open frames. */
  fields: RecordFields | undefined;
  children: RecordNode[];
  text: string;
  hasElements: boolean;
  hasAttributes: boolean;
  /** Occurrences of each child element name, for paths. */
  counts: Map<string, number>;
  /** XML_CONTENT_UNEXPECTED was reported for this field element. */
  reported: boolean;
}

const WHITESPACE = /^[ \t\r\n]*$/;
const SAXES_POSITION = /^(?:[^:]*:)?\d+:\d+: /;

/** The RecordParser for XML; see the file comment for the mapping. */
export function parseXml(text: string, options: RecordFormatOptions): RecordNode[] {
  const positions = new TextPositions(text, options.charset);
  const reader = new XmlRecords(text, options.grammar, options.issues, positions);
  return readDocument('XML', positions, options.issues, () => reader.read());
}

class XmlRecords {
  private readonly shapes: RecordShapes | undefined;
  private readonly stack: Frame[] = [];
  private readonly roots: RecordNode[] = [];

  constructor(
    private readonly text: string,
    grammar: CompiledGrammar | undefined,
    private readonly issues: IssueList,
    private readonly positions: TextPositions,
  ) {
    this.shapes = grammar ? new RecordShapes(grammar) : undefined;
  }

  read(): RecordNode[] {
    const parser = new SaxesParser({ xmlns: false, position: true });
    const text = this.text;
    parser.on('error', (error) => {
      throw new DocumentStop(
        'XML_SYNTAX',
        error.message.replace(SAXES_POSITION, '').replace(/\.$/, ''),
        // saxes has read the offending character; at the end of the input the end is the place.
        parser.position >= text.length ? text.length : Math.max(0, parser.position - 1),
      );
    });
    parser.on('doctype', () => {
      const at = text.lastIndexOf('<!DOCTYPE', parser.position);
      throw new DocumentStop('XML_DOCTYPE', 'DTDs are not accepted (no external entities)', Math.max(0, at));
    });
    parser.on('opentagstart', (tag) => {
      const start = Math.max(0, text.lastIndexOf('<', parser.position - tag.name.length - 1));
      if (this.stack.length >= MAX_NESTING)
        throw new DocumentStop(
          'XML_TOO_DEEP',
          `elements nest deeper than ${MAX_NESTING} levels; the document is not read`,
          start,
        );
      this.open(tag.name, start);
    });
    parser.on('opentag', (tag) => {
      const frame = this.stack[this.stack.length - 1]!;
      for (const [name, value] of Object.entries(tag.attributes)) this.attribute(frame, name, value);
    });
    parser.on('text', (value) => this.addText(value));
    parser.on('cdata', (value) => this.addText(value));
    parser.on('closetag', () => this.close());
    parser.write(text).close();
    return this.roots;
  }

  private open(name: string, start: number): void {
    const parent = this.stack[this.stack.length - 1];
    const frame: Frame = {
      name,
      start,
      position: this.positions.at(start),
      path: name,
      kind: 'open',
      fields: undefined,
      children: [],
      text: '',
      hasElements: false,
      hasAttributes: false,
      counts: new Map(),
      reported: false,
    };
    this.stack.push(frame);
    const shapes = this.shapes;
    if (!parent) {
      if (shapes && name !== shapes.rootTag)
        throw new DocumentStop(
          'XML_ROOT_UNKNOWN',
          `the root element is ${name}; grammar ${shapes.compiled.grammar.id} starts with ${shapes.rootTag}`,
          start,
        );
      frame.kind = shapes ? 'record' : 'open';
      frame.fields = new RecordFields(name, shapes);
      return;
    }
    parent.hasElements = true;
    const n = (parent.counts.get(name) ?? 0) + 1;
    parent.counts.set(name, n);
    frame.path = `${parent.path}.${name}`;
    if (!shapes) {
      frame.fields = new RecordFields(name, undefined);
      frame.path += `[${n}]`;
      return;
    }
    if (parent.kind === 'skip') {
      frame.kind = 'skip';
      return;
    }
    if (parent.kind === 'field') {
      frame.kind = 'skip';
      if (!parent.reported) {
        parent.reported = true;
        this.issue(
          'XML_CONTENT_UNEXPECTED',
          'error',
          `${parent.path} is a field: it holds text, not elements (found ${name})`,
          frame.position,
          parent.name,
        );
      }
      return;
    }
    const record = parent.name;
    if (parent.fields!.accepts(name)) frame.kind = 'field';
    else if (shapes.children(record).has(name)) {
      frame.kind = 'record';
      frame.fields = new RecordFields(name, shapes);
      frame.path += `[${n}]`;
    } else {
      frame.kind = 'skip';
      this.issue(
        'FIELD_UNKNOWN',
        'error',
        `${frame.path} is neither a field nor a record of ${record} in grammar ${shapes.compiled.grammar.id}`,
        frame.position,
        record,
      );
    }
  }

  private attribute(frame: Frame, name: string, value: string): void {
    if (frame.kind === 'skip') return;
    frame.hasAttributes = true;
    const field = `@${name}`;
    if (frame.fields?.add(field, value)) return;
    if (name === 'xmlns' || name.startsWith('xmlns:')) return;
    const record = frame.kind === 'field' ? this.stack[this.stack.length - 2]!.name : frame.name;
    this.issue(
      'FIELD_UNKNOWN',
      'error',
      `${frame.path}.${field} is not a field of ${frame.kind === 'field' ? `${record} (attributes of a field element are not read)` : record} in grammar ${this.shapes!.compiled.grammar.id}`,
      frame.position,
      record,
    );
  }

  private addText(value: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame && frame.kind !== 'skip') frame.text += value;
  }

  private close(): void {
    const frame = this.stack.pop()!;
    const parent = this.stack[this.stack.length - 1];
    if (frame.kind === 'skip') return;
    if (
      frame.kind === 'field' ||
      (frame.kind === 'open' && parent && !frame.hasElements && !frame.hasAttributes)
    ) {
      parent!.fields!.add(frame.name, frame.text);
      return;
    }
    const fields = frame.fields!;
    if (!WHITESPACE.test(frame.text)) {
      const text = frame.hasElements ? frame.text.trim() : frame.text;
      if (!fields.add('#text', text))
        this.issue(
          'XML_TEXT_UNEXPECTED',
          'warning',
          `${frame.path} holds text, but ${frame.name} has no #text field in grammar ${this.shapes!.compiled.grammar.id}; the text is ignored`,
          frame.position,
          frame.name,
        );
    }
    const node: RecordNode = { segment: fields.segment(frame.position), children: frame.children };
    if (parent) parent.children.push(node);
    else this.roots.push(node);
  }

  private issue(
    code: string,
    severity: 'error' | 'warning',
    message: string,
    at: TextPosition,
    tag: string,
  ): void {
    this.issues.add(code, severity, message, { ...at, segmentId: tag });
  }
}
