import { describe, expect, it } from 'vitest';
import {
  EDIFACT_DEFAULT_SEPARATORS,
  X12_DEFAULT_SEPARATORS,
  type Separators,
} from '../../../engine/core/separators.js';
import type { ElementDef } from '../../../engine/core/grammar.js';
import { InterchangeWriter } from '../../../engine/core/interchange-writer.js';
import { SegmentWriter, type WriteLayout } from '../../../engine/core/segment-writer.js';
import { formatSegment, formatValue } from '../../../engine/core/value-formatter.js';
import { WriteError } from '../../../engine/core/write-error.js';
import { Repeated } from '../../../engine/core/segment.js';
import { validateInput } from '../../../engine/runtime/file-validator.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';
import { shipped } from '../../helpers/grammars.js';

const X12 = X12_DEFAULT_SEPARATORS;
const layout = (separators: Separators, more: Partial<WriteLayout> = {}): WriteLayout => ({
  separators,
  lineBreak: '',
  keepTrailingEmpty: false,
  repeats: true,
  ...more,
});
const def = (format: ElementDef['format'], min: number, max: number, decimals?: number): ElementDef => ({
  id: '',
  name: '',
  mandatory: true,
  format,
  min,
  max,
  ...(decimals !== undefined && { decimals }),
});

describe('segment writer', () => {
  it('escapes EDIFACT separators and the release character with the release character', () => {
    const w = new SegmentWriter('edifact', layout(EDIFACT_DEFAULT_SEPARATORS, { repeats: false }));
    expect(w.write({ tag: 'FTX', elements: ['AAI', '', '', ["it's 5+5:10?", 'ok*']] })).toBe(
      "FTX+AAI+++it?'s 5?+5?:10??:ok*'",
    );
    const v4 = new SegmentWriter('edifact', layout(EDIFACT_DEFAULT_SEPARATORS, { repeats: true }));
    expect(v4.write({ tag: 'FTX', elements: ['a*b'] })).toBe("FTX+a?*b'");
  });

  it('refuses an X12 value holding a separator unless a replacement is configured', () => {
    const w = new SegmentWriter('x12', layout(X12));
    expect(() => w.write({ tag: 'N1', elements: ['ST', 'Smith*Jones'] })).toThrow(WriteError);
    expect(() => w.write({ tag: 'N1', elements: ['ST', 'Smith*Jones'] })).toThrow(
      /^N102: "Smith\*Jones" contains a separator/,
    );
    const replacing = new SegmentWriter('x12', layout(X12, { x12Replacement: ' ' }));
    expect(replacing.write({ tag: 'N1', elements: ['ST', 'Smith*Jones~Co'] })).toBe('N1*ST*Smith Jones Co~');
  });

  it('writes the ISA verbatim, composites, repetitions, line breaks, and drops trailing empties', () => {
    const w = new SegmentWriter('x12', layout(X12, { lineBreak: '\r\n' }));
    expect(w.write({ tag: 'ISA', elements: ['00', '^', ':'] })).toBe('ISA*00*^*:~\r\n');
    expect(w.write({ tag: 'REF', elements: ['ZZ', ['A', 'B', ''], new Repeated(['1', '2']), '', ''] })).toBe(
      'REF*ZZ*A:B*1^2~\r\n',
    );
    const keep = new SegmentWriter('x12', layout(X12, { keepTrailingEmpty: true }));
    expect(keep.write({ tag: 'N1', elements: ['ST', '', ''] })).toBe('N1*ST**~');
  });
});

