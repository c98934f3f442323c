/**
 * Works out line and column of an element or component from a segment's raw text, on demand: segments store
 * only their own position, so this runs only for errors and the JSON view.
 */
import type { Location } from './issue.js';
import type { Segment } from './segment.js';
import type { Separators } from './separators.js';

/** Location of the segment, or of an element (1-based) and component inside it. */
export function locate(
  segment: Segment,
  separators: Separators | undefined,
  element?: number,
  component?: number,
): Location {
  const location: Location = {
    segmentId: segment.tag,
    offset: segment.offset,
    line: segment.line,
    column: segment.column,
  };
  if (element === undefined) return location;
  location.element = element;
  if (component !== undefined) location.component = component;
  if (!separators) return location;
  const index = charIndex(segment.raw, separators, element, component ?? 1);
  if (index >= 0) {
    location.column = segment.column + index;
    location.offset = segment.offset + index;
  }
  return location;
}

/** Index in raw of the first char of element/component, or -1 when the segment is shorter. */
function charIndex(raw: string, seps: Separators, element: number, component: number): number {
  let elementsSeen = 0;
  let componentsSeen = 1;
  let i = 0;
  const tagEnd = firstSeparator(raw, seps);
  if (tagEnd < 0) return -1;
  i = tagEnd + 1;
  elementsSeen = 1;
  for (; i <= raw.length; i++) {
    if (elementsSeen === element && componentsSeen === component) return i;
    const c = raw[i];
    if (c === undefined) break;
    if (seps.release !== '' && c === seps.release) {
      i++;
      continue;
    }
    if (c === seps.element) {
      elementsSeen++;
      componentsSeen = 1;
    } else if (c === seps.component && elementsSeen === element) componentsSeen++;
    else if (elementsSeen > element) break;
  }
  return -1;
}

function firstSeparator(raw: string, seps: Separators): number {
  const e = raw.indexOf(seps.element);
  const c = raw.indexOf(seps.component);
  if (c >= 0 && (e < 0 || c < e)) return c;
  return e;
}
