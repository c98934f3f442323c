import { describe, expect, it } from 'vitest';
import { LATIN1, UTF8 } from '../../../engine/core/charset.js';
import { compileGrammar, type CompiledGrammar } from '../../../engine/core/compiled-grammar.js';
import { parseCsv } from '../../../engine/core/csv-parser.js';
import { writeCsv } from '../../../engine/core/csv-writer.js';
import type { CsvSyntax, Grammar } from '../../../engine/core/grammar.js';
import type { IssueList } from '../../../engine/core/issue.js';
import type { Segment } from '../../../engine/core/segment.js';
import {
  codes,
  codesAt,
  compileChecked,
  fixture,
  grammarJson,
  parseWith,
  validateRecords,
  writeError,
} from '../../helpers/records.js';

const GRAMMAR_FILE = 'csv-orders.json';
const SAMPLE = fixture('records/orders.csv');

/** The sample grammar, with its CSV options changed. */
function grammar(csv: Partial<CsvSyntax> = {}, more: Partial<Grammar> = {}): CompiledGrammar {
  const json = grammarJson(GRAMMAR_FILE);
  json.syntax.csv = { ...json.syntax.csv!, ...csv };
  return compileChecked({ ...json, ...more }, GRAMMAR_FILE);
}

/** A grammar with one record type PRD (no record ids): sku, name, price. */
function productGrammar(csv: Partial<CsvSyntax> = {}): CompiledGrammar {
  const field = (id: string, format: 'AN' | 'R', mandatory = true) => ({
    id,
    name: id,
    mandatory,
    format,
    min: 1,
    max: 35,
  });
  return compileChecked(
    {
      ...grammarJson(GRAMMAR_FILE),
      id: 'PRODUCTS_CSV',
      syntax: {
        envelope: 'none',
        csv: { separator: ';', quote: '"', escape: '', header: false, recordId: false, ...csv },
      },
      structure: [{ segment: 'PRD', min: 1, max: 99 }],
      segments: {
        PRD: {
          tag: 'PRD',
          name: 'Product',
          fields: [field('sku', 'AN'), field('name', 'AN'), field('price', 'R', false)],
        },
      },
      codes: {},
    },
    'products',
  );
}

function parse(
  text: string,
  compiled = grammar(),
  charset = UTF8,
): { records: Segment[]; issues: IssueList } {
  const { records, issues } = parseWith(parseCsv, text, compiled, charset);
  return { records: records.map((node) => node.segment), issues };
}

const validate = (text: string, compiled = grammar()) => validateRecords(text, 'csv', compiled);

