/**
 * Turns a Bots structure tree into the grammar's structure. Bots nests everything under the ST node; the
 * grammar lists ST, the body and SE at the top level. A Bots node with children is a loop: a GroupNode named
 * after its trigger segment whose content starts with the trigger (min 1, max 1). When one trigger starts more
 * than one loop in the message, the loops are numbered in document order: 'N1', 'N1_2', 'N1_3'.
 * Bots writes 99999 for "unbounded"; the number is kept as given.
 */
import { isGroup, type StructureNode } from '../../../engine/core/grammar.js';
import type { BotsNode } from './bots-tables.js';

function countLoops(nodes: BotsNode[], counts: Map<string, number>): Map<string, number> {
  for (const node of nodes) {
    if (node.level.length === 0) continue;
    counts.set(node.id, (counts.get(node.id) ?? 0) + 1);
    countLoops(node.level, counts);
  }
  return counts;
}

export function convertStructure(root: BotsNode): StructureNode[] {
  const totals = countLoops(root.level, new Map());
  const seen = new Map<string, number>();
  const convert = (node: BotsNode): StructureNode => {
    if (node.level.length === 0) return { segment: node.id, min: node.min, max: node.max };
    const occurrence = (seen.get(node.id) ?? 0) + 1;
    seen.set(node.id, occurrence);
    const group = (totals.get(node.id) ?? 0) > 1 && occurrence > 1 ? `${node.id}_${occurrence}` : node.id;
    return {
      group,
      min: node.min,
      max: node.max,
      content: [{ segment: node.id, min: 1, max: 1 }, ...node.level.map(convert)],
    };
  };
  return [{ segment: root.id, min: root.min, max: root.max }, ...root.level.map(convert)];
}

/** Every segment tag the structure uses, in first-use order. */
export function segmentTags(nodes: StructureNode[], tags: string[] = []): string[] {
  for (const node of nodes) {
    if (isGroup(node)) segmentTags(node.content, tags);
    else if (!tags.includes(node.segment)) tags.push(node.segment);
  }
  return tags;
}
