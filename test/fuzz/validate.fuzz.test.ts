// Property tests for validation: mutations of valid X12 850 and EDIFACT ORDERS messages go through the readers
// and the validator (structure and elements against the shipped grammars) without a crash, and every issue has
// a code, a sentence and a location inside the input. Mutated inputs also go through `bots validate` as child
// processes, many files per process. Runs: 1,000 per property in-process (BOTS_FUZZ_RUNS for more); the seed is
// printed (BOTS_FUZZ_SEED replays it). Time budget: about 10 seconds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateInput } from '../../engine/runtime/file-validator.js';
import { GrammarCatalog } from '../../engine/runtime/grammar-catalog.js';
import { bots } from '../helpers/cli.js';
import { edifactMessage } from '../helpers/grammars.js';
import { mutation } from '../helpers/mutation.js';
import { interchange } from '../helpers/x12.js';

const runs = Number(process.env.BOTS_FUZZ_RUNS ?? 1000);
const seed = Number(process.env.BOTS_FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`validation fuzz seed ${seed} (replay with BOTS_FUZZ_SEED=${seed}), ${runs} runs per property`);

const catalog = new GrammarCatalog(undefined);
const X12 = interchange([
  [
    'BEG*00*SA*PO1**20240101',
    'DTM*002*20240110',
    'N1*ST*Store*92*0001',
    'PO1*1*10*EA*2.5**VP*X1',
    'PID*F****Widget',
    'CTT*1',
  ],
]);
const EDIFACT = edifactMessage([
  'BGM+220+PO1+9',
  'DTM+137:20240101:102',
  'NAD+BY+5412345000013::9',
  'LIN+1++4000862141404:EN',
  'QTY+21:10',
  'UNS+S',
  'CNT+2:1',
]);

function validate(text: string): ReturnType<typeof validateInput> {
  return validateInput((push) => push(Buffer.from(text, 'latin1')), catalog);
}

describe('validation fuzzing', () => {
  it.each([
    ['X12 850', X12],
    ['EDIFACT ORDERS', EDIFACT],
  ])('validates mutated %s messages without a crash', (_name, base) => {
    expect(validate(base).valid).toBe(true);
    fc.assert(
      fc.property(mutation(base, 8, 6), (text) => {
        const result = validate(text);
        for (const issue of result.issues.items) {
          expect(issue.code).toMatch(/^[A-Z0-9_]+$/);
          expect(issue.message.length).toBeGreaterThan(0);
          if (issue.location.offset !== undefined)
            expect(issue.location.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: runs, seed },
    );
  });

  it('runs mutated files through bots validate as a child process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bots-fuzz-'));
    const samples = [
      ...fc.sample(mutation(X12, 8, 6), { numRuns: 50, seed }),
      ...fc.sample(mutation(EDIFACT, 8, 6), { numRuns: 50, seed }),
    ];
    const files = samples.map((text, i) => {
      const path = join(dir, `m${i}.edi`);
      writeFileSync(path, text, 'latin1');
      return path;
    });
    const result = bots(['validate', ...files], {
      timeoutMs: 20_000,
      nodeArgs: ['--max-old-space-size=128'],
    });
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    for (const file of files) expect(result.stdout).toContain(`${file}: `);
  });
});
