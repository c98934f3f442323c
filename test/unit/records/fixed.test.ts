import { describe, expect, it } from 'vitest';
import { LATIN1, UTF8 } from '../../../engine/core/charset.js';
import { compileGrammar } from '../../../engine/core/compiled-grammar.js';
import { parseFixed } from '../../../engine/core/fixed-parser.js';
import { writeFixed } from '../../../engine/core/fixed-writer.js';
import type { ElementDef } from '../../../engine/core/grammar.js';
import type { IssueList } from '../../../engine/core/issue.js';
import type { Segment } from '../../../engine/core/segment.js';
import type { OutSegment } from '../../../engine/core/segment-writer.js';
import {
  codes,
  codesAt,
  compileChecked,
  fixture,
  grammarFixture,
  grammarJson,
  parseWith,
  validateRecords,
  writeError,
} from '../../helpers/records.js';

const GRAMMAR_FILE = 'fixed-orders.json';
const SAMPLE = fixture('records/orders.fixed');
const LINES = SAMPLE.split('\n');
/** Widths of the sample grammar's records: HEA 85 characters, LIN 89. */
const HEA_WIDTH = 85;
const LIN_WIDTH = 89;

const GRAMMAR = grammarFixture(GRAMMAR_FILE);

function parse(text: string, compiled = GRAMMAR, charset = UTF8): { records: Segment[]; issues: IssueList } {
  const { records, issues } = parseWith(parseFixed, text, compiled, charset);
  return { records: records.map((node) => node.segment), issues };
}

const validate = (text: string, compiled = GRAMMAR) => validateRecords(text, 'fixed', compiled);

/** A sample line with one field replaced by `value`, padded or cut to the field's width. */
function withField(line: string, from: number, width: number, value: string): string {
  return line.slice(0, from) + value.padEnd(width, ' ').slice(0, width) + line.slice(from + width);
}

describe('fixed-width parser', () => {
  it('reads the sample: tags, trimmed values, field ids as names', () => {
    const { records, issues } = parse(SAMPLE);
    expect(issues.items).toEqual([]);
    expect(records.map((r) => r.tag)).toEqual(['HEA', 'LIN', 'LIN', 'HEA', 'LIN']);
    expect(records[0]!.elements).toEqual([
      'HEA',
      'PO-1001',
      '20240315',
      '0930',
      'Acme Inc.',
      'EUR',
      '000001234.50',
    ]);
    // Numbers keep their leading zeros; empty fields are ''.
    expect(records[1]!.elements).toEqual([
      'LIN',
      '000001',
      'ART-100',
      'Bolt M8 zinc plated',
      '0000000100',
      'PCE',
      '0000000.35',
      '000000003500',
    ]);
    expect(records[4]!.elements).toEqual(['LIN', '000001', 'ART-100', '', '00000010.5', 'KGM', '', '']);
    expect(records[3]!.elements[3]).toBe('');
    expect(records[0]!.names).toEqual([
      'record',
      'order_number',
      'order_date',
      'order_time',
      'buyer',
      'currency',
      'total',
    ]);
    expect(records[1]!.names).toHaveLength(8);
  });

  it('gives each record its line, column 1, byte offset and raw line', () => {
    const { records } = parse(SAMPLE);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
    expect(records.every((r) => r.column === 1)).toBe(true);
    const bytes = Buffer.from(SAMPLE, 'utf8');
    for (const [i, record] of records.entries()) {
      expect(record.raw).toBe(LINES[i]);
      expect(record.offset).toBe(bytes.indexOf(Buffer.from(record.raw, 'utf8')));
    }
    // After "Müller Großhandel": two 2-byte characters.
    expect(records[4]!.offset).toBe(HEA_WIDTH * 2 + LIN_WIDTH * 2 + 4 + 2);
    expect(parse(SAMPLE, GRAMMAR, LATIN1).records[4]!.offset).toBe(HEA_WIDTH * 2 + LIN_WIDTH * 2 + 4);
  });

  it('trims text of trailing spaces only and numbers of spaces on both sides', () => {
    let line = withField(LINES[1]!, 9, 15, '  ART 7');
    line = withField(line, 54, 10, '   12.5   ');
    const { records, issues } = parse(`${line}\n`);
    expect(issues.items).toEqual([]);
    expect(records[0]!.elements[2]).toBe('  ART 7');
    expect(records[0]!.elements[4]).toBe('12.5');
  });

  it('accepts CRLF and LF, an optional final line break, and skips blank lines', () => {
    const text = `${LINES[0]}\r\n\r\n   \n${LINES[1]}\n\n${LINES[2]}`;
    const { records, issues } = parse(text);
    expect(issues.items).toEqual([]);
    expect(records.map((r) => [r.tag, r.line, r.offset])).toEqual([
      ['HEA', 1, 0],
      ['LIN', 4, HEA_WIDTH + 2 + 2 + 4],
      ['LIN', 6, HEA_WIDTH + 2 + 2 + 4 + LIN_WIDTH + 1 + 1],
    ]);
    expect(records[0]!.raw).toBe(LINES[0]);
  });

  it('finds the record id at its position, trimmed', () => {
    const json = grammarJson(GRAMMAR_FILE);
    json.syntax.fixed = { recordIdStart: 2, recordIdLength: 4 };
    const compiled = compileChecked(json, 'shifted');
    const { records, issues } = parse(`xLIN ${LINES[1]!.slice(5)}\n`, compiled);
    expect(issues.items).toEqual([]);
    expect(records[0]!.tag).toBe('LIN');
    expect(records[0]!.elements[0]).toBe('xLI');
  });
});

