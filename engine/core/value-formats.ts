/**
 * Checks of single values against their format. Each check returns undefined when the value fits, or the issue
 * code and a sentence fragment saying what is wrong. Lengths of numbers exclude the sign and the decimal mark,
 * as both standards count them.
 */
import type { ElementDef } from './grammar.js';

export interface ValueProblem {
  code: string;
  problem: string;
}

const X12_INTEGER = /^-?\d+$/;
const X12_DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;
const EDIFACT_NUMBER = /^-?\d+([.,]\d*)?$/;
const EDIFACT_NO_LEADING_DIGIT = /^-?[.,]\d+$/;
const DIGIT = /\d/;
const ALL_DIGITS = /^\d+$/;

/** The length a value counts as: numbers without sign and decimal mark. */
export function valueLength(value: string, def: ElementDef): number {
  if (def.format !== 'N' && def.format !== 'R' && def.format !== 'n') return value.length;
  let length = value.length;
  if (value.startsWith('-')) length--;
  if (def.format !== 'N' && (value.includes('.') || value.includes(','))) length--;
  return length;
}

export function checkFormat(value: string, def: ElementDef): ValueProblem | undefined {
  switch (def.format) {
    case 'N':
      return X12_INTEGER.test(value)
        ? undefined
        : notNumber(value, 'an integer (implied decimals, no decimal point)');
    case 'R':
      return X12_DECIMAL.test(value) ? undefined : notNumber(value, 'a decimal number');
    case 'n':
      if (EDIFACT_NUMBER.test(value)) return undefined;
      if (EDIFACT_NO_LEADING_DIGIT.test(value))
        return { code: 'NUMBER_LEADING_DIGIT', problem: `"${value}" needs a digit before the decimal mark` };
      return notNumber(value, 'a number');
    case 'a':
      return DIGIT.test(value)
        ? { code: 'ELEMENT_INVALID_CHARACTER', problem: `"${value}" contains digits but must be alphabetic` }
        : undefined;
    case 'DT':
      return checkX12Date(value);
    case 'TM':
      return checkTime(value);
    default:
      return undefined;
  }
}

function notNumber(value: string, what: string): ValueProblem {
  return { code: 'NUMBER_INVALID', problem: `"${value}" is not ${what}` };
}

/** X12 dates: CCYYMMDD, or YYMMDD in versions that allow 6 digits. */
function checkX12Date(value: string): ValueProblem | undefined {
  if (!ALL_DIGITS.test(value) || (value.length !== 8 && value.length !== 6))
    return { code: 'DATE_INVALID', problem: `"${value}" is not a date (CCYYMMDD)` };
  const year = value.length === 8 ? Number(value.slice(0, 4)) : 2000 + Number(value.slice(0, 2));
  return isDate(year, value.slice(-4))
    ? undefined
    : { code: 'DATE_INVALID', problem: `"${value}" is not a real date` };
}

/** Whether MMDD is a real day of the year. */
export function isDate(year: number, mmdd: string): boolean {
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2, 4));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** Times: HHMM, HHMMSS, then optional decimal seconds. */
export function checkTime(value: string): ValueProblem | undefined {
  const ok =
    ALL_DIGITS.test(value) &&
    value.length >= 4 &&
    value.length <= 8 &&
    value.length !== 5 &&
    isTime(value.slice(0, 2), value.slice(2, 4), value.length >= 6 ? value.slice(4, 6) : '00');
  return ok ? undefined : { code: 'TIME_INVALID', problem: `"${value}" is not a time (HHMM[SS[d..]])` };
}

export function isTime(hh: string, mm: string, ss: string): boolean {
  return Number(hh) <= 23 && Number(mm) <= 59 && Number(ss) <= 59;
}
