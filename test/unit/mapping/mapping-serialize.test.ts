// From a written output to the writers' input (mapping-serialize.ts): segments in the grammar's order, field
// names to positions, MappingWriteErrors for what the grammar lacks, OutRecords for JSON/XML, and round trips:
// a parsed 850 and ORDERS copied record by record through the API come out as the segments they came from.
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../../engine/core/csv-writer.js';
import type { MappingOutput } from '../../../engine/core/mapping-api.js';
import { MappingWriteError } from '../../../engine/core/mapping-error.js';
import type { MappingRecordView } from '../../../engine/core/mapping-input.js';
import { MappingOutputTree } from '../../../engine/core/mapping-output.js';
import type { MappingRecord } from '../../../engine/core/mapping-record.js';
import { toOutRecordTree, toOutSegments } from '../../../engine/core/mapping-serialize.js';
import { writeJson } from '../../../engine/core/json-writer.js';
import type { ElementValue, Segment } from '../../../engine/core/segment.js';
import type { OutSegment } from '../../../engine/core/segment-writer.js';
import { shipped } from '../../helpers/grammars.js';
import { grammarFixture } from '../../helpers/records.js';
import { corpus, EDIFACT_ORDERS, info, parse, X12_850 } from './messages.js';

const X12 = shipped('x12', '850004010');
const ORDERS = shipped('edifact', 'ORDERSD96AUN');
const ST = { BOTSID: 'ST' };

function x12Output(): MappingOutputTree {
  return new MappingOutputTree(info('x12', '850004010'));
}

function writeError(call: () => unknown): MappingWriteError {
  try {
    call();
  } catch (e) {
    if (e instanceof MappingWriteError) return e;
    throw e;
  }
  throw new Error('no MappingWriteError');
}

/** A segment without trailing empty elements, as the writers write it. */
function trimmed(segment: Segment | OutSegment): OutSegment {
  const elements: ElementValue[] = [...segment.elements];
  while (elements.length > 0 && elements[elements.length - 1] === '') elements.pop();
  return { tag: segment.tag, elements };
}

/** Copies the input record by record through put/putloop, as a script that copies everything would. */
function copy(inn: MappingRecordView, out: MappingOutputTree): void {
  const root = inn.roots[0]!;
  out.put({ BOTSID: root.tag, ...Object.fromEntries(root.fields()) });
  const under = (record: MappingRecord, target: MappingOutput): void => {
    for (const child of record.children)
      under(
        child,
        target.putloop({ BOTSID: record.tag }, { BOTSID: child.tag, ...Object.fromEntries(child.fields()) }),
      );
  };
  under(root, out);
}

