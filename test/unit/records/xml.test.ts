import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CompiledGrammar } from '../../../engine/core/compiled-grammar.js';
import { MAX_NESTING } from '../../../engine/core/record-shapes.js';
import { toOutRecords, type OutRecord } from '../../../engine/core/out-record.js';
import { Repeated } from '../../../engine/core/segment.js';
import { parseXml } from '../../../engine/core/xml-parser.js';
import { writeXml } from '../../../engine/core/xml-writer.js';
import {
  codes,
  codesAt,
  fixture,
  grammarFixture,
  parseWith,
  shape,
  strip,
  validateRecords,
  writeError,
} from '../../helpers/records.js';

const compiled = grammarFixture('xml-orders.json');
const SAMPLE = fixture('records/orders.xml');

function parse(text: string, grammar?: CompiledGrammar) {
  const { records, issues } = parseWith(parseXml, text, grammar);
  return { records, issues: issues.items, codes: issues.items.map((i) => i.code) };
}

const validate = (text: string) => validateRecords(text, 'xml', compiled);

describe('XML parser with a grammar', () => {
  it('reads the sample: tags, nesting, positional elements from attributes and elements, entities', () => {
    const { records, issues } = parse(SAMPLE, compiled);
    expect(issues).toEqual([]);
    expect(shape(records)).toEqual([['order', 'line', 'line', 'line']]);
    const order = records[0]!.segment;
    expect(order.elements).toEqual(['PO-1001', '20240115', 'EUR', '112.50']);
    expect(order.names).toEqual(['@number', 'date', 'currency', 'total']);
    expect(records[0]!.children[1]!.segment.elements).toEqual(['2', 'Größe "XL" & more', '1.5', '40.00']);
  });

  it('gives each record the line, column and byte offset of its start tag', () => {
    const { records } = parse(SAMPLE, compiled);
    const order = records[0]!.segment;
    expect([order.line, order.column, order.offset]).toEqual([2, 1, 39]);
    const [l1, l2, l3] = records[0]!.children.map((c) => c.segment);
    expect([l1!.line, l1!.column]).toEqual([6, 3]);
    expect([l2!.line, l3!.line]).toEqual([11, 16]);
    const bytes = Buffer.from(SAMPLE, 'utf8');
    // Line 12 holds "Größe": the offsets after it count the two 2-byte characters.
    expect(bytes.subarray(l3!.offset).toString('utf8').startsWith('<line line="3">')).toBe(true);
    expect(l3!.offset).toBe(SAMPLE.indexOf('<line line="3">') + 2);
  });

  it('places fields by grammar order, keeps a text-only record a record, ignores xmlns', () => {
    const text = '<order xmlns="urn:o" xmlns:x="urn:x"><total>5</total><line/><date>20240101</date></order>';
    const { records, issues } = parse(text, compiled);
    expect(issues).toEqual([]);
    expect(records[0]!.segment.elements).toEqual(['', '20240101', '', '5']);
    expect(shape(records)).toEqual([['order', 'line']]);
  });

  it('reports unknown elements and attributes as FIELD_UNKNOWN with path and line, skipping their content', () => {
    const text = [
      '<order number="1">',
      '  <line><sku>A</sku></line>',
      '  <line line="2" colour="red">',
      '    <qty2><deep>1</deep></qty2>',
      '  </line>',
      '</order>',
    ].join('\n');
    const { issues, records } = parse(text, compiled);
    expect(issues.map((i) => [i.code, i.severity, i.location.line, i.location.segmentId])).toEqual([
      ['FIELD_UNKNOWN', 'error', 3, 'line'],
      ['FIELD_UNKNOWN', 'error', 4, 'line'],
    ]);
    expect(issues[0]!.message).toContain('order.line[2].@colour');
    expect(issues[1]!.message).toContain('order.line[2].qty2');
    expect(shape(records)).toEqual([['order', 'line', 'line']]);
  });

  it('reports elements inside a field, text in a record without #text, and a wrong root', () => {
    const text = '<order>\n  <date><y>2024</y></date>\n  <line>loose text</line>\n</order>';
    const { issues } = parse(text, compiled);
    expect(issues.map((i) => [i.code, i.severity, i.location.line])).toEqual([
      ['XML_CONTENT_UNEXPECTED', 'error', 2],
      ['XML_TEXT_UNEXPECTED', 'warning', 3],
    ]);
    const wrongRoot = parse('<invoice/>', compiled);
    expect(wrongRoot.codes).toEqual(['XML_ROOT_UNKNOWN']);
    expect(wrongRoot.records).toEqual([]);
  });

  it('reads a repeated field element as a repetition', () => {
    const { records } = parse('<order><line><sku>A</sku><sku>B</sku></line></order>', compiled);
    expect(records[0]!.children[0]!.segment.elements[1]).toEqual(new Repeated(['A', 'B']));
  });
});

