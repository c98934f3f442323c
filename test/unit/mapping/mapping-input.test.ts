// The read side of the mapping API (createMappingInput, MappingRecordView) on real parsed messages: the X12 850
// sample of the corpus and built 850s with the shipped 850004010 grammar, EDIFACT ORDERS with ORDERSD96AUN,
// and the JSON, XML and CSV order fixtures.
import { describe, expect, it } from 'vitest';
import { MappingPathError, MappingValueError } from '../../../engine/core/mapping-error.js';
import type { MappingSelector } from '../../../engine/core/mapping-api.js';
import { canonicalDecimal } from '../../../engine/core/mapping-input.js';
import { edifactMessage, shipped } from '../../helpers/grammars.js';
import { fixture, grammarFixture } from '../../helpers/records.js';
import { interchange } from '../../helpers/x12.js';
import { corpus, EDIFACT_ORDERS, parse, X12_850, thrown } from './messages.js';

const X12 = shipped('x12', '850004010');
const ORDERS = shipped('edifact', 'ORDERSD96AUN');
const ST = { BOTSID: 'ST' };
const UNH = { BOTSID: 'UNH' };

describe('X12 850 input', () => {
  const { inn } = parse(corpus(X12_850), X12);

  it('reads fields of the root and of top-level segments; the first selector is the root', () => {
    expect(inn.info).toMatchObject({ editype: 'x12', messagetype: '850004010VICS' });
    expect(inn.get({ BOTSID: 'ST', ST01: null })).toBe('850');
    expect(inn.get(ST, { BOTSID: 'BEG', BEG03: null })).toBe('08292233294');
    expect(inn.get(ST, { BOTSID: 'SE', SE01: null })).toBe('33');
    // Not from the root: nothing, as in Bots.
    expect(inn.get({ BOTSID: 'BEG', BEG03: null })).toBeUndefined();
    // An empty element (BEG04) and a position past the end count as absent.
    expect(inn.get(ST, { BOTSID: 'BEG', BEG04: null })).toBeUndefined();
    expect(inn.get(ST, { BOTSID: 'BEG', BEG09: null })).toBeUndefined();
  });

  it('filters by field values and searches on to the first record that has the field', () => {
    expect(inn.get(ST, { BOTSID: 'REF', REF01: 'PS', REF02: null })).toBe('R');
    expect(inn.get(ST, { BOTSID: 'REF', REF01: 'XX', REF02: null })).toBeUndefined();
    // PKG05 of the first PKG; TD5 has no TD504, and no other TD5 does either.
    expect(inn.get(ST, { BOTSID: 'PKG', PKG05: null })).toBe('PALLETIZE SHIPMENT');
    expect(inn.get(ST, { BOTSID: 'TD5', TD504: null })).toBeUndefined();
  });

  it('nests loops: N1 holds N3 and N4, PO1 holds PID and PO4, CTT holds AMT', () => {
    const parties = [...inn.getloop(ST, { BOTSID: 'N1' })];
    expect(parties).toHaveLength(1);
    const st = parties[0]!;
    expect(st.get({ BOTSID: 'N1', N102: null })).toBe('XYZ RETAIL');
    expect(st.get({ BOTSID: 'N1' }, { BOTSID: 'N3', N301: null })).toBe('31875 SOLON RD');
    expect(st.get({ BOTSID: 'N1' }, { BOTSID: 'N4', N403: null })).toBe('44139');
    expect(st.getcount()).toBe(3);
    expect(inn.get(ST, { BOTSID: 'N1', N101: 'ST' }, { BOTSID: 'N4', N401: null })).toBe('SOLON');
    expect(inn.get(ST, { BOTSID: 'N4', N401: null })).toBeUndefined();

    const lines = [...inn.getloop(ST, { BOTSID: 'PO1' })].map((line) => [
      line.get({ BOTSID: 'PO1', PO101: null }),
      line.get({ BOTSID: 'PO1', PO107: null }),
      line.get({ BOTSID: 'PO1' }, { BOTSID: 'PID', PID05: null }),
      line.getcount(),
    ]);
    expect(lines).toEqual([
      ['1', '065322-117', 'SMALL WIDGET', 3],
      ['2', '066850-116', 'MEDIUM WIDGET', 3],
      ['3', '060733-110', 'LARGE WIDGET', 3],
      ['4', '065308-116', 'NANO WIDGET', 3],
      ['5', '065374-118', 'BLUE WIDGET', 3],
      ['6', '067504-118', 'ORANGE WIDGET', 3],
    ]);
    expect(inn.get(ST, { BOTSID: 'CTT' }, { BOTSID: 'AMT', AMT02: null })).toBe('13045.94');
  });

  it('counts records and occurrences', () => {
    expect(inn.getcount()).toBe(33); // = SE01: every segment of the message is one record
    expect(inn.getcountoccurrences(ST, { BOTSID: 'PO1' })).toBe(6);
    expect(inn.getcountoccurrences(ST, { BOTSID: 'PO1' }, { BOTSID: 'PID' })).toBe(6);
    expect(inn.getcountoccurrences(ST, { BOTSID: 'PO1', PO103: 'EA', PO101: '2' })).toBe(1);
    expect(inn.getcountoccurrences(ST, { BOTSID: 'REF' })).toBe(2);
    expect(inn.getcountoccurrences({ BOTSID: 'SE' })).toBe(0);
    // A getloop over a whole path yields the records of the last selector under every match before it.
    expect(
      [...inn.getloop(ST, { BOTSID: 'PO1' }, { BOTSID: 'PO4' })].map((r) =>
        r.get({ BOTSID: 'PO4', PO401: null }),
      ),
    ).toEqual(['4', '2', '6', '4', '4', '6']);
  });
});

