/**
 * Out-channel file name templates (Bots' `filename` of an outgoing channel, research/bots-inventory.md §3.3),
 * rendered into a relative path. Pure: no I/O; the caller joins the result to the channel folder with
 * engine/runtime/safe-path.ts resolveInside, which is the second, independent line of confinement.
 *
 * Variables (the list is config-check's TEMPLATE_VARIABLES plus {datetime:FORMAT}; the checker of
 * configuration and this renderer accept exactly the same templates, apart from the FORMAT codes, which only
 * rendering checks):
 *   {editype} {messagetype} {frompartner} {topartner}  values of the outgoing file
 *   {unique}          the channel's counter value, taken by the caller (see usesUnique)
 *   {datetime:FORMAT} the clock in local time, FORMAT in strftime codes %Y %m %d %H %M %S %j %y (and %% for %)
 *   {infile}          the received file's name (its last path part), {infile:name} without the extension,
 *                     {infile:ext} the extension without the dot (Python os.path.splitext, as Bots)
 *   {overwrite}       renders as nothing; tells the caller it may overwrite an existing file (Bots appends
 *                     to an existing file otherwise)
 *
 * Safety contract (DESIGN.md "Limits and path safety"): every substituted value is reduced by safeFileName to
 * [A-Za-z0-9._-] (an empty or all-dots result becomes "_"), so no value can add a "/", a "\" or a ".." part.
 * Only the template's own "/" separators create sub-folders. The rendered path is refused when it is absolute,
 * has a drive letter, a "\" or a ".." part, or has no file name; "." and empty parts ("a/./b", "a//b") are
 * dropped.
 */
import { TEMPLATE_VARIABLES, templateProblem } from './config-check.js';
import { safeFileName } from './safe-name.js';

export interface FilenameValues {
  editype: string;
  messagetype: string;
  /** '' when unknown: it renders as "_". */
  frompartner: string;
  topartner: string;
  /** The channel counter's value; only read when the template uses {unique}. */
  unique: number;
  /** The name the received file had (folders before the last "/" or "\" are ignored); undefined for none. */
  infile: string | undefined;
}

export interface RenderedFilename {
  /** Relative, "/"-separated, at least one part; every part is neither empty, "." nor "..". */
  path: string;
  /** The template has {overwrite}: replace an existing file instead of appending to it. */
  overwrite: boolean;
  /**
   * The template has {unique}, {datetime:…}, {infile} or {infile:name}, so repeated outputs get different
   * names. False means they share one name (appended or overwritten): the engine should warn.
   */
  unique: boolean;
}

export type TemplateErrorCode =
  /** templateProblem's findings: unknown variable, stray brace, ends with a folder. */
  'invalid-template' | 'datetime-format' | 'no-infile' | 'bad-unique' | 'unsafe-path' | 'empty';

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    readonly code: TemplateErrorCode,
    readonly template: string,
    /** The plain sentence without the template, e.g. `uses {infile}, but there is no received file`. */
    readonly problem: string,
  ) {
    super(`File name template "${template}" ${problem}`);
  }
}

const VARIABLE = /\{([^{}]*)\}/g;
const DATETIME_PREFIX = 'datetime:';
const UNIQUE_VARIABLES = ['unique', 'infile', 'infile:name'];

/** Whether the template uses {unique}: the caller takes a counter value only then (as Bots does). */
export function usesUnique(template: string): boolean {
  return variablesOf(template).includes('unique');
}

/**
 * Renders `template` with `values`, reading the date and time from `clock` (local time, as Bots' strftime).
 * Throws TemplateError for an unusable template or a path that would not stay inside the channel folder.
 */
