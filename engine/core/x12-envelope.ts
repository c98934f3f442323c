/** X12 envelopes (ISA/GS/ST, IEA/GE/SE) as data for the envelope reader. */
import type { EnvelopeSyntax } from './envelope-syntax.js';
import { elementValue } from './segment.js';

export const X12_ENVELOPE: EnvelopeSyntax = {
  editype: 'x12',
  interchange: level('ISA', 'IEA', 1, 13, 2),
  group: level('GS', 'GE', 1, 6, 2),
  message: level('ST', 'SE', 1, 2, 2),
  groupsRequired: true,
  bareMessages: false,
  // TA1 (interchange acknowledgement), ISB and ISE (interchange service requests, 00501 on) sit between ISA and GS.
  interchangeSegments: new Set(['TA1', 'ISB', 'ISE']),
  skipped: new Set(),
  interchangeInfo(header) {
    const v = (n: number): string => (header ? elementValue(header, n).trim() : '');
    return {
      sender: { qualifier: v(5), id: v(6) },
      receiver: { qualifier: v(7), id: v(8) },
      controlNumber: v(13),
      syntaxVersion: v(12),
      charset: '',
      test: v(15) === 'T',
    };
  },
  groupInfo(header) {
    return {
      functionalId: elementValue(header, 1),
      sender: elementValue(header, 2),
      receiver: elementValue(header, 3),
      controlNumber: elementValue(header, 6),
      version: elementValue(header, 8),
    };
  },
  /**
   * ST01 + GS08 (850 + 004010VICS); ST03 (5010 implementation reference) wins over GS08 when present.
   * The base type is ST01 + the version's first six characters (850004010).
   */
  messageType(header, group) {
    const st03 = elementValue(header, 3);
    const version = st03 !== '' ? st03 : (group?.version ?? '');
    const st01 = elementValue(header, 1);
    return { type: st01 + version, baseType: st01 + version.slice(0, 6) };
  },
};

function level(
  header: string,
  trailer: string,
  countElement: number,
  reference: number,
  trailerReference: number,
) {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    header,
    trailer,
    countElement,
    referenceElement: reference,
    referenceComponent: 1,
    trailerReferenceElement: trailerReference,
    referenceName: `${header}${pad(reference)}`,
    trailerReferenceName: `${trailer}${pad(trailerReference)}`,
    countName: `${trailer}${pad(countElement)}`,
  };
}
