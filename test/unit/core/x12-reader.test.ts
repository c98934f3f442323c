import { describe, expect, it } from 'vitest';
import { Repeated, elementValue } from '../../../engine/core/segment.js';
import { read } from '../../helpers/read.js';
import { interchange, isa } from '../../helpers/x12.js';

const PO = [['BEG*00*SA*PO1**20240101'], ['BEG*00*SA*PO2**20240102']];

describe('X12 reader', () => {
  it('reads separators from the ISA and yields one message per transaction set', () => {
    const r = read(interchange(PO));
    expect(r.codes).toEqual([]);
    expect(r.messages.map((m) => m.type)).toEqual(['850004010', '850004010']);
    expect(r.messages[1]!.segments.map((s) => s.tag)).toEqual(['ST', 'BEG', 'SE']);
    expect(elementValue(r.messages[1]!.segments[1]!, 3)).toBe('PO2');
    expect(r.interchanges[0]!.sender).toEqual({ qualifier: 'ZZ', id: 'SENDER' });
    expect(r.interchanges[0]!.separators).toMatchObject({
      element: '*',
      component: ':',
      segment: '~',
      repetition: '',
    });
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const text = interchange(PO, { after: '\r\n' });
    const whole = read(text);
    for (const size of [1, 2, 3, 7, 64]) {
      const chunked = read(text, {}, size);
      expect(chunked.codes).toEqual([]);
      expect(chunked.messages.map((m) => m.segments.map((s) => [s.tag, s.offset, s.line, s.column]))).toEqual(
        whole.messages.map((m) => m.segments.map((s) => [s.tag, s.offset, s.line, s.column])),
      );
    }
  });

  it('accepts other separators, CR/LF after terminators, and counts lines', () => {
    const r = read(interchange(PO, { element: '|', component: '>', terminator: '\n' }));
    expect(r.codes).toEqual([]);
    expect(r.messages[0]!.segments[1]!.line).toBe(4);
    const crlf = read(interchange(PO, { after: '\r\n' }));
    expect(crlf.codes).toEqual([]);
    expect(crlf.messages[0]!.segments[1]!).toMatchObject({ line: 4, column: 1, tag: 'BEG' });
  });

  it('splits repetitions only when ISA12 >= 00402 and composites everywhere', () => {
    const body = [['BEG*00*SA*PO1**20240101', 'REF*ZZ*A^B*X:Y']];
    const r5 = read(interchange(body, { repetition: '^', version: '00501' }));
    const ref = r5.messages[0]!.segments[2]!;
    expect(ref.elements[1]).toEqual(new Repeated(['A', 'B']));
    expect(ref.elements[2]).toEqual(['X', 'Y']);
    const r4 = read(interchange(body, { repetition: 'U', version: '00401' }));
    expect(r4.messages[0]!.segments[2]!.elements[1]).toBe('A^B');
  });

  it('accepts an ISA not padded to 106 characters with a warning', () => {
    const text = interchange(PO).replace('SENDER         ', 'SENDER');
    const r = read(text);
    expect(r.codes).toEqual(['ISA_LENGTH']);
    expect(r.summary.issues.items[0]!.severity).toBe('warning');
    expect(r.messages).toHaveLength(2);
  });

  it('reads several interchanges with different separators in one file', () => {
    const r = read(interchange(PO) + '\n' + interchange(PO, { element: '|', terminator: '!', control: '2' }));
    expect(r.codes).toEqual([]);
    expect(r.interchanges.map((i) => i.controlNumber)).toEqual(['000000001', '000000002']);
    expect(r.messages).toHaveLength(4);
  });

  it('reads TA1 at interchange level and BIN data by its length', () => {
    const ta1 = isa() + 'TA1*000000001*240101*1200*A*000~IEA*0*000000001~';
    const r = read(ta1);
    expect(r.codes).toEqual([]);
    expect(r.other.map((s) => s.tag)).toEqual(['TA1']);
    const binary = 'AB~C*D\nE';
    const bin = read(interchange([[`BIN*${binary.length}*${binary}`, 'REF*ZZ*1']]));
    expect(bin.codes).toEqual([]);
    expect(bin.messages[0]!.segments[1]!.elements).toEqual([String(binary.length), binary]);
    expect(bin.messages[0]!.segments[2]!.tag).toBe('REF');
  });

  it('reports a BIN whose length does not delimit its data, once, also when read in small chunks', () => {
    const wrong = interchange([['BIN*3*ABCDEF', 'REF*ZZ*1']]);
    for (const chunk of [0, 2, 5]) {
      const r = read(wrong, {}, chunk);
      expect(r.codes).toEqual(['BIN_LENGTH']);
      expect(r.messages[0]!.segments[1]!.elements).toEqual(['3', 'ABCDEF']);
    }
    expect(read(interchange([['BIN*1a*X', 'REF*ZZ*1']])).codes).toEqual(['BIN_LENGTH']);
  });

  it('checks trailer counts and control numbers', () => {
    const text = interchange(PO)
      .replace('SE*3*0002', 'SE*4*0009')
      .replace('GE*2*7', 'GE*1*8')
      .replace('IEA*1*000000001', 'IEA*2*000000003');
    const r = read(text);
    expect(r.codes).toEqual([
      'SE_COUNT',
      'SE_REFERENCE',
      'GE_COUNT',
      'GE_REFERENCE',
      'IEA_COUNT',
      'IEA_REFERENCE',
    ]);
    const se = r.summary.issues.items[0]!;
    expect(se.location).toMatchObject({
      interchange: 1,
      message: 2,
      segmentNumber: 3,
      segmentId: 'SE',
      element: 1,
    });
    expect(se.message).toBe('SE01 says 4 but the message has 3 segments');
  });

  it('reports missing trailers and segments outside any message, and keeps reading', () => {
    const text =
      isa() +
      'GS*PO*S*R*20240101*1200*7*X*004010~ST*850*0001~BEG*00~ST*850*0002~BEG*00~SE*3*0002~N1*XX~GE*2*7~';
    const r = read(text);
    expect(r.codes).toEqual(['SE_MISSING', 'SEGMENT_OUTSIDE_ENVELOPE', 'IEA_MISSING']);
    expect(r.messages.map((m) => m.reference)).toEqual(['0001', '0002']);
  });

  it('stops with a clear error when there is no ISA or a segment never ends', () => {
    expect(read('ISA*00*').codes).toEqual(['ISA_MALFORMED']);
    expect(read('ISA*00*').summary.fatal).toBe(true);
    const long = read(isa() + 'GS*' + 'X'.repeat(3000), { maxSegmentLength: 1000 }, 512);
    expect(long.codes).toEqual(['SEGMENT_TOO_LONG']);
    expect(read('').codes).toEqual(['INPUT_EMPTY']);
    expect(read('HELLO WORLD').codes).toEqual(['SYNTAX_UNKNOWN']);
  });

  it('decodes UTF-8 values and falls back to Latin-1 with a warning', () => {
    const utf = Buffer.from(interchange([['N1*ST*Müller']]), 'utf8');
    expect(read(utf).messages[0]!.segments[1]!.elements[1]).toBe('Müller');
    const latin = Buffer.from(interchange([['N1*ST*Müller']]), 'latin1');
    const r = read(latin);
    expect(r.messages[0]!.segments[1]!.elements[1]).toBe('Müller');
    expect(r.codes).toEqual(['CHARSET_FALLBACK']);
  });

  it('skips a UTF-8 BOM and reads UTF-16 with a warning', () => {
    const text = interchange(PO);
    const bom = read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(bom.codes).toEqual([]);
    expect(bom.interchanges[0]!.header!.offset).toBe(3);
    const utf16 = read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), {}, 5);
    expect(utf16.codes).toEqual(['INPUT_UTF16']);
    expect(utf16.messages).toHaveLength(2);
  });
});
