/**
 * Formats values for output by their element definition: numbers with implied decimals (X12 N2: 12.5 -> 1250),
 * X12 R and EDIFACT n in their shortest exact form with the interchange's decimal mark, dates and times in the
 * layout the length allows, fixed-width elements padded (the ISA's fields: text with spaces on the right,
 * numbers with zeros on the left). A value that cannot fit is a WriteError naming the element, never truncated.
 */
import { isComposite, type ElementDef, type SegmentDef } from './grammar.js';
import type { OutSegment } from './segment-writer.js';
import { isDate, isTime } from './value-formats.js';
import { WriteError } from './write-error.js';

export type OutValue = string | number | Date;

export interface FormatOptions {
  /** EDIFACT decimal mark; X12 always uses '.'. */
  decimal: '.' | ',';
  /** Element name for errors (`BEG05`). */
  position: string;
}

export function formatValue(value: OutValue, def: ElementDef, options: FormatOptions): string {
  // An empty mandatory fixed-width element (ISA02 without authorization) is all padding; other empties stay empty.
  if (value === '' && !(def.mandatory && def.min === def.max && def.format !== 'N')) return '';
  let text: string;
  switch (def.format) {
    case 'N':
      text = impliedDecimal(value, def.decimals ?? 0, options.position);
      break;
    case 'R':
    case 'n':
      text = decimal(value, options.position, def.format === 'n' ? options.decimal : '.');
      break;
    case 'DT':
      text = date(value, def, options.position);
      break;
    case 'TM':
      text = time(value, def, options.position);
      break;
    default:
      text = value instanceof Date ? value.toISOString() : String(value);
  }
  text = pad(text, def);
  const length = countedLength(text, def);
  if (length > def.max)
    throw new WriteError(
      'VALUE_TOO_LONG',
      `"${text}" is ${length} characters long; the element allows at most ${def.max}`,
      options.position,
    );
  return text;
}

function number(value: OutValue, position: string): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? Number(value.trim().replace(',', '.'))
        : NaN;
  if (!Number.isFinite(n) || (typeof value === 'string' && value.trim() === ''))
    throw new WriteError('VALUE_NOT_NUMBER', `${JSON.stringify(String(value))} is not a number`, position);
  return n;
}

function impliedDecimal(value: OutValue, decimals: number, position: string): string {
  const scaled = Math.round(number(value, position) * 10 ** decimals);
  return String(scaled);
}

/**
 * Decimal numbers: a numeric string keeps its digits (a mapping may want 12.50); a number is written in its
 * shortest exact form, without exponent.
 */
function decimal(value: OutValue, position: string, mark: string): string {
  const text =
    typeof value === 'string' && NUMERIC.test(value.trim()) ? value.trim() : plain(number(value, position));
  return text.replace(/[.,]/, mark);
}

const NUMERIC = /^-?\d+([.,]\d+)?$/;

function plain(n: number): string {
  const text = String(n === 0 ? 0 : n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body;
}

function date(value: OutValue, def: ElementDef, position: string): string {
  let text: string;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new WriteError('VALUE_NOT_DATE', 'the date is not valid', position);
    text = `${value.getUTCFullYear()}${two(value.getUTCMonth() + 1)}${two(value.getUTCDate())}`;
  } else text = String(value).replace(/-/g, '');
  if (def.max < 8 && text.length === 8) text = text.slice(2);
  const year = text.length === 8 ? Number(text.slice(0, 4)) : 2000 + Number(text.slice(0, 2));
  if (!/^\d{6}(\d{2})?$/.test(text) || !isDate(year, text.slice(-4)))
    throw new WriteError(
      'VALUE_NOT_DATE',
      `${JSON.stringify(String(value))} is not a date (CCYYMMDD)`,
      position,
    );
  return text;
}

function time(value: OutValue, def: ElementDef, position: string): string {
  let text: string;
  if (value instanceof Date) {
    text = `${two(value.getUTCHours())}${two(value.getUTCMinutes())}`;
    if (def.max >= 6) text += two(value.getUTCSeconds());
  } else text = String(value).replace(/:/g, '');
  if (
    !/^\d{4}(\d{2}\d*)?$/.test(text) ||
    !isTime(text.slice(0, 2), text.slice(2, 4), text.slice(4, 6) || '00')
  )
    throw new WriteError(
      'VALUE_NOT_TIME',
      `${JSON.stringify(String(value))} is not a time (HHMM[SS])`,
      position,
    );
  return text;
}

/** Fixed-width elements (min = max) are padded: numbers with leading zeros, everything else with spaces. */
function pad(text: string, def: ElementDef): string {
  if (def.min !== def.max || text.length >= def.min) return text;
  if (def.format === 'N' || def.format === 'n' || def.format === 'R') {
    const negative = text.startsWith('-');
    const digits = negative ? text.slice(1) : text;
    return (negative ? '-' : '') + digits.padStart(def.min, '0');
  }
  return text.padEnd(def.min, ' ');
}

function countedLength(text: string, def: ElementDef): number {
  if (def.format !== 'N' && def.format !== 'R' && def.format !== 'n') return text.length;
  return text.replace(/^-/, '').replace(/[.,]/, '').length;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A value per field: a simple value, or one value per component for a composite. */
export type OutField = OutValue | OutValue[];

/**
 * Formats a segment's values by its definition (the ISA from plain values becomes its fixed 106 characters).
 * Values beyond the definition are a WriteError: the grammar says what the segment may hold.
 */
export function formatSegment(
  tag: string,
  values: OutField[],
  def: SegmentDef,
  decimal: '.' | ',',
): OutSegment {
  if (values.length > def.fields.length)
    throw new WriteError(
      'VALUE_TOO_LONG',
      `${values.length} values given; ${tag} has ${def.fields.length} elements`,
      tag,
    );
  const elements = values.map((value, i) => {
    const field = def.fields[i]!;
    const position = `${tag}${String(i + 1).padStart(2, '0')}`;
    if (!isComposite(field)) {
      if (Array.isArray(value))
        throw new WriteError('VALUE_TOO_LONG', 'a simple element takes one value', position);
      return formatValue(value, field, { decimal, position });
    }
    const parts = Array.isArray(value) ? value : [value];
    if (parts.length > field.components.length)
      throw new WriteError(
        'VALUE_TOO_LONG',
        `${parts.length} components given; ${field.id} has ${field.components.length}`,
        position,
      );
    return parts.map((part, c) =>
      formatValue(part, field.components[c]!, {
        decimal,
        position: `${position}-${String(c + 1).padStart(2, '0')}`,
      }),
    );
  });
  return { tag, elements };
}
