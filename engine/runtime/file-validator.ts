/**
 * Validates one input (a file, a received document) message by message: envelopes as they are read, each
 * message against the grammar found for its type, envelope segments against the envelope grammar. The result
 * says, per message type, which grammar was used or that none was found (then only syntax and envelopes were
 * checked). Used by `bots validate` and by the engine.
 */
import type { CharsetCheck } from '../core/charset.js';
import { EdiReader, type ReadOptions, type ReadSummary } from '../core/edi-reader.js';
import type { Group, Interchange } from '../core/envelope.js';
import { EnvelopeChecker } from './envelope-checker.js';
import { IssueList } from '../core/issue.js';
import { segmentLocation } from '../core/message-location.js';
import { validateMessage, type ValidationOptions } from '../core/message-validator.js';
import type { Segment } from '../core/segment.js';
import type { GrammarCatalog } from './grammar-catalog.js';
import { GrammarResolver, type GrammarChoice } from './grammar-resolver.js';

export interface FileValidationOptions extends GrammarChoice {
  read?: Omit<ReadOptions, 'issues'>;
  charsetCheck?: CharsetCheck;
  /** Issues kept per input (default 1000). */
  issueLimit?: number;
}

export interface GrammarUse {
  messageType: string;
  messages: number;
  /** Undefined: no grammar exists for this type. */
  grammar?: { id: string; origin: string; path: string; partner?: string };
}

export interface FileValidation {
  summary: ReadSummary;
  issues: IssueList;
  messages: number;
  grammars: GrammarUse[];
  valid: boolean;
}

/** `feed` pushes the input's bytes, chunk by chunk, into the function it is given. */
export function validateInput(
  feed: (push: (chunk: Uint8Array) => void) => void,
  catalog: GrammarCatalog,
  options: FileValidationOptions = {},
): FileValidation {
  const issues = new IssueList(options.issueLimit);
  const validation: ValidationOptions = { charsetCheck: options.charsetCheck ?? 'warn', tree: false };
  const uses = new Map<string, GrammarUse>();
  const envelopes = new EnvelopeChecker(catalog, issues, validation);
  const checkEnvelope = (segment: Segment | undefined, interchange: Interchange, group?: Group): void =>
    envelopes.check(segment, interchange, group);
  // A grammar handed to the reader for a record-format input is also the grammar its message is checked against.
  const readGrammar = options.read?.grammar;
  const resolver = new GrammarResolver(
    catalog,
    options.grammar || !readGrammar
      ? options
      : {
          ...options,
          grammar: { compiled: readGrammar, origin: 'file', path: readGrammar.grammar.id, viaBase: false },
        },
  );
  const inputGrammar = resolver.forInput(options.read?.editype);

  const reader = new EdiReader(
    {
      interchangeStart: (interchange) => checkEnvelope(interchange.header, interchange),
      groupStart: (group: Group, interchange) => checkEnvelope(group.header, interchange, group),
      message: (message) => {
        const grammar = resolver.forMessage(message);
        const type = resolver.messageType(message);
        let use = uses.get(type);
        if (!use) {
          use = { messageType: type, messages: 0 };
          if (grammar)
            use.grammar = {
              id: grammar.compiled.grammar.id,
              origin: grammar.origin,
              path: grammar.path,
              ...(grammar.partner !== undefined && { partner: grammar.partner }),
            };
          else
            issues.add(
              'GRAMMAR_MISSING',
              'warning',
              `no grammar for ${type}: only syntax and envelopes were checked`,
              segmentLocation(message, message.segments[0]!, 1),
            );
          uses.set(type, use);
        }
        use.messages++;
        validateMessage(message, grammar?.compiled, issues, validation);
      },
      groupEnd: (group, interchange) => checkEnvelope(group.trailer, interchange, group),
      interchangeEnd: (interchange) => checkEnvelope(interchange.trailer, interchange),
      otherSegment: (segment, interchange) => {
        if (interchange && segment.tag === 'TA1') checkEnvelope(segment, interchange);
      },
    },
    {
      ...options.read,
      issues,
      ...(inputGrammar && { grammar: inputGrammar.compiled }),
      ...(options.messageType !== undefined && { messageType: options.messageType }),
    },
  );
  feed((chunk) => reader.push(chunk));
  const summary = reader.end();
  const messages = [...uses.values()].reduce((sum, use) => sum + use.messages, 0);
  return {
    summary,
    issues,
    messages,
    grammars: [...uses.values()],
    valid: !summary.fatal && issues.errorCount === 0,
  };
}
