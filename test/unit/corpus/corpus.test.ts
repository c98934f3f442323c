/**
 * Corpus regression: every file of test/fixtures/corpus is validated in-process (validateInput with the shipped
 * grammars only, no child processes) and its outcome and set of error codes must equal its row in
 * test/fixtures/corpus/expectations.json. Rows and files must match one to one. EXPECTATIONS.md explains the
 * columns and the rows that disagree with INDEX.md.
 *
 * Time budget: the whole file runs in well under 5 s (all 174 files validate in about 0.3 s); a slower run
 * means the validator regressed, not that this test needs a larger timeout.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInput, type FileValidation } from '../../../engine/runtime/file-validator.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';
import { CORPUS_DIR, corpusEntries } from '../../helpers/corpus.js';

const OUTCOMES = ['valid', 'valid-with-warnings', 'invalid', 'unsupported'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** One row of expectations.json. */
interface Expectation {
  /** Path relative to test/fixtures/corpus, with forward slashes. */
  file: string;
  outcome: Outcome;
  /** Sorted distinct error codes (warnings are not listed); empty unless the outcome is invalid or unsupported. */
  errors: string[];
  /** One line a person can check against the file. */
  reason: string;
}

/** Issues kept per file: high enough that no error is dropped, so the error-code set is complete. */
const ISSUE_LIMIT = 100_000;

function isOutcome(value: unknown): value is Outcome {
  return OUTCOMES.some((outcome) => outcome === value);
}

/** Reads and shape-checks expectations.json; throws naming the first bad row. */
function loadExpectations(): Expectation[] {
  const raw = JSON.parse(readFileSync(join(CORPUS_DIR, 'expectations.json'), 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error('expectations.json: not an array');
  return raw.map((row: unknown, index): Expectation => {
    const r = row as Partial<Record<keyof Expectation, unknown>>;
    const where = `expectations.json row ${index + 1} (${String(r.file)})`;
    if (typeof r.file !== 'string' || r.file === '') throw new Error(`${where}: file must be a path`);
    if (!isOutcome(r.outcome)) throw new Error(`${where}: outcome must be one of ${OUTCOMES.join(', ')}`);
    if (!Array.isArray(r.errors) || !r.errors.every((code): code is string => typeof code === 'string'))
      throw new Error(`${where}: errors must be a list of codes`);
    if (typeof r.reason !== 'string' || r.reason.trim() === '' || r.reason.includes('\n'))
      throw new Error(`${where}: reason must be one non-empty line`);
    return { file: r.file, outcome: r.outcome, errors: r.errors, reason: r.reason };
  });
}

/**
 * The outcome of a validation: unsupported when the input was not read as X12 or EDIFACT (TRADACOMS, unknown
 * syntax); otherwise invalid with any error, valid-with-warnings with warnings only, else valid.
 */
function outcomeOf(result: FileValidation): Outcome {
  const syntax = result.summary.syntax;
  if (syntax !== 'x12' && syntax !== 'edifact') return 'unsupported';
  if (!result.valid) return 'invalid';
  return result.issues.warningCount > 0 ? 'valid-with-warnings' : 'valid';
}

function errorCodes(result: FileValidation): string[] {
  const codes = new Set<string>();
  for (const issue of result.issues.items) if (issue.severity === 'error') codes.add(issue.code);
  return [...codes].sort();
}

const expectations = loadExpectations();
const byFile = new Map(expectations.map((row) => [row.file, row]));
const files = corpusEntries().map((entry) => ({
  name: relative(CORPUS_DIR, entry.file).split(sep).join('/'),
  path: entry.file,
}));
const catalog = new GrammarCatalog(undefined);

describe('corpus expectations', () => {
  it('has one row per corpus file, sorted by file, with sorted distinct error codes', () => {
    const names = new Set(files.map((f) => f.name));
    const withoutRow = files.filter((f) => !byFile.has(f.name)).map((f) => f.name);
    const withoutFile = expectations.filter((row) => !names.has(row.file)).map((row) => row.file);
    expect(withoutRow, 'corpus files with no row in expectations.json').toEqual([]);
    expect(withoutFile, 'rows in expectations.json naming no corpus file').toEqual([]);
    expect(byFile.size, 'duplicate rows in expectations.json').toBe(expectations.length);
    const sorted = [...expectations.map((row) => row.file)].sort();
    expect(
      expectations.map((row) => row.file),
      'expectations.json is not sorted by file',
    ).toEqual(sorted);
    for (const row of expectations) {
      expect(row.errors, `${row.file}: errors not sorted and distinct`).toEqual(
        [...new Set(row.errors)].sort(),
      );
      const needsErrors = row.outcome === 'invalid' || row.outcome === 'unsupported';
      expect(
        row.errors.length > 0,
        `${row.file}: ${row.outcome} row with errors ${row.errors.join(',')}`,
      ).toBe(needsErrors);
    }
  });

  it('includes at least one row of each outcome', () => {
    const present = new Set(expectations.map((row) => row.outcome));
    expect(OUTCOMES.filter((outcome) => !present.has(outcome))).toEqual([]);
  });

  it.each(files)('$name', ({ name, path }) => {
    const row = byFile.get(name);
    if (!row) throw new Error(`${name}: no row in expectations.json`);
    const bytes = readFileSync(path);
    const result = validateInput((push) => push(bytes), catalog, { issueLimit: ISSUE_LIMIT });
    expect(result.issues.droppedCount, `${name}: issues dropped, raise ISSUE_LIMIT`).toBe(0);
    const actual = { outcome: outcomeOf(result), errors: errorCodes(result) };
    const expected = { outcome: row.outcome, errors: row.errors };
    const differences: string[] = [];
    if (actual.outcome !== expected.outcome)
      differences.push(`outcome ${actual.outcome}, expected ${expected.outcome}`);
    const extra = actual.errors.filter((code) => !expected.errors.includes(code));
    const missing = expected.errors.filter((code) => !actual.errors.includes(code));
    if (extra.length > 0) differences.push(`unexpected error codes ${extra.join(', ')}`);
    if (missing.length > 0) differences.push(`expected error codes not reported ${missing.join(', ')}`);
    expect(differences, `${name}: ${differences.join('; ')} (row reason: ${row.reason})`).toEqual([]);
  });
});
