// Property tests: any bytes, and mutations of valid interchanges, go through the readers without a crash or a
// hang, and every issue has a code and a location. Runs: 1,000 per property, more with BOTS_FUZZ_RUNS; the seed is
// printed so a failure can be replayed with BOTS_FUZZ_SEED. Time budget: a few seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { read } from '../helpers/read.js';
import { mutation } from '../helpers/mutation.js';
import { interchange } from '../helpers/x12.js';

const runs = Number(process.env.BOTS_FUZZ_RUNS ?? 1000);
const seed = Number(process.env.BOTS_FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzz seed ${seed} (replay with BOTS_FUZZ_SEED=${seed}), ${runs} runs per property`);

const X12 = interchange([['BEG*00*SA*PO1**20240101', 'REF*ZZ*A:B', 'HL*1**S']], {
  repetition: '^',
  version: '00501',
});
const EDIFACT =
  "UNA:+.? 'UNB+UNOC:4+S+R+240101:1200+R1'UNH+1+ORDERS:D:96A:UN'FTX+AAI+++a?'b*c'UNT+3+1'UNZ+1+R1'";

function wellFormed(result: ReturnType<typeof read>): void {
  for (const issue of result.summary.issues.items) {
    expect(issue.code).toMatch(/^[A-Z0-9_]+$/);
    expect(issue.message.length).toBeGreaterThan(0);
  }
}

describe('reader fuzzing', () => {
  it('survives arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 17 }), (bytes, chunk) => {
        wellFormed(read(bytes, {}, chunk));
      }),
      { numRuns: runs, seed },
    );
  });

  it('survives mutated X12 and EDIFACT interchanges', () => {
    for (const base of [X12, EDIFACT]) {
      fc.assert(
        fc.property(mutation(base), fc.integer({ min: 0, max: 9 }), (text, chunk) => {
          const whole = read(text);
          wellFormed(whole);
          const chunked = read(text, {}, chunk);
          expect(chunked.codes).toEqual(whole.codes);
          expect(chunked.messages.length).toBe(whole.messages.length);
        }),
        { numRuns: runs, seed },
      );
    }
  });
});
