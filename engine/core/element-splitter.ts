/**
 * Splits a segment's text into elements, components and repetitions in one pass by character code: values are
 * sliced straight from the segment text, with no intermediate element strings for composites (measurably faster
 * than String.split per level). X12 has no release character; EDIFACT's is removed only from the values that
 * hold it.
 */
import { Repeated, type Composite, type ElementValue } from './segment.js';
import type { Separators } from './separators.js';

/** `start` is the index of the first element (just after the separator that ends the tag). */
export function splitElements(raw: string, start: number, separators: Separators): ElementValue[] {
  const element = separators.element.charCodeAt(0);
  const component = separators.component.charCodeAt(0);
  const release = separators.release === '' ? -1 : separators.release.charCodeAt(0);
  const repetition = separators.repetition === '' ? -1 : separators.repetition.charCodeAt(0);
  const elements: ElementValue[] = [];
  let components: string[] | undefined;
  let repeats: (string | Composite)[] | undefined;
  let released = false;
  const length = raw.length;
  for (let i = start; i <= length; i++) {
    const c = i < length ? raw.charCodeAt(i) : element;
    if (c === release) {
      released = true;
      i++;
      if (i < length) continue;
      // A release character at the very end releases nothing: the value ends with the text.
      i = length;
    } else if (c !== element && c !== component && c !== repetition) continue;
    const value = released ? unrelease(raw.slice(start, i), separators.release) : raw.slice(start, i);
    released = false;
    start = i + 1;
    if (i < length && c === component) {
      (components ??= []).push(value);
      continue;
    }
    let complete: string | Composite = value;
    if (components) {
      components.push(value);
      complete = components;
      components = undefined;
    }
    if (i < length && c === repetition) {
      (repeats ??= []).push(complete);
      continue;
    }
    if (repeats) {
      repeats.push(complete);
      elements.push(new Repeated(repeats));
      repeats = undefined;
    } else elements.push(complete);
  }
  return elements;
}

/** Removes release characters: `?+` is `+`, `??` is `?`; a release character at the end is dropped. */
function unrelease(value: string, release: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === release) {
      if (i + 1 < value.length) out += value[++i];
      continue;
    }
    out += c;
  }
  return out;
}
