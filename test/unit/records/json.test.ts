import { describe, expect, it } from 'vitest';
import { LATIN1 } from '../../../engine/core/charset.js';
import type { CompiledGrammar } from '../../../engine/core/compiled-grammar.js';
import { parseJson } from '../../../engine/core/json-parser.js';
import { MAX_NESTING } from '../../../engine/core/record-shapes.js';
import { writeJson } from '../../../engine/core/json-writer.js';
import { toOutRecords, type OutRecord } from '../../../engine/core/out-record.js';
import { Repeated } from '../../../engine/core/segment.js';
import {
  codes,
  codesAt,
  fixture,
  grammarFixture,
  parseWith,
  shape,
  strip,
  validateRecords,
} from '../../helpers/records.js';

const compiled = grammarFixture('json-orders.json');
const SAMPLE = fixture('records/orders.json');

function parse(text: string, grammar?: CompiledGrammar) {
  const { records, issues } = parseWith(parseJson, text, grammar);
  return { records, issues: issues.items, codes: issues.items.map((i) => i.code) };
}

const validate = (text: string) => validateRecords(text, 'json', compiled);

describe('JSON parser with a grammar', () => {
  it('reads the sample: tags, nesting, positional elements, names and number text', () => {
    const { records, issues } = parse(SAMPLE, compiled);
    expect(issues).toEqual([]);
    expect(shape(records)).toEqual([['order', 'line', 'line', 'line']]);
    const order = records[0]!.segment;
    expect(order.elements).toEqual(['PO-1001', '20240115', 'EUR', '112.50']);
    expect(order.names).toEqual(['number', 'date', 'currency', 'total']);
    expect(order.raw).toBe('');
    const line2 = records[0]!.children[1]!.segment;
    expect(line2.elements).toEqual(['2', 'Größe "XL"', '1.5', '40.00']);
    expect(line2.names).toEqual(['line', 'sku', 'qty', 'price']);
  });

  it('places elements by the grammar order whatever the property order, absent fields empty', () => {
    const { records, issues } = parse(
      '{"total": 5, "number": "A", "line": {"sku": "X", "qty": 1}}',
      compiled,
    );
    expect(issues).toEqual([]);
    expect(records[0]!.segment.elements).toEqual(['A', '', '', '5']);
    expect(records[0]!.children[0]!.segment.elements).toEqual(['', 'X', '1', '']);
  });

  it('gives each record its line, column and byte offset (UTF-8 bytes)', () => {
    const text = '{"number": "Ä",\n  "line": [\n    {"sku": "é"},  {"sku": "b"}]}';
    const { records } = parse(text, compiled);
    const root = records[0]!.segment;
    expect([root.line, root.column, root.offset]).toEqual([1, 1, 0]);
    const [a, b] = records[0]!.children.map((c) => c.segment);
    // '{"number": "Ä",\n' is 17 bytes (Ä is 2), '  "line": [\n' 12 more, then 4 spaces.
    expect([a!.line, a!.column, a!.offset]).toEqual([3, 5, 33]);
    // '{"sku": "é"},  ' is 16 bytes (é is 2).
    expect([b!.line, b!.column, b!.offset]).toEqual([3, 21, 49]);
    expect(Buffer.from(text, 'utf8').subarray(b!.offset).toString('utf8').startsWith('{"sku": "b"}')).toBe(
      true,
    );
    // With a single-byte charset every character is one byte.
    const latin = parseWith(parseJson, text, compiled, LATIN1).records;
    expect(latin[0]!.children[1]!.segment.offset).toBe(47);
  });

  it('accepts the document wrapped in its root tag', () => {
    const { records, issues } = parse('{"order": {"number": "A", "line": [{"sku": "X"}]}}', compiled);
    expect(issues).toEqual([]);
    expect(shape(records)).toEqual([['order', 'line']]);
    expect(records[0]!.segment.elements[0]).toBe('A');
  });

  it('reads an array of objects as several root records', () => {
    const { records, issues } = parse('[{"number": "A"}, {"number": "B"}]', compiled);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.segment.elements[0])).toEqual(['A', 'B']);
  });

  it('reports a property that is neither field nor record as FIELD_UNKNOWN with its path and line', () => {
    const text =
      '{\n "number": "A",\n "line": [\n  {"sku": "X"},\n  {"sku": "Y",\n   "qty2": 3}\n ],\n "extra": {}\n}';
    const { records, issues } = parse(text, compiled);
    expect(issues.map((i) => [i.code, i.severity, i.location.line, i.location.segmentId])).toEqual([
      ['FIELD_UNKNOWN', 'error', 6, 'line'],
      ['FIELD_UNKNOWN', 'error', 8, 'order'],
    ]);
    expect(issues[0]!.message).toContain('order.line[2].qty2');
    expect(issues[1]!.message).toContain('order.extra');
    expect(shape(records)).toEqual([['order', 'line', 'line']]);
  });

  it('reports values of the wrong kind and duplicate keys', () => {
    const { codes, issues } = parse(
      '{"number": {"a": 1},\n "line": "x",\n "date": [1, {"a": 2}],\n "total": 1, "total": 2}',
      compiled,
    );
    expect(codes).toEqual([
      'JSON_VALUE_UNEXPECTED',
      'JSON_VALUE_UNEXPECTED',
      'JSON_VALUE_UNEXPECTED',
      'JSON_DUPLICATE_KEY',
    ]);
    expect(issues.map((i) => i.location.line)).toEqual([1, 2, 3, 4]);
    expect(parse('42', compiled).codes).toEqual(['JSON_VALUE_UNEXPECTED']);
    expect(parse('[{"number": "A"}, 3]', compiled).codes).toEqual(['JSON_VALUE_UNEXPECTED']);
  });
});