describe('toOutSegments with a grammar', () => {
  it('puts records written in any order into the order of the grammar, at every level', () => {
    const out = x12Output();
    out.put(ST, { BOTSID: 'SE', SE01: '10' });
    const line = out.putloop(ST, { BOTSID: 'PO1', PO101: '1', PO102: 5, PO103: 'EA' });
    line.put({ BOTSID: 'PO1' }, { BOTSID: 'PO4', PO401: '4' });
    line.put({ BOTSID: 'PO1' }, { BOTSID: 'PID', PID01: 'F', PID05: 'WIDGET' });
    out.put(ST, { BOTSID: 'CTT', CTT01: '1' });
    out.put(ST, { BOTSID: 'N1', N101: 'ST' }, { BOTSID: 'N4', N401: 'SOLON', N402: 'OH' });
    out.put(ST, { BOTSID: 'N1', N101: 'ST' }, { BOTSID: 'N3', N301: '1 MAIN ST' });
    out.put(ST, { BOTSID: 'BEG', BEG01: '00', BEG02: 'SA', BEG03: 'PO-1', BEG05: '20240101' });
    out.put({ BOTSID: 'ST', ST01: '850' });
    out.put(ST, { BOTSID: 'REF', REF01: 'DP', REF02: '038' });
    expect(toOutSegments(out, X12, 'x12')).toEqual([
      { tag: 'ST', elements: ['850'] },
      { tag: 'BEG', elements: ['00', 'SA', 'PO-1', '', '20240101'] },
      { tag: 'REF', elements: ['DP', '038'] },
      { tag: 'N1', elements: ['ST'] },
      { tag: 'N3', elements: ['1 MAIN ST'] },
      { tag: 'N4', elements: ['SOLON', 'OH'] },
      { tag: 'PO1', elements: ['1', '5', 'EA'] },
      { tag: 'PID', elements: ['F', '', '', '', 'WIDGET'] },
      { tag: 'PO4', elements: ['4'] },
      { tag: 'CTT', elements: ['1'] },
      { tag: 'SE', elements: ['10'] },
    ]);
  });

  it('keeps the written order of records of one tag (a stable sort)', () => {
    const out = x12Output();
    for (const n of ['3', '1', '2']) out.putloop(ST, { BOTSID: 'PO1', PO101: n });
    out.put(ST, { BOTSID: 'BEG', BEG03: 'x' });
    expect(toOutSegments(out, X12, 'x12').map((s) => `${s.tag}${s.elements[0] ?? ''}`)).toEqual([
      'ST',
      'BEG',
      'PO13',
      'PO11',
      'PO12',
    ]);
  });

  it('names EDIFACT fields by id, composite.id and #n, and writes them at their positions', () => {
    const out = new MappingOutputTree(info('edifact', 'ORDERSD96AUN'));
    const UNH = { BOTSID: 'UNH' };
    out.put({
      BOTSID: 'UNH',
      'S009.0065': 'ORDERS',
      'S009.0052': 'D',
      'S009.0054': '96A',
      'S009.0051': 'UN',
    });
    out.put(UNH, { BOTSID: 'BGM', 'C002.1001': '220', 1004: 'PO-1' });
    const nad = { BOTSID: 'NAD', 3035: 'BY' };
    out.put(UNH, {
      ...nad,
      'C080.3036#2': 'Purchasing',
      'C080.3036': 'Buyer Inc',
      'C082.3039': '5412345000013',
    });
    out.put(UNH, nad, { BOTSID: 'RFF', 'C506.1153': 'VA', 'C506.1154': 'BE0123' });
    out.put(UNH, nad, { BOTSID: 'LOC', 3227: '7', 'C517.3225': 'DOCK1' });
    expect(toOutSegments(out, ORDERS, 'edifact')).toEqual([
      { tag: 'UNH', elements: ['', ['ORDERS', 'D', '96A', 'UN']] },
      { tag: 'BGM', elements: ['220', 'PO-1'] },
      { tag: 'NAD', elements: ['BY', '5412345000013', '', ['Buyer Inc', 'Purchasing']] },
      { tag: 'LOC', elements: ['7', 'DOCK1'] },
      { tag: 'RFF', elements: [['VA', 'BE0123']] },
    ]);
  });

  it('an unknown field, a record the grammar lacks or puts elsewhere, a second root: MappingWriteError', () => {
    const field = x12Output();
    field.put(ST, { BOTSID: 'BEG', BEG03: 'PO-1', BEG99: 'x' });
    const error = writeError(() => toOutSegments(field, X12, 'x12'));
    expect(error.message).toBe('ST/BEG/BEG99: record BEG of grammar 850004010 has no field BEG99');
    expect(error.path).toBe('ST/BEG/BEG99');

    const edifact = new MappingOutputTree(info('edifact', 'ORDERSD96AUN'));
    edifact.put({ BOTSID: 'UNH' }, { BOTSID: 'BGM', 'C002.9999': '1' });
    expect(writeError(() => toOutSegments(edifact, ORDERS, 'edifact')).message).toBe(
      'UNH/BGM/C002.9999: record BGM of grammar ORDERSD96AUN has no field C002.9999',
    );

    const record = x12Output();
    record.put(ST, { BOTSID: 'PO1', PO101: '1' }, { BOTSID: 'XYZ', XYZ01: '1' });
    expect(writeError(() => toOutSegments(record, X12, 'x12')).message).toBe(
      'ST/PO1/XYZ: grammar 850004010 has no record XYZ under PO1',
    );
    const misplaced = x12Output();
    misplaced.put(ST, { BOTSID: 'N3', N301: 'x' });
    expect(writeError(() => toOutSegments(misplaced, X12, 'x12')).message).toBe(
      'ST/N3: grammar 850004010 has no record N3 under ST',
    );
    const underSegment = x12Output();
    underSegment.put(ST, { BOTSID: 'BEG' }, { BOTSID: 'REF', REF01: 'x' });
    expect(writeError(() => toOutSegments(underSegment, X12, 'x12')).message).toBe(
      'ST/BEG/REF: grammar 850004010 has no record REF under BEG',
    );
    const top = x12Output();
    top.put({ BOTSID: 'BEG', BEG03: 'x' });
    expect(writeError(() => toOutSegments(top, X12, 'x12')).message).toBe(
      'BEG: a message of grammar 850004010 starts with ST, not BEG',
    );

    const roots = x12Output();
    roots.put({ BOTSID: 'ST', ST01: '850' });
    roots.put({ BOTSID: 'BEG', BEG03: 'x' });
    expect(writeError(() => toOutSegments(roots, X12, 'x12')).message).toMatch(
      /^BEG: a second root record; an X12 message has one root \(ST\)/,
    );
  });
});

