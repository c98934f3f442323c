// renderFilename: every variable, strftime codes, sanitising of EDI values, sub-folders, errors and flags.
// Time budget: well under 1 second.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_VARIABLES } from '../../../engine/core/config-check.js';
import {
  renderFilename,
  TemplateError,
  usesUnique,
  type FilenameValues,
} from '../../../engine/core/filename-template.js';
import { resolveInside } from '../../../engine/runtime/safe-path.js';

const values: FilenameValues = {
  editype: 'x12',
  messagetype: '850004010',
  frompartner: 'SENDER',
  topartner: 'RECEIVER',
  unique: 42,
  infile: 'orders.2024.edi',
};
// Bots' acceptance date, built in local time so the result does not depend on the machine's zone.
const clock = new Date(2013, 0, 23, 1, 23, 45);
const render = (template: string, v: Partial<FilenameValues> = {}, at: Date = clock) =>
  renderFilename(template, { ...values, ...v }, at);
const path = (template: string, v: Partial<FilenameValues> = {}, at: Date = clock) =>
  render(template, v, at).path;

function templateError(template: string, v: Partial<FilenameValues> = {}): TemplateError {
  try {
    render(template, v);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error(`"${template}" rendered without error`);
}

describe('renderFilename variables', () => {
  it('substitutes every variable', () => {
    expect(path('{editype}_{messagetype}_{frompartner}_{topartner}_{unique}.txt')).toBe(
      'x12_850004010_SENDER_RECEIVER_42.txt',
    );
    expect(path('{infile}')).toBe('orders.2024.edi');
    expect(path('{infile:name}')).toBe('orders.2024');
    expect(path('{infile:ext}')).toBe('edi');
    expect(path('{infile:name}.{infile:ext}.out')).toBe('orders.2024.edi.out');
    expect(path('{datetime:%Y%m%d%H%M%S}.edi')).toBe('20130123012345.edi');
  });

  it('covers every variable config-check knows', () => {
    for (const variable of TEMPLATE_VARIABLES) expect(() => render(`a{${variable}}.x`)).not.toThrow();
  });

  it('takes the last path part of the received name and splits extensions as Python splitext', () => {
    expect(path('{infile}', { infile: 'in/sub/a.edi' })).toBe('a.edi');
    expect(path('{infile}', { infile: 'C:\\in\\b.edi' })).toBe('b.edi');
    expect(path('{infile:name}-{infile:ext}', { infile: '.profile' })).toBe('.profile-_');
    expect(path('{infile:name}-{infile:ext}', { infile: 'README' })).toBe('README-_');
    expect(path('{infile:name}-{infile:ext}', { infile: 'a.tar.gz' })).toBe('a.tar-gz');
  });

  it('says whether the caller must take a counter value', () => {
    expect(usesUnique('{topartner}/{unique}.edi')).toBe(true);
    expect(usesUnique('{topartner}.edi')).toBe(false);
  });
});

describe('renderFilename {datetime:FORMAT}', () => {
  it('renders the strftime codes Bots templates use', () => {
    const at = new Date(2024, 11, 31, 23, 5, 9);
    expect(path('{datetime:%Y}-{datetime:%y}-{datetime:%m}-{datetime:%d}', {}, at)).toBe('2024-24-12-31');
    expect(path('{datetime:%H.%M.%S}', {}, at)).toBe('23.05.09');
    expect(path('{datetime:%j}', {}, at)).toBe('366');
    expect(path('{datetime:%j}', {}, new Date(2023, 0, 1, 0, 0, 0))).toBe('001');
    expect(path('{datetime:%j}', {}, new Date(2023, 2, 1, 12, 0, 0))).toBe('060');
    expect(path('{datetime:%y}', {}, new Date(2005, 5, 6))).toBe('05');
  });

  it('sanitises the literal text of the format, as any value', () => {
    expect(path('{datetime:%Y/%m %d}', {}, clock)).toBe('2013_01_23');
    expect(path('{datetime:100%%}', {}, clock)).toBe('100_');
    expect(path('x/{datetime:..}', {}, clock)).toBe('x/_');
  });

  it('refuses unknown codes and a lone %', () => {
    const unknown = templateError('{datetime:%Y%Q}');
    expect(unknown.code).toBe('datetime-format');
    expect(unknown.message).toBe(
      'File name template "{datetime:%Y%Q}" has {datetime:%Y%Q} with the unknown code "%Q"; known are %Y %m %d %H %M %S %j %y and %%',
    );
    expect(templateError('{datetime:%Y%}').problem).toBe('has {datetime:%Y%}, which ends with a lone "%"');
  });
});

describe('renderFilename sanitising', () => {
  it('reduces values to [A-Za-z0-9._-] and never adds a folder', () => {
    expect(path('{frompartner}.edi', { frompartner: 'ACME CORP/EU' })).toBe('ACME_CORP_EU.edi');
    expect(path('{topartner}.edi', { topartner: '  ' })).toBe('_.edi');
    expect(path('{topartner}.edi', { topartner: '' })).toBe('_.edi');
    expect(path('{topartner}', { topartner: '..' })).toBe('_');
    expect(path('{infile}', { infile: 'a\\..\\..\\b' })).toBe('b');
    expect(path('{messagetype}', { messagetype: 'ORDERS\0D96A' })).toBe('ORDERS_D96A');
  });

  it('keeps an ISA06 of ../../../../tmp inside the channel folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'bots-template-'));
    const isa06 = '../../../../tmp';
    for (const template of [
      '{frompartner}',
      '{frompartner}/{unique}.edi',
      'out/{frompartner}_{topartner}.x12',
    ]) {
      const rendered = render(template, { frompartner: isa06, topartner: `${isa06}/evil` }).path;
      expect(rendered.split('/')).not.toContain('..');
      expect(rendered).toMatch(/^[A-Za-z0-9._/-]+$/);
      expect(resolveInside(root, rendered).startsWith(root + sep)).toBe(true);
    }
    expect(path('{frompartner}', { frompartner: isa06 })).toBe('.._.._.._.._tmp');
  });
});