describe('getnozero and getdecimal', () => {
  const { inn } = parse(
    interchange([
      [
        'BEG*00*SA*PO-9**20240101',
        'PO1*1*007.50*EA*0.00',
        'PO1*2*-.5*EA*-0',
        'PO1*3*12A*EA*000',
        'PO1*4**EA*+3.',
      ],
    ]),
    X12,
  );
  const lines = [...inn.getloop(ST, { BOTSID: 'PO1' })];
  const po1 = (name: string): MappingSelector => ({ BOTSID: 'PO1', [name]: null });

  it('getnozero: a numeric zero counts as absent, other values are returned as they are', () => {
    expect(lines.map((line) => line.getnozero(po1('PO104')))).toEqual([
      undefined,
      undefined,
      undefined,
      '+3.',
    ]);
    expect(lines[0]!.getnozero(po1('PO103'))).toBe('EA');
    expect(lines[0]!.getnozero(po1('PO102'))).toBe('007.50');
    expect(inn.getnozero(ST, { BOTSID: 'BEG', BEG04: null })).toBeUndefined();
  });

  it('getdecimal: canonical decimals, undefined when absent, MappingValueError naming path and field', () => {
    expect(lines[0]!.getdecimal(po1('PO102'))).toBe('7.5');
    expect(lines[1]!.getdecimal(po1('PO102'))).toBe('-0.5');
    expect(lines[3]!.getdecimal(po1('PO102'))).toBeUndefined();
    expect(lines[3]!.getdecimal(po1('PO104'))).toBe('3');
    const error = thrown(() => lines[2]!.getdecimal(po1('PO102')));
    expect(error).toBeInstanceOf(MappingValueError);
    expect(error.message).toBe('ST/PO1/PO102: "12A" is not a number');
    expect(thrown(() => inn.getdecimal(ST, { BOTSID: 'BEG', BEG03: null })).message).toBe(
      'ST/BEG/BEG03: "PO-9" is not a number',
    );
  });

  it('canonicalDecimal', () => {
    const cases: [string, string][] = [
      ['007.50', '7.5'],
      ['-.5', '-0.5'],
      ['+3.', '3'],
      ['-0.00', '0'],
      ['100', '100'],
      ['0.010', '0.01'],
      ['-12.340', '-12.34'],
    ];
    for (const [given, expected] of cases) expect(canonicalDecimal(given)).toBe(expected);
  });
});

