// Outgoing envelope headers (outbound-envelope.ts): the ISA to the fixed widths of the shipped envelope grammar
// with ISA11/ISA12 by version, ISA14/ISA15 and partner values; GS and ST headers; EDIFACT type ids split into
// the UNH S009 parts; the UNB with and without qualifiers, 0031/0035 and trailing empty elements trimmed.
import { describe, expect, it } from 'vitest';
import type { SegmentDef } from '../../../engine/core/grammar.js';
import {
  edifactInterchangeHeader,
  edifactMessageHeader,
  edifactTypeParts,
  functionalId,
  x12GroupHeader,
  x12InterchangeHeader,
  x12MessageHeader,
  x12TypeParts,
  type EdifactInterchangeValues,
  type X12InterchangeValues,
} from '../../../engine/core/outbound-envelope.js';
import type { ElementValue } from '../../../engine/core/segment.js';
import { SegmentWriter } from '../../../engine/core/segment-writer.js';
import { WriteError } from '../../../engine/core/write-error.js';
import { X12_DEFAULT_SEPARATORS } from '../../../engine/core/separators.js';
import { shipped } from '../../helpers/grammars.js';

const ISA_4010: SegmentDef = shipped('x12', 'x12-envelope-00401').grammar.segments.ISA!;
const ISA_5010: SegmentDef = shipped('x12', 'x12-envelope-00501').grammar.segments.ISA!;
const AT = new Date(Date.UTC(2024, 2, 5, 7, 9, 30));

function x12Values(more: Partial<X12InterchangeValues> = {}): X12InterchangeValues {
  return {
    sender: { qualifier: '01', id: 'OURID' },
    receiver: { qualifier: 'ZZ', id: 'THEIRID' },
    control: 42,
    test: false,
    askAck: false,
    at: AT,
    version: '004010',
    component: ':',
    repetition: '^',
    values: {},
    ...more,
  };
}

/** The ISA as written (X12 separators, no line break, no repetition separator handling needed for ISA). */
function isaText(elements: ElementValue[]): string {
  const writer = new SegmentWriter('x12', {
    separators: X12_DEFAULT_SEPARATORS,
    lineBreak: '',
    keepTrailingEmpty: false,
    repeats: true,
  });
  return writer.write({ tag: 'ISA', elements });
}

describe('x12InterchangeHeader', () => {
  it('writes a 004010 ISA of 106 characters with U and 00401', () => {
    const elements = x12InterchangeHeader(x12Values(), ISA_4010);
    expect(elements).toHaveLength(16);
    const text = isaText(elements);
    expect(text).toBe(
      'ISA*00*          *00*          *01*OURID          *ZZ*THEIRID        *240305*0709*U*00401*000000042*0*P*:~',
    );
    expect(text).toHaveLength(106);
  });

  it('writes a 005010 ISA with the repetition separator in ISA11 and 00501', () => {
    const elements = x12InterchangeHeader(x12Values({ version: '005010', repetition: '^' }), ISA_5010);
    expect(elements[10]).toBe('^');
    expect(elements[11]).toBe('00501');
    expect(isaText(elements)).toHaveLength(106);
    // A 005010 interchange takes ^ when no repetition separator is given, and ignores an ISA11 value.
    const defaulted = x12InterchangeHeader(
      x12Values({ version: '005010X231A1', repetition: '', values: { ISA11: 'U' } }),
      ISA_5010,
    );
    expect(defaulted[10]).toBe('^');
    expect(defaulted[11]).toBe('00501');
  });

  it('takes ISA11 from the partner values for 004010 only', () => {
    const elements = x12InterchangeHeader(x12Values({ values: { ISA11: 'V' } }), ISA_4010);
    expect(elements[10]).toBe('V');
    expect(elements[11]).toBe('00401');
  });

  it('writes ISA13 as 9 digits, ISA14 from askAck, ISA15 from test, ISA16 the component separator', () => {
    const plain = x12InterchangeHeader(x12Values({ control: 7 }), ISA_4010);
    expect(plain.slice(12)).toEqual(['000000007', '0', 'P', ':']);
    const asked = x12InterchangeHeader(
      x12Values({ control: 123456789, askAck: true, test: true, component: '>' }),
      ISA_4010,
    );
    expect(asked.slice(12)).toEqual(['123456789', '1', 'T', '>']);
  });

  it('writes the date and time in UTC as YYMMDD and HHMM', () => {
    const elements = x12InterchangeHeader(
      x12Values({ at: new Date(Date.UTC(2031, 11, 31, 23, 59, 59)) }),
      ISA_4010,
    );
    expect(elements.slice(8, 10)).toEqual(['311231', '2359']);
  });

  it('pads the parties to 15 and defaults an empty qualifier to ZZ', () => {
    const elements = x12InterchangeHeader(
      x12Values({ sender: { qualifier: '', id: 'A' }, receiver: { qualifier: '', id: 'B' } }),
      ISA_4010,
    );
    expect(elements.slice(4, 8)).toEqual(['ZZ', 'A'.padEnd(15), 'ZZ', 'B'.padEnd(15)]);
  });

  it('lets the partner envelope values override ISA01..ISA08', () => {
    const elements = x12InterchangeHeader(
      x12Values({
        values: {
          ISA01: '03',
          ISA02: 'SECRET',
          ISA03: '01',
          ISA04: 'PASSWORD',
          ISA05: '12',
          ISA06: '5551234567',
          ISA07: '08',
          ISA08: '9254110060',
        },
      }),
      ISA_4010,
    );
    expect(elements.slice(0, 8)).toEqual([
      '03',
      'SECRET    ',
      '01',
      'PASSWORD  ',
      '12',
      '5551234567     ',
      '08',
      '9254110060     ',
    ]);
    expect(isaText(elements)).toHaveLength(106);
  });

  it('refuses a party id longer than the ISA allows', () => {
    expect(() =>
      x12InterchangeHeader(x12Values({ sender: { qualifier: 'ZZ', id: 'A'.repeat(16) } }), ISA_4010),
    ).toThrow(WriteError);
  });
});

