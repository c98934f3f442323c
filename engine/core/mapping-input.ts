/**
 * The read side of the mapping API: a parsed message as a record tree (mapping-record.ts) behind MappingInput.
 *
 * The record tree, as Bots builds it:
 * - X12, EDIFACT: the message's first segment (ST, UNH) is the root and holds every other top-level node of the
 *   message tree (SE/UNT too); a loop or segment group becomes its trigger segment holding the loop's other
 *   nodes, so N1 holds N3 and N4, PO1 holds PID.
 * - JSON, XML: the records as nested in the document (message.records).
 * - CSV, fixed: the message tree the grammar gives (HEA holding its LIN lines). There is no virtual root: every
 *   top-level record is a root of its own (a CSV file of orders has one root per order header, a JSON array one
 *   per object), and the first selector of a path matches any of them, so `inn.getloop({ BOTSID: 'HEA' })`
 *   goes through the orders and `inn.get({ BOTSID: 'HEA' }, ...)` reads the first that has the field. For a
 *   message with one root this is exactly Bots' rule that the first selector matches the root.
 * Building the tree allocates one small object per segment; fields are read from the segments on demand.
 */
import type { CompiledGrammar } from './compiled-grammar.js';
import type { Message, RecordNode } from './envelope.js';
import type { MappingInput, MappingSelector, MessageInfo } from './mapping-api.js';
import { MappingValueError } from './mapping-error.js';
import { FieldReader } from './mapping-fields.js';
import { checkPath, eachMatch, findValue, MappingRecord, pathText } from './mapping-record.js';
import type { TreeNode } from './message-tree.js';

/** A decimal number as the API accepts it: optional sign, digits with at most one decimal mark. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function createMappingInput(
  message: Message,
  tree: TreeNode[],
  info: MessageInfo,
  grammar?: CompiledGrammar,
): MappingRecordView {
  const editype = message.interchange.editype;
  const reader = new FieldReader(editype, grammar);
  let roots: MappingRecord[];
  if ((editype === 'json' || editype === 'xml') && message.records)
    roots = message.records.map((node) => fromRecordNode(node, reader));
  else {
    roots = tree.map((node) => fromTreeNode(node, reader));
    if (editype === 'x12' || editype === 'edifact') {
      const [root, ...rest] = roots;
      if (root) root.children.push(...rest);
      roots = root ? [root] : [];
    }
  }
  return new MappingRecordView(roots, Object.freeze({ ...info }), message.interchange.separators.decimal);
}

function fromTreeNode(node: TreeNode, reader: FieldReader): MappingRecord {
  if (node.kind === 'segment') return new MappingRecord(node.segment.tag, node.segment, reader);
  const [trigger, ...rest] = node.children;
  // A loop always starts with its trigger segment (message-tree.ts); a loop without one keeps its id as tag.
  const record =
    trigger?.kind === 'segment'
      ? new MappingRecord(trigger.segment.tag, trigger.segment, reader)
      : new MappingRecord(node.id);
  for (const child of trigger?.kind === 'segment' ? rest : node.children)
    record.children.push(fromTreeNode(child, reader));
  return record;
}

function fromRecordNode(node: RecordNode, reader: FieldReader): MappingRecord {
  const record = new MappingRecord(node.segment.tag, node.segment, reader);
  for (const child of node.children) record.children.push(fromRecordNode(child, reader));
  return record;
}

/**
 * MappingInput over a list of root records: the whole message, a getloop occurrence, or (mapping-output.ts)
 * what was written so far. `above` is the path from the message root to these roots (`ST/PO1` for a PID
 * occurrence), used in error messages only.
 */
export class MappingRecordView implements MappingInput {
  constructor(
    readonly roots: readonly MappingRecord[],
    readonly info: Readonly<MessageInfo>,
    /** The decimal mark of the input besides `.` (EDIFACT's UNA may declare `,`). */
    private readonly decimalMark = '.',
    private readonly above: readonly string[] = [],
  ) {}

  get(...path: MappingSelector[]): string | undefined {
    const field = checkPath(path, 'field', 'get');
    return findValue(this.roots, path, 0, field) || undefined;
  }

  getnozero(...path: MappingSelector[]): string | undefined {
    const field = checkPath(path, 'field', 'getnozero');
    const value = findValue(this.roots, path, 0, field);
    if (value === '') return undefined;
    return this.isDecimal(value) && /^[^1-9]*$/.test(value) ? undefined : value;
  }

  getdecimal(...path: MappingSelector[]): string | undefined {
    const field = checkPath(path, 'field', 'getdecimal');
    const value = findValue(this.roots, path, 0, field);
    if (value === '') return undefined;
    if (!this.isDecimal(value))
      throw new MappingValueError(
        [...this.above, pathText(path), field].join('/'),
        `"${value}" is not a number`,
      );
    return canonicalDecimal(this.decimalMark === '.' ? value : value.replace(this.decimalMark, '.'));
  }

  getloop(...path: MappingSelector[]): MappingInput[] {
    checkPath(path, 'records', 'getloop');
    const above = [...this.above, ...path.slice(0, -1).map((selector) => selector.BOTSID)];
    const found: MappingInput[] = [];
    eachMatch(this.roots, path, (record) =>
      found.push(new MappingRecordView([record], this.info, this.decimalMark, above)),
    );
    return found;
  }

  getcount(): number {
    let n = 0;
    for (const root of this.roots) n += root.count();
    return n;
  }

  getcountoccurrences(...path: MappingSelector[]): number {
    checkPath(path, 'records', 'getcountoccurrences');
    let n = 0;
    eachMatch(this.roots, path, () => n++);
    return n;
  }

  private isDecimal(value: string): boolean {
    return DECIMAL.test(this.decimalMark === '.' ? value : value.replace(this.decimalMark, '.'));
  }
}

/** True when `value` is a decimal number as getdecimal accepts it (sign, digits, one `.`). */
export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

/** `007.50` -> `7.5`, `-.5` -> `-0.5`, `+3.` -> `3`, `-0.00` -> `0`. The value must pass isDecimal. */
export function canonicalDecimal(value: string): string {
  const negative = value.startsWith('-');
  const digits = value.replace(/^[+-]/, '');
  const dot = digits.indexOf('.');
  const whole = (dot < 0 ? digits : digits.slice(0, dot)).replace(/^0+/, '') || '0';
  const fraction = dot < 0 ? '' : digits.slice(dot + 1).replace(/0+$/, '');
  const number = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && number !== '0' ? `-${number}` : number;
}
