// The CLI contract of DESIGN.md, run as child processes of the built dist/cli.js: exit codes, messages and output
// formats of parse, validate and grammar. Time budget: about 5 seconds (about 50 process starts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots, ROOT } from '../helpers/cli.js';
import { interchange } from '../helpers/x12.js';

const dir = mkdtempSync(join(tmpdir(), 'bots-cli-'));
const fixture = (path: string): string => join(ROOT, 'test', 'fixtures', path);
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const valid = file('valid.x12', interchange([['BEG*00*SA*PO1**20240101']]));
const broken = file(
  'broken.x12',
  interchange([['BEG*00*SA*PO1**20240101']]).replace('SE*3*0001', 'SE*9*0001'),
);
const unknown = file('unknown.txt', 'hello world\n');
const empty = file('empty.edi', '');
const binary = file('binary.bin', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x10, 0x11, 0x12]));
const noTerminator = file('isa-only.x12', 'ISA*00*');
const badDate = file(
  'bad-date.x12',
  interchange([['BEG*00*SA*PO1**20240101', 'DTM*002*20241345', 'PO1*1*10*EA*2.5**VP*X1', 'CTT*1']]),
);
const noGrammar = file(
  'vics.x12',
  interchange([['BEG*00*SA*PO1**20240101']]).replace('*004010~', '*004010VICS~'),
);
const notAGrammar = file(
  'grammar.json',
  JSON.stringify({ format: 'bots-grammar/1', id: 'X', structure: 'no' }),
);

// [args, exit code, text the output must contain]: the contract table of DESIGN.md for `parse`.
const table: [string[], number, string][] = [
  [['parse', valid], 0, 'message 1: 850004010'],
  [['parse', broken], 0, 'SE_COUNT'],
  [['parse', '--json', broken], 0, '"SE_COUNT"'],
  [['parse', unknown], 1, 'Unknown syntax'],
  [['parse', empty], 1, 'INPUT_EMPTY'],
  [['parse', binary], 1, 'SYNTAX_UNKNOWN'],
  [['parse', noTerminator], 1, 'ISA_MALFORMED'],
  [['parse', join(dir, 'missing.edi')], 2, 'no such file'],
  [['parse', dir], 2, 'not a file'],
  [['parse'], 2, "missing required argument 'file'"],
  [['parse', valid, '--editype', 'cobol'], 2, '--editype cobol'],
  [['parse', valid, '--charset', 'klingon'], 2, 'unknown charset'],
  [['parse', valid, '--no-such-option'], 2, 'unknown option'],
  [['validate', valid], 1, 'mandatory loop PO1 is missing'],
  [['validate', badDate], 1, 'DATE_INVALID DTM: DTM02'],
  [['validate', noGrammar], 1, 'validated against 850004010'],
  [['validate', noGrammar, '--messagetype', '850004099'], 0, 'no grammar for 850004099'],
  [['validate', broken], 1, 'SE_COUNT'],
  [['validate', unknown], 1, 'SYNTAX_UNKNOWN'],
  [['validate', empty], 1, 'INPUT_EMPTY'],
  [['validate', binary], 1, 'SYNTAX_UNKNOWN'],
  [['validate', noTerminator], 1, 'ISA_MALFORMED'],
  [['validate', join(dir, 'missing.edi')], 2, 'no such file'],
  [['validate'], 2, "missing required argument 'files'"],
  [['validate', valid, '--charsetcheck', 'loose'], 2, '--charsetcheck loose'],
  [['validate', valid, '--grammar', notAGrammar], 2, 'is not a valid grammar'],
  [['validate', valid, '--max-issues', '0'], 2, '--max-issues 0'],
  [
    ['validate', '--grammar', fixture('grammars/csv-orders.json'), fixture('records/orders.csv')],
    0,
    'validated against ORDERS_CSV',
  ],
  [['validate', '--editype', 'csv', fixture('records/orders.csv')], 1, 'GRAMMAR_REQUIRED'],
  [['validate', '--editype', 'json', fixture('records/orders.json')], 0, 'no grammar for json'],
  [
    ['validate', '--grammar', fixture('grammars/xml-orders.json'), fixture('records/orders.xml')],
    0,
    'validated against ORDERS_XML',
  ],
  [['parse', '--editype', 'xml', fixture('records/orders.xml')], 0, 'xml document (no envelope)'],
  [
    ['parse', '--grammar', fixture('grammars/fixed-orders.json'), fixture('records/orders.fixed')],
    0,
    'fixed document',
  ],
  [['grammar', 'check', fixture('grammars/json-orders.json')], 0, 'valid grammar ORDERS_JSON'],
  [['grammar', 'list'], 0, 'ORDERSD96AUN'],
  [['grammar', 'show', '850004010'], 0, 'loop N1'],
  [['grammar', 'show', 'NOSUCH'], 2, 'no grammar named NOSUCH'],
  [['grammar', 'check', notAGrammar], 1, 'structure: must be a list'],
  [['no-such-command'], 2, 'unknown command'],
  [['--help'], 0, 'parse'],
  // healthcheck (DESIGN.md): 0 healthy (test/integration/health), 1 unhealthy or no answer, 2 configuration error.
  [['healthcheck', '--port', '1'], 1, 'live: no answer from http://127.0.0.1:1/health/live'],
  [['healthcheck', '--check', 'soon', '--port', '1'], 2, '--check must be live, ready or startup'],
  [['healthcheck', '--port', '70000'], 2, '--port must be a port number'],
];

