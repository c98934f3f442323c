import { describe, expect, it } from 'vitest';
import { checkEdifactDate } from '../../../engine/core/edifact-dates.js';
import { IssueList } from '../../../engine/core/issue.js';
import { validateMessage } from '../../../engine/core/message-validator.js';
import { checkFormat, valueLength } from '../../../engine/core/value-formats.js';
import type { ElementDef } from '../../../engine/core/grammar.js';
import { edifactMessage, shipped, validateText } from '../../helpers/grammars.js';
import { read } from '../../helpers/read.js';
import { interchange } from '../../helpers/x12.js';

const po850 = shipped('x12', '850004010');
const orders = shipped('edifact', 'ORDERSD96AUN');
const def = (format: ElementDef['format'], min = 1, max = 35): ElementDef => ({
  id: '',
  name: '',
  mandatory: false,
  format,
  min,
  max,
});

function x12Issues(body: string[]): [string, string, number | undefined, number | undefined][] {
  const { issues } = validateText(interchange([body]), po850);
  return issues.items.map((i) => [i.code, `${i.location.segmentId}`, i.location.element, i.location.column]);
}

const okTail = ['PO1*1*10*EA*2.5**VP*X1', 'CTT*1'];

describe('element checks (X12 850)', () => {
  it('accepts a valid purchase order', () => {
    expect(x12Issues(['BEG*00*SA*PO1**20240101', ...okTail])).toEqual([]);
  });

  it('reports an impossible date with the column of the element', () => {
    // ISA is 106 chars, GS..ST follow on the same line; the DTM02 column is found from the raw segment.
    const text = interchange([['BEG*00*SA*PO1**20240101', 'DTM*002*20241345', ...okTail]]);
    const { issues } = validateText(text, po850);
    expect(issues.items.map((i) => [i.code, i.location.segmentId, i.location.element])).toEqual([
      ['DATE_INVALID', 'DTM', 2],
    ]);
    const dtm = text.indexOf('DTM*002*');
    expect(issues.items[0]!.location.offset).toBe(dtm + 'DTM*002*'.length);
    expect(issues.items[0]!.message).toContain('"20241345" is not a real date');
  });

  it('reports missing mandatory elements, lengths, numbers and too many elements', () => {
    expect(x12Issues(['BEG*00**PO1**20240101', ...okTail]).map((i) => i.slice(0, 3))).toEqual([
      ['ELEMENT_MISSING', 'BEG', 2],
    ]);
    expect(x12Issues(['BEG*00*SAX*PO1**20240101', ...okTail]).map((i) => i[0])).toEqual(['ELEMENT_TOO_LONG']);
    expect(
      x12Issues(['BEG*00*SA*PO1**20240101', 'PO1*1*1O*EA*2.5**VP*X1', 'CTT*1']).map((i) => i[0]),
    ).toEqual(['NUMBER_INVALID']);
    expect(
      x12Issues(['BEG*00*SA*PO1**20240101*C*AB*ABC*AB*AB*AB*AB*X', ...okTail]).map((i) => i.slice(0, 3)),
    ).toEqual([['ELEMENT_TOO_MANY', 'BEG', 13]]);
  });

  it('reports a repetition in an element that does not repeat (00402 and later)', () => {
    const text = interchange([['BEG*00*SA^NE*PO1**20240101', ...okTail]], {
      repetition: '^',
      version: '00402',
    });
    const { issues } = validateText(text, po850);
    expect(issues.items.map((i) => i.code)).toEqual(['REPEAT_TOO_MANY']);
  });
});

