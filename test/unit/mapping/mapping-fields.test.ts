// Field naming of the mapping API (mapping-fields.ts): positional names, EDIFACT ids with #n for repeated ids,
// record-format names, both for reading segments (FieldReader) and for writing (writePosition).
import { describe, expect, it } from 'vitest';
import type { SegmentDef } from '../../../engine/core/grammar.js';
import {
  FieldReader,
  parsePositional,
  positionalName,
  writePosition,
} from '../../../engine/core/mapping-fields.js';
import { Repeated, type Segment } from '../../../engine/core/segment.js';
import { shipped } from '../../helpers/grammars.js';
import { interchange } from '../../helpers/x12.js';
import { parse } from './messages.js';

const ORDERS = shipped('edifact', 'ORDERSD96AUN');
const NAD = ORDERS.segments.get('NAD')!;

function segment(tag: string, elements: Segment['elements'], names?: string[]): Segment {
  return { tag, elements, offset: 0, line: 1, column: 1, raw: '', names };
}

/** A segment definition with a composite used twice and a simple element used twice. */
const TWICE: SegmentDef = {
  tag: 'PRI',
  name: 'test',
  fields: [
    { id: '5125', name: 'a', mandatory: false, format: 'an', min: 1, max: 3 },
    {
      id: 'C509',
      name: 'b',
      mandatory: false,
      components: [
        { id: '5118', name: 'c', mandatory: false, format: 'n', min: 1, max: 15 },
        { id: '5118', name: 'd', mandatory: false, format: 'n', min: 1, max: 15 },
      ],
    },
    {
      id: 'C509',
      name: 'e',
      mandatory: false,
      components: [{ id: '5118', name: 'f', mandatory: false, format: 'n', min: 1, max: 15 }],
    },
    { id: '5125', name: 'g', mandatory: false, format: 'an', min: 1, max: 3 },
    { id: '', name: 'no id', mandatory: false, format: 'an', min: 1, max: 3 },
  ],
};

describe('positional names', () => {
  it('TAGnn and TAGnn.nn both ways', () => {
    expect(positionalName('BEG', 2)).toBe('BEG03');
    expect(positionalName('SV1', 0, 2)).toBe('SV101.02');
    expect(positionalName('N1', 11)).toBe('N112');
    expect(parsePositional('BEG', 'BEG03')).toEqual({ element: 2, component: 0 });
    expect(parsePositional('SV1', 'SV101.02')).toEqual({ element: 0, component: 2 });
    expect(parsePositional('N1', 'N112')).toEqual({ element: 11, component: 0 });
    for (const name of [
      'BEG3',
      'BEG003',
      'BEG00',
      'BEG01.0',
      'BEG01.00',
      'BEG01-02',
      'REF01',
      'BEGxx',
      'BEG01.02.03',
    ])
      expect(parsePositional('BEG', name)).toBeUndefined();
  });
});

