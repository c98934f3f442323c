/**
 * The message tree: segments nested in loops and segment groups. Without a message grammar the only nesting
 * known is X12's HL hierarchy, which nests by HL02 (parent id): shipment > order > pack > item.
 */
import type { IssueList } from './issue.js';
import type { Message } from './envelope.js';
import { elementValue, type Segment } from './segment.js';

export interface TreeSegment {
  kind: 'segment';
  segment: Segment;
  /** 1-based segment number inside the message (ST/UNH = 1). */
  number: number;
}

export interface HlInfo {
  id: string;
  parent: string;
  level: string;
}

export interface TreeLoop {
  kind: 'loop';
  /** Loop or group id: the grammar's name (`N1`, `SG2`) or `HL`. */
  id: string;
  hl?: HlInfo;
  children: TreeNode[];
}

export type TreeNode = TreeSegment | TreeLoop;

/** Builds the tree of a message without a grammar: segments in order, HL loops nested by their parent id. */
export function buildFlatTree(message: Message, issues: IssueList): TreeNode[] {
  const top: TreeNode[] = [];
  const loops = new Map<string, TreeLoop>();
  let current: TreeLoop | undefined;
  let expectedId = 1;
  const segments = message.segments;
  const last = segments.length - 1;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const node: TreeSegment = { kind: 'segment', segment, number: i + 1 };
    if (segment.tag === 'HL' && message.interchange.editype === 'x12') {
      const hl: HlInfo = {
        id: elementValue(segment, 1),
        parent: elementValue(segment, 2),
        level: elementValue(segment, 3),
      };
      const location = {
        interchange: message.interchange.index,
        message: message.index,
        segmentNumber: i + 1,
        segmentId: 'HL',
        line: segment.line,
        offset: segment.offset,
      };
      if (hl.id !== String(expectedId))
        issues.add(
          'HL_SEQUENCE',
          'error',
          `HL01 is "${hl.id}" but ${expectedId} was expected (HL ids count up from 1)`,
          { ...location, element: 1 },
        );
      expectedId = (Number(hl.id) || expectedId) + 1;
      current = { kind: 'loop', id: 'HL', hl, children: [node] };
      const parent = hl.parent === '' ? undefined : loops.get(hl.parent);
      if (hl.parent !== '' && !parent)
        issues.add(
          'HL_PARENT_UNKNOWN',
          'error',
          `HL02 names parent "${hl.parent}", which is not an earlier HL01 in this message`,
          { ...location, element: 2 },
        );
      (parent ? parent.children : top).push(current);
      if (!loops.has(hl.id)) loops.set(hl.id, current);
    } else if (current && i !== last) current.children.push(node);
    else top.push(node);
  }
  return top;
}
