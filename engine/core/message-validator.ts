/**
 * Validates one message: with a grammar, its structure (segment table) and every segment's elements; with or
 * without one, the X12 HL hierarchy. Envelope checks (counts, references) are done by the envelope reader
 * while the message is read; envelope segments themselves are checked by validateEnvelopeSegment.
 */
import type { CharsetCheck } from './charset.js';
import { edifactCharset } from './charset.js';
import type { CompiledGrammar } from './compiled-grammar.js';
import { validateElements, type ElementRules } from './element-validator.js';
import type { Interchange, Message } from './envelope.js';
import type { IssueList, Location } from './issue.js';
import { locateElements, segmentLocation } from './message-location.js';
import { buildFlatTree, nestHlLoops, type TreeNode } from './message-tree.js';
import type { Segment } from './segment.js';
import { matchStructure } from './structure-matcher.js';
import { ISA_LENGTH } from './x12-lexer.js';

export interface ValidationOptions {
  /** What a character outside a restricted EDIFACT charset (UNOA, UNOB) is: an error, a warning, or nothing
   * because it will be replaced on output. */
  charsetCheck: CharsetCheck;
}

export const DEFAULT_VALIDATION: ValidationOptions = { charsetCheck: 'warn' };

/** Returns the message tree; issues go to the list. */
export function validateMessage(
  message: Message,
  grammar: CompiledGrammar | undefined,
  issues: IssueList,
  options: ValidationOptions = DEFAULT_VALIDATION,
): TreeNode[] {
  if (!grammar) return buildFlatTree(message, issues);
  const from = issues.items.length;
  const tree = matchStructure(message, grammar, issues);
  const rules = elementRules(grammar, message.interchange, options);
  const segments = message.segments;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const def = grammar.segments.get(segment.tag);
    if (def) validateElements(segment, def, () => segmentLocation(message, segment, i + 1), rules, issues);
  }
  const result = message.interchange.editype === 'x12' ? nestHlLoops(tree, message, issues) : tree;
  locateElements(
    issues,
    from,
    (location) => (location.segmentNumber === undefined ? undefined : segments[location.segmentNumber - 1]),
    message.interchange.separators,
  );
  return result;
}

/** Checks an envelope segment (ISA, GS, UNB, ...) against the envelope grammar's definition, if it has one. */
export function validateEnvelopeSegment(
  segment: Segment,
  envelope: CompiledGrammar,
  interchange: Interchange,
  location: Location,
  issues: IssueList,
  options: ValidationOptions = DEFAULT_VALIDATION,
): void {
  const def = envelope.segments.get(segment.tag);
  if (!def) return;
  const from = issues.items.length;
  const rules = elementRules(envelope, interchange, options);
  rules.ignoreMinLength = segment.tag === 'ISA' && segment.raw.length + 1 !== ISA_LENGTH;
  validateElements(segment, def, () => location, rules, issues);
  locateElements(issues, from, () => segment, interchange.separators);
}

function elementRules(
  grammar: CompiledGrammar,
  interchange: Interchange,
  options: ValidationOptions,
): ElementRules {
  return {
    codeSets: grammar.codeSets,
    allowed: interchange.editype === 'edifact' ? edifactCharset(interchange.charset).allowed : undefined,
    charsetCheck: options.charsetCheck,
  };
}
