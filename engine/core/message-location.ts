/** Locations of issues found inside a message. */
import type { IssueList, Location } from './issue.js';
import { locate } from './positions.js';
import type { Separators } from './separators.js';
import type { Message } from './envelope.js';
import type { Segment } from './segment.js';

/** The location of a message's segment; `number` is its 1-based position in the message (header = 1). */
export function segmentLocation(message: Message, segment: Segment, number: number): Location {
  return {
    interchange: message.interchange.index,
    message: message.index,
    segmentNumber: number,
    segmentId: segment.tag,
    line: segment.line,
    column: segment.column,
    offset: segment.offset,
  };
}

/**
 * Works out the exact column and offset of element-level issues added since `from`, now that they are few:
 * validation records only the element and component position.
 */
export function locateElements(
  issues: IssueList,
  from: number,
  segmentAt: (location: Location) => Segment | undefined,
  separators: Separators,
): void {
  // Record formats (CSV, fixed, JSON, XML) have no separators to count: their issues keep the record's column.
  if (separators.element === '') return;
  for (let i = from; i < issues.items.length; i++) {
    const location = issues.items[i]!.location;
    if (location.element === undefined) continue;
    const segment = segmentAt(location);
    if (!segment || segment.tag !== location.segmentId) continue;
    const exact = locate(segment, separators, location.element, location.component);
    location.column = exact.column;
    location.offset = exact.offset;
  }
}