describe('CSV parser', () => {
  it('reads the sample: tags, values as written, header names', () => {
    const { records, issues } = parse(SAMPLE);
    expect(issues.items).toEqual([]);
    expect(records.map((r) => r.tag)).toEqual(['HEA', 'LIN', 'LIN', 'LIN', 'HEA', 'LIN']);
    expect(records[0]!.elements).toEqual([
      'HEA',
      'PO-1001',
      '20240315',
      '0930',
      'Acme, Inc.',
      '8712345000004',
      'EUR',
      '1234.50',
      'Deliver to dock "B", before noon',
    ]);
    expect(records[2]!.elements[3]).toBe('Pipe 3/4" copper');
    expect(records[3]!.elements).toEqual(['LIN', '3', 'ART-300', '', '2.5', 'KGM', '', '']);
    expect(records[4]!.elements[8]).toBe('Ring the bell\nat gate 2');
    expect(records[0]!.names).toEqual([
      'record',
      'order_number',
      'order_date',
      'order_time',
      'buyer',
      'buyer_gln',
      'currency',
      'total',
      'remarks',
    ]);
    // LIN has 8 fields: the header's names cut to them.
    expect(records[1]!.names).toEqual(records[0]!.names!.slice(0, 8));
  });

  it('gives each record its line, column 1, byte offset and raw text', () => {
    const { records } = parse(SAMPLE);
    // Line 7 is the second half of the quoted remark of the record on line 6.
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 8]);
    expect(records.every((r) => r.column === 1)).toBe(true);
    const bytes = Buffer.from(SAMPLE, 'utf8');
    for (const record of records) {
      const at = bytes.indexOf(Buffer.from(record.raw, 'utf8'));
      expect(record.offset).toBe(at);
      expect(bytes.subarray(record.offset, record.offset + 4).toString()).toBe(`${record.tag},`);
    }
    // The last record comes after "Müller Großhandel": two 2-byte characters.
    expect(records[5]!.offset).toBe(SAMPLE.lastIndexOf('LIN') + 2);
    expect(records[4]!.raw).toBe(
      'HEA,PO-1002,20240316,,Müller Großhandel GmbH,,EUR,99.90,"Ring the bell\nat gate 2"',
    );
  });

  it('counts one byte per character for single-byte charsets', () => {
    const { records } = parse(SAMPLE, grammar(), LATIN1);
    expect(records[5]!.offset).toBe(SAMPLE.lastIndexOf('LIN'));
  });

  it('accepts CRLF and LF, an optional final line break, and skips empty lines', () => {
    const text = 'h\r\nHEA,1\r\n\r\nLIN,1,A\n\nLIN,2,"B\r\nC"\r\nLIN,3';
    const { records, issues } = parse(text);
    expect(issues.items).toEqual([]);
    expect(records.map((r) => [r.tag, r.line, r.offset])).toEqual([
      ['HEA', 2, 3],
      ['LIN', 4, 12],
      ['LIN', 6, 21],
      ['LIN', 8, 35],
    ]);
    expect(records[0]!.elements).toEqual(['HEA', '1']);
    expect(records[2]!.elements).toEqual(['LIN', '2', 'B\r\nC']);
    expect(records[2]!.raw).toBe('LIN,2,"B\r\nC"');
    expect(records[3]!.elements).toEqual(['LIN', '3']);
  });

  it('keeps a lone CR, spaces and quotes inside unquoted fields as data', () => {
    const { records, issues } = parse('h\nLIN, 1 ,5" pipe, "x",a\rb\n', grammar());
    expect(issues.items).toEqual([]);
    expect(records[0]!.elements).toEqual(['LIN', ' 1 ', '5" pipe', ' "x"', 'a\rb']);
  });

  it('reads empty fields, a trailing separator and a quoted empty field', () => {
    const { records } = parse('h\nLIN,,"",\n');
    expect(records[0]!.elements).toEqual(['LIN', '', '', '']);
  });

  it('trims the record id for the tag but keeps it as written in the first element', () => {
    const { records } = parse('h\n HEA ,1\n');
    expect(records[0]!.tag).toBe('HEA');
    expect(records[0]!.elements[0]).toBe(' HEA ');
  });

  it('reads the escape character of the grammar inside quotes, and only there', () => {
    const compiled = grammar({ escape: '\\' });
    const { records, issues } = parse('h\nLIN,"a\\"b","c\\\\d","e\\,f",g\\h\n', compiled);
    expect(issues.items).toEqual([]);
    expect(records[0]!.elements).toEqual(['LIN', 'a"b', 'c\\d', 'e,f', 'g\\h']);
  });

  it('reads quotes as data when the grammar has no quote character', () => {
    const { records } = parse('h\nLIN,"a,b"\n', grammar({ quote: '' }));
    expect(records[0]!.elements).toEqual(['LIN', '"a', 'b"']);
  });

  it('without record ids reads every line as the one record, without header no names', () => {
    const { records, issues } = parse('A1;"Bolt; M8";0.35\nA2;Nut\n', productGrammar());
    expect(issues.items).toEqual([]);
    expect(records.map((r) => r.tag)).toEqual(['PRD', 'PRD']);
    expect(records[0]!.elements).toEqual(['A1', 'Bolt; M8', '0.35']);
    expect(records[1]!.elements).toEqual(['A2', 'Nut']);
    expect(records[0]!.names).toBeUndefined();
  });

  it('gives header names, and empty names for fields beyond the header', () => {
    const { records } = parse('sku;name\nA1;Bolt;0.35\n', productGrammar({ header: true }));
    expect(records[0]!.names).toEqual(['sku', 'name', '']);
    expect(records[0]!.line).toBe(2);
  });

  it('reports a grammar that cannot drive the parser and reads nothing', () => {
    const json = grammarJson(GRAMMAR_FILE);
    json.syntax.csv = { ...json.syntax.csv!, recordId: false };
    const { records, issues } = parse('HEA,1\n', compileGrammar(json));
    expect(records).toEqual([]);
    expect(codes(issues)).toEqual([['GRAMMAR_LAYOUT_INVALID', 1]]);
    delete json.syntax.csv;
    expect(codes(parse('HEA,1\n', compileGrammar(json)).issues)).toEqual([['GRAMMAR_LAYOUT_INVALID', 1]]);
    const none = parseWith(parseCsv, 'HEA,1\n', undefined);
    expect(none.records).toEqual([]);
    expect(codes(none.issues)).toEqual([['GRAMMAR_LAYOUT_INVALID', 1]]);
  });
});

