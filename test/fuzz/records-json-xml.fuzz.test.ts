// Property tests of the JSON and XML record parsers: arbitrary text, and mutations of the valid samples, go
// through both parsers (with and without a grammar, and through the whole reader) without an exception or a
// hang; every issue has a code and a line; every record has a position and a name per element. Deep nesting
// ends with the depth error, not a stack overflow. Runs: 1,000 per property, more with BOTS_FUZZ_RUNS; the seed
// is printed so a failure can be replayed with BOTS_FUZZ_SEED. Time budget: a few seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledGrammar } from '../../engine/core/compiled-grammar.js';
import type { RecordNode } from '../../engine/core/envelope.js';
import { parseJson } from '../../engine/core/json-parser.js';
import type { RecordParser } from '../../engine/core/record-format.js';
import { parseXml } from '../../engine/core/xml-parser.js';
import { mutation } from '../helpers/mutation.js';
import { read } from '../helpers/read.js';
import { expectWellFormedIssues, fixture, grammarFixture, parseWith } from '../helpers/records.js';

const runs = Number(process.env.BOTS_FUZZ_RUNS ?? 1000);
const seed = Number(process.env.BOTS_FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzz seed ${seed} (replay with BOTS_FUZZ_SEED=${seed}), ${runs} runs per property`);

const JSON_GRAMMAR = grammarFixture('json-orders.json');
const XML_GRAMMAR = grammarFixture('xml-orders.json');
const JSON_SAMPLE = fixture('records/orders.json');
const XML_SAMPLE = fixture('records/orders.xml');

const PARSERS: [string, RecordParser, CompiledGrammar][] = [
  ['json', parseJson, JSON_GRAMMAR],
  ['xml', parseXml, XML_GRAMMAR],
];

/** Parses with and without the grammar and checks issues and records are well-formed. */
function check(parser: RecordParser, grammar: CompiledGrammar, text: string): void {
  for (const g of [undefined, grammar]) {
    const { records, issues } = parseWith(parser, text, g);
    expectWellFormedIssues(issues.items, { column: true });
    wellFormed(records);
  }
}

function wellFormed(nodes: RecordNode[]): void {
  for (const { segment, children } of nodes) {
    expect(segment.tag.length).toBeGreaterThan(0);
    expect(segment.line).toBeGreaterThanOrEqual(1);
    expect(segment.offset).toBeGreaterThanOrEqual(0);
    expect(segment.names).toHaveLength(segment.elements.length);
    wellFormed(children);
  }
}

describe('JSON and XML record parser fuzzing', () => {
  for (const [name, parser, grammar] of PARSERS) {
    it(`${name}: survives arbitrary text`, () => {
      const alphabet = name === 'json' ? '{}[]:,"\\ -.0123456789eEtrufalsn\n' : '<>/="\'&;!?[]- abx:\n';
      const structured = fc.string({ unit: fc.constantFrom(...alphabet.split('')), maxLength: 200 });
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), structured), (text) =>
          check(parser, grammar, text),
        ),
        { numRuns: runs, seed },
      );
    });

    it(`${name}: survives mutations of the valid sample, also through the reader`, () => {
      const sample = name === 'json' ? JSON_SAMPLE : XML_SAMPLE;
      fc.assert(
        fc.property(mutation(sample, 8, 6), (text) => {
          check(parser, grammar, text);
          const result = read(Buffer.from(text, 'utf8'), { editype: name as 'json' | 'xml' });
          for (const issue of result.summary.issues.items) expect(issue.code).toMatch(/^[A-Z0-9_]+$/);
        }),
        { numRuns: runs, seed },
      );
    });
  }

  it('ends 100,000 levels of nesting with the depth error, not a stack overflow', () => {
    const inputs: [RecordParser, string, string][] = [
      [parseJson, '['.repeat(100_000), 'JSON_TOO_DEEP'],
      [parseJson, '{"a":'.repeat(100_000), 'JSON_TOO_DEEP'],
      [parseJson, '[{"a":'.repeat(50_000) + '1' + '}]'.repeat(50_000), 'JSON_TOO_DEEP'],
      [parseXml, '<a>'.repeat(100_000), 'XML_TOO_DEEP'],
      [parseXml, '<a>'.repeat(100_000) + '</a>'.repeat(100_000), 'XML_TOO_DEEP'],
    ];
    for (const [parser, text, code] of inputs) {
      const { records, issues } = parseWith(parser, text, undefined);
      expect(issues.items.map((i) => i.code)).toEqual([code]);
      expect(records).toEqual([]);
    }
  });
});