describe('malformed paths', () => {
  const { inn } = parse(corpus(X12_850), X12);
  const cases: [string, () => unknown, string][] = [
    ['no selector', () => inn.get(), 'get() needs a path: at least { BOTSID: ... }'],
    [
      'no BOTSID',
      () => inn.get(ST, { BEG03: null } as unknown as MappingSelector),
      'ST/undefined: get(): selector 2 has no BOTSID',
    ],
    [
      'a null field before the last selector',
      () => inn.get({ BOTSID: 'ST', ST01: null }, { BOTSID: 'BEG', BEG03: null }),
      'ST/BEG: get(): ST01: null is in selector 1; only the last selector names the field to return',
    ],
    [
      'two null fields',
      () => inn.get(ST, { BOTSID: 'BEG', BEG03: null, BEG05: null }),
      'ST/BEG: get(): the last selector names two fields to return (BEG03, BEG05); name one',
    ],
    [
      'no null field',
      () => inn.get(ST, { BOTSID: 'BEG' }),
      'ST/BEG: get(): the last selector names no field',
    ],
    [
      'a null field in getloop',
      () => inn.getloop(ST, { BOTSID: 'PO1', PO101: null }),
      'ST/PO1: getloop() selects records; PO101: null names a field',
    ],
    [
      'a number as filter',
      () =>
        inn.get(ST, { BOTSID: 'PO1', PO101: 1 } as unknown as MappingSelector, {
          BOTSID: 'PID',
          PID05: null,
        }),
      'ST/PO1/PID: get(): PO101 in selector 2 is number',
    ],
  ];
  it.each(cases)('%s is a MappingPathError', (_, call, message) => {
    const error = thrown(call);
    expect(error).toBeInstanceOf(MappingPathError);
    expect(error.message.startsWith(message)).toBe(true);
  });
});

describe('EDIFACT ORDERS input', () => {
  it('names elements by id and components by composite.id, with a grammar', () => {
    const { inn } = parse(corpus(EDIFACT_ORDERS), ORDERS);
    expect(inn.get(UNH, { BOTSID: 'BGM', 'C002.1001': null })).toBe('220');
    expect(inn.get(UNH, { BOTSID: 'BGM', 'C002.3055': null })).toBe('9');
    expect(inn.get(UNH, { BOTSID: 'BGM', 'C002.1131': null })).toBeUndefined();
    expect(inn.get(UNH, { BOTSID: 'BGM', 1004: null })).toBe('801715918011');
    expect(inn.get({ BOTSID: 'UNH', 'S009.0057': null })).toBe('EAN008');
    expect(inn.get(UNH, { BOTSID: 'DTM', 'C507.2005': '2', 'C507.2380': null })).toBe('201508060000');
    expect(inn.get(UNH, { BOTSID: 'NAD', 3035: 'DP', 'C082.3039': null })).toBe('8711576100019');
    // Positional names work with a grammar too.
    expect(inn.get(UNH, { BOTSID: 'BGM', BGM01: null })).toBe('220');
    expect(inn.get(UNH, { BOTSID: 'BGM', 'BGM01.03': null })).toBe('9');
    const lines = [...inn.getloop(UNH, { BOTSID: 'LIN' })];
    expect(lines.map((line) => line.get({ BOTSID: 'LIN' }, { BOTSID: 'QTY', 'C186.6060': null }))).toEqual([
      '8',
      '8',
    ]);
    expect(inn.getcount()).toBe(16);
  });

  it('reads a decimal comma (UNA) as a decimal', () => {
    const { inn } = parse(
      edifactMessage(['BGM+220+PO1', 'LIN+1', 'QTY+21:12,50'], 'ORDERS:D:96A:UN').replace(
        "UNA:+.? '",
        "UNA:+,? '",
      ),
      ORDERS,
    );
    expect(inn.get(UNH, { BOTSID: 'LIN' }, { BOTSID: 'QTY', 'C186.6060': null })).toBe('12,50');
    expect(inn.getdecimal(UNH, { BOTSID: 'LIN' }, { BOTSID: 'QTY', 'C186.6060': null })).toBe('12.5');
  });

  it('nests segment groups: SG2 NAD holds LOC and SG3 RFF; repeated ids get #2; positional without grammar', () => {
    const text = edifactMessage([
      'BGM+220+PO-77+9',
      'NAD+BY+5412345000013::9++Buyer Inc:Purchasing:Floor 2',
      'LOC+7+DOCK1',
      'RFF+VA:BE0123',
      'NAD+SU+5400000000003::9++Supplier Ltd',
      'RFF+VA:NL999',
      'LIN+1++4000862141404:SRS',
      'QTY+21:10',
    ]);
    const { inn } = parse(text, ORDERS);
    const buyer = { BOTSID: 'NAD', 3035: 'BY' };
    expect(inn.get(UNH, buyer, { BOTSID: 'LOC', 'C517.3225': null })).toBe('DOCK1');
    expect(inn.get(UNH, buyer, { BOTSID: 'RFF', 'C506.1154': null })).toBe('BE0123');
    expect(inn.get(UNH, { BOTSID: 'NAD', 3035: 'SU' }, { BOTSID: 'RFF', 'C506.1154': null })).toBe('NL999');
    expect(inn.get(UNH, buyer, { BOTSID: 'LOC', 'C517.3225': null })).toBe('DOCK1');
    expect(inn.get(UNH, { ...buyer, 'C080.3036': null })).toBe('Buyer Inc');
    expect(inn.get(UNH, { ...buyer, 'C080.3036#2': null })).toBe('Purchasing');
    expect(inn.get(UNH, { ...buyer, 'C080.3036#3': null })).toBe('Floor 2');
    expect(inn.getcountoccurrences(UNH, { BOTSID: 'NAD' }, { BOTSID: 'RFF' })).toBe(2);

    const plain = parse(text).inn;
    expect(plain.get(UNH, { BOTSID: 'BGM', BGM02: null })).toBe('PO-77');
    expect(plain.get(UNH, { BOTSID: 'NAD', NAD01: 'BY', 'NAD04.02': null })).toBe('Purchasing');
    expect(plain.get(UNH, { BOTSID: 'BGM', 1004: null })).toBeUndefined();
  });
});

