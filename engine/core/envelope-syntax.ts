/**
 * What differs between X12 and EDIFACT envelopes, as data for the one envelope reader: the tags of each level,
 * where trailers keep their counts and references, and how header fields are read.
 */
import type { Group, Interchange, Party } from './envelope.js';
import type { Segment } from './segment.js';
import type { Separators } from './separators.js';

export interface EnvelopeLevel {
  header: string;
  trailer: string;
  /** Trailer element (1-based) holding the count of what the level contains. */
  countElement: number;
  /** Header element and component holding the control reference, and the trailer element repeating it. */
  referenceElement: number;
  referenceComponent: number;
  trailerReferenceElement: number;
  /** Name of the element for messages ("ISA13"). */
  referenceName: string;
  trailerReferenceName: string;
  countName: string;
}

export interface EnvelopeSyntax {
  editype: 'x12' | 'edifact';
  interchange: EnvelopeLevel;
  group: EnvelopeLevel;
  message: EnvelopeLevel;
  /** An interchange must hold groups (X12); EDIFACT groups are optional. */
  groupsRequired: boolean;
  /** Messages may appear without an interchange header (EDIFACT bare UNH). */
  bareMessages: boolean;
  /** Segments allowed at interchange level besides the envelopes (TA1). */
  interchangeSegments: ReadonlySet<string>;
  /** Segments ignored by the envelope logic (UNA is read by the lexer). */
  skipped: ReadonlySet<string>;
  interchangeInfo(
    header: Segment | undefined,
    separators: Separators,
  ): Omit<
    Interchange,
    'index' | 'groups' | 'messages' | 'editype' | 'header' | 'separators' | 'hasUna' | 'una'
  >;
  groupInfo(header: Segment): Omit<Group, 'index' | 'header' | 'messages'>;
  messageType(header: Segment, group: Group | undefined): { type: string; baseType: string };
}

export const NO_PARTY: Party = { qualifier: '', id: '' };
