/**
 * Turns segments back into text with chosen separators. EDIFACT values are escaped with the release character;
 * an X12 value holding a separator is a WriteError unless a replacement character is configured (X12 has no
 * escape). Trailing empty elements and components are dropped unless the layout keeps them (round trips do).
 */
import type { Editype } from './envelope.js';
import { Repeated, type Composite, type ElementValue } from './segment.js';
import type { Separators } from './separators.js';
import { WriteError } from './write-error.js';

export type LineBreak = '' | '\n' | '\r\n';

export interface WriteLayout {
  separators: Separators;
  /** Written after every segment terminator. */
  lineBreak: LineBreak;
  /** Keep empty elements at the end of a segment (and empty components at the end of a composite). */
  keepTrailingEmpty: boolean;
  /** EDIFACT: whether repetitions are written with the repetition separator (syntax 4). */
  repeats: boolean;
  /** X12: a character to put in place of a separator found inside a value; without it that is an error. */
  x12Replacement?: string;
}

export interface OutSegment {
  tag: string;
  elements: ElementValue[];
}

export class SegmentWriter {
  private readonly special: RegExp | undefined;
  private readonly terminator: string;

  constructor(
    private readonly editype: Extract<Editype, 'x12' | 'edifact'>,
    private readonly layout: WriteLayout,
  ) {
    const s = layout.separators;
    const chars = [s.segment, s.element, s.component, layout.repeats ? s.repetition : '', s.release].filter(
      (c) => c !== '',
    );
    this.special = chars.length > 0 ? new RegExp(`[${chars.map(escapeClass).join('')}]`, 'g') : undefined;
    this.terminator = s.segment + layout.lineBreak;
  }

  /** The segment's text with its terminator and line break. */
  write(segment: OutSegment): string {
    const s = this.layout.separators;
    const elements = this.layout.keepTrailingEmpty ? segment.elements : trimEnd(segment.elements);
    let text = segment.tag;
    for (let i = 0; i < elements.length; i++)
      text += s.element + this.element(elements[i]!, segment.tag, i + 1);
    return text + this.terminator;
  }

  private verbatim(tag: string, position: number): boolean {
    const at = this.editype === 'x12' ? VERBATIM[tag] : undefined;
    return at !== undefined && (at === 0 || at === position);
  }

  private element(value: ElementValue, tag: string, position: number): string {
    if (value instanceof Repeated)
      return value.values.map((v) => this.single(v, tag, position)).join(this.layout.separators.repetition);
    return this.single(value, tag, position);
  }

  private single(value: string | Composite, tag: string, position: number): string {
    if (typeof value === 'string') return this.escape(value, tag, position);
    const parts = this.layout.keepTrailingEmpty ? value : trimEnd(value);
    return parts.map((part) => this.escape(part, tag, position)).join(this.layout.separators.component);
  }

  private escape(value: string, tag: string, position: number): string {
    if (!this.special || this.verbatim(tag, position)) return value;
    this.special.lastIndex = 0;
    if (!this.special.test(value)) return value;
    const s = this.layout.separators;
    if (this.editype === 'edifact') return value.replace(this.special, (c) => s.release + c);
    const replacement = this.layout.x12Replacement;
    if (replacement === undefined)
      throw new WriteError(
        'VALUE_HAS_SEPARATOR',
        `"${value}" contains a separator of this interchange (${[s.segment, s.element, s.component, s.repetition].filter(Boolean).join(' ')}); X12 cannot escape it: change the value or configure a replacement character`,
        `${tag}${String(position).padStart(2, '0')}`,
      );
    this.special.lastIndex = 0;
    return value.replace(this.special, replacement);
  }
}

/**
 * Values written as they are: the ISA carries the separators themselves (ISA11, ISA16) at fixed positions, and
 * the data element of BIN (BIN02) and BDS (BDS03) is binary, delimited by its length.
 */
const VERBATIM: Readonly<Record<string, number>> = { ISA: 0, BIN: 2, BDS: 3 };

function trimEnd<T>(values: T[]): T[] {
  let end = values.length;
  while (end > 0 && isEmpty(values[end - 1])) end--;
  return end === values.length ? values : values.slice(0, end);
}

function isEmpty(value: unknown): boolean {
  if (value === '' || value === undefined) return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (value instanceof Repeated) return value.values.every(isEmpty);
  return false;
}

function escapeClass(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}