describe('element checks (EDIFACT ORDERS D96A)', () => {
  const codes = (body: string[], syntax?: string): string[] =>
    validateText(
      edifactMessage(['BGM+220+PO1+9', ...body], 'ORDERS:D:96A:UN', syntax),
      orders,
    ).issues.items.map(
      (i) =>
        `${i.code} ${i.location.segmentId}${String(i.location.element ?? '').padStart(2, '0')}-${String(i.location.component ?? '').padStart(2, '0')}`,
    );

  it('checks dates by their format qualifier', () => {
    expect(codes(['DTM+137:20240101:102', 'UNS+S'])).toEqual([]);
    expect(codes(['DTM+137:20240230:102', 'UNS+S'])).toEqual(['DATE_INVALID DTM01-02']);
    expect(codes(['DTM+137:202401011260:203', 'UNS+S'])).toEqual(['DATE_INVALID DTM01-02']);
    expect(codes(['DTM+137:20240101-20240105:718', 'UNS+S'])).toEqual([]);
  });

  it('checks code lists, numbers and components', () => {
    expect(codes(['DTM+999:20240101:102', 'UNS+S'])).toEqual(['CODE_INVALID DTM01-01']);
    expect(codes(['DTM+137:20240101:102', 'UNS+S', 'MOA+86:12a'])).toEqual(['NUMBER_INVALID MOA01-02']);
    expect(codes(['DTM+137:20240101:102:X', 'UNS+S'])).toEqual(['COMPONENT_TOO_MANY DTM01-04']);
    expect(codes(['DTM+:20240101:102', 'UNS+S'])).toEqual(['ELEMENT_MISSING DTM01-01']);
  });

  it('applies the charset check mode to characters outside UNOA', () => {
    const text = edifactMessage(
      ['BGM+220+po1+9', 'DTM+137:20240101:102', 'UNS+S'],
      'ORDERS:D:96A:UN',
      'UNOA:3',
    );
    const run = (charsetCheck: 'strict' | 'warn' | 'replace') => {
      const issues = new IssueList();
      validateMessage(read(text, { issues }).messages[0]!, orders, issues, { charsetCheck });
      return issues.items.map((i) => `${i.code}:${i.severity}`);
    };
    expect(run('strict')).toEqual(['CHARSET_INVALID:error']);
    expect(run('warn')).toEqual(['CHARSET_INVALID:warning']);
    expect(run('replace')).toEqual([]);
  });
});

describe('value formats', () => {
  it('counts number lengths without sign and decimal mark', () => {
    expect(valueLength('-12.50', def('R'))).toBe(4);
    expect(valueLength('12,5', def('n'))).toBe(3);
    expect(valueLength('-125', def('N'))).toBe(3);
    expect(valueLength('AB-1', def('AN'))).toBe(4);
  });

  it('checks X12 and EDIFACT formats', () => {
    expect(checkFormat('12.5', def('N'))?.code).toBe('NUMBER_INVALID');
    expect(checkFormat('-0012', def('N'))).toBeUndefined();
    expect(checkFormat('.5', def('R'))).toBeUndefined();
    expect(checkFormat('1.2.3', def('R'))?.code).toBe('NUMBER_INVALID');
    expect(checkFormat('.5', def('n'))?.code).toBe('NUMBER_LEADING_DIGIT');
    expect(checkFormat('3,25', def('n'))).toBeUndefined();
    expect(checkFormat('AB1', def('a'))?.code).toBe('ELEMENT_INVALID_CHARACTER');
    expect(checkFormat('20240229', def('DT'))).toBeUndefined();
    expect(checkFormat('20230229', def('DT'))?.code).toBe('DATE_INVALID');
    expect(checkFormat('240101', def('DT'))).toBeUndefined();
    expect(checkFormat('2400', def('TM'))?.code).toBe('TIME_INVALID');
    expect(checkFormat('235959', def('TM'))).toBeUndefined();
    expect(checkFormat('12345', def('TM'))?.code).toBe('TIME_INVALID');
  });

  it('checks EDIFACT date layouts', () => {
    expect(checkEdifactDate('202401011200', '203')).toBeUndefined();
    expect(checkEdifactDate('2024010112', '203')?.code).toBe('DATE_INVALID');
    expect(checkEdifactDate('202453', '616')).toBeUndefined();
    expect(checkEdifactDate('202454', '616')?.code).toBe('DATE_INVALID');
    expect(checkEdifactDate('anything', '999')).toBeUndefined();
  });
});
