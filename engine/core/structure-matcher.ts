/**
 * Places a message's segments into the grammar's segment table: loops and segment groups are entered by their
 * trigger segment, and a tag that occurs at several levels (NAD in the header group and in the line groups)
 * lands where the table allows it next. The search runs forward from the current position, first in the
 * innermost open group, then in the groups around it, as the standard's segment tables are read. Segments
 * that fit nowhere stay in the tree where they occurred and are reported.
 */
import {
  describeNode,
  type CompiledGrammar,
  type CompiledLevel,
  type CompiledNode,
} from './compiled-grammar.js';
import type { Message } from './envelope.js';
import type { IssueList, Location } from './issue.js';
import { segmentLocation } from './message-location.js';
import type { TreeLoop, TreeNode, TreeSegment } from './message-tree.js';

interface Frame {
  level: CompiledLevel;
  /** Position of the current node in level.nodes. */
  index: number;
  /** Occurrences of the current node so far. */
  count: number;
  children: TreeNode[];
}

interface Match {
  depth: number;
  index: number;
}

export function matchStructure(message: Message, compiled: CompiledGrammar, issues: IssueList): TreeNode[] {
  return new StructureMatcher(message, compiled, issues).run();
}

class StructureMatcher {
  private readonly stack: Frame[];
  private readonly top: TreeNode[] = [];
  private readonly editype: string;
  private readonly trailerTag: string;

  constructor(
    private readonly message: Message,
    private readonly compiled: CompiledGrammar,
    private readonly issues: IssueList,
  ) {
    this.stack = [{ level: compiled.top, index: 0, count: 0, children: this.top }];
    this.editype = message.interchange.editype;
    this.trailerTag = this.editype === 'x12' ? 'SE' : 'UNT';
  }

  run(): TreeNode[] {
    const segments = this.message.segments;
    for (let i = 0; i < segments.length; i++) {
      const node: TreeSegment = { kind: 'segment', segment: segments[i]!, number: i + 1 };
      const match = this.find(node.segment.tag);
      if (match) this.commit(match, node);
      else this.unexpected(node);
    }
    const last = segments[segments.length - 1];
    const end = last ? segmentLocation(this.message, last, segments.length) : {};
    while (this.stack.length > 0) this.close(this.stack.pop()!, end, `at the end of the message`);
    return this.top;
  }

  /** The next place the tag may go; a node already at its maximum is used only when nothing else fits. */
  private find(tag: string): Match | undefined {
    let overflow: Match | undefined;
    for (let depth = this.stack.length - 1; depth >= 0; depth--) {
      const frame = this.stack[depth]!;
      const nodes = frame.level.nodes;
      for (let i = frame.index; i < nodes.length; i++) {
        if (nodeTag(nodes[i]!) !== tag) continue;
        if (i > frame.index || frame.count < nodes[i]!.max) return { depth, index: i };
        // A repeated trigger is one more occurrence of its group, counted one level up.
        if (i > 0 || frame.level.group === undefined) overflow ??= { depth, index: i };
      }
    }
    return overflow;
  }

  private commit(match: Match, node: TreeSegment): void {
    const location = segmentLocation(this.message, node.segment, node.number);
    const before = `before ${node.segment.tag}`;
    while (this.stack.length - 1 > match.depth) this.close(this.stack.pop()!, location, before);
    const frame = this.stack[match.depth]!;
    if (match.index > frame.index) {
      this.reportMissing(frame, frame.index, match.index, location, before);
      frame.index = match.index;
      frame.count = 0;
    }
    const target = frame.level.nodes[match.index]!;
    frame.count++;
    if (frame.count === target.max + 1) {
      const what = describeNode(target, this.editype);
      this.issues.add(
        target.kind === 'group' ? 'GROUP_TOO_MANY' : 'SEGMENT_TOO_MANY',
        'error',
        `${what} occurs more than ${target.max} time${target.max === 1 ? '' : 's'} here; at most ${target.max} ${target.max === 1 ? 'is' : 'are'} allowed`,
        location,
      );
    }
    if (target.kind === 'segment') {
      frame.children.push(node);
      return;
    }
    const loop: TreeLoop = { kind: 'loop', id: target.name, children: [node] };
    frame.children.push(loop);
    this.stack.push({ level: target.level, index: 0, count: 1, children: loop.children });
  }

  /** A closing level must have had every mandatory node from its current one on. */
  private close(frame: Frame, location: Location, where: string): void {
    this.reportMissing(frame, frame.index, frame.level.nodes.length, location, where);
  }

  /** Reports mandatory nodes in [from, to) that did not occur; `from` is the current node, counted so far. */
  private reportMissing(frame: Frame, from: number, to: number, location: Location, where: string): void {
    const nodes = frame.level.nodes;
    for (let i = from; i < to; i++) {
      const node = nodes[i]!;
      const seen = i === frame.index ? frame.count : 0;
      if (seen >= node.min) continue;
      if (frame.level.group === undefined && i === nodes.length - 1 && nodeTag(node) === this.trailerTag)
        continue;
      const what = describeNode(node, this.editype);
      const sentence =
        seen === 0
          ? `mandatory ${what} is missing (expected ${where})`
          : `${what} occurs ${seen} time${seen === 1 ? '' : 's'}; at least ${node.min} are required`;
      this.issues.add(node.kind === 'group' ? 'GROUP_MISSING' : 'SEGMENT_MISSING', 'error', sentence, {
        ...location,
        segmentId: nodeTag(node),
      });
    }
  }

  private unexpected(node: TreeSegment): void {
    const tag = node.segment.tag;
    const location = segmentLocation(this.message, node.segment, node.number);
    const grammar = this.compiled.grammar.id;
    const previous = this.message.segments[node.number - 2]?.tag;
    const after = previous ? ` after ${previous}` : '';
    if (!this.compiled.segments.has(tag))
      this.issues.add('SEGMENT_UNKNOWN', 'error', `segment ${tag} is not part of ${grammar}`, location);
    else if (this.passed(tag))
      this.issues.add(
        'SEGMENT_OUT_OF_ORDER',
        'error',
        `segment ${tag} is out of order${after}: ${grammar} has it earlier at this level`,
        location,
      );
    else
      this.issues.add('SEGMENT_UNEXPECTED', 'error', `segment ${tag} is not allowed here${after}`, location);
    this.stack[this.stack.length - 1]!.children.push(node);
  }

  /** Whether an open level has the tag before its current position. */
  private passed(tag: string): boolean {
    return this.stack.some((frame) =>
      frame.level.nodes.slice(0, frame.index).some((n) => nodeTag(n) === tag),
    );
  }
}

function nodeTag(node: CompiledNode): string {
  return node.kind === 'segment' ? node.tag : node.trigger;
}
