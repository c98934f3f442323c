import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asGrammar, checkGrammar, GrammarError } from '../../../engine/core/grammar-check.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';

const entries = new GrammarCatalog(undefined).list();
const orders = JSON.parse(readFileSync(entries.find((e) => e.id === 'ORDERSD96AUN')!.path, 'utf8')) as Record<
  string,
  unknown
>;
const broken = (change: (grammar: Record<string, unknown>) => void): string[] => {
  const copy = structuredClone(orders);
  change(copy);
  return checkGrammar(copy);
};

describe('grammar check', () => {
  it('accepts every shipped grammar', () => {
    expect(entries.length).toBeGreaterThanOrEqual(28);
    for (const entry of entries)
      expect(checkGrammar(JSON.parse(readFileSync(entry.path, 'utf8'))), entry.id).toEqual([]);
  });

  it('names each problem by its path', () => {
    expect(broken((g) => (g.format = 'bots-grammar/0'))).toEqual(['format: must be "bots-grammar/1"']);
    expect(
      broken((g) => {
        const structure = g.structure as { segment?: string }[];
        structure[1] = { segment: 'ZZZ', min: 1, max: 1 } as never;
      }),
    ).toEqual(['structure[1]: segment ZZZ is not defined in "segments"']);
    expect(
      broken((g) => {
        const structure = g.structure as { content?: unknown[] }[];
        const group = structure.find((n) => n.content)!;
        group.content!.shift();
      }),
    ).toEqual(['structure[7].content[0]: the trigger segment of group SG1 must have min 1 and max 1']);
    expect(
      broken((g) => {
        const segments = g.segments as Record<string, { fields: { codes?: string; min?: number }[] }>;
        segments.BGM!.fields[1]!.codes = 'nope';
      }),
    ).toEqual(['segments.BGM.fields[1].codes: names code list "nope", which is not in "codes"']);
    expect(
      broken((g) => {
        const structure = g.structure as { min: number; max: number }[];
        structure[2]!.min = 5;
        structure[2]!.max = 2;
      }),
    ).toEqual(['structure[2]: min is greater than max']);
  });

  it('throws a GrammarError naming the source', () => {
    expect(() => asGrammar([], 'mine.json')).toThrow(GrammarError);
    expect(() => asGrammar([], 'mine.json')).toThrow(
      'mine.json is not a valid grammar: the file must hold a JSON object',
    );
  });
});
