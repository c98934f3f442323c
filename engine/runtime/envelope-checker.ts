/**
 * Checks envelope segments (ISA, GS, IEA, GE, TA1; UNB, UNG, UNZ, UNE) against the envelope grammars, as
 * `bots validate` and the engine both do. X12 interchange segments go by ISA12: from 00402 on ISA11 is the
 * repetition separator, as in 00501, so 00402 and later use the 00501 definitions; 00401 uses its own; none
 * ships for older versions. X12 groups go by GS08 (a 003010 group inside a 00401 interchange has 6-digit
 * dates). EDIFACT goes by the syntax version in UNB.
 */
import type { CompiledGrammar } from '../core/compiled-grammar.js';
import type { Group, Interchange } from '../core/envelope.js';
import type { IssueList, Location } from '../core/issue.js';
import { validateEnvelopeSegment, type ValidationOptions } from '../core/message-validator.js';
import type { Segment } from '../core/segment.js';
import type { GrammarCatalog } from './grammar-catalog.js';

export class EnvelopeChecker {
  private readonly grammars = new Map<string, CompiledGrammar | undefined>();

  constructor(
    private readonly catalog: GrammarCatalog,
    private readonly issues: IssueList,
    private readonly options: ValidationOptions,
  ) {}

  /** Checks `segment` (a header, trailer or TA1) of the interchange, or of the group when one is given. */
  check(segment: Segment | undefined, interchange: Interchange, group?: Group): void {
    const grammar = segment && this.grammar(interchange, group);
    if (!segment || !grammar) return;
    const location: Location = {
      interchange: interchange.index,
      segmentId: segment.tag,
      line: segment.line,
      column: segment.column,
      offset: segment.offset,
    };
    validateEnvelopeSegment(segment, grammar, interchange, location, this.issues, this.options);
  }

  private grammar(interchange: Interchange, group: Group | undefined): CompiledGrammar | undefined {
    const id = envelopeId(interchange, group);
    if (id === undefined) return undefined;
    if (!this.grammars.has(id)) this.grammars.set(id, this.catalog.envelope(interchange.editype, id));
    return this.grammars.get(id);
  }
}

export function envelopeId(interchange: Interchange, group: Group | undefined): string | undefined {
  if (interchange.editype === 'edifact')
    return `edifact-envelope-${interchange.syntaxVersion === '4' ? '4' : '3'}`;
  if (group) {
    if (group.version >= '005010') return 'x12-envelope-00501';
    return group.version >= '004010' ? 'x12-envelope-00401' : undefined;
  }
  const version = interchange.syntaxVersion;
  if (version >= '00402') return 'x12-envelope-00501';
  return version >= '00401' ? 'x12-envelope-00401' : undefined;
}
