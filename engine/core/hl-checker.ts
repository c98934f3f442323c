/**
 * Checks of the X12 HL hierarchy, one HL at a time: HL01 counts up from 1, HL02 names an earlier HL01, and the
 * nesting stays within MAX_HL_DEPTH. Used while nesting HL loops in a tree, and on its own when validation
 * builds no tree.
 */
import type { Message } from './envelope.js';
import type { IssueList } from './issue.js';
import { segmentLocation } from './message-location.js';
import { elementValue, type Segment } from './segment.js';

/**
 * HL levels nest a handful deep in practice (shipment > order > tare > pack > item). Deeper chains are kept flat
 * so that every walker of the tree (JSON, text, mapping) stays within the call stack whatever the input.
 */
export const MAX_HL_DEPTH = 32;

export interface HlInfo {
  id: string;
  parent: string;
  level: string;
}

export interface HlCheck {
  info: HlInfo;
  /** 1 for a top HL; parent's depth + 1 otherwise; above MAX_HL_DEPTH the HL is too deep to nest. */
  depth: number;
  /** HL02 names an earlier HL01. */
  parentKnown: boolean;
}

export class HlChecker {
  private expectedId = 1;
  private readonly depths = new Map<string, number>();
  private tooDeepReported = false;

  constructor(
    private readonly message: Message,
    private readonly issues: IssueList,
  ) {}

  /** `number` is the HL's segment number in the message. */
  check(segment: Segment, number: number): HlCheck {
    const info: HlInfo = {
      id: elementValue(segment, 1),
      parent: elementValue(segment, 2),
      level: elementValue(segment, 3),
    };
    const location = segmentLocation(this.message, segment, number);
    if (info.id !== String(this.expectedId))
      this.issues.add(
        'HL_SEQUENCE',
        'error',
        `HL01 is "${info.id}" but ${this.expectedId} was expected (HL ids count up from 1)`,
        { ...location, element: 1 },
      );
    this.expectedId = (Number(info.id) || this.expectedId) + 1;
    const parentDepth = info.parent === '' ? 0 : this.depths.get(info.parent);
    const parentKnown = parentDepth !== undefined;
    if (!parentKnown)
      this.issues.add(
        'HL_PARENT_UNKNOWN',
        'error',
        `HL02 names parent "${info.parent}", which is not an earlier HL01 in this message`,
        { ...location, element: 2 },
      );
    const depth = (parentDepth ?? 0) + 1;
    if (depth > MAX_HL_DEPTH && !this.tooDeepReported) {
      this.tooDeepReported = true;
      this.issues.add(
        'HL_TOO_DEEP',
        'error',
        `HL ${info.id} would be nested ${depth} levels deep; more than ${MAX_HL_DEPTH} are not accepted, so it and deeper HL loops are kept at their own position`,
        { ...location, element: 2 },
      );
    }
    if (!this.depths.has(info.id)) this.depths.set(info.id, Math.min(depth, MAX_HL_DEPTH + 1));
    return { info, depth, parentKnown };
  }
}

/** Runs the HL checks over a message's segments without building a tree. */
export function checkHlSegments(message: Message, issues: IssueList): void {
  const checker = new HlChecker(message, issues);
  const segments = message.segments;
  for (let i = 0; i < segments.length; i++) if (segments[i]!.tag === 'HL') checker.check(segments[i]!, i + 1);
}