describe('value formatting', () => {
  const f = (value: string | number | Date, d: ElementDef, decimal: '.' | ',' = '.') =>
    formatValue(value, d, { decimal, position: 'X01' });

  it('formats numbers by their format', () => {
    expect(f(12.5, def('N', 1, 10, 2))).toBe('1250');
    expect(f(-0.07, def('N', 1, 10, 2))).toBe('-7');
    expect(f(12.5, def('R', 1, 10))).toBe('12.5');
    expect(f(1e-7, def('R', 1, 10))).toBe('0.0000001');
    expect(f('12.50', def('R', 1, 10))).toBe('12.50');
    expect(f(3.25, def('n', 1, 15), ',')).toBe('3,25');
    expect(f(7, def('N', 9, 9, 0))).toBe('000000007');
  });

  it('formats dates and times and pads fixed widths', () => {
    const when = new Date(Date.UTC(2024, 1, 29, 8, 5, 9));
    expect(f(when, def('DT', 8, 8))).toBe('20240229');
    expect(f(when, def('DT', 6, 6))).toBe('240229');
    expect(f('2024-02-29', def('DT', 8, 8))).toBe('20240229');
    expect(f(when, def('TM', 4, 4))).toBe('0805');
    expect(f(when, def('TM', 4, 8))).toBe('080509');
    expect(f('ACME', def('AN', 15, 15))).toBe('ACME           ');
  });

  it('formats a whole ISA from plain values to its fixed widths', () => {
    const envelope = shipped('x12', 'x12-envelope-00401').grammar.segments.ISA!;
    const isa = formatSegment(
      'ISA',
      [
        '00',
        '',
        '00',
        '',
        'ZZ',
        'ACME',
        'ZZ',
        'SHOP',
        new Date(Date.UTC(2024, 0, 2, 3, 4)),
        new Date(Date.UTC(2024, 0, 2, 3, 4)),
        'U',
        '00401',
        42,
        '0',
        'P',
        ':',
      ],
      envelope,
      '.',
    );
    const text = new SegmentWriter('x12', layout({ ...X12, repetition: '' })).write(isa);
    expect(text).toBe(
      'ISA*00*          *00*          *ZZ*ACME           *ZZ*SHOP           *240102*0304*U*00401*000000042*0*P*:~',
    );
    expect(text.length).toBe(106);
  });

  it('raises typed errors for values that do not fit', () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        return error instanceof WriteError ? `${error.code} ${error.message}` : 'other';
      }
      return 'none';
    };
    expect(code(() => f('ABCDEFGHIJKLMNOP', def('AN', 15, 15)))).toBe(
      'VALUE_TOO_LONG X01: "ABCDEFGHIJKLMNOP" is 16 characters long; the element allows at most 15',
    );
    expect(code(() => f('twelve', def('R', 1, 10)))).toMatch(/^VALUE_NOT_NUMBER/);
    expect(code(() => f('20240230', def('DT', 8, 8)))).toMatch(/^VALUE_NOT_DATE/);
    expect(code(() => f('2561', def('TM', 4, 4)))).toMatch(/^VALUE_NOT_TIME/);
    expect(code(() => f(123456.78, def('N', 1, 6, 2)))).toMatch(/^VALUE_TOO_LONG/);
  });
});

describe('interchange writer', () => {
  const catalog = new GrammarCatalog(undefined);

  it('computes SE, GE and IEA counts and references; the output validates against the 850 grammar', () => {
    let text = '';
    const w = new InterchangeWriter(
      'x12',
      layout({ ...X12, repetition: '' }, { lineBreak: '\n', repeats: false }),
      (t) => (text += t),
    );
    w.startInterchange([
      '00',
      '          ',
      '00',
      '          ',
      'ZZ',
      'SENDER         ',
      'ZZ',
      'RECEIVER       ',
      '240101',
      '1200',
      'U',
      '00401',
      '000000042',
      '0',
      'P',
      ':',
    ]);
    w.startGroup(['PO', 'SENDER', 'RECEIVER', '20240101', '1200', '7', 'X', '004010']);
    for (const ref of ['0001', '0002'])
      w.message(
        ['850', ref],
        [
          { tag: 'BEG', elements: ['00', 'SA', `PO${ref}`, '', '20240101'] },
          { tag: 'PO1', elements: ['1', '10', 'EA', '2.5', '', 'VP', 'X1'] },
          { tag: 'CTT', elements: ['1'] },
        ],
      );
    w.endGroup();
    w.endInterchange();
    expect(text).toContain('SE*5*0001~\n');
    expect(text).toContain('GE*2*7~\nIEA*1*000000042~\n');
    const result = validateInput((push) => push(Buffer.from(text)), catalog);
    expect(result.issues.items).toEqual([]);
    expect(result.messages).toBe(2);
  });

  it('writes EDIFACT with UNA, without groups, and counts messages in UNZ', () => {
    let text = '';
    const w = new InterchangeWriter(
      'edifact',
      layout({ ...EDIFACT_DEFAULT_SEPARATORS, repetition: '' }, { repeats: false }),
      (t) => (text += t),
    );
    w.startInterchange([['UNOC', '3'], 'SENDER', 'RECEIVER', ['240101', '1200'], 'REF1'], true);
    w.message(
      ['1', ['ORDERS', 'D', '96A', 'UN']],
      [
        { tag: 'BGM', elements: ['220', 'PO1', '9'] },
        { tag: 'DTM', elements: [['137', '20240101', '102']] },
        { tag: 'UNS', elements: ['S'] },
      ],
    );
    w.endInterchange();
    expect(text).toBe(
      "UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+240101:1200+REF1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO1+9'DTM+137:20240101:102'UNS+S'UNT+5+1'UNZ+1+REF1'",
    );
    expect(validateInput((push) => push(Buffer.from(text)), catalog).issues.items).toEqual([]);
  });

  it('refuses calls out of order with a plain error', () => {
    const w = new InterchangeWriter('x12', layout(X12), () => undefined);
    expect(() => w.message(['850', '1'], [])).toThrow(
      'an X12 transaction set needs an interchange and a group',
    );
    expect(() => w.endGroup()).toThrow(/cannot end a group here/);
  });
});
