/**
 * The message tree: segments nested in loops and segment groups. With a grammar the structure matcher builds
 * the loops; without one the only nesting known is X12's HL hierarchy. Either way HL loops are then nested by
 * HL02 (parent id): shipment > order > pack > item.
 */
import type { IssueList } from './issue.js';
import type { Message } from './envelope.js';
import { elementValue, type Segment } from './segment.js';
import { segmentLocation } from './message-location.js';

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

/** Builds the tree of a message without a grammar: segments in order, each HL with its segments as a loop. */
export function buildFlatTree(message: Message, issues: IssueList): TreeNode[] {
  const top: TreeNode[] = [];
  let current: TreeLoop | undefined;
  const segments = message.segments;
  const last = segments.length - 1;
  const hl = message.interchange.editype === 'x12';
  for (let i = 0; i < segments.length; i++) {
    const node: TreeSegment = { kind: 'segment', segment: segments[i]!, number: i + 1 };
    if (hl && node.segment.tag === 'HL') {
      current = { kind: 'loop', id: 'HL', children: [node] };
      top.push(current);
    } else if (current && i !== last) current.children.push(node);
    else top.push(node);
  }
  return hl ? nestHlLoops(top, message, issues) : top;
}

/**
 * HL levels nest a handful deep in practice (shipment > order > tare > pack > item). Deeper chains are kept flat
 * so that every walker of the tree (JSON, text, mapping) stays within the call stack whatever the input.
 */
export const MAX_HL_DEPTH = 32;

/**
 * Moves loops that start with an HL segment under the loop their HL02 names, at whatever level the loops
 * were found, and checks that HL01 counts up from 1 and HL02 names an earlier HL01.
 */
export function nestHlLoops(nodes: TreeNode[], message: Message, issues: IssueList): TreeNode[] {
  const loops = new Map<string, TreeLoop>();
  const depths = new Map<TreeLoop, number>();
  let tooDeep = false;
  let expectedId = 1;
  const nest = (list: TreeNode[]): TreeNode[] => {
    const kept: TreeNode[] = [];
    for (const node of list) {
      const first = node.kind === 'loop' ? node.children[0] : undefined;
      if (node.kind === 'segment' || first?.kind !== 'segment' || first.segment.tag !== 'HL') {
        if (node.kind === 'loop') node.children = nest(node.children);
        kept.push(node);
        continue;
      }
      const segment = first.segment;
      const info: HlInfo = {
        id: elementValue(segment, 1),
        parent: elementValue(segment, 2),
        level: elementValue(segment, 3),
      };
      node.hl = info;
      const location = segmentLocation(message, segment, first.number);
      if (info.id !== String(expectedId))
        issues.add(
          'HL_SEQUENCE',
          'error',
          `HL01 is "${info.id}" but ${expectedId} was expected (HL ids count up from 1)`,
          { ...location, element: 1 },
        );
      expectedId = (Number(info.id) || expectedId) + 1;
      const parent = info.parent === '' ? undefined : loops.get(info.parent);
      if (info.parent !== '' && !parent)
        issues.add(
          'HL_PARENT_UNKNOWN',
          'error',
          `HL02 names parent "${info.parent}", which is not an earlier HL01 in this message`,
          { ...location, element: 2 },
        );
      node.children = nest(node.children);
      if (!loops.has(info.id)) loops.set(info.id, node);
      const depth = parent ? depths.get(parent)! + 1 : 1;
      if (depth > MAX_HL_DEPTH) {
        if (!tooDeep)
          issues.add(
            'HL_TOO_DEEP',
            'error',
            `HL ${info.id} would be nested ${depth} levels deep; more than ${MAX_HL_DEPTH} are not accepted, so it and deeper HL loops are kept at their own position`,
            { ...location, element: 2 },
          );
        tooDeep = true;
        kept.push(node);
      } else {
        depths.set(node, depth);
        if (parent) parent.children.push(node);
        else kept.push(node);
      }
    }
    return kept;
  };
  return nest(nodes);
}