describe('renderFilename sub-folders', () => {
  it('creates folders only from the template\'s own "/"', () => {
    expect(path('{topartner}/{messagetype}/{unique}.edi')).toBe('RECEIVER/850004010/42.edi');
    expect(path('./out//{unique}.edi')).toBe('out/42.edi');
  });
});

describe('renderFilename errors', () => {
  it("names an unknown variable (with the checker's sentence)", () => {
    const error = templateError('{botskey}.edi');
    expect(error.code).toBe('invalid-template');
    expect(error.message).toMatch(
      /^File name template "\{botskey\}.edi" uses the unknown variable \{botskey\}; known are \{editype\}/,
    );
    expect(templateError('{unique.edi').code).toBe('invalid-template');
    expect(templateError('out/').code).toBe('invalid-template');
  });

  it('needs a received file for {infile}', () => {
    for (const variable of ['infile', 'infile:name', 'infile:ext']) {
      const error = templateError(`{${variable}}.out`, { infile: undefined });
      expect(error.code).toBe('no-infile');
      expect(error.message).toBe(
        `File name template "{${variable}}.out" uses {${variable}}, but there is no received file to take the name from`,
      );
    }
  });

  it('refuses .. parts and absolute paths', () => {
    expect(templateError('../{unique}.edi').message).toBe(
      'File name template "../{unique}.edi" gives "../42.edi", which has a ".." part that would leave the channel folder',
    );
    expect(templateError('a/.{overwrite}./b').code).toBe('unsafe-path');
    expect(templateError('/tmp/{unique}.edi').message).toBe(
      'File name template "/tmp/{unique}.edi" gives the absolute path "/tmp/42.edi": it must be relative to the channel folder',
    );
    expect(templateError('C:{unique}').code).toBe('unsafe-path');
    expect(templateError('out\\{unique}').problem).toBe('has a "\\": separate folders with "/"');
  });

  it('refuses an empty result', () => {
    const error = templateError('{overwrite}');
    expect(error.code).toBe('empty');
    expect(error.message).toBe('File name template "{overwrite}" gives an empty file name');
    expect(templateError('out/{overwrite}').problem).toBe('gives "out/", which has no file name');
  });

  it('refuses a counter value that is not a whole number', () => {
    expect(templateError('{unique}', { unique: -1 }).code).toBe('bad-unique');
    expect(templateError('{unique}', { unique: 1.5 }).code).toBe('bad-unique');
  });
});

describe('renderFilename flags', () => {
  it('{overwrite} renders as nothing and sets the flag', () => {
    expect(render('{topartner}{overwrite}.edi')).toEqual({
      path: 'RECEIVER.edi',
      overwrite: true,
      unique: false,
    });
    expect(render('{topartner}.edi').overwrite).toBe(false);
  });

  it('unique is set only when repeated outputs get different names', () => {
    expect(render('{unique}.edi').unique).toBe(true);
    expect(render('{datetime:%Y%m%d%H%M%S}.edi').unique).toBe(true);
    expect(render('{infile}').unique).toBe(true);
    expect(render('{infile:name}.out').unique).toBe(true);
    expect(render('{topartner}_{messagetype}.{infile:ext}').unique).toBe(false);
    expect(render('fixed.edi').unique).toBe(false);
  });
});