describe('record-format input', () => {
  it('JSON: the document object is the root, nested objects and arrays are child records', () => {
    const { inn } = parse(fixture('records/orders.json'), grammarFixture('json-orders.json'), 'json');
    const order = { BOTSID: 'order' };
    expect(inn.get({ BOTSID: 'order', number: null })).toBe('PO-1001');
    expect(inn.getdecimal({ BOTSID: 'order', total: null })).toBe('112.5');
    expect(
      [...inn.getloop(order, { BOTSID: 'line' })].map((l) => l.get({ BOTSID: 'line', sku: null })),
    ).toEqual(['ABC-1', 'Größe "XL"', 'ZZ-9']);
    expect(inn.get(order, { BOTSID: 'line', line: '2', qty: null })).toBe('1.5');
    expect(inn.getcount()).toBe(4);
  });

  it('JSON without a grammar: property names; an array document has one root per object', () => {
    const { inn } = parse('[{"id": "a", "n": 1}, {"id": "b", "n": 2}]', undefined, 'json');
    expect(inn.roots.map((root) => root.tag)).toEqual(['root', 'root']);
    expect(inn.get({ BOTSID: 'root', id: 'b', n: null })).toBe('2');
    expect(inn.getcountoccurrences({ BOTSID: 'root' })).toBe(2);
  });

  it('XML: attributes as @name, elements as fields, repeated records', () => {
    const { inn } = parse(fixture('records/orders.xml'), undefined, 'xml');
    expect(inn.get({ BOTSID: 'order', '@number': null })).toBe('PO-1001');
    expect(inn.get({ BOTSID: 'order', currency: null })).toBe('EUR');
    expect(inn.get({ BOTSID: 'order' }, { BOTSID: 'line', '@line': '2', sku: null })).toBe(
      'Größe "XL" & more',
    );
    expect(inn.getcountoccurrences({ BOTSID: 'order' }, { BOTSID: 'line' })).toBe(3);
  });

  it('CSV: every order header is a root holding its lines; fields by the grammar ids of each record', () => {
    const { inn } = parse(fixture('records/orders.csv'), grammarFixture('csv-orders.json'), 'csv');
    const orders = [...inn.getloop({ BOTSID: 'HEA' })];
    expect(orders.map((o) => o.get({ BOTSID: 'HEA', order_number: null }))).toEqual(['PO-1001', 'PO-1002']);
    // The header line names HEA's columns only; LIN fields are read by LIN's ids.
    expect(orders.map((o) => o.getcountoccurrences({ BOTSID: 'HEA' }, { BOTSID: 'LIN' }))).toEqual([3, 1]);
    expect(orders[0]!.get({ BOTSID: 'HEA' }, { BOTSID: 'LIN', line_number: '2', description: null })).toBe(
      'Pipe 3/4" copper',
    );
    expect(inn.get({ BOTSID: 'HEA', order_number: 'PO-1002', buyer: null })).toBe('Müller Großhandel GmbH');
    expect(inn.getcount()).toBe(6);
  });
});
