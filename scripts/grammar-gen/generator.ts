/**
 * The contract every grammar generator meets: it reads originals under grammars/sources/ (never anything
 * outside the repository, except the reference tables a generator documents) and returns grammars; main.ts
 * writes them, or compares them with the committed files in check mode.
 */
import type { Grammar } from '../../engine/core/grammar.js';

export interface GrammarGenerator {
  editype: 'x12' | 'edifact';
  /** Every grammar this generator ships (envelopes included). */
  generateShipped(): Grammar[];
  /**
   * One message grammar on request (`edifact D96A IFTMIN`, `x12 004010 850`); throws GeneratorError with a
   * plain sentence when the version or message is not available from the sources.
   */
  generate(version: string, message: string): Grammar;
}

export class GeneratorError extends Error {
  override name = 'GeneratorError';
}