describe('CSV parser errors', () => {
  it('CSV_QUOTE_UNCLOSED at the line of the opening quote; the quote is data to the end of its line', () => {
    const text = 'h\nHEA,1\nLIN,1,"Bolt, M8\nLIN,2,Nut\n';
    const { records, issues } = parse(text);
    expect(codes(issues)).toEqual([['CSV_QUOTE_UNCLOSED', 3]]);
    const location = issues.items[0]!.location;
    expect(location.column).toBe(7);
    expect(location.offset).toBe(text.indexOf('"'));
    expect(records.map((r) => [r.tag, r.line])).toEqual([
      ['HEA', 2],
      ['LIN', 3],
      ['LIN', 4],
    ]);
    expect(records[1]!.elements).toEqual(['LIN', '1', '"Bolt', ' M8']);
  });

  it('CSV_QUOTE_UNCLOSED on a later line of a multi-line record, with its column in bytes', () => {
    const text = 'h\nHEA,"a\nü","x\n';
    const { issues } = parse(text);
    expect(issues.items.map((i) => [i.code, i.location.line, i.location.column, i.location.offset])).toEqual([
      ['CSV_QUOTE_UNCLOSED', 3, 5, 13],
    ]);
  });

  it('CSV_QUOTE_STRAY at the line of the characters after the closing quote; they are kept', () => {
    const text = 'h\nHEA,1\nLIN,"a\nb"x y,2\nLIN,"c" \n';
    const { records, issues } = parse(text);
    expect(issues.items.map((i) => [i.code, i.location.line, i.location.column])).toEqual([
      ['CSV_QUOTE_STRAY', 4, 3],
      ['CSV_QUOTE_STRAY', 5, 8],
    ]);
    expect(records[1]!.elements).toEqual(['LIN', 'a\nbx y', '2']);
    expect(records[2]!.elements).toEqual(['LIN', 'c ']);
  });

  it('RECORD_UNKNOWN at its line; the record is left out', () => {
    const { records, issues } = parse('h\nHEA,1\nXYZ,1\n\n,2\nLIN,1\n');
    expect(codes(issues)).toEqual([
      ['RECORD_UNKNOWN', 3],
      ['RECORD_UNKNOWN', 5],
    ]);
    expect(issues.items[0]!.location).toMatchObject({ segmentId: 'XYZ', column: 1, offset: 8 });
    expect(records.map((r) => r.tag)).toEqual(['HEA', 'LIN']);
  });
});

describe('CSV validation', () => {
  it('finds no issue in the sample', () => {
    const result = validate(SAMPLE);
    expect(result.issues.items).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.messages).toBe(1);
  });

  it('reports a wrong date, a too long field, a missing mandatory field and an unknown record at their lines', () => {
    const text = SAMPLE.replace('20240315', '20241315')
      .replace('LIN,1,ART-100,"Bolt', 'LIN,1,ART-100-EXTRA-LONG-NUMBER,"Bolt')
      .replace('LIN,2,ART-200', 'LIN,2,')
      .replace('LIN,3,', 'LNX,3,');
    const result = validate(text);
    expect(result.valid).toBe(false);
    expect(codesAt(result.issues)).toEqual(
      expect.arrayContaining([
        ['DATE_INVALID', 2, 3],
        ['ELEMENT_TOO_LONG', 3, 3],
        ['ELEMENT_MISSING', 4, 3],
        ['RECORD_UNKNOWN', 5, undefined],
      ]),
    );
    expect(result.issues.items).toHaveLength(4);
  });

  it('reports missing fields of a short line and records out of the structure at their lines', () => {
    const result = validate('record\nLIN,1,A,,1,PCE\nHEA,PO-1,20240101\n');
    expect(codesAt(result.issues)).toEqual([
      ['SEGMENT_UNEXPECTED', 2, undefined],
      ['SEGMENT_MISSING', 3, undefined],
      ['ELEMENT_MISSING', 3, 5],
      ['ELEMENT_MISSING', 3, 7],
    ]);
  });
});