describe('fixed-width parser errors', () => {
  it('RECORD_TOO_SHORT with expected and actual length, at the line and where the data stops', () => {
    const short = LINES[1]!.slice(0, 60);
    const { records, issues } = parse(`${LINES[0]}\n${short}\n${LINES[2]}\n`);
    expect(codes(issues)).toEqual([['RECORD_TOO_SHORT', 2]]);
    expect(issues.items[0]!.message).toBe('record LIN is 60 characters long; its fields take 89');
    expect(issues.items[0]!.location).toMatchObject({
      segmentId: 'LIN',
      column: 61,
      offset: HEA_WIDTH + 1 + 60,
    });
    // The fields that are there are read.
    expect(records[1]!.elements).toEqual([
      'LIN',
      '000001',
      'ART-100',
      'Bolt M8 zinc plated',
      '000000',
      '',
      '',
      '',
    ]);
  });

  it('RECORD_TOO_SHORT also when only trailing spaces are missing', () => {
    const { issues } = parse(`${LINES[4]!.trimEnd()}\n`);
    expect(codes(issues)).toEqual([['RECORD_TOO_SHORT', 1]]);
    expect(issues.items[0]!.message).toBe('record LIN is 67 characters long; its fields take 89');
  });

  it('RECORD_TOO_LONG at the line and the first extra character; the extra is ignored', () => {
    const { records, issues } = parse(`${LINES[0]}\n${LINES[1]}XYZ\n`);
    expect(codes(issues)).toEqual([['RECORD_TOO_LONG', 2]]);
    expect(issues.items[0]!.message).toBe('record LIN is 92 characters long; its fields take 89');
    expect(issues.items[0]!.location.column).toBe(LIN_WIDTH + 1);
    expect(records[1]!.elements.at(-1)).toBe('000000003500');
  });

  it('RECORD_UNKNOWN at its line; the line is left out', () => {
    const { records, issues } = parse(`${LINES[0]}\nXYZ123\n${LINES[1]}\n`);
    expect(codes(issues)).toEqual([['RECORD_UNKNOWN', 2]]);
    expect(issues.items[0]!.location).toMatchObject({ segmentId: 'XYZ', column: 1, offset: HEA_WIDTH + 1 });
    expect(records.map((r) => r.tag)).toEqual(['HEA', 'LIN']);
  });

  it('reports a record with composite fields once, as a grammar problem, and leaves its lines out', () => {
    const json = grammarJson(GRAMMAR_FILE);
    json.segments.LIN!.fields.push({
      id: 'C1',
      name: 'composite',
      mandatory: false,
      components: [{ id: 'c', name: 'c', mandatory: false, format: 'AN', min: 1, max: 2 }],
    });
    const { records, issues } = parse(SAMPLE, compileGrammar(json));
    expect(codes(issues)).toEqual([['GRAMMAR_LAYOUT_INVALID', 2]]);
    expect(records.map((r) => r.tag)).toEqual(['HEA', 'HEA']);
  });

  it('reports a grammar without fixed layout and reads nothing', () => {
    const json = grammarJson(GRAMMAR_FILE);
    delete json.syntax.fixed;
    expect(codes(parse(SAMPLE, compileGrammar(json)).issues)).toEqual([['GRAMMAR_LAYOUT_INVALID', 1]]);
    json.syntax.fixed = { recordIdStart: 0, recordIdLength: 3 };
    expect(codes(parse(SAMPLE, compileGrammar(json)).issues)).toEqual([['GRAMMAR_LAYOUT_INVALID', 1]]);
  });
});

