// Helpers shared by the record-format tests (CSV, fixed-width, JSON, XML): fixture files, the sample grammars,
// parsing and validating text, and compact views of issues and record trees for assertions.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { UTF8, type CharsetInfo } from '../../engine/core/charset.js';
import { compileGrammar, type CompiledGrammar } from '../../engine/core/compiled-grammar.js';
import type { RecordNode } from '../../engine/core/envelope.js';
import { asGrammar } from '../../engine/core/grammar-check.js';
import type { Grammar } from '../../engine/core/grammar.js';
import { IssueList, type Issue } from '../../engine/core/issue.js';
import type { RecordEditype, RecordParser } from '../../engine/core/record-format.js';
import { WriteError } from '../../engine/core/write-error.js';
import { validateInput, type FileValidation } from '../../engine/runtime/file-validator.js';
import { GrammarCatalog } from '../../engine/runtime/grammar-catalog.js';

/** A file below test/fixtures (`records/orders.csv`) as text. */
export function fixture(path: string, encoding: BufferEncoding = 'utf8'): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), encoding);
}

/** A grammar fixture (`csv-orders.json` in test/fixtures/grammars), checked; a new object each call. */
export function grammarJson(name: string): Grammar {
  const path = `grammars/${name}`;
  return asGrammar(JSON.parse(fixture(path)), path);
}

/** A grammar fixture, checked and compiled. */
export function grammarFixture(name: string): CompiledGrammar {
  return compileGrammar(grammarJson(name));
}

/** Checks and compiles grammar JSON built or changed by a test; `source` names it in a GrammarError. */
export function compileChecked(json: unknown, source: string): CompiledGrammar {
  return compileGrammar(asGrammar(json, source));
}

/** Runs a record parser on text with a fresh issue list; returns the records and the list. */
export function parseWith(
  parser: RecordParser,
  text: string,
  grammar: CompiledGrammar | undefined,
  charset: CharsetInfo = UTF8,
): { records: RecordNode[]; issues: IssueList } {
  const issues = new IssueList();
  return { records: parser(text, { grammar, issues, charset }), issues };
}

/**
 * Validates text (as UTF-8 bytes) with validateInput, read as `editype` with `grammar`. The fixtures are not in
 * the catalog: the grammar handed to the reader is also the one the message is checked against.
 */
export function validateRecords(
  text: string,
  editype: RecordEditype,
  grammar?: CompiledGrammar,
): FileValidation {
  return validateInput((push) => push(Buffer.from(text, 'utf8')), new GrammarCatalog(undefined), {
    read: { editype, grammar },
  });
}

/** Each issue as [code, line]. */
export function codes(issues: IssueList): [string, number | undefined][] {
  return issues.items.map((issue) => [issue.code, issue.location.line]);
}

/** Each issue as [code, line, element number]. */
export function codesAt(issues: IssueList): [string, number | undefined, number | undefined][] {
  return issues.items.map((issue) => [issue.code, issue.location.line, issue.location.element]);
}

/** Record tags as nested lists: a record with children is [tag, ...children]. */
export function shape(nodes: RecordNode[]): unknown[] {
  return nodes.map((n) => (n.children.length === 0 ? n.segment.tag : [n.segment.tag, ...shape(n.children)]));
}

/** A record tree without positions, to compare readings of different texts. */
export function strip(node: RecordNode): unknown {
  const { tag, elements, names } = node.segment;
  return { tag, elements, names, children: node.children.map(strip) };
}

/** Runs a writer call that must throw a WriteError; returns its code, position and message. */
export function writeError(write: () => unknown): [string, string | undefined, string] {
  try {
    write();
  } catch (e) {
    if (e instanceof WriteError) return [e.code, e.position, e.message];
    throw e;
  }
  throw new Error('no WriteError');
}

/**
 * Checks that every issue is well-formed: a code of capitals, digits and underscores, a message, a line from 1
 * (but INPUT_EMPTY, which the reader reports for the whole input) and, with `column`, a column from 1.
 */
export function expectWellFormedIssues(issues: readonly Issue[], { column = false } = {}): void {
  for (const issue of issues) {
    expect(issue.code).toMatch(/^[A-Z0-9_]+$/);
    expect(issue.message.length).toBeGreaterThan(0);
    if (issue.code === 'INPUT_EMPTY') continue;
    expect(issue.location.line).toBeGreaterThanOrEqual(1);
    if (column) expect(issue.location.column).toBeGreaterThanOrEqual(1);
  }
}