describe('x12GroupHeader and x12MessageHeader', () => {
  it('writes GS01..GS08 from the values given', () => {
    expect(
      x12GroupHeader({
        functionalId: 'PO',
        sender: 'OURID',
        receiver: 'THEIRID',
        control: 17,
        at: AT,
        version: '004010',
        values: {},
      }),
    ).toEqual(['PO', 'OURID', 'THEIRID', '20240305', '0709', '17', 'X', '004010']);
  });

  it('takes GS02 and GS03 (application codes) from the partner values', () => {
    const gs = x12GroupHeader({
      functionalId: 'IN',
      sender: 'OURID',
      receiver: 'THEIRID',
      control: 1,
      at: AT,
      version: '005010',
      values: { GS02: 'OURAPP', GS03: 'THEIRAPP' },
    });
    expect(gs.slice(1, 3)).toEqual(['OURAPP', 'THEIRAPP']);
    expect(gs[7]).toBe('005010');
  });

  it('pads ST02 to at least 4 digits and writes ST03 only when given', () => {
    expect(x12MessageHeader('850', 1)).toEqual(['850', '0001']);
    expect(x12MessageHeader('850', 12345)).toEqual(['850', '12345']);
    expect(x12MessageHeader('999', 7, '005010X231A1')).toEqual(['999', '0007', '005010X231A1']);
    expect(x12MessageHeader('850', 7, '')).toEqual(['850', '0007']);
  });

  it('knows GS01 for the common sets and nothing for others', () => {
    expect(functionalId('850')).toBe('PO');
    expect(functionalId('810')).toBe('IN');
    expect(functionalId('856')).toBe('SH');
    expect(functionalId('997')).toBe('FA');
    expect(functionalId('999')).toBe('FA');
    expect(functionalId('123')).toBeUndefined();
  });

  // BUG (outbound-envelope.ts functionalId): a plain-object lookup, so a set id that names an Object.prototype
  // member ('toString', 'constructor', ...) returns that function instead of undefined; the merger then writes
  // its source text as GS01 instead of refusing the set. ST01 comes from the mapping, so any text can get here.
  it('knows nothing for set ids that are Object.prototype members', () => {
    expect(functionalId('toString')).toBeUndefined();
    expect(functionalId('constructor')).toBeUndefined();
  });

  it('splits an X12 message type into set and version, 004010 by default', () => {
    expect(x12TypeParts('850004010')).toEqual({ set: '850', version: '004010' });
    expect(x12TypeParts('999005010X231A1')).toEqual({ set: '999', version: '005010X231A1' });
    expect(x12TypeParts('850')).toEqual({ set: '850', version: '004010' });
  });
});

