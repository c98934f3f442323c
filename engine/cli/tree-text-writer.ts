/**
 * Prints a parsed file for people: envelopes as headings, each segment on its own line with its line number and
 * elements separated by " | ", loops indented, and the issues of each message right below it.
 */
import type { EnvelopeHandler, Group, Interchange, Message } from '../core/envelope.js';
import type { Issue, IssueList } from '../core/issue.js';
import type { TreeNode } from '../core/message-tree.js';
import { Repeated, type ElementValue, type Segment } from '../core/segment.js';
import type { BuiltTree } from '../core/tree-json-writer.js';

export class TreeTextWriter implements EnvelopeHandler {
  private printedIssues = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly buildTree: (message: Message) => BuiltTree,
    private readonly issues: IssueList,
  ) {}

  interchangeStart(interchange: Interchange): void {
    this.flushIssues('');
    const { sender, receiver } = interchange;
    const party = (p: { qualifier: string; id: string }): string =>
      p.qualifier ? `${p.qualifier}:${p.id}` : p.id;
    const head = interchange.header
      ? `interchange ${interchange.index}: ${party(sender)} -> ${party(receiver)}, control ${interchange.controlNumber}, syntax ${interchange.charset ? `${interchange.charset} ` : ''}${interchange.syntaxVersion}${interchange.test ? ', test' : ''}`
      : interchange.editype === 'edifact'
        ? 'messages without interchange envelope'
        : `${interchange.editype} document (no envelope)`;
    this.write(`${head}\n`);
    if (interchange.header) this.write(`${segmentLine(interchange.header, '  ')}\n`);
  }

  groupStart(group: Group): void {
    this.write(
      `  group ${group.index}: ${group.functionalId}, ${group.sender} -> ${group.receiver}, control ${group.controlNumber}, version ${group.version}\n`,
    );
    this.write(`${segmentLine(group.header, '    ')}\n`);
  }

  message(message: Message): void {
    const { body, grammar } = this.buildTree(message);
    const indent = message.group ? '    ' : '  ';
    this.write(
      `${indent}message ${message.index}: ${message.type || '(no type)'}, reference ${message.reference}${grammar ? `, grammar ${grammar}` : ', no message grammar'}\n`,
    );
    this.nodes(body, `${indent}  `);
    this.flushIssues(`${indent}  `);
  }

  groupEnd(group: Group): void {
    if (group.trailer) this.write(`${segmentLine(group.trailer, '    ')}\n`);
    this.flushIssues('    ');
  }

  interchangeEnd(interchange: Interchange): void {
    if (interchange.trailer) this.write(`${segmentLine(interchange.trailer, '  ')}\n`);
    this.flushIssues('  ');
  }

  otherSegment(segment: Segment): void {
    this.write(`${segmentLine(segment, '  ')}\n`);
  }

  /** Prints issues not printed yet (those found after the last message). */
  finish(): void {
    this.flushIssues('');
  }

  private nodes(nodes: TreeNode[], indent: string): void {
    for (const node of nodes) {
      if (node.kind === 'segment') this.write(`${segmentLine(node.segment, indent)}\n`);
      else {
        const hl = node.hl
          ? ` ${node.hl.id}${node.hl.parent ? ` (parent ${node.hl.parent})` : ''} level ${node.hl.level}`
          : '';
        this.write(`${indent}${node.id} loop${hl}\n`);
        this.nodes(node.children, `${indent}  `);
      }
    }
  }

  private flushIssues(indent: string): void {
    const items = this.issues.items;
    for (; this.printedIssues < items.length; this.printedIssues++)
      this.write(`${indent}${issueLine(items[this.printedIssues]!)}\n`);
  }
}

export function issueLine(issue: Issue): string {
  const { line, column, segmentId, element } = issue.location;
  const where = line !== undefined ? `line ${line}${column !== undefined ? `:${column}` : ''} ` : '';
  const segment = segmentId
    ? ` ${segmentId}${element !== undefined ? String(element).padStart(2, '0') : ''}`
    : '';
  return `! ${issue.severity} ${where}${issue.code}${segment}: ${issue.message}`;
}

function segmentLine(segment: Segment, indent: string): string {
  let end = segment.elements.length;
  while (end > 0 && segment.elements[end - 1] === '') end--;
  const values = segment.elements.slice(0, end).map(elementText);
  return `${indent}${String(segment.line).padStart(5)}  ${segment.tag.padEnd(4)}${values.length ? ` ${values.join(' | ')}` : ''}`;
}

function elementText(element: ElementValue): string {
  if (element instanceof Repeated) return element.values.map(elementText).join(' ^ ');
  if (typeof element === 'string') return element;
  return element.join(':');
}
