import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACK_CODES, type AckCodes } from '../../../engine/core/ack-codes.js';
import { validateInput, type FileValidationOptions } from '../../../engine/runtime/file-validator.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'ack-codes');
const catalog = new GrammarCatalog(undefined);

/** Fixtures are named `<CODE>.x12` / `<CODE>.edi`; the README is not one. */
const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.x12') || name.endsWith('.edi'))
  .sort()
  .map((name) => ({ name, code: basename(name, extname(name)), path: join(FIXTURES, name) }));

/** CHARSET_INVALID is an error only with --charsetcheck strict (a warning by default). */
const OPTIONS: Readonly<Record<string, FileValidationOptions>> = {
  CHARSET_INVALID: { charsetCheck: 'strict' },
};

function validateFile(path: string, options: FileValidationOptions = {}): ReturnType<typeof validateInput> {
  const bytes = readFileSync(path);
  return validateInput((push) => push(bytes), catalog, options);
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

// Code values of the standards (see docs/error-codes.md for their meanings).
const AK304 = new Set(range(1, 8));
const AK403 = new Set(range(1, 10));
const IK403 = new Set([...range(1, 10), '12', '13']);
// 997/999 AK502/IK502 (718) and AK905 (716) values: control and count errors plus the security codes.
const AK502 = new Set([...range(1, 13), ...range(15, 19), ...range(23, 27)]);
const AK905 = new Set([...range(1, 6), ...range(10, 19), ...range(23, 26)]);
// ISO 9735 data element 0085, syntax error coded.
const CONTRL_0085 = new Set(['2', '7', ...range(12, 43), ...range(45, 48)]);

describe('acknowledgement code fixtures', () => {
  it('has at least one fixture for every mapped code, and no fixture for an unmapped one', () => {
    const covered = new Set(fixtures.map((f) => f.code));
    expect(Object.keys(ACK_CODES).filter((code) => !covered.has(code))).toEqual([]);
    expect([...covered].filter((code) => !(code in ACK_CODES))).toEqual([]);
  });

  it.each(fixtures)('$name yields exactly one error: $code, with a line', ({ code, path }) => {
    const result = validateFile(path, OPTIONS[code]);
    expect(result.summary.fatal).toBeFalsy();
    expect(result.grammars.every((use) => use.grammar !== undefined)).toBe(true);
    const errors = result.issues.items.filter((issue) => issue.severity === 'error');
    expect(errors.map((issue) => issue.code)).toEqual([code]);
    expect(errors[0]!.location.line).toBeGreaterThan(0);
    expect(result.valid).toBe(false);
  });

  it('reports CHARSET_INVALID as a warning by default and not at all with replace', () => {
    const path = join(FIXTURES, 'CHARSET_INVALID.edi');
    const warn = validateFile(path);
    expect(warn.issues.items.map((i) => [i.code, i.severity])).toEqual([['CHARSET_INVALID', 'warning']]);
    expect(validateFile(path, { charsetCheck: 'replace' }).issues.items).toEqual([]);
  });
});

describe('ACK_CODES values', () => {
  const entries = Object.entries(ACK_CODES);

  it('gives every code a 997/999 segment, transaction set or group level', () => {
    for (const [code, ack] of entries) expect(ack.ak304 ?? ack.ak502 ?? ack.ak905, code).toBeDefined();
  });

  it('uses only values of the X12 and ISO 9735 code lists', () => {
    for (const [code, ack] of entries) {
      if (ack.ak304 !== undefined) expect(AK304.has(ack.ak304), `${code} AK304 ${ack.ak304}`).toBe(true);
      if (ack.ak403 !== undefined) expect(AK403.has(ack.ak403), `${code} AK403 ${ack.ak403}`).toBe(true);
      if (ack.ik403 !== undefined) expect(IK403.has(ack.ik403), `${code} IK403 ${ack.ik403}`).toBe(true);
      if (ack.ak502 !== undefined) expect(AK502.has(ack.ak502), `${code} AK502 ${ack.ak502}`).toBe(true);
      if (ack.ak905 !== undefined) expect(AK905.has(ack.ak905), `${code} AK905 ${ack.ak905}`).toBe(true);
      expect(CONTRL_0085.has(ack.contrl), `${code} 0085 ${ack.contrl}`).toBe(true);
    }
  });

  it('pairs element codes with AK304 8 and AK403 with IK403', () => {
    for (const [code, ack] of entries) {
      const element = ack.ak403 !== undefined || ack.ik403 !== undefined;
      if (element) {
        expect(ack.ak304, code).toBe('8');
        expect(ack.ak403 !== undefined && ack.ik403 !== undefined, code).toBe(true);
      }
      if (ack.ak304 === '8') expect(element, code).toBe(true);
    }
  });
});

const COLUMNS: readonly [string, keyof AckCodes][] = [
  ['997 AK304', 'ak304'],
  ['997 AK403', 'ak403'],
  ['999 IK403', 'ik403'],
  ['AK502/IK502', 'ak502'],
  ['AK905', 'ak905'],
  ['CONTRL 0085', 'contrl'],
];

/** The rows of the first markdown table after a heading line (`## Acknowledgement codes`), as header -> cell. */
function markdownTable(markdown: string, heading: string): Record<string, string>[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const first = lines.findIndex((line, i) => i > start && line.trimStart().startsWith('|'));
  const cells = (line: string): string[] =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
  const header = cells(lines[first]!);
  const rows: Record<string, string>[] = [];
  for (let i = first + 2; i < lines.length && lines[i]!.trimStart().startsWith('|'); i++) {
    const row = cells(lines[i]!);
    rows.push(Object.fromEntries(header.map((name, c) => [name, row[c] ?? ''])));
  }
  return rows;
}

describe('docs/error-codes.md', () => {
  const markdown = readFileSync(join(ROOT, 'docs', 'error-codes.md'), 'utf8');

  it('shows ACK_CODES exactly in its "Acknowledgement codes" table', () => {
    const rows = markdownTable(markdown, '## Acknowledgement codes');
    const documented = Object.fromEntries(
      rows.map((row) => [row['code'] ?? '', COLUMNS.map(([column]) => row[column] ?? '')]),
    );
    const expected = Object.fromEntries(
      Object.entries(ACK_CODES).map(([code, ack]) => [code, COLUMNS.map(([, key]) => ack[key] ?? '')]),
    );
    expect(rows.length).toBe(Object.keys(documented).length);
    expect(documented).toEqual(expected);
  });

  it('lists every mapped code in its codes table', () => {
    // A row may name several codes: `SE_MISSING, GE_MISSING, ...`.
    const listed = new Set(
      markdownTable(markdown, '# Error codes').flatMap((row) => (row['code'] ?? '').split(/,\s*/)),
    );
    expect(Object.keys(ACK_CODES).filter((code) => !listed.has(code))).toEqual([]);
  });
});