describe('JSON parser without a grammar (no-check)', () => {
  it('keeps input order, names, nesting; scalars as text; arrays of scalars repeat', () => {
    const text = '{"id": "1", "n": -1.50e3, "ok": true, "none": null, "tags": ["a", 2], "ORDER": {"x": "y"}}';
    const { records, issues } = parse(text);
    expect(issues).toEqual([]);
    expect(shape(records)).toEqual([['root', 'ORDER']]);
    const root = records[0]!.segment;
    expect(root.names).toEqual(['id', 'n', 'ok', 'none', 'tags']);
    expect(root.elements).toEqual(['1', '-1.50e3', 'true', '', new Repeated(['a', '2'])]);
    expect(records[0]!.children[0]!.segment.elements).toEqual(['y']);
  });

  it('uses the root rule: the document object is the record "root", a one-key wrapper is its child', () => {
    expect(shape(parse('{"ORDER": {"a": "1"}}').records)).toEqual([['root', 'ORDER']]);
    expect(shape(parse('{"ORDER": [{"a": "1"}, {"a": "2"}]}').records)).toEqual([['root', 'ORDER', 'ORDER']]);
    expect(shape(parse('[{"a": "1"}, {}]').records)).toEqual(['root', 'root']);
  });

  it('decodes string escapes', () => {
    const { records } = parse('{"s": "a\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00"}');
    expect(records[0]!.segment.elements).toEqual(['a"b\\c/d\né😀']);
  });
});

describe('JSON errors', () => {
  it('ignores a property with an empty name, with an error at its key', () => {
    const { records, codes, issues } = parse('{"a": "1",\n "": {"b": "2"}}');
    expect(codes).toEqual(['JSON_VALUE_UNEXPECTED']);
    expect(issues[0]!.location).toMatchObject({ line: 2, column: 2 });
    expect(records[0]!.segment.names).toEqual(['a']);
    expect(records[0]!.children).toEqual([]);
  });

  const syntax: [string, string, number, number][] = [
    ['unterminated object', '{\n  "a": "1"', 2, 11],
    ['missing colon', '{\n  "a" "1"}', 2, 7],
    ['trailing comma', '{"a": 1,\n}', 2, 1],
    ['single quotes', "{\n'a': 1}", 2, 1],
    ['leading zero', '{"a": 01}', 1, 8],
    ['bad literal', '{"a": tru}', 1, 7],
    ['control character in string', '{"a": "x\ty"}', 1, 9],
    ['bad escape', '{"a": "\\x"}', 1, 8],
    ['unterminated string', '{"a": "x', 1, 9],
    ['text after the document', '{}\n{}', 2, 1],
    ['comment', '{\n// c\n}', 2, 1],
    ['bare minus', '{"a": -}', 1, 7],
  ];
  it.each(syntax)('JSON_SYNTAX: %s', (_name, text, line, column) => {
    const { records, issues } = parse(text, compiled);
    expect(records).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('JSON_SYNTAX');
    expect(issues[0]!.severity).toBe('error');
    expect([issues[0]!.location.line, issues[0]!.location.column]).toEqual([line, column]);
    expect(issues[0]!.message).toContain(`line ${line} column ${column}`);
  });

  it('JSON_TOO_DEEP beyond the nesting limit, at the first level too deep', () => {
    const ok = '{"a":'.repeat(MAX_NESTING - 1) + '{}' + '}'.repeat(MAX_NESTING - 1);
    expect(parse(ok).codes).toEqual([]);
    const deep = '{"a":\n'.repeat(MAX_NESTING) + '{}' + '}'.repeat(MAX_NESTING);
    const { codes, issues, records } = parse(deep);
    expect(codes).toEqual(['JSON_TOO_DEEP']);
    expect(issues[0]!.location.line).toBe(MAX_NESTING + 1);
    expect(records).toEqual([]);
    expect(parse('['.repeat(100_000)).codes).toEqual(['JSON_TOO_DEEP']);
  });
});