describe('toOutSegments without a grammar', () => {
  it('keeps the written order and takes positional names only', () => {
    const out = x12Output();
    out.put(ST, { BOTSID: 'SE', SE01: '3' });
    out.put(ST, { BOTSID: 'SV1', 'SV101.02': '99213', 'SV101.01': 'HC', SV102: 40 });
    out.put({ BOTSID: 'ST', ST01: '850' });
    expect(toOutSegments(out, undefined, 'x12')).toEqual([
      { tag: 'ST', elements: ['850'] },
      { tag: 'SE', elements: ['3'] },
      { tag: 'SV1', elements: [['HC', '99213'], '40'] },
    ]);
    out.put(ST, { BOTSID: 'BEG', 1004: 'x' });
    expect(writeError(() => toOutSegments(out, undefined, 'x12')).message).toBe(
      'ST/BEG/1004: 1004 is not a positional field name of BEG (BEG01, BEG01.02); without a grammar only those can be written',
    );
  });
});

describe('round trips through the API', () => {
  it('X12 850: every record copied with put/putloop serializes to the segments read', () => {
    const { message, inn } = parse(corpus(X12_850), X12);
    const out = x12Output();
    copy(inn, out);
    expect(out.getcount()).toBe(inn.getcount());
    expect(toOutSegments(out, X12, 'x12')).toEqual(message.segments.map(trimmed));
  });

  it('EDIFACT ORDERS (names by id, composites): the same', () => {
    const { message, inn } = parse(corpus(EDIFACT_ORDERS), ORDERS);
    const out = new MappingOutputTree(info('edifact', 'ORDERSD96AUN'));
    copy(inn, out);
    expect(toOutSegments(out, ORDERS, 'edifact')).toEqual(message.segments.map(trimmed));
  });
});

describe('record formats', () => {
  it('toOutRecordTree: fields in the order written, children in order, for the JSON writer', () => {
    const out = new MappingOutputTree(info('json', 'order'));
    out.put({ BOTSID: 'order', number: 'PO-1', total: '12.50' });
    out.putloop({ BOTSID: 'order' }, { BOTSID: 'line', sku: 'A', qty: 2 });
    out.putloop({ BOTSID: 'order' }, { BOTSID: 'line', qty: 1, sku: 'B' });
    const records = toOutRecordTree(out);
    expect(records).toEqual([
      {
        tag: 'order',
        fields: [
          ['number', 'PO-1'],
          ['total', '12.50'],
        ],
        children: [
          {
            tag: 'line',
            fields: [
              ['sku', 'A'],
              ['qty', '2'],
            ],
            children: [],
          },
          {
            tag: 'line',
            fields: [
              ['qty', '1'],
              ['sku', 'B'],
            ],
            children: [],
          },
        ],
      },
    ]);
    expect(JSON.parse(writeJson(records))).toEqual({
      number: 'PO-1',
      total: '12.50',
      line: [
        { sku: 'A', qty: '2' },
        { qty: '1', sku: 'B' },
      ],
    });
  });

  it('CSV: one root per order, fields by the grammar ids, lines under their header', () => {
    const grammar = grammarFixture('csv-orders.json');
    const out = new MappingOutputTree(info('csv', 'ORDERS_CSV'));
    for (const order of ['PO-1', 'PO-2']) {
      const head = out.putloop({ BOTSID: 'HEA', order_number: order, order_date: '20240101', buyer: 'Acme' });
      head.putloop({ BOTSID: 'HEA' }, { BOTSID: 'LIN', line_number: 1, article: 'ART-1', quantity: 2 });
    }
    const segments = toOutSegments(out, grammar, 'csv');
    expect(segments.map((s) => s.tag)).toEqual(['HEA', 'LIN', 'HEA', 'LIN']);
    expect(writeCsv(segments, grammar.grammar).split('\n').slice(1, 3)).toEqual([
      'HEA,PO-1,20240101,,Acme',
      'LIN,1,ART-1,,2',
    ]);
  });
});
