/**
 * Streams the JSON tree of a file as its messages are read. Interchanges hold groups and groups hold messages;
 * messages outside a functional group (EDIFACT without UNG, or a broken X12 file) sit in a group whose header is
 * null. Segments outside every message (TA1, strays) are listed per interchange, or at the top level.
 */
import type { EnvelopeHandler, Group, Interchange, Message } from './envelope.js';
import type { ReadSummary } from './edi-reader.js';
import type { TreeNode } from './message-tree.js';
import type { Segment } from './segment.js';
import type { SegmentDef } from './grammar.js';
import {
  TREE_FORMAT,
  TREE_VERSION,
  groupHeadJson,
  interchangeHeadJson,
  loopHeadJson,
  messageHeadJson,
  segmentJson,
} from './tree-json.js';

export interface BuiltTree {
  body: TreeNode[];
  /** Grammar used to build the tree, null when none was found. */
  grammar: string | null;
  /** The grammar's segment definitions, when the tree is to carry the grammar's segment and element names. */
  segments?: Readonly<Record<string, SegmentDef>>;
}

export interface TreeJsonHead {
  file?: string;
  editype: string;
  encoding: string;
}

export class TreeJsonWriter implements EnvelopeHandler {
  private firstInterchange = true;
  private firstGroup = true;
  private firstMessage = true;
  private groupOpen: 'real' | 'implicit' | undefined;
  private other: Segment[] = [];
  private strays: Segment[] = [];
  private pending = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly buildTree: (message: Message) => BuiltTree,
  ) {}

  begin(head: TreeJsonHead): void {
    const json = JSON.stringify({ format: TREE_FORMAT, version: TREE_VERSION, ...head });
    this.write(`${json.slice(0, -1)},"interchanges":[`);
  }

  interchangeStart(interchange: Interchange): void {
    const head = JSON.stringify(interchangeHeadJson(interchange));
    this.write(`${this.firstInterchange ? '' : ','}\n${head.slice(0, -1)},"groups":[`);
    this.firstInterchange = false;
    this.firstGroup = true;
    this.other = [];
  }

  groupStart(group: Group): void {
    this.closeGroup();
    this.openGroup(JSON.stringify(groupHeadJson(group)), 'real');
  }

  message(message: Message): void {
    if (!this.groupOpen || (this.groupOpen === 'real' && !message.group)) {
      this.closeGroup();
      this.openGroup('{"index":0,"header":null}', 'implicit');
    }
    const { body, grammar, segments } = this.buildTree(message);
    const head = JSON.stringify(messageHeadJson(message, grammar));
    this.emit(`${this.firstMessage ? '' : ','}\n${head.slice(0, -1)},"body":[`);
    this.nodes(body, segments);
    this.emit(']}');
    this.flush();
    this.firstMessage = false;
  }

  /**
   * Writes a message body node by node, so a message of 200,000 segments is never one string in memory.
   * Recursion follows the tree's nesting, which grammars and the HL depth limit keep shallow.
   */
  private nodes(nodes: TreeNode[], segments: BuiltTree['segments']): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const comma = i === 0 ? '' : ',';
      if (node.kind === 'segment') {
        this.emit(
          comma + JSON.stringify(segmentJson(node.segment, node.number, segments?.[node.segment.tag])),
        );
        continue;
      }
      const head = JSON.stringify(loopHeadJson(node));
      this.emit(`${comma}${head.slice(0, -1)},"children":[`);
      this.nodes(node.children, segments);
      this.emit(']}');
    }
  }

  /** Collects output and writes it in pieces of about 64 KiB. */
  private emit(text: string): void {
    this.pending += text;
    if (this.pending.length >= 65536) this.flush();
  }

  private flush(): void {
    if (this.pending === '') return;
    this.write(this.pending);
    this.pending = '';
  }

  groupEnd(group: Group): void {
    this.write(`],"trailer":${group.trailer ? JSON.stringify(segmentJson(group.trailer)) : 'null'}}`);
    this.groupOpen = undefined;
  }

  interchangeEnd(interchange: Interchange): void {
    this.closeGroup();
    const segments = JSON.stringify(this.other.map((s) => segmentJson(s)));
    const trailer = interchange.trailer ? JSON.stringify(segmentJson(interchange.trailer)) : 'null';
    this.write(`],"segments":${segments},"trailer":${trailer}}`);
  }

  otherSegment(segment: Segment, interchange: Interchange | undefined): void {
    (interchange ? this.other : this.strays).push(segment);
  }

  /** Closes the document with the issues and the reader's summary. */
  finish(read: ReadSummary): void {
    const { issues } = read;
    const summary = {
      syntax: read.syntax,
      interchanges: read.interchanges,
      messages: read.messages,
      errors: issues.errorCount,
      warnings: issues.warningCount,
      fatal: read.fatal,
    };
    const strays = JSON.stringify(this.strays.map((s) => segmentJson(s)));
    this.write(
      `],"segments":${strays},"issues":${JSON.stringify(issues.items)},"summary":${JSON.stringify(summary)}}\n`,
    );
  }

  private openGroup(head: string, kind: 'real' | 'implicit'): void {
    this.write(`${this.firstGroup ? '' : ','}\n${head.slice(0, -1)},"messages":[`);
    this.firstGroup = false;
    this.firstMessage = true;
    this.groupOpen = kind;
  }

  private closeGroup(): void {
    if (this.groupOpen === 'implicit') {
      this.write('],"trailer":null}');
      this.groupOpen = undefined;
    }
  }
}