export function renderFilename(template: string, values: FilenameValues, clock: Date): RenderedFilename {
  const fail = (code: TemplateErrorCode, problem: string): never => {
    throw new TemplateError(code, template, problem);
  };
  const problem = templateProblem(template);
  if (problem !== undefined) fail('invalid-template', problem);

  const variables = variablesOf(template);
  let overwrite = false;
  const rendered = template.replace(VARIABLE, (_match, variable: string) => {
    if (variable === 'overwrite') {
      overwrite = true;
      return '';
    }
    return safe(valueOf(variable, values, clock, fail));
  });

  if (rendered.includes('\\')) fail('unsafe-path', 'has a "\\": separate folders with "/"');
  if (rendered.includes('\0')) fail('unsafe-path', 'has a NUL character');
  if (rendered.startsWith('/') || /^[A-Za-z]:/.test(rendered))
    fail('unsafe-path', `gives the absolute path "${rendered}": it must be relative to the channel folder`);
  const parts = rendered.split('/');
  if (parts.includes('..'))
    fail('unsafe-path', `gives "${rendered}", which has a ".." part that would leave the channel folder`);
  const last = parts[parts.length - 1] ?? '';
  if (last === '' || last === '.')
    fail(
      'empty',
      rendered === '' ? 'gives an empty file name' : `gives "${rendered}", which has no file name`,
    );
  return {
    path: parts.filter((p) => p !== '' && p !== '.').join('/'),
    overwrite,
    unique: variables.some((v) => UNIQUE_VARIABLES.includes(v) || v.startsWith(DATETIME_PREFIX)),
  };
}

/** The sanitised value; "_" when nothing usable is left. */
function safe(value: string): string {
  return safeFileName(value) ?? '_';
}

function variablesOf(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map((m) => m[1] ?? '');
}

function valueOf(
  variable: string,
  values: FilenameValues,
  clock: Date,
  fail: (code: TemplateErrorCode, problem: string) => never,
): string {
  if (variable.startsWith(DATETIME_PREFIX))
    return strftime(variable.slice(DATETIME_PREFIX.length), clock, (p) => fail('datetime-format', p));
  switch (variable) {
    case 'editype':
      return values.editype;
    case 'messagetype':
      return values.messagetype;
    case 'frompartner':
      return values.frompartner;
    case 'topartner':
      return values.topartner;
    case 'unique':
      if (!Number.isSafeInteger(values.unique) || values.unique < 0)
        return fail(
          'bad-unique',
          `uses {unique}, but the counter value ${values.unique} is not a whole number`,
        );
      return String(values.unique);
    case 'infile':
    case 'infile:name':
    case 'infile:ext': {
      if (values.infile === undefined)
        return fail('no-infile', `uses {${variable}}, but there is no received file to take the name from`);
      const name = values.infile.slice(
        Math.max(values.infile.lastIndexOf('/'), values.infile.lastIndexOf('\\')) + 1,
      );
      const [stem, ext] = splitExtension(name);
      return variable === 'infile' ? name : variable === 'infile:name' ? stem : ext;
    }
  }
  // templateProblem accepted it, so it is in TEMPLATE_VARIABLES; a variable added there needs a case here.
  return fail(
    'invalid-template',
    `uses {${variable}}, which the renderer does not know (known: ${TEMPLATE_VARIABLES.join(', ')})`,
  );
}

/** Python os.path.splitext on a base name: the last "." not at the start; the extension without the dot. */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(name.slice(0, dot))) return [name, ''];
  return [name.slice(0, dot), name.slice(dot + 1)];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The strftime codes Bots templates use, in local time; any other code is a problem. */
function strftime(format: string, date: Date, fail: (problem: string) => never): string {
  return format.replace(/%(.?)/gs, (_match, code: string) => {
    switch (code) {
      case 'Y':
        return pad(date.getFullYear(), 4);
      case 'y':
        return pad(date.getFullYear() % 100, 2);
      case 'm':
        return pad(date.getMonth() + 1, 2);
      case 'd':
        return pad(date.getDate(), 2);
      case 'H':
        return pad(date.getHours(), 2);
      case 'M':
        return pad(date.getMinutes(), 2);
      case 'S':
        return pad(date.getSeconds(), 2);
      case 'j': {
        const day = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
        return pad((day - Date.UTC(date.getFullYear(), 0, 1)) / 86_400_000 + 1, 3);
      }
      case '%':
        return '%';
      case '':
        return fail(`has {datetime:${format}}, which ends with a lone "%"`);
      default:
        return fail(
          `has {datetime:${format}} with the unknown code "%${code}"; known are %Y %m %d %H %M %S %j %y and %%`,
        );
    }
  });
}