describe('bots exit codes', () => {
  it.each(table)('bots %j exits %i', (args, code, text) => {
    const result = bots(args);
    expect(result.code, result.stderr).toBe(code);
    expect(result.stdout + result.stderr).toContain(text);
  });

  it('prints validation issues as FILE:LINE:COL: CODE SEGMENT: sentence', () => {
    const result = bots(['validate', badDate]);
    const offset = readFileSync(badDate, 'latin1').indexOf('DTM*002*') + 'DTM*002*'.length;
    expect(result.stdout).toContain(`${badDate}:1:${offset + 1}: DATE_INVALID DTM: DTM02 (`);
    expect(result.stdout).toContain(
      `${badDate}: invalid: 1 message(s); 1 850004010 validated against 850004010; 1 error(s)`,
    );
  });

  it('judges a file without a message grammar on syntax and envelopes alone', () => {
    const vics = file(
      'vics-ok.x12',
      readFileSync(badDate, 'latin1').replace('*004010~', '*004010XYZ~').replace('20241345', '20241231'),
    );
    const result = bots(['validate', vics, '--messagetype', '850004099']);
    expect(result.stdout).toContain('GRAMMAR_MISSING ST: warning: no grammar for 850004099');
    expect(result.code).toBe(0);
  });

  it('prints JSON results that name the grammar used', () => {
    const result = bots(['validate', '--json', badDate, noGrammar]);
    const json = JSON.parse(result.stdout) as {
      files: { valid: boolean; grammars: { grammar?: { id: string } }[] }[];
    };
    expect(json.files.map((f) => [f.valid, f.grammars[0]?.grammar?.id])).toEqual([
      [false, '850004010'],
      [false, '850004010'],
    ]);
  });

  it('reads large inputs in a child process with a small young generation, with the same result', () => {
    const result = bots(['validate', '--debug', badDate], { env: { BOTS_LARGE_INPUT_BYTES: '100' } });
    expect(result.stderr).toContain('running in a child process with --max-semi-space-size=2');
    expect(result.stdout).toContain('DATE_INVALID DTM: DTM02');
    expect(result.code).toBe(1);
  });

  it('prints one plain line without a stack trace for usage errors', () => {
    const result = bots(['parse', join(dir, 'missing.edi')]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
