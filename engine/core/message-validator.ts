/**
 * Validates one message: with a grammar, its structure (segment table) and every segment's elements; with or
 * without one, the X12 HL hierarchy. Envelope checks (counts, references) are done by the envelope reader
 * while the message is read; envelope segments themselves are checked by validateEnvelopeSegment.
 */
import type { CharsetCheck } from './charset.js';
import { edifactCharset } from './charset.js';
import type { CompiledGrammar } from './compiled-grammar.js';
import { ElementValidator, type ElementRules } from './element-validator.js';
import type { Interchange, Message } from './envelope.js';
import type { IssueList, Location } from './issue.js';
import { locateElements, segmentLocation } from './message-location.js';
import { checkHlSegments } from './hl-checker.js';
import { buildFlatTree, nestHlLoops, type TreeNode } from './message-tree.js';
import type { Segment } from './segment.js';
import { matchStructure } from './structure-matcher.js';
import { ISA_LENGTH } from './x12-lexer.js';

export interface ValidationOptions {
  /** Build and return the message tree (parse, mapping); validation alone does not need it. Default true. */
  tree?: boolean;
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
  const buildTree = options.tree !== false;
  if (!grammar) {
    if (buildTree) return buildFlatTree(message, issues);
    if (message.interchange.editype === 'x12') checkHlSegments(message, issues);
    return [];
  }
  const from = issues.items.length;
  const tree = matchStructure(message, grammar, issues, buildTree);
  const validator = new ElementValidator(
    elementRules(grammar, message.interchange, options),
    issues,
    (segment, n) => segmentLocation(message, segment, n),
  );
  const segments = message.segments;
  const defs = grammar.segments;
  let hasHl = false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const def = defs.get(segment.tag);
    if (def) validator.validate(segment, def, i + 1);
    if (segment.tag === 'HL') hasHl = true;
  }
  const result =
    hasHl && message.interchange.editype === 'x12'
      ? buildTree
        ? nestHlLoops(tree, message, issues)
        : (checkHlSegments(message, issues), tree)
      : tree;
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
  new ElementValidator(rules, issues, () => location).validate(segment, def, 0);
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
