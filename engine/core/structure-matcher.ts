/**
 * Places a message's segments into the grammar's segment table: loops and segment groups are entered by their
 * trigger segment, and a tag that occurs at several levels (NAD in the header group and in the line groups)
 * lands where the table allows it next. The search runs forward from the current position, first in the
 * innermost open group, then in the groups around it, as the standard's segment tables are read. Segments
 * that fit nowhere stay in the tree where they occurred and are reported.
 */
import { describeNode, type CompiledGrammar, type CompiledLevel } from './compiled-grammar.js';
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

/** With `buildTree` false only the issues are wanted (validation): no tree nodes are kept. */
export function matchStructure(
  message: Message,
  compiled: CompiledGrammar,
  issues: IssueList,
  buildTree = true,
): TreeNode[] {
  return new StructureMatcher(message, compiled, issues, buildTree).run();
}

class StructureMatcher {
  private readonly stack: Frame[];
  private readonly top: TreeNode[] = [];
  private readonly editype: string;
  private readonly trailerTag: string;
  private matchDepth = -1;
  private matchIndex = -1;

  constructor(
    private readonly message: Message,
    private readonly compiled: CompiledGrammar,
    private readonly issues: IssueList,
    private readonly buildTree: boolean,
  ) {
    this.stack = [{ level: compiled.top, index: 0, count: 0, children: this.top }];
    this.editype = message.interchange.editype;
    this.trailerTag = this.editype === 'x12' ? 'SE' : 'UNT';
  }

  run(): TreeNode[] {
    const segments = this.message.segments;
    for (let i = 0; i < segments.length; i++) {
      const node: TreeSegment = { kind: 'segment', segment: segments[i]!, number: i + 1 };
      if (this.find(node.segment.tag)) this.commit(node);
      else this.unexpected(node);
    }
    while (this.stack.length > 0) this.close(this.stack.pop()!, undefined);
    return this.top;
  }

  /**
   * Finds the next place the tag may go and leaves it in matchDepth/matchIndex (no allocation per segment); a
   * node already at its maximum is used only when nothing else fits.
   */
  private find(tag: string): boolean {
    let overflowDepth = -1;
    let overflowIndex = -1;
    for (let depth = this.stack.length - 1; depth >= 0; depth--) {
      const frame = this.stack[depth]!;
      const nodes = frame.level.nodes;
      for (let i = frame.index; i < nodes.length; i++) {
        const node = nodes[i]!;
        if (node.tag !== tag) continue;
        if (i > frame.index || frame.count < node.max) {
          this.matchDepth = depth;
          this.matchIndex = i;
          return true;
        }
        // A repeated trigger is one more occurrence of its group, counted one level up.
        if (overflowDepth < 0 && (i > 0 || frame.level.group === undefined)) {
          overflowDepth = depth;
          overflowIndex = i;
        }
      }
    }
    this.matchDepth = overflowDepth;
    this.matchIndex = overflowIndex;
    return overflowDepth >= 0;
  }

  private commit(node: TreeSegment): void {
    const depth = this.matchDepth;
    const index = this.matchIndex;
    while (this.stack.length - 1 > depth) this.close(this.stack.pop()!, node);
    const frame = this.stack[depth]!;
    if (index > frame.index) {
      this.reportMissing(frame, frame.index, index, node);
      frame.index = index;
      frame.count = 0;
    }
    const target = frame.level.nodes[index]!;
    frame.count++;
    if (frame.count === target.max + 1) {
      const what = describeNode(target, this.editype);
      this.issues.add(
        target.kind === 'group' ? 'GROUP_TOO_MANY' : 'SEGMENT_TOO_MANY',
        'error',
        `${what} occurs more than ${target.max} time${target.max === 1 ? '' : 's'} here; at most ${target.max} ${target.max === 1 ? 'is' : 'are'} allowed`,
        this.locationOf(node),
      );
    }
    if (target.kind === 'segment') {
      if (this.buildTree) frame.children.push(node);
      return;
    }
    const loop: TreeLoop = { kind: 'loop', id: target.name, children: this.buildTree ? [node] : [] };
    if (this.buildTree) frame.children.push(loop);
    this.stack.push({ level: target.level, index: 0, count: 1, children: loop.children });
  }

  /** A closing level must have had every mandatory node from its current one on. */
  private close(frame: Frame, at: TreeSegment | undefined): void {
    this.reportMissing(frame, frame.index, frame.level.nodes.length, at);
  }

  /**
   * Reports mandatory nodes in [from, to) that did not occur; `from` is the current node, counted so far. `at`
   * is the segment where the absence showed, or undefined at the end of the message.
   */
  private reportMissing(frame: Frame, from: number, to: number, at: TreeSegment | undefined): void {
    const nodes = frame.level.nodes;
    for (let i = from; i < to; i++) {
      const node = nodes[i]!;
      const seen = i === frame.index ? frame.count : 0;
      if (seen >= node.min) continue;
      if (frame.level.group === undefined && i === nodes.length - 1 && node.tag === this.trailerTag) continue;
      const what = describeNode(node, this.editype);
      const where = at ? `before ${at.segment.tag}` : 'at the end of the message';
      const sentence =
        seen === 0
          ? `mandatory ${what} is missing (expected ${where})`
          : `${what} occurs ${seen} time${seen === 1 ? '' : 's'}; at least ${node.min} are required`;
      this.issues.add(node.kind === 'group' ? 'GROUP_MISSING' : 'SEGMENT_MISSING', 'error', sentence, {
        ...this.endOr(at),
        segmentId: node.tag,
      });
    }
  }

  /** Where an absence is reported: at the segment that showed it, or at the message's last segment. */
  private endOr(at: TreeSegment | undefined): Location {
    const segments = this.message.segments;
    if (at) return this.locationOf(at);
    const last = segments[segments.length - 1];
    return last ? segmentLocation(this.message, last, segments.length) : {};
  }

  private locationOf(node: TreeSegment): Location {
    return segmentLocation(this.message, node.segment, node.number);
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
    if (this.buildTree) this.stack[this.stack.length - 1]!.children.push(node);
  }

  /** Whether an open level has the tag before its current position. */
  private passed(tag: string): boolean {
    return this.stack.some((frame) => frame.level.nodes.slice(0, frame.index).some((n) => n.tag === tag));
  }
}
