import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInput, type FileValidation } from '../../../engine/runtime/file-validator.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';

// Our own CONTRL messages (ISO 9735): UCI mandatory, then UCM groups holding UCS groups holding UCD. The
// acknowledgement generator will write messages like these, so the shipped CONTRL grammars must accept them.
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'contrl');
const catalog = new GrammarCatalog(undefined);

const CASES = [
  { file: 'contrl-3-accept.edi', grammar: 'CONTRL22UN' },
  { file: 'contrl-3-reject.edi', grammar: 'CONTRL22UN' },
  { file: 'contrl-4-reject.edi', grammar: 'CONTRL41UN' },
] as const;

function fixture(file: string): string {
  return readFileSync(join(FIXTURES, file), 'latin1');
}

function validate(text: string): FileValidation {
  return validateInput((push) => push(Buffer.from(text, 'latin1')), catalog);
}

/** Applies an edit to the segment lines (one segment per line) and sets UNT 0074 to the new count. */
function broken(text: string, edit: (lines: string[]) => string[]): string {
  const lines = edit(text.split('\n'));
  const unh = lines.findIndex((line) => line.startsWith('UNH+'));
  const unt = lines.findIndex((line) => line.startsWith('UNT+'));
  lines[unt] = lines[unt]!.replace(/^UNT\+\d+/, `UNT+${unt - unh + 1}`);
  return lines.join('\n');
}

const without = (tag: string) => (lines: string[]) => lines.filter((line) => !line.startsWith(`${tag}+`));
const replacing = (from: string, to: string) => (lines: string[]) =>
  lines.map((line) => (line === from ? to : line));

const errors = (result: FileValidation): [string, string | undefined][] =>
  result.issues.items
    .filter((issue) => issue.severity === 'error')
    .map((issue) => [issue.code, issue.location.segmentId]);

describe('CONTRL fixtures', () => {
  it.each(CASES)('$file validates without issues against $grammar', ({ file, grammar }) => {
    const result = validate(fixture(file));
    expect(result.grammars.map((use) => use.grammar?.id)).toEqual([grammar]);
    expect(result.issues.items).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('finds the syntax 3 grammar also for CONTRL identified as CONTRL:D:3:UN', () => {
    const text = fixture('contrl-3-reject.edi').replace('CONTRL:2:2:UN', 'CONTRL:D:3:UN');
    expect(text).toContain('CONTRL:D:3:UN');
    const result = validate(text);
    expect(result.grammars.map((use) => use.grammar?.id)).toEqual(['CONTRLD3UN']);
    expect(result.issues.items).toEqual([]);
  });

  it('accepts with UCI action 7 and rejects with action 4 and UCM/UCS/UCD details', () => {
    expect(fixture('contrl-3-accept.edi')).toMatch(/^UCI\+ICR0101\+[^']*\+7'$/m);
    const reject = fixture('contrl-3-reject.edi');
    expect(reject).toMatch(/^UCI\+[^']*\+4'$/m);
    expect(reject).toMatch(/^UCM\+1\+ORDERS:D:96A:UN:EAN008\+4'$/m);
    expect(reject).toMatch(/^UCS\+2\+13'$/m);
    expect(reject).toMatch(/^UCD\+12\+1:2'$/m);
  });

  it.each(CASES)('$file without its UCI misses the mandatory UCI', ({ file }) => {
    const result = validate(broken(fixture(file), without('UCI')));
    expect(errors(result)).toEqual([['SEGMENT_MISSING', 'UCI']]);
  });

  it('rejects a UCD without the position of the erroneous element (S011)', () => {
    const result = validate(broken(fixture('contrl-3-reject.edi'), replacing("UCD+12+1:2'", "UCD+12'")));
    expect(errors(result)).toEqual([['ELEMENT_MISSING', 'UCD']]);
  });

  it('rejects a UCS whose segment position is not a number', () => {
    const result = validate(broken(fixture('contrl-4-reject.edi'), replacing("UCS+9'", "UCS+NINE'")));
    expect(errors(result)).toEqual([['NUMBER_INVALID', 'UCS']]);
  });

  // 0085 is a coded element: 99 is no ISO 9735 syntax error code.
  it.each(CASES.filter((c) => c.file.includes('reject')))(
    '$file with UCD 0085 "99" reports CODE_INVALID',
    ({ file }) => {
      const ucd = /^UCD\+[^']*'$/m.exec(fixture(file))![0];
      const result = validate(broken(fixture(file), replacing(ucd, ucd.replace(/^UCD\+\d+/, 'UCD+99'))));
      expect(errors(result)).toEqual([['CODE_INVALID', 'UCD']]);
    },
  );
});