describe('edifactTypeParts and edifactMessageHeader', () => {
  it('splits Bots message type ids', () => {
    expect(edifactTypeParts('ORDERSD96AUN')).toEqual({
      type: 'ORDERS',
      version: 'D',
      release: '96A',
      agency: 'UN',
      association: '',
    });
    expect(edifactTypeParts('ORDERSD96AUNEAN008')).toEqual({
      type: 'ORDERS',
      version: 'D',
      release: '96A',
      agency: 'UN',
      association: 'EAN008',
    });
    expect(edifactTypeParts('CONTRL22UN')).toEqual({
      type: 'CONTRL',
      version: '2',
      release: '2',
      agency: 'UN',
      association: '',
    });
    expect(edifactTypeParts('CONTRLD3UN')).toEqual({
      type: 'CONTRL',
      version: 'D',
      release: '3',
      agency: 'UN',
      association: '',
    });
    expect(edifactTypeParts('CONTRL41UN')).toEqual({
      type: 'CONTRL',
      version: '4',
      release: '1',
      agency: 'UN',
      association: '',
    });
  });

  it('is undefined for what is not such an id', () => {
    expect(edifactTypeParts('ORDERS')).toBeUndefined();
    expect(edifactTypeParts('ordersd96aun')).toBeUndefined();
    expect(edifactTypeParts('850004010')).toBeUndefined();
    expect(edifactTypeParts('ORDERSD96A')).toBeUndefined();
    expect(edifactTypeParts('')).toBeUndefined();
  });

  it('writes UNH 0062 and S009 with the association only when there is one', () => {
    expect(edifactMessageHeader('5', edifactTypeParts('ORDERSD96AUN')!)).toEqual([
      '5',
      ['ORDERS', 'D', '96A', 'UN'],
    ]);
    expect(edifactMessageHeader('6', edifactTypeParts('ORDERSD96AUNEAN008')!)).toEqual([
      '6',
      ['ORDERS', 'D', '96A', 'UN', 'EAN008'],
    ]);
  });
});

describe('edifactInterchangeHeader', () => {
  function unb(more: Partial<EdifactInterchangeValues> = {}): ElementValue[] {
    return edifactInterchangeHeader({
      sender: { qualifier: '14', id: '5412345000013' },
      receiver: { qualifier: '14', id: '8712345000014' },
      control: 31,
      test: false,
      askAck: false,
      at: AT,
      values: {},
      ...more,
    });
  }

  it('writes S001 UNOC:3, the parties with their qualifiers, S004 and 0020, nothing after', () => {
    expect(unb()).toEqual([
      ['UNOC', '3'],
      ['5412345000013', '14'],
      ['8712345000014', '14'],
      ['240305', '0709'],
      '31',
    ]);
  });

  it('writes a party without qualifier as a plain id', () => {
    const elements = unb({ sender: { qualifier: '', id: 'US' }, receiver: { qualifier: '', id: 'THEM' } });
    expect(elements.slice(1, 3)).toEqual(['US', 'THEM']);
  });

  it('writes 0031 for askAck and 0035 for test at their positions, empty ones between', () => {
    expect(unb({ askAck: true }).slice(5)).toEqual(['', '', '', '1']);
    expect(unb({ test: true }).slice(5)).toEqual(['', '', '', '', '', '1']);
    expect(unb({ askAck: true, test: true }).slice(5)).toEqual(['', '', '', '1', '', '1']);
  });

  it('takes partner values for syntax, parties, 0026 and 0032, trimming trailing empties', () => {
    const elements = unb({
      values: {
        'UNB.S001.0001': 'UNOA',
        'UNB.S001.0002': '4',
        'UNB.S002.0004': 'OURS',
        'UNB.S002.0007': 'ZZ',
        'UNB.S003.0010': 'THEIRS',
        'UNB.S003.0007': '',
        'UNB.0026': 'ORDERS',
        'UNB.0032': 'EANCOM',
      },
    });
    expect(elements).toEqual([
      ['UNOA', '4'],
      ['OURS', 'ZZ'],
      'THEIRS',
      ['240305', '0709'],
      '31',
      '',
      'ORDERS',
      '',
      '',
      'EANCOM',
    ]);
    expect(unb({ values: { 'UNB.0026': 'APP' } }).slice(5)).toEqual(['', 'APP']);
  });
});
