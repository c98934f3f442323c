import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots } from '../helpers/cli.js';
import { interchange } from '../helpers/x12.js';

const dir = mkdtempSync(join(tmpdir(), 'bots-cli-'));
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
  [['no-such-command'], 2, 'unknown command'],
  [['--help'], 0, 'parse'],
];

describe('bots exit codes', () => {
  it.each(table)('bots %j exits %i', (args, code, text) => {
    const result = bots(args);
    expect(result.code, result.stderr).toBe(code);
    expect(result.stdout + result.stderr).toContain(text);
  });

  it('prints one plain line without a stack trace for usage errors', () => {
    const result = bots(['parse', join(dir, 'missing.edi')]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
