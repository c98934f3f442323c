// Hostile inputs through `bots validate` and `bots parse` as child processes, each with a 20 s timeout and a
// heap cap: the process must end by itself with a clear result (exit 0 or 1 and the expected code), never crash,
// hang or run out of memory. Inputs are written to a temporary folder. Time budget: about 15 seconds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots } from '../helpers/cli.js';
import { edifactMessage } from '../helpers/grammars.js';
import { interchange } from '../helpers/x12.js';

const dir = mkdtempSync(join(tmpdir(), 'bots-hostile-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const hlSiblings = ['BSN*00*SHIP1*20240101*1200', 'HL*1**S'];
for (let i = 2; i <= 200_000; i++) hlSiblings.push(`HL*${i}*1*O`);
const hlChain = ['BSN*00*SHIP1*20240101*1200', 'HL*1**S'];
for (let i = 2; i <= 200_000; i++) hlChain.push(`HL*${i}*${i - 1}*I`);
const asn = (body: string[]) => interchange([body]).replace('ST*850', 'ST*856').replace('GS*PO', 'GS*SH');

// [name, content, exit code of validate, text the output must contain]
const inputs: [string, string | Buffer, number, string][] = [
  ['empty', '', 1, 'INPUT_EMPTY'],
  ['bare ISA', 'ISA*00*', 1, 'ISA_MALFORMED'],
  [
    '5 MB segment without terminator',
    interchange([['BEG*00*SA*PO1**20240101']]).slice(0, 200) + 'A'.repeat(5 * 1024 * 1024),
    1,
    'SEGMENT_TOO_LONG',
  ],
  ['200,000 HL siblings in one message', asn(hlSiblings), 0, 'validated against 856004010'],
  ['200,000 HL nested in a chain', asn(hlChain), 1, 'HL_TOO_DEEP'],
  ['two UNAs', "UNA:+.? 'UNA:+.? '" + edifactMessage(['BGM+220+PO1+9']).slice(9), 1, 'UNA_REPEATED'],
  [
    'UTF-16 with a BOM',
    Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(edifactMessage(['BGM+220+PO1+9', 'DTM+137:20240101:102', 'UNS+S']), 'utf16le'),
    ]),
    0,
    'INPUT_UTF16',
  ],
  ['NUL bytes', Buffer.alloc(4096), 1, 'SYNTAX_UNKNOWN'],
];

describe('hostile inputs as child processes', () => {
  it.each(inputs)('validate: %s', (name, content, code, text) => {
    const path = file(`${name.replace(/\W+/g, '-')}.edi`, content);
    const result = bots(['validate', path], { timeoutMs: 20_000, nodeArgs: ['--max-old-space-size=256'] });
    expect(result.stderr, 'no crash output').toBe('');
    expect(result.code, result.stdout.slice(-500)).toBe(code);
    expect(result.stdout).toContain(text);
  });

  it.each(inputs)('parse --json: %s', (name, content) => {
    const path = file(`${name.replace(/\W+/g, '-')}.parse.edi`, content);
    const result = bots(['parse', '--json', path], {
      timeoutMs: 20_000,
      nodeArgs: ['--max-old-space-size=256'],
    });
    expect(
      result.stderr.includes('RangeError') || result.stderr.includes('heap'),
      result.stderr.slice(0, 300),
    ).toBe(false);
    expect([0, 1]).toContain(result.code);
  });
});