describe('CSV writer', () => {
  it('writes the parsed sample back byte for byte', () => {
    const compiled = grammar();
    expect(writeCsv(parse(SAMPLE).records, compiled.grammar)).toBe(SAMPLE);
  });

  it('quotes only fields holding the separator, the quote, CR or LF, doubling quotes', () => {
    const out = writeCsv(
      [{ tag: 'LIN', elements: ['LIN', 'plain', 'a,b', 'say "hi"', 'x\ny', 'c\rd', ' spaced ', ''] }],
      grammar({ header: false }).grammar,
    );
    expect(out).toBe('LIN,plain,"a,b","say ""hi""","x\ny","c\rd", spaced ,\n');
  });

  it('escapes quotes and the escape character with the grammar escape', () => {
    const compiled = grammar({ header: false, escape: '\\' });
    const out = writeCsv([{ tag: 'LIN', elements: ['LIN', 'say "hi"', 'a\\b', 'c\\,d'] }], compiled.grammar);
    expect(out).toBe('LIN,"say \\"hi\\"",a\\b,"c\\\\,d"\n');
    expect(parse(`h\n${out}`, grammar({ escape: '\\' })).records[0]!.elements).toEqual([
      'LIN',
      'say "hi"',
      'a\\b',
      'c\\,d',
    ]);
  });

  it('writes the header from the first record, the record id when missing, and the record separator', () => {
    const json = grammarJson(GRAMMAR_FILE);
    json.syntax.recordSeparator = '\r\n';
    json.syntax.csv = { ...json.syntax.csv!, separator: ';' };
    const out = writeCsv(
      [
        { tag: 'HEA', elements: ['', 'PO-1'] },
        { tag: 'LIN', elements: [] },
      ],
      json,
    );
    expect(out).toBe(
      'record;order_number;order_date;order_time;buyer;buyer_gln;currency;total;remarks\r\nHEA;PO-1\r\nLIN\r\n',
    );
  });

  it('writes a line of one empty field as "" so it is not read as a blank line', () => {
    const compiled = productGrammar();
    const out = writeCsv([{ tag: 'PRD', elements: [''] }], compiled.grammar);
    expect(out).toBe('""\n');
    expect(parse(out, compiled).records[0]!.elements).toEqual(['']);
  });

  it('throws WriteErrors naming the field', () => {
    const write =
      (elements: Segment['elements'], csv: Partial<CsvSyntax> = {}, tag = 'LIN') =>
      () =>
        writeCsv([{ tag, elements }], grammar({ header: false, ...csv }).grammar);
    const error = (fn: () => unknown) => writeError(fn).slice(0, 2);
    expect(error(write(['LIN', 'a,b'], { quote: '' }))).toEqual(['VALUE_HAS_SEPARATOR', 'LIN02']);
    expect(error(write(['LIN', ['a', 'b']]))).toEqual(['VALUE_TOO_LONG', 'LIN02']);
    expect(error(write(['HEA', '1']))).toEqual(['WRITER_STATE', 'LIN01']);
    expect(error(write(['XYZ'], {}, 'XYZ'))).toEqual(['WRITER_STATE', 'XYZ']);
  });

  it('round-trips values through writer and parser', () => {
    const values = ['', ' ', ',', '"', '""', '\n', '\r\n', 'a"b,c\nd', '\\', 'ü€😀'];
    const compiled = grammar({ header: false });
    const out = writeCsv([{ tag: 'LIN', elements: ['LIN', ...values] }], compiled.grammar);
    const { records, issues } = parse(out, compiled);
    expect(issues.items).toEqual([]);
    expect(records[0]!.elements).toEqual(['LIN', ...values]);
  });
});
