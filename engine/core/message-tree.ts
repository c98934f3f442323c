/**
 * The message tree: segments nested in loops and segment groups. With a grammar the structure matcher builds
 * the loops; without one the only nesting known is X12's HL hierarchy. Either way HL loops are then nested by
 * HL02 (parent id): shipment > order > pack > item.
 */
import type { IssueList } from './issue.js';
import type { Message, RecordNode } from './envelope.js';
import type { Segment } from './segment.js';
import { HlChecker, MAX_HL_DEPTH, type HlInfo } from './hl-checker.js';

export interface TreeSegment {
  kind: 'segment';
  segment: Segment;
  /** 1-based segment number inside the message (ST/UNH = 1). */
  number: number;
}

export interface TreeLoop {
  kind: 'loop';
  /** Loop or group id: the grammar's name (`N1`, `SG2`) or `HL`. */
  id: string;
  hl?: HlInfo;
  children: TreeNode[];
}

export type TreeNode = TreeSegment | TreeLoop;

/**
 * Builds the tree of a message without a grammar: segments in order, each HL with its segments as a loop; JSON
 * and XML records keep their own nesting (a record with children becomes a loop named by its tag).
 */
export function buildFlatTree(message: Message, issues: IssueList): TreeNode[] {
  if (message.records) return recordTree(message.records, { next: 1 });
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

/** Records in pre-order, numbered as message.segments holds them. */
function recordTree(records: RecordNode[], counter: { next: number }): TreeNode[] {
  return records.map((record) => {
    const node: TreeSegment = { kind: 'segment', segment: record.segment, number: counter.next++ };
    if (record.children.length === 0) return node;
    return {
      kind: 'loop',
      id: record.segment.tag,
      children: [node, ...recordTree(record.children, counter)],
    };
  });
}

/**
 * Moves loops that start with an HL segment under the loop their HL02 names, at whatever level the loops
 * were found, checking the hierarchy as it goes (HlChecker).
 */
export function nestHlLoops(nodes: TreeNode[], message: Message, issues: IssueList): TreeNode[] {
  const checker = new HlChecker(message, issues);
  const loops = new Map<string, TreeLoop>();
  const nest = (list: TreeNode[]): TreeNode[] => {
    const kept: TreeNode[] = [];
    for (const node of list) {
      const first = node.kind === 'loop' ? node.children[0] : undefined;
      if (node.kind === 'segment' || first?.kind !== 'segment' || first.segment.tag !== 'HL') {
        if (node.kind === 'loop') node.children = nest(node.children);
        kept.push(node);
        continue;
      }
      const { info, depth } = checker.check(first.segment, first.number);
      node.hl = info;
      node.children = nest(node.children);
      if (!loops.has(info.id)) loops.set(info.id, node);
      const parent = depth <= MAX_HL_DEPTH && info.parent !== '' ? loops.get(info.parent) : undefined;
      if (parent) parent.children.push(node);
      else kept.push(node);
    }
    return kept;
  };
  return nest(nodes);
}
