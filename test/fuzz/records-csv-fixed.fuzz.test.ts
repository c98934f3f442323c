// Property tests of the CSV and fixed-width parsers and writers: arbitrary text and mutations of the sample
// files go through the parsers (directly and through the reader) without a throw or a hang, every issue has a
// code and a line, and what the writers write reads back to the same values. Runs: 1,000 per property, more
// with BOTS_FUZZ_RUNS; the seed is printed so a failure can be replayed with BOTS_FUZZ_SEED. Time budget: a few
// seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATIN1, UTF8 } from '../../engine/core/charset.js';
import { compileGrammar, type CompiledGrammar } from '../../engine/core/compiled-grammar.js';
import { parseCsv } from '../../engine/core/csv-parser.js';
import { writeCsv } from '../../engine/core/csv-writer.js';
import { parseFixed } from '../../engine/core/fixed-parser.js';
import { writeFixed } from '../../engine/core/fixed-writer.js';
import type { CsvSyntax, ElementDef } from '../../engine/core/grammar.js';
import { IssueList } from '../../engine/core/issue.js';
import type { RecordParser } from '../../engine/core/record-format.js';
import { mutation } from '../helpers/mutation.js';
import { read } from '../helpers/read.js';
import {
  expectWellFormedIssues,
  fixture,
  grammarFixture,
  grammarJson,
  parseWith,
} from '../helpers/records.js';

const runs = Number(process.env.BOTS_FUZZ_RUNS ?? 1000);
const seed = Number(process.env.BOTS_FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzz seed ${seed} (replay with BOTS_FUZZ_SEED=${seed}), ${runs} runs per property`);

const CSV_JSON = grammarJson('csv-orders.json');
const FIXED = grammarFixture('fixed-orders.json');
const CSV_SAMPLE = fixture('records/orders.csv', 'latin1');
const FIXED_SAMPLE = fixture('records/orders.fixed', 'latin1');

function csvGrammar(csv: Partial<CsvSyntax>): CompiledGrammar {
  return compileGrammar({
    ...CSV_JSON,
    syntax: { ...CSV_JSON.syntax, csv: { ...CSV_JSON.syntax.csv!, ...csv } },
  });
}

/** The sample layout and variants: an escape character, no quote, no header, another separator. */
const CSV_GRAMMARS = [
  csvGrammar({}),
  csvGrammar({ escape: '\\' }),
  csvGrammar({ quote: '' }),
  csvGrammar({ header: false, separator: ';', quote: "'" }),
];

/** Parses and checks that issues are well-formed and records come in input order with string values. */
function check(parser: RecordParser, text: string, grammar: CompiledGrammar, latin1: boolean): void {
  const { records, issues } = parseWith(parser, text, grammar, latin1 ? LATIN1 : UTF8);
  expectWellFormedIssues(issues.items);
  let line = 0;
  let offset = -1;
  for (const { segment } of records) {
    // Records come in input order.
    expect(segment.line).toBeGreaterThan(line);
    expect(segment.offset).toBeGreaterThan(offset);
    line = segment.line;
    offset = segment.offset;
    for (const value of segment.elements) expect(typeof value).toBe('string');
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.string({
    maxLength: 300,
    unit: fc.constantFrom('"', "'", ',', ';', '\\', '\r', '\n', ' ', 'H', 'E', 'A', 'L', 'I', 'N', '0'),
  }),
);

describe('CSV and fixed-width parser fuzzing', () => {
  it('survives arbitrary text', () => {
    fc.assert(
      fc.property(text, fc.nat(CSV_GRAMMARS.length - 1), fc.boolean(), (input, g, latin1) => {
        check(parseCsv, input, CSV_GRAMMARS[g]!, latin1);
        check(parseFixed, input, FIXED, latin1);
      }),
      { numRuns: runs, seed },
    );
  });

  it('survives mutated samples, directly and through the reader', () => {
    const cases: [string, RecordParser, 'csv' | 'fixed', CompiledGrammar][] = [
      [CSV_SAMPLE, parseCsv, 'csv', CSV_GRAMMARS[0]!],
      [FIXED_SAMPLE, parseFixed, 'fixed', FIXED],
    ];
    for (const [base, parser, editype, grammar] of cases)
      fc.assert(
        fc.property(mutation(base), fc.integer({ min: 0, max: 9 }), (input, chunk) => {
          check(parser, input, grammar, false);
          const result = read(input, { editype, grammar }, chunk);
          expectWellFormedIssues(result.summary.issues.items);
          expect(result.messages.length).toBeLessThanOrEqual(1);
        }),
        { numRuns: runs, seed },
      );
  });
});

describe('CSV and fixed-width writer fuzzing', () => {
  it('CSV: written values read back the same', () => {
    const value = fc.string({
      maxLength: 12,
      unit: fc.oneof(
        fc.constantFrom('"', "'", ',', ';', '\\', '\r', '\n', ' '),
        fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
      ),
    });
    fc.assert(
      fc.property(
        fc.nat(CSV_GRAMMARS.length - 1),
        fc.array(fc.array(value, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        (g, rows) => {
          const grammar = CSV_GRAMMARS[g]!;
          if (grammar.grammar.syntax.csv!.quote === '') return; // no quotes: values with separators cannot be written
          const records = rows.map((values) => ({ tag: 'LIN', elements: ['LIN', ...values] }));
          const issues = new IssueList();
          const back = parseCsv(writeCsv(records, grammar.grammar), { grammar, issues, charset: UTF8 });
          expect(issues.items).toEqual([]);
          expect(back.map((node) => node.segment.elements)).toEqual(records.map((r) => r.elements));
        },
      ),
      { numRuns: runs, seed },
    );
  });

  it('fixed: written values read back the same, trimmed as the parser trims', () => {
    const fields = FIXED.grammar.segments.LIN!.fields as ElementDef[];
    const value = (def: ElementDef): fc.Arbitrary<string> =>
      def.format === 'AN' || def.format === 'ID'
        ? fc
            .string({ maxLength: def.max, unit: fc.constantFrom('a', 'Z', ' ', '-', 'ü', '"') })
            .map((s) => s.trimEnd())
        : fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 10 ** Math.min(def.max, 9) - 1 }).map(String));
    fc.assert(
      fc.property(fc.tuple(...fields.slice(1).map(value)), (values) => {
        const out = writeFixed([{ tag: 'LIN', elements: ['LIN', ...values] }], FIXED.grammar);
        const issues = new IssueList();
        const [node] = parseFixed(out, { grammar: FIXED, issues, charset: UTF8 });
        expect(issues.items).toEqual([]);
        const expected = values.map((v, i) => {
          const def = fields[i + 1]!;
          return v === '' || (def.format !== 'N' && def.format !== 'R') ? v : v.padStart(def.max, '0');
        });
        expect(node!.segment.elements).toEqual(['LIN', ...expected]);
      }),
      { numRuns: runs, seed },
    );
  });
});
