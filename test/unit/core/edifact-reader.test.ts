import { describe, expect, it } from 'vitest';
import { Repeated } from '../../../engine/core/segment.js';
import { read } from '../../helpers/read.js';

const UNB = "UNB+UNOC:3+SENDER:14+RECEIVER:14+240101:1200+REF1'";
const ORDERS = "UNH+1+ORDERS:D:96A:UN'BGM+220+PO1+9'DTM+137:20240101:102'UNS+S'UNT+5+1'";
const UNZ = "UNZ+1+REF1'";

describe('EDIFACT reader', () => {
  it('reads default separators and builds the message type id', () => {
    const r = read(UNB + ORDERS + UNZ);
    expect(r.codes).toEqual([]);
    expect(r.messages.map((m) => m.type)).toEqual(['ORDERSD96AUN']);
    expect(r.messages[0]!.segments[2]!.elements[0]).toEqual(['137', '20240101', '102']);
    expect(r.interchanges[0]).toMatchObject({
      hasUna: false,
      charset: 'UNOC',
      controlNumber: 'REF1',
      sender: { id: 'SENDER', qualifier: '14' },
    });
  });

  it("reads UNA separators, the release character and ?' at a segment end", () => {
    const text =
      'UNA|=.# "' +
      UNB.replaceAll("'", '"').replaceAll('+', '=').replaceAll(':', '|') +
      'UNH=1=ORDERS|D|96A|UN|EAN008"FTX=AAI===a#=b#|c##d#""UNT=3=1"UNZ=1=REF1"';
    const r = read(text);
    expect(r.codes).toEqual([]);
    expect(r.messages[0]!.type).toBe('ORDERSD96AUNEAN008');
    expect(r.messages[0]!.segments[1]!.elements[3]).toBe('a=b|c#d"');
    expect(r.interchanges[0]!.hasUna).toBe(true);
    expect(r.interchanges[0]!.separators).toMatchObject({
      component: '|',
      element: '=',
      release: '#',
      segment: '"',
      repetition: '',
    });
  });

  it('handles the release character with default separators at chunk boundaries', () => {
    const text = UNB + "UNH+1+ORDERS:D:96A:UN'FTX+AAI+++it?'s???+1?:2'UNT+3+1'" + UNZ;
    for (const size of [0, 1, 3]) {
      const r = read(text, {}, size);
      expect(r.codes).toEqual([]);
      expect(r.messages[0]!.segments[1]!.elements[3]).toBe("it's?+1:2");
    }
  });

  it('splits repetitions only for syntax version 4', () => {
    const v4 = read("UNB+UNOC:4+S+R+240101:1200+R1'UNH+1+ORDERS:D:01B:UN'RFF+ON:1*VN:2'UNT+3+1'UNZ+1+R1'");
    expect(v4.messages[0]!.segments[1]!.elements[0]).toEqual(
      new Repeated([
        ['ON', '1'],
        ['VN', '2'],
      ]),
    );
    const v3 = read("UNB+UNOC:3+S+R+240101:1200+R1'UNH+1+ORDERS:D:96A:UN'FTX+AAI+++A*B'UNT+3+1'UNZ+1+R1'");
    expect(v3.messages[0]!.segments[1]!.elements[3]).toBe('A*B');
  });

  it('reads UNG groups and several interchanges per file', () => {
    const group = "UNG+ORDERS+S+R+240101:1200+G1+UN+D:96A'" + ORDERS + "UNE+1+G1'";
    const r = read(
      UNB +
        group +
        "UNZ+1+REF1'\n" +
        "UNA:+.? '" +
        UNB.replace('REF1', 'REF2') +
        ORDERS +
        UNZ.replace('REF1', 'REF2'),
    );
    expect(r.codes).toEqual([]);
    expect(r.groups).toHaveLength(1);
    expect(r.interchanges.map((i) => [i.controlNumber, i.hasUna])).toEqual([
      ['REF1', false],
      ['REF2', true],
    ]);
    expect(r.messages.map((m) => m.group?.controlNumber)).toEqual(['G1', undefined]);
  });

  it('reads a bare UNH without UNB with a warning', () => {
    const r = read(ORDERS);
    expect(r.codes).toEqual(['NO_INTERCHANGE_ENVELOPE']);
    expect(r.summary.issues.items[0]!.message).toContain('no interchange envelope');
    expect(r.messages).toHaveLength(1);
  });

  it('checks UNT, UNE and UNZ counts and references', () => {
    const r = read(UNB + ORDERS.replace('UNT+5+1', 'UNT+4+2') + "UNZ+2+REF9'");
    expect(r.codes).toEqual(['UNT_COUNT', 'UNT_REFERENCE', 'UNZ_COUNT', 'UNZ_REFERENCE']);
    expect(r.summary.issues.items[0]!.location).toMatchObject({ line: 1, segmentId: 'UNT', element: 1 });
  });

  it('decodes by the UNB syntax identifier', () => {
    const text = (id: string) =>
      `UNB+${id}:3+S+R+240101:1200+R1'UNH+1+ORDERS:D:96A:UN'NAD+BY+++Müller'UNT+3+1'UNZ+1+R1'`;
    expect(read(Buffer.from(text('UNOC'), 'latin1')).messages[0]!.segments[1]!.elements[3]).toBe('Müller');
    expect(read(Buffer.from(text('UNOY'), 'utf8')).messages[0]!.segments[1]!.elements[3]).toBe('Müller');
    const unknown = read(Buffer.from(text('XXXX'), 'latin1'));
    expect(unknown.codes).toEqual(['CHARSET_UNKNOWN']);
    expect(unknown.messages[0]!.segments[1]!.elements[3]).toBe('Müller');
  });

  it('reports two UNAs and lines wrapped inside segments', () => {
    expect(read("UNA:+.? 'UNA:+.? '" + UNB + ORDERS + UNZ).codes).toEqual(['UNA_REPEATED']);
    const wrapped = read(UNB + "UNH+1+ORD\nERS:D:96A:UN'UNT+2+1'" + UNZ);
    expect(wrapped.codes).toEqual(['LINE_BREAK_IN_SEGMENT']);
    expect(wrapped.messages[0]!.type).toBe('ORDERSD96AUN');
  });

  it('says plainly that TRADACOMS is not supported', () => {
    const r = read("STX=ANA:1+5000000000000:SENDER+5010000000000:RECEIVER+070315:130000+000007'");
    expect(r.codes).toEqual(['UNSUPPORTED_TRADACOMS']);
    expect(r.summary.issues.items[0]!.message).toContain('unsupported: TRADACOMS');
  });
});
