// Round trip: every valid X12 and EDIFACT corpus file (expectations.json), and a generated X12 850 file in the
// benchmark's format, is read and written back with the separators, UNA presence and line-break style found in
// the input, with counts computed by the writer: the bytes must be the input's. Files that cannot come back
// byte for byte are listed with their reason in round-trip-exceptions.json, and must still differ (so the list
// stays true). Time budget: about 3 seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';
import { roundTrip } from '../../helpers/round-trip.js';

const corpus = join(ROOT, 'test', 'fixtures', 'corpus');
const rows = JSON.parse(readFileSync(join(corpus, 'expectations.json'), 'utf8')) as {
  file: string;
  outcome: string;
}[];
const exceptions = new Map(
  (
    JSON.parse(readFileSync(join(corpus, 'round-trip-exceptions.json'), 'utf8')) as {
      file: string;
      reason: string;
    }[]
  ).map((e) => [e.file, e.reason]),
);
const valid = rows
  .filter((r) => r.outcome === 'valid' || r.outcome === 'valid-with-warnings')
  .map((r) => r.file);

function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const show = (x: Buffer) => JSON.stringify(x.subarray(Math.max(0, i - 30), i + 30).toString('latin1'));
  return `first difference at byte ${i}: input ${show(a)}, output ${show(b)}`;
}

describe('round trip of the corpus', () => {
  it('lists only valid corpus files as exceptions', () => {
    for (const file of exceptions.keys()) expect(valid, file).toContain(file);
  });

  it.each(valid)('%s', (file) => {
    const input = readFileSync(join(corpus, file));
    const { output } = roundTrip(input);
    const reason = exceptions.get(file);
    if (reason === undefined) expect(output.equals(input), firstDifference(input, output)).toBe(true);
    else
      expect(output.equals(input), `listed as an exception (${reason}) but comes back byte for byte`).toBe(
        false,
      );
  });
});

describe('round trip of generated benchmark files', () => {
  const generator = join(
    process.env.BOTS_SHARED_DIR ?? join(ROOT, '..', 'shared'),
    'bench',
    'gen_x12_850.py',
  );

  it.runIf(existsSync(generator) || process.env.CI === 'true')(
    'X12 850, 300 orders, as the benchmark generates them',
    () => {
      const file = join(mkdtempSync(join(tmpdir(), 'bots-rt-')), 'x12-850.edi');
      const run = spawnSync('python3', [generator, 'big', file, '300', '--seed', '1'], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const input = readFileSync(file);
      const { output } = roundTrip(input);
      expect(output.equals(input), firstDifference(input, output)).toBe(true);
    },
  );

  it('EDIFACT D96A ORDERS with release characters, as bench/edifact-orders-gen.mjs generates them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bots-rt-')), 'orders.edi');
    const generator = join(ROOT, 'bench', 'edifact-orders-gen.mjs');
    const run = spawnSync(process.execPath, [generator, file, '--messages', '200'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const input = readFileSync(file);
    expect(input.includes('?+')).toBe(true);
    const { output } = roundTrip(input);
    expect(output.equals(input), firstDifference(input, output)).toBe(true);
  });
});
