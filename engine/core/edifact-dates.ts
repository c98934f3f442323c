/**
 * EDIFACT dates are checked through their format qualifier (data element 2379 in C507 of DTM): the value's
 * layout depends on it. Formats not listed here are accepted as they are.
 */
import { isDate, isTime, type ValueProblem } from './value-formats.js';

type Part = 'CCYY' | 'YY' | 'MM' | 'DD' | 'HH' | 'MI' | 'SS' | 'WW';

const LAYOUTS: Record<string, Part[]> = {
  '101': ['YY', 'MM', 'DD'],
  '102': ['CCYY', 'MM', 'DD'],
  '201': ['YY', 'MM', 'DD', 'HH', 'MI'],
  '202': ['YY', 'MM', 'DD', 'HH', 'MI', 'SS'],
  '203': ['CCYY', 'MM', 'DD', 'HH', 'MI'],
  '204': ['CCYY', 'MM', 'DD', 'HH', 'MI', 'SS'],
  '401': ['HH', 'MI'],
  '602': ['CCYY'],
  '610': ['CCYY', 'MM'],
  '616': ['CCYY', 'WW'],
};

/** Ranges: `718` is CCYYMMDD-CCYYMMDD, `719` CCYYMMDDHHMM-CCYYMMDDHHMM. */
const RANGES: Record<string, string> = { '718': '102', '719': '203' };

const WIDTH: Record<Part, number> = { CCYY: 4, YY: 2, MM: 2, DD: 2, HH: 2, MI: 2, SS: 2, WW: 2 };

export function checkEdifactDate(value: string, format: string): ValueProblem | undefined {
  const single = RANGES[format];
  if (single !== undefined) {
    const halves = value.split('-');
    if (halves.length !== 2) return invalid(value, format);
    return checkEdifactDate(halves[0]!, single) ?? checkEdifactDate(halves[1]!, single);
  }
  const layout = LAYOUTS[format];
  if (layout === undefined) return undefined;
  return fits(value, layout) ? undefined : invalid(value, format);
}

function fits(value: string, layout: Part[]): boolean {
  const width = layout.reduce((sum, part) => sum + WIDTH[part], 0);
  if (value.length !== width || !/^\d+$/.test(value)) return false;
  const parts = new Map<Part, string>();
  let at = 0;
  for (const part of layout) {
    parts.set(part, value.slice(at, at + WIDTH[part]));
    at += WIDTH[part];
  }
  const year = parts.has('CCYY') ? Number(parts.get('CCYY')) : 2000 + Number(parts.get('YY') ?? '0');
  if (parts.has('DD') && !isDate(year, `${parts.get('MM')}${parts.get('DD')}`)) return false;
  if (parts.has('MM') && !parts.has('DD') && !isDate(year, `${parts.get('MM')}01`)) return false;
  if (parts.has('WW') && (Number(parts.get('WW')) < 1 || Number(parts.get('WW')) > 53)) return false;
  if (parts.has('HH') && !isTime(parts.get('HH')!, parts.get('MI') ?? '00', parts.get('SS') ?? '00'))
    return false;
  return true;
}

function invalid(value: string, format: string): ValueProblem {
  return { code: 'DATE_INVALID', problem: `"${value}" is not a valid date or time in format ${format}` };
}
