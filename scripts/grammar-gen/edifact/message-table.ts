/**
 * A message's segment table (section 4.3.1 of a UNSM/draft message file). Groups are drawn with box characters:
 * a group line `───── Segment group 2  ─── C   99───┐` opens a group, and each `┘` or `┴` at the end of a
 * segment line closes one. The group's status and repeat apply to the group; its first segment is the trigger,
 * which occurs exactly once per group occurrence whatever its own status column says.
 */
import type { GroupNode, StructureNode } from '../../../engine/core/grammar.js';
import { sourceError, textLines } from './untdid-text.js';

export interface MessageTable {
  /** The message's own name, e.g. `Purchase order message`. */
  title: string;
  structure: StructureNode[];
}

const SEGMENT = /^\d{4} *[+*#|X-]? +([A-Z]{3}) +\S.*? ([MC]) +(\d+)(.*)$/;
const GROUP = /^\d{4} *[+*#|X-]? +\u2500+ Segment group (\d+) *\u2500+ ([MC]) +(\d+)/;

export function parseMessageTable(bytes: Uint8Array, file: string): MessageTable {
  const lines = textLines(bytes);
  const start = lines.findIndex((line) => /^4\.3\.1 +Segment table/.test(line));
  if (start < 0) throw sourceError(file, 1, 'there is no "4.3.1 Segment table" heading.');
  const root: StructureNode[] = [];
  const open: GroupNode[] = [];
  const current = (): StructureNode[] => open.at(-1)?.content ?? root;
  let ended = false;
  for (let index = start + 1; index < lines.length && !ended; index++) {
    const line = lines[index] ?? '';
    const group = GROUP.exec(line);
    if (group) {
      const node: GroupNode = {
        group: `SG${group[1]}`,
        min: group[2] === 'M' ? 1 : 0,
        max: Number(group[3]),
        content: [],
      };
      current().push(node);
      open.push(node);
      continue;
    }
    const segment = SEGMENT.exec(line);
    if (!segment) continue;
    const [, tag = '', status = '', repeat = '', tail = ''] = segment;
    const parent = open.at(-1);
    const isTrigger = parent !== undefined && parent.content.length === 0;
    current().push({
      segment: tag,
      min: isTrigger || status === 'M' ? 1 : 0,
      max: isTrigger ? 1 : Number(repeat),
    });
    const closed = [...tail].filter((char) => char === '\u2518' || char === '\u2534').length;
    if (closed > open.length)
      throw sourceError(file, index + 1, `the table closes more groups than are open.`);
    open.splice(open.length - closed, closed);
    ended = tag === 'UNT' && open.length === 0;
  }
  if (!ended)
    throw sourceError(file, start + 1, 'the segment table does not end with UNT outside every group.');
  return { title: messageTitle(lines), structure: root };
}

// The title is the first line after the heading lines `UN/EDIFACT` and `DRAFT RECOMMENDATION` (or `UNITED
// NATIONS STANDARD MESSAGE (UNSM)`).
function messageTitle(lines: string[]): string {
  const text = lines.map((line) => line.trim()).filter((line) => line !== '');
  return text[2] ?? '';
}