describe('fixed-width validation', () => {
  it('finds no issue in the sample', () => {
    const result = validate(SAMPLE);
    expect(result.issues.items).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.messages).toBe(1);
  });

  it('reports a wrong date, a too long line, a missing mandatory field and an unknown record at their lines', () => {
    const lines = [...LINES];
    lines[0] = withField(lines[0]!, 23, 8, '20240230');
    lines[1] = `${lines[1]}EXTRA`;
    lines[2] = withField(lines[2]!, 9, 15, '');
    lines[4] = `LNX${lines[4]!.slice(3)}`;
    const result = validate(lines.join('\n'));
    expect(result.valid).toBe(false);
    expect(codesAt(result.issues)).toEqual([
      ['RECORD_TOO_LONG', 2, undefined],
      ['RECORD_UNKNOWN', 5, undefined],
      // The second order lost its only line.
      ['SEGMENT_MISSING', 4, undefined],
      ['DATE_INVALID', 1, 3],
      ['ELEMENT_MISSING', 3, 3],
    ]);
  });

  it('reports a non-numeric amount at its line and field', () => {
    const lines = [...LINES];
    lines[1] = withField(lines[1]!, 54, 10, '12,5');
    const result = validate(lines.join('\n'));
    expect(codesAt(result.issues)).toEqual([['NUMBER_INVALID', 2, 5]]);
  });
});

describe('fixed-width writer', () => {
  it('writes the parsed sample back byte for byte', () => {
    expect(writeFixed(parse(SAMPLE).records, GRAMMAR.grammar)).toBe(SAMPLE);
  });

  it('pads text with spaces on the right and numbers with zeros on the left, empty values with spaces', () => {
    const record: OutSegment = {
      tag: 'LIN',
      elements: ['LIN', '7', 'A-1', 'Nut', '12.5', 'EA', '-3.5', ''],
    };
    const out = writeFixed([record], GRAMMAR.grammar);
    expect(out).toBe(
      `LIN000007A-1            Nut                           00000012.5EA -0000003.5${' '.repeat(12)}\n`,
    );
    expect(out.length).toBe(LIN_WIDTH + 1);
    // Missing trailing fields are spaces too; the record separator comes from the grammar.
    const json = grammarJson(GRAMMAR_FILE);
    json.syntax.recordSeparator = '\r\n';
    expect(writeFixed([{ tag: 'LIN', elements: ['LIN'] }], json)).toBe(`LIN${' '.repeat(LIN_WIDTH - 3)}\r\n`);
  });

  it('round-trips written records through the parser', () => {
    const records: OutSegment[] = [
      { tag: 'HEA', elements: ['HEA', 'PO-9', '20240101', '1200', 'Ærø Çafé', 'EUR', '-5.25'] },
      { tag: 'LIN', elements: ['LIN', '1', 'X', '', '1', 'PCE', '', '100'] },
    ];
    const { records: read, issues } = parse(writeFixed(records, GRAMMAR.grammar));
    expect(issues.items).toEqual([]);
    expect(read[0]!.elements).toEqual(['HEA', 'PO-9', '20240101', '1200', 'Ærø Çafé', 'EUR', '-00000005.25']);
    expect(read[1]!.elements).toEqual(['LIN', '000001', 'X', '', '0000000001', 'PCE', '', '000000000100']);
  });

  it('throws VALUE_TOO_LONG naming record and field for a value wider than its field', () => {
    const [code, position, message] = writeError(() =>
      writeFixed([{ tag: 'HEA', elements: ['HEA', 'PO-123456789012345678901'] }], GRAMMAR.grammar),
    );
    expect([code, position]).toEqual(['VALUE_TOO_LONG', 'HEA02']);
    expect(message).toContain('order_number');
    expect(message).toContain('20 wide');
    const def = GRAMMAR.grammar.segments.LIN!.fields[4] as ElementDef;
    expect(def.max).toBe(10);
    expect(
      writeError(() =>
        writeFixed([{ tag: 'LIN', elements: ['LIN', '1', 'A', '', '12345678901'] }], GRAMMAR.grammar),
      ).slice(0, 2),
    ).toEqual(['VALUE_TOO_LONG', 'LIN05']);
  });

  it('throws for values beyond the fields, composite values and unknown records', () => {
    const tooMany = Array.from({ length: 9 }, () => 'x');
    expect(writeError(() => writeFixed([{ tag: 'LIN', elements: tooMany }], GRAMMAR.grammar))[0]).toBe(
      'VALUE_TOO_LONG',
    );
    expect(
      writeError(() => writeFixed([{ tag: 'LIN', elements: ['LIN', ['1', '2']] }], GRAMMAR.grammar)).slice(
        0,
        2,
      ),
    ).toEqual(['VALUE_TOO_LONG', 'LIN02']);
    expect(writeError(() => writeFixed([{ tag: 'XYZ', elements: [] }], GRAMMAR.grammar)).slice(0, 2)).toEqual(
      ['WRITER_STATE', 'XYZ'],
    );
  });
});
