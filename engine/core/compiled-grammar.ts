/**
 * A grammar prepared for matching: each level of the segment table as an array of nodes, each group with its
 * trigger tag, so the structure matcher does no lookups in the JSON shape per segment.
 */
import { isGroup, type Grammar, type SegmentDef, type StructureNode } from './grammar.js';

export interface CompiledSegmentNode {
  kind: 'segment';
  tag: string;
  min: number;
  max: number;
}

export interface CompiledGroupNode {
  kind: 'group';
  name: string;
  /** The trigger segment's tag (the tag that enters the group). */
  tag: string;
  min: number;
  max: number;
  level: CompiledLevel;
}

export type CompiledNode = CompiledSegmentNode | CompiledGroupNode;

export interface CompiledLevel {
  nodes: CompiledNode[];
  /** The group this level belongs to; undefined for the message's top level. */
  group: CompiledGroupNode | undefined;
}

export interface CompiledGrammar {
  grammar: Grammar;
  top: CompiledLevel;
  segments: ReadonlyMap<string, SegmentDef>;
  codeSets: ReadonlyMap<string, ReadonlySet<string>>;
}

export function compileGrammar(grammar: Grammar): CompiledGrammar {
  const top: CompiledLevel = { nodes: [], group: undefined };
  compileLevel(grammar.structure, top);
  const codeSets = new Map(Object.entries(grammar.codes).map(([key, list]) => [key, new Set(list.values)]));
  return { grammar, top, segments: new Map(Object.entries(grammar.segments)), codeSets };
}

function compileLevel(nodes: StructureNode[], level: CompiledLevel): void {
  for (const node of nodes) {
    if (!isGroup(node)) {
      level.nodes.push({ kind: 'segment', tag: node.segment, min: node.min, max: node.max });
      continue;
    }
    const trigger = node.content[0];
    if (trigger === undefined || isGroup(trigger))
      throw new Error(
        `group ${node.group} does not start with a segment (checked when the grammar is loaded)`,
      );
    const inner: CompiledLevel = { nodes: [], group: undefined };
    const compiled: CompiledGroupNode = {
      kind: 'group',
      name: node.group,
      tag: trigger.segment,
      min: node.min,
      max: node.max,
      level: inner,
    };
    inner.group = compiled;
    compileLevel(node.content, inner);
    level.nodes.push(compiled);
  }
}

/** How a node is named in messages: `segment BEG`, `segment group SG2 (NAD)`, `loop N1`. */
export function describeNode(node: CompiledNode, editype: string): string {
  if (node.kind === 'segment') return `segment ${node.tag}`;
  return editype === 'edifact' ? `segment group ${node.name} (${node.tag})` : `loop ${node.name}`;
}