describe('XML parser without a grammar (no-check)', () => {
  it('keeps prefixes, attributes, repeated leaves, records with attributes and mixed text', () => {
    const text =
      '<ns:doc xmlns:ns="urn:x" id="1"><ns:a>1</ns:a><ns:a>2</ns:a><item><x>y</x></item>' +
      '<qty unit="EA">5</qty><empty/> text <![CDATA[<raw>]]></ns:doc>';
    const { records, issues } = parse(text);
    expect(issues).toEqual([]);
    expect(shape(records)).toEqual([['ns:doc', 'item', 'qty']]);
    const root = records[0]!.segment;
    expect(root.names).toEqual(['@xmlns:ns', '@id', 'ns:a', 'empty', '#text']);
    expect(root.elements).toEqual(['urn:x', '1', new Repeated(['1', '2']), '', 'text <raw>']);
    const qty = records[0]!.children[1]!.segment;
    expect(qty.names).toEqual(['@unit', '#text']);
    expect(qty.elements).toEqual(['EA', '5']);
  });
});

describe('XML errors', () => {
  const syntax: [string, string, number][] = [
    ['mismatched end tag', '<a>\n<b>\n</a>', 3],
    ['unclosed root', '<a>\n<b></b>\n', 3],
    ['two roots', '<a/>\n<b/>', 2],
    ['undefined entity', '<a>\n&nbsp;</a>', 2],
    ['unquoted attribute', '<a>\n<b x=1/></a>', 2],
    ['less-than in text', '<a>\n1 < 2</a>', 2],
    ['text outside the root', '<a/>\nx', 2],
    ['empty after declaration', '<?xml version="1.0"?>\n', 2],
  ];
  it.each(syntax)('XML_SYNTAX: %s', (_name, text, line) => {
    const { records, issues } = parse(text);
    expect(records).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.location.line])).toEqual([['XML_SYNTAX', 'error', line]]);
    expect(issues[0]!.message).toContain(`line ${line}`);
  });

  it('XML_DOCTYPE for any DTD, with the message that says why', () => {
    const { records, issues } = parse('<?xml version="1.0"?>\n<!DOCTYPE a>\n<a/>');
    expect(records).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.location.line])).toEqual([['XML_DOCTYPE', 'error', 2]]);
    expect(issues[0]!.message).toContain('DTDs are not accepted (no external entities)');
  });

  it('XML_DOCTYPE for a billion-laughs document, quickly and without expanding anything', () => {
    const entities = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i < 10; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${entities.join('\n')}\n]>\n<lolz>&lol9;</lolz>`;
    const started = Date.now();
    const { records, codes } = parse(text);
    expect(codes).toEqual(['XML_DOCTYPE']);
    expect(records).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('XML_DOCTYPE for an external entity; the file is never read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bots-xxe-'));
    try {
      const secret = join(dir, 'secret.txt');
      writeFileSync(secret, 'SECRET-MARKER-1234');
      for (const target of ['file:///etc/passwd', pathToFileURL(secret).href]) {
        const text = `<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "${target}">]>\n<a><b>&x;</b></a>`;
        for (const grammar of [undefined, compiled]) {
          const { records, issues } = parse(text, grammar);
          expect(issues.map((i) => i.code)).toEqual(['XML_DOCTYPE']);
          expect(records).toEqual([]);
          expect(JSON.stringify(issues)).not.toContain('SECRET-MARKER');
          expect(JSON.stringify(issues)).not.toContain('root:');
        }
      }
      // Without a DOCTYPE an entity reference is simply undefined.
      expect(parse('<a>&x;</a>').codes).toEqual(['XML_SYNTAX']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('XML_TOO_DEEP beyond the nesting limit', () => {
    const ok = '<a>'.repeat(MAX_NESTING) + '</a>'.repeat(MAX_NESTING);
    expect(parse(ok).codes).toEqual([]);
    const deep = '<a>\n'.repeat(MAX_NESTING + 1) + '</a>'.repeat(MAX_NESTING + 1);
    const { codes, issues, records } = parse(deep);
    expect(codes).toEqual(['XML_TOO_DEEP']);
    expect(issues[0]!.location.line).toBe(MAX_NESTING + 1);
    expect(records).toEqual([]);
    expect(parse('<a>'.repeat(100_000)).codes).toEqual(['XML_TOO_DEEP']);
  });
});

describe('XML through validateInput', () => {
  it('finds no issues in the valid sample', () => {
    const result = validate(SAMPLE);
    expect(result.issues.items).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('reports an invalid date and a missing mandatory field at their records', () => {
    const text = SAMPLE.replace('<date>20240115</date>', '<date>20240230</date>').replace(
      '    <sku>ZZ-9</sku>\n',
      '',
    );
    const found = codesAt(validate(text).issues);
    expect(found).toEqual([
      ['DATE_INVALID', 2, 2],
      ['ELEMENT_MISSING', 16, 2],
    ]);
  });

  it('reports too many lines', () => {
    const lines = Array.from(
      { length: 10_000 },
      (_, i) => `<line line="${i + 1}"><sku>S</sku><qty>1</qty></line>`,
    );
    const result = validate(`<order number="A">\n<date>20240101</date>\n${lines.join('\n')}\n</order>`);
    expect(codes(result.issues)).toEqual([['SEGMENT_TOO_MANY', 10_002]]);
  });
});

describe('XML writer', () => {
  it('writes the canonical sample back to the same text', () => {
    const { records } = parse(SAMPLE, compiled);
    expect(writeXml(toOutRecords(records), compiled.grammar)).toBe(SAMPLE);
  });

  it('round-trips without a grammar: same records after parse, write, parse', () => {
    const text =
      '<ns:doc xmlns:ns="urn:x" id="a&quot;b&apos;c&#10;d"><ns:a>1</ns:a><ns:a>2 &amp; &lt;3&gt;</ns:a>' +
      '<item><x>y&#13;z</x></item><qty unit="EA">5</qty><empty/>mixed text</ns:doc>';
    const first = parse(text).records;
    for (const options of [{}, { indent: false }, { indent: false, declaration: false }]) {
      const written = writeXml(toOutRecords(first), undefined, options);
      const second = parse(written);
      expect(second.issues).toEqual([]);
      expect(second.records.map(strip)).toEqual(first.map(strip));
    }
    expect(writeXml(toOutRecords(first), undefined, { indent: false, declaration: false })).toBe(
      '<ns:doc xmlns:ns="urn:x" id="a&quot;b&apos;c&#10;d">mixed text<ns:a>1</ns:a><ns:a>2 &amp; &lt;3&gt;</ns:a>' +
        '<empty/><item><x>y&#13;z</x></item><qty unit="EA">5</qty></ns:doc>',
    );
  });

  it('refuses what XML cannot hold', () => {
    const record = (tag: string, value = 'v'): OutRecord => ({ tag, fields: [['f', value]], children: [] });
    const code = (write: () => unknown): string => writeError(write)[0];
    expect(code(() => writeXml([record('a'), record('b')]))).toBe('WRITER_STATE');
    expect(code(() => writeXml([]))).toBe('WRITER_STATE');
    expect(code(() => writeXml([record('1a')]))).toBe('VALUE_NOT_ENCODABLE');
    expect(code(() => writeXml([record('a', 'bell\u0007')]))).toBe('VALUE_NOT_ENCODABLE');
    expect(writeXml([record('a', '')], compiled.grammar, { declaration: false })).toBe('<a/>\n');
  });
});
