/**
 * The lexers' output: one segment (or record) with its elements, already unescaped and decoded to text.
 * A segment stores only what is cheap: its offset, the line and column of its tag and its raw text; positions
 * of elements and components are worked out from the raw text when an error or the JSON view needs them.
 */

/** Components of a composite element, in order; an empty string stands for an empty component. */
export type Composite = string[];

/** An element that repeats (X12 repetition separator, EDIFACT syntax 4 `*`). */
export class Repeated {
  constructor(readonly values: (string | Composite)[]) {}
}

export type ElementValue = string | Composite | Repeated;

export interface Segment {
  tag: string;
  /** elements[0] is the first element after the tag (BEG01, BGM's 1st data element). */
  elements: ElementValue[];
  /** Byte offset of the tag in the input file. */
  offset: number;
  /** 1-based line and column (in bytes) of the tag. */
  line: number;
  column: number;
  /** The segment's text from its tag up to, not including, its terminator; decoded like the values. */
  raw: string;
  /**
   * Field names, parallel to elements, for records whose fields are named in the input: CSV with a header
   * line, fixed (the grammar's ids), JSON properties, XML elements and attributes (`@name`).
   */
  names?: string[];
}

/** First value of an element: a simple value, the first component of a composite, or the first repetition's. */
export function firstValue(element: ElementValue | undefined): string {
  if (element === undefined) return '';
  if (typeof element === 'string') return element;
  if (element instanceof Repeated) return firstValue(element.values[0]);
  return element[0] ?? '';
}

/** A component of a composite element (1-based); a simple element is its own first component. */
export function componentValue(element: ElementValue | undefined, component: number): string {
  if (element === undefined) return '';
  if (element instanceof Repeated) return componentValue(element.values[0], component);
  if (typeof element === 'string') return component === 1 ? element : '';
  return element[component - 1] ?? '';
}

export function elementValue(segment: Segment, position: number): string {
  return firstValue(segment.elements[position - 1]);
}
