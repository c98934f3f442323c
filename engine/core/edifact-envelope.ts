/** EDIFACT envelopes (UNB/UNG/UNH, UNZ/UNE/UNT) as data for the envelope reader. */
import type { EnvelopeSyntax } from './envelope-syntax.js';
import { NO_PARTY } from './envelope-syntax.js';
import { componentValue, elementValue } from './segment.js';

export const EDIFACT_ENVELOPE: EnvelopeSyntax = {
  editype: 'edifact',
  interchange: {
    header: 'UNB',
    trailer: 'UNZ',
    countElement: 1,
    referenceElement: 5,
    referenceComponent: 1,
    trailerReferenceElement: 2,
    referenceName: 'UNB 0020',
    trailerReferenceName: 'UNZ 0020',
    countName: 'UNZ 0036',
  },
  group: {
    header: 'UNG',
    trailer: 'UNE',
    countElement: 1,
    referenceElement: 5,
    referenceComponent: 1,
    trailerReferenceElement: 2,
    referenceName: 'UNG 0048',
    trailerReferenceName: 'UNE 0048',
    countName: 'UNE 0060',
  },
  message: {
    header: 'UNH',
    trailer: 'UNT',
    countElement: 1,
    referenceElement: 1,
    referenceComponent: 1,
    trailerReferenceElement: 2,
    referenceName: 'UNH 0062',
    trailerReferenceName: 'UNT 0062',
    countName: 'UNT 0074',
  },
  groupsRequired: false,
  bareMessages: true,
  interchangeSegments: new Set(),
  skipped: new Set(['UNA']),
  interchangeInfo(header) {
    if (!header)
      return {
        sender: NO_PARTY,
        receiver: NO_PARTY,
        controlNumber: '',
        syntaxVersion: '',
        charset: '',
        test: false,
      };
    const c = (element: number, component: number): string =>
      componentValue(header.elements[element - 1], component);
    return {
      sender: { qualifier: c(2, 2), id: c(2, 1) },
      receiver: { qualifier: c(3, 2), id: c(3, 1) },
      controlNumber: c(5, 1),
      syntaxVersion: c(1, 2),
      charset: c(1, 1),
      test: c(11, 1) === '1',
    };
  },
  groupInfo(header) {
    const c = (element: number, component: number): string =>
      componentValue(header.elements[element - 1], component);
    return {
      functionalId: c(1, 1),
      sender: c(2, 1),
      receiver: c(3, 1),
      controlNumber: c(5, 1),
      version: `${c(7, 1)}${c(7, 2)}`,
    };
  },
  /**
   * type + version + release + agency + association code: ORDERS:D:96A:UN:EAN008 -> ORDERSD96AUNEAN008;
   * the base type leaves out the association code (ORDERSD96AUN).
   */
  messageType(header) {
    const s009 = header.elements[1];
    let baseType = '';
    for (let i = 1; i <= 4; i++) baseType += componentValue(s009, i);
    const type = baseType + componentValue(s009, 5);
    return type ? { type, baseType } : { type: elementValue(header, 2), baseType: elementValue(header, 2) };
  },
};