describe('reading segments', () => {
  it('X12: composites by component, a repeated element by its first repetition', () => {
    const { message } = parse(
      interchange([['SV1*HC:99213:25*40*UN*1', 'REF*ZZ*A1^A2^A3']], { repetition: '^', version: '00501' }),
    );
    const reader = new FieldReader('x12', undefined);
    const [sv1, ref] = [message.segments[1]!, message.segments[2]!];
    expect(ref.elements[1]).toBeInstanceOf(Repeated);
    expect(reader.read(sv1, 'SV101.02')).toBe('99213');
    expect(reader.read(sv1, 'SV101.03')).toBe('25');
    expect(reader.read(sv1, 'SV101')).toBe('HC');
    expect(reader.read(sv1, 'SV101.04')).toBe('');
    expect(reader.read(sv1, 'SV102')).toBe('40');
    expect(reader.read(ref, 'REF02')).toBe('A1');
    expect(reader.fields(sv1)).toEqual([
      ['SV101.01', 'HC'],
      ['SV101.02', '99213'],
      ['SV101.03', '25'],
      ['SV102', '40'],
      ['SV103', 'UN'],
      ['SV104', '1'],
    ]);
    expect(reader.fields(ref)).toEqual([
      ['REF01', 'ZZ'],
      ['REF02', 'A1'],
    ]);
  });

  it('EDIFACT with a grammar: ids, composite.id, #2 for a repeated id; positional names as well', () => {
    const reader = new FieldReader('edifact', ORDERS);
    const nad = segment('NAD', [
      'BY',
      ['5412345000013', '', '9'],
      '',
      ['Buyer Inc', 'Purchasing', 'Floor 2'],
    ]);
    expect(reader.read(nad, '3035')).toBe('BY');
    expect(reader.read(nad, 'C082.3039')).toBe('5412345000013');
    expect(reader.read(nad, 'C082.3055')).toBe('9');
    expect(reader.read(nad, 'C080.3036')).toBe('Buyer Inc');
    expect(reader.read(nad, 'C080.3036#2')).toBe('Purchasing');
    expect(reader.read(nad, 'C080.3036#3')).toBe('Floor 2');
    expect(reader.read(nad, 'C080.3036#4')).toBe('');
    expect(reader.read(nad, 'NAD04.02')).toBe('Purchasing');
    expect(reader.read(nad, '3036')).toBe('');
    expect(reader.fields(nad)).toEqual([
      ['3035', 'BY'],
      ['C082.3039', '5412345000013'],
      ['C082.3055', '9'],
      ['C080.3036', 'Buyer Inc'],
      ['C080.3036#2', 'Purchasing'],
      ['C080.3036#3', 'Floor 2'],
    ]);
    // A simple value where the grammar has a composite is its first component.
    expect(reader.fields(segment('NAD', ['SU', '123']))).toEqual([
      ['3035', 'SU'],
      ['C082.3039', '123'],
    ]);
  });

  it('EDIFACT without a grammar: positional names only', () => {
    const reader = new FieldReader('edifact', undefined);
    const bgm = segment('BGM', [['220', '', '9'], 'PO-1']);
    expect(reader.read(bgm, 'BGM01.03')).toBe('9');
    expect(reader.read(bgm, 'BGM02')).toBe('PO-1');
    expect(reader.read(bgm, '1004')).toBe('');
  });

  it('record formats: JSON/XML by their names; CSV by the grammar ids when the record has a definition', () => {
    const json = new FieldReader('json', undefined);
    const line = segment('line', ['1', new Repeated(['x', 'y'])], ['sku', 'tags']);
    expect(json.read(line, 'sku')).toBe('1');
    expect(json.read(line, 'tags')).toBe('x');
    expect(json.read(line, 'qty')).toBe('');
    expect(json.fields(line)).toEqual([
      ['sku', '1'],
      ['tags', 'x'],
    ]);
    const def: SegmentDef = {
      tag: 'LIN',
      name: 'line',
      fields: [
        { id: 'record', name: 'r', mandatory: true, format: 'AN', min: 3, max: 3 },
        { id: 'article', name: 'a', mandatory: true, format: 'AN', min: 1, max: 9 },
      ],
    };
    const grammar = { ...ORDERS, segments: new Map([['LIN', def]]) };
    const csv = new FieldReader('csv', grammar);
    // The names a CSV header gives (HEA's columns) are not LIN's.
    const lin = segment('LIN', ['LIN', 'ART-1'], ['record', 'order_number']);
    expect(csv.read(lin, 'article')).toBe('ART-1');
    expect(csv.read(lin, 'order_number')).toBe('');
    expect(new FieldReader('csv', undefined).read(lin, 'order_number')).toBe('ART-1');
  });
});

describe('write positions', () => {
  it('X12: positional names the definition has; without one any positional name', () => {
    const beg = shipped('x12', '850004010').segments.get('BEG')!;
    expect(writePosition('x12', 'BEG', 'BEG03', beg)).toEqual({ element: 2, component: 0 });
    expect(writePosition('x12', 'BEG', 'BEG99', beg)).toBeUndefined();
    expect(writePosition('x12', 'BEG', 'BEG03.01', beg)).toBeUndefined();
    expect(writePosition('x12', 'BEG', '353', beg)).toBeUndefined();
    expect(writePosition('x12', 'BEG', 'BEG99', undefined)).toEqual({ element: 98, component: 0 });
    expect(writePosition('x12', 'BEG', 'order', undefined)).toBeUndefined();
  });

  it('EDIFACT: ids with #n for a repeated id in the segment and in a composite, and positional names', () => {
    expect(writePosition('edifact', 'NAD', 'C080.3036#2', NAD)).toEqual({ element: 3, component: 2 });
    expect(writePosition('edifact', 'NAD', 'C058.3124#5', NAD)).toEqual({ element: 2, component: 5 });
    expect(writePosition('edifact', 'NAD', 'C058.3124#6', NAD)).toBeUndefined();
    expect(writePosition('edifact', 'NAD', 'NAD04.02', NAD)).toEqual({ element: 3, component: 2 });
    expect(writePosition('edifact', 'NAD', 'C080', NAD)).toEqual({ element: 3, component: 0 });
    const cases: [string, { element: number; component: number } | undefined][] = [
      ['5125', { element: 0, component: 0 }],
      ['5125#2', { element: 3, component: 0 }],
      ['C509.5118', { element: 1, component: 1 }],
      ['C509.5118#2', { element: 1, component: 2 }],
      ['C509#2.5118', { element: 2, component: 1 }],
      ['C509#2.5118#2', undefined],
      ['PRI05', { element: 4, component: 0 }],
      ['PRI02.02', { element: 1, component: 2 }],
    ];
    for (const [name, position] of cases)
      expect(writePosition('edifact', 'PRI', name, TWICE)).toEqual(position);
  });
});
