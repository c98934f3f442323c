import { describe, expect, it } from 'vitest';
import { edifactMessage, outline, shipped, validateText } from '../../helpers/grammars.js';
import { interchange } from '../../helpers/x12.js';

const orders = shipped('edifact', 'ORDERSD96AUN');

// NAD, RFF and DTM occur in the header, in header groups and in line groups: each must land in its own group.
const ordersBody = [
  'BGM+220+PO1+9',
  'DTM+137:20240101:102',
  'RFF+CT:C1',
  'DTM+171:20240102:102',
  'NAD+BY+5412345000013::9',
  'RFF+VA:VAT1',
  'DTM+171:20240103:102',
  'LIN+1++4000862141404:EN',
  'DTM+2:20240110:102',
  'RFF+LI:L1',
  'DTM+171:20240104:102',
  'NAD+DP+5412345000020::9',
  'LIN+2++4000862141411:EN',
  'UNS+S',
  'CNT+2:2',
];

describe('structure matcher: EDIFACT segment groups', () => {
  it('places NAD, RFF and DTM in the right group at every level of ORDERS D96A', () => {
    const { tree, issues } = validateText(edifactMessage(ordersBody), orders);
    expect(issues.items).toEqual([]);
    expect(outline(tree)).toBe(
      'UNH BGM DTM SG1(RFF DTM) SG2(NAD SG3(RFF DTM)) SG25(LIN DTM SG29(RFF DTM) SG35(NAD)) SG25(LIN) UNS CNT UNT',
    );
  });

  it('reports a segment after UNS that belongs to an earlier group at its own line', () => {
    const body = [...ordersBody.slice(0, -1), 'NAD+SU+5412345000037::9', 'CNT+2:2'];
    const { tree, issues } = validateText(edifactMessage(body), orders);
    expect(issues.items.map((i) => [i.code, i.location.segmentId, i.location.line])).toEqual([
      ['SEGMENT_OUT_OF_ORDER', 'NAD', 18],
    ]);
    expect(outline(tree)).toContain('UNS NAD CNT UNT');
  });

  it('names a segment the message does not have at all', () => {
    const { issues } = validateText(
      edifactMessage(['BGM+220+PO1+9', 'DTM+137:20240101:102', 'XYZ+1', 'UNS+S']),
      orders,
    );
    expect(issues.items.map((i) => [i.code, i.location.segmentId, i.location.segmentNumber])).toEqual([
      ['SEGMENT_UNKNOWN', 'XYZ', 4],
    ]);
  });

  it('reports a missing mandatory segment where its absence shows', () => {
    const { issues } = validateText(edifactMessage(['DTM+137:20240101:102', 'UNS+S']), orders);
    expect(issues.items.map((i) => [i.code, i.location.segmentId, i.location.line])).toEqual([
      ['SEGMENT_MISSING', 'BGM', 4],
    ]);
    expect(issues.items[0]!.message).toBe('mandatory segment BGM is missing (expected before DTM)');
  });

  it('reports too many repetitions once, at the first one over the maximum', () => {
    const dtms = Array.from({ length: 37 }, () => 'DTM+137:20240101:102');
    const { issues } = validateText(edifactMessage(['BGM+220+PO1+9', ...dtms, 'UNS+S']), orders);
    expect(issues.items.map((i) => [i.code, i.location.segmentNumber])).toEqual([['SEGMENT_TOO_MANY', 38]]);
  });

  it('checks the mandatory content of a group that occurs (SG54 needs MOA)', () => {
    const { issues } = validateText(
      edifactMessage(['BGM+220+PO1+9', 'DTM+137:20240101:102', 'UNS+S', 'ALC+A']),
      orders,
    );
    expect(issues.items.map((i) => [i.code, i.location.segmentId])).toEqual([['SEGMENT_MISSING', 'MOA']]);
  });

  it('reports a missing mandatory UNS at the end of the message', () => {
    const { issues } = validateText(edifactMessage(['BGM+220+PO1+9', 'DTM+137:20240101:102']), orders);
    expect(issues.items.map((i) => [i.code, i.location.segmentId])).toEqual([['SEGMENT_MISSING', 'UNS']]);
  });
});

describe('structure matcher: X12 loops', () => {
  const po850 = shipped('x12', '850004010');

  it('repeats a loop on its trigger and enforces its maximum', () => {
    const n1 = (id: string) => [`N1*ST*Store ${id}*92*000${id}`, `N3*${id} Main Street`];
    const body = ['BEG*00*SA*PO1**20240101', ...n1('1'), ...n1('2'), 'PO1*1*10*EA*2.5**VP*X1', 'CTT*1'];
    const { tree, issues } = validateText(interchange([body]), po850);
    expect(issues.items).toEqual([]);
    expect(outline(tree)).toBe('ST BEG N1(N1 N3) N1(N1 N3) PO1(PO1) CTT(CTT) SE');
  });

  it('nests HL loops by their parent id when validating with a grammar', () => {
    const asn = shipped('x12', '856004010');
    const body = [
      'BSN*00*SHIP1*20240101*1200',
      'HL*1**S',
      'TD1*CTN*1',
      'HL*2*1*O',
      'PRF*PO1',
      'HL*3*2*I',
      'LIN**VP*X1',
      'SN1**10*EA',
      'HL*4*1*O',
      'PRF*PO2',
      'CTT*2',
    ];
    const text = interchange([body]).replace('ST*850', 'ST*856').replace('GS*PO', 'GS*SH');
    const { tree, issues } = validateText(text, asn);
    expect(issues.items).toEqual([]);
    expect(outline(tree)).toBe('ST BSN HL(HL TD1 HL(HL PRF HL(HL LIN SN1)) HL(HL PRF)) CTT SE');
  });
});