describe('JSON through validateInput', () => {
  it('finds no issues in the valid sample', () => {
    const result = validate(SAMPLE);
    expect(result.issues.items).toEqual([]);
    expect(result.messages).toBe(1);
    expect(result.valid).toBe(true);
  });

  // Element checks are located at the record (its `{`) with the element number: a Segment carries no
  // positions of its fields.
  it('reports an invalid date, a missing mandatory field and a bad code at their records', () => {
    const text = SAMPLE.replace('"20240115"', '"20241345"')
      .replace('"sku": "ZZ-9",\n', '')
      .replace('"EUR"', '"XXX"');
    const result = validate(text);
    const found = codesAt(result.issues);
    expect(found).toEqual([
      ['DATE_INVALID', 1, 2],
      ['CODE_INVALID', 1, 3],
      ['ELEMENT_MISSING', 19, 2],
    ]);
    expect(result.valid).toBe(false);
  });

  it('reports too many lines and FIELD_UNKNOWN', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `{"line": ${i + 1}, "sku": "S", "qty": 1}`);
    const result = validate(`{"number": "A", "date": "20240101", "line": [\n${lines.join(',\n')}]}`);
    expect(result.issues.items.map((i) => i.code)).toEqual(['SEGMENT_TOO_MANY']);
    expect(result.issues.items[0]!.location.line).toBe(10_001);
    const unknown = validate(SAMPLE.replace('"qty": 2,', '"qty": 2, "qty2": 3,'));
    expect(codes(unknown.issues)).toEqual([['FIELD_UNKNOWN', 10]]);
  });

  it('reads without a grammar (no-check) and keeps the nesting', () => {
    const result = validateRecords(SAMPLE, 'json');
    expect(result.issues.items.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.messages).toBe(1);
  });
});

describe('JSON writer', () => {
  it('writes the canonical sample back to the same text', () => {
    const { records } = parse(SAMPLE, compiled);
    expect(writeJson(toOutRecords(records), compiled.grammar)).toBe(SAMPLE);
  });

  it('round-trips without a grammar: same records after parse, write, parse', () => {
    const text = '{"a": "1", "n": 2.50, "list": ["x", "y"], "empty": [], "c": [{"d": "e"}], "o": {"p": ""}}';
    const first = parse(text).records;
    const written = writeJson(toOutRecords(first));
    const second = parse(written).records;
    expect(second.map(strip)).toEqual(first.map(strip));
    expect(JSON.parse(written)).toEqual({
      a: '1',
      n: '2.50',
      list: ['x', 'y'],
      empty: [],
      c: { d: 'e' },
      o: { p: '' },
    });
  });

  it('writes numbers for numeric fields only when valid, arrays for max > 1 and several records', () => {
    const record: OutRecord = {
      tag: 'order',
      fields: [
        ['number', '007'],
        ['total', 'abc'],
        ['date', ''],
      ],
      children: [{ tag: 'line', fields: [['qty', '3.0']], children: [] }],
    };
    expect(JSON.parse(writeJson([record], compiled.grammar))).toEqual({
      number: '007',
      total: 'abc',
      line: [{ qty: 3 }],
    });
    expect(writeJson([record], compiled.grammar)).toContain('"qty": 3.0');
    expect(JSON.parse(writeJson([record, record]))).toHaveLength(2);
    expect(JSON.parse(writeJson([record]))).toEqual({
      number: '007',
      total: 'abc',
      date: '',
      line: { qty: '3.0' },
    });
  });
});
