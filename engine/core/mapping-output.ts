/**
 * The write side of the mapping API: MappingOutput over a record tree (mapping-record.ts) that
 * mapping-serialize.ts turns into what the writers take.
 *
 * Finding or creating the records of a put path follows Bots' "same occurrence" rule for every selector: a
 * record with the selector's BOTSID is followed when none of the selector's fields has a different (non-empty)
 * value in it, and the selector's fields are then written to it (filling the ones it lacks); otherwise a new
 * record is added after its siblings. So `put({ BOTSID: 'ST' }, { BOTSID: 'N1', N101: 'ST' }, { BOTSID: 'N3',
 * N301: 'x' })` writes under the N1 whose N101 is ST, and creates it when there is none. Fields with the value
 * null or undefined are left out of every selector (they neither filter nor are written).
 *
 * Roots: the output starts empty; the first selector of a path is found or created among its root records, like
 * any other (a CSV output of several orders has one root per order). An output returned by putloop is rooted
 * at the record putloop added: the first selector of its paths must be that record.
 */
import type {
  MappingInput,
  MappingOutput,
  MappingPath,
  MappingSelector,
  MessageInfo,
} from './mapping-api.js';
import { MappingPathError, MappingValueError } from './mapping-error.js';
import { isDecimal, MappingRecordView } from './mapping-input.js';
import { checkPath, eachMatch, MappingRecord, pathText } from './mapping-record.js';

/** A selector of put and putloop: values may be numbers (written with String) and null/undefined (left out). */
export type PutSelector = { BOTSID: string; [field: string]: string | number | null | undefined };

/** A put selector checked and reduced to its tag and the fields to match and write. */
interface Step {
  tag: string;
  fields: [string, string][];
  /** How many fields the selector gave, null and undefined ones included. */
  given: number;
}

export class MappingOutputTree implements MappingOutput {
  readonly info: MessageInfo;
  private readonly records: MappingRecord[];
  /** Set for an output returned by putloop: its one root, which its paths must start with. */
  private readonly fixedRoot: MappingRecord | undefined;
  private readonly view: MappingRecordView;

  /**
   * A new, empty output whose `info` is a copy of `info`. With `at` (putloop): an output rooted at `at.record`
   * that shares `at.parent`'s info.
   */
  constructor(info: Readonly<MessageInfo>, at?: { parent: MappingOutputTree; record: MappingRecord }) {
    this.info = at ? at.parent.info : { ...info };
    this.records = at ? [at.record] : [];
    this.fixedRoot = at?.record;
    this.view = new MappingRecordView(this.records, this.info);
  }

  /** The root records in order (one for X12 and EDIFACT: ST, UNH). */
  get roots(): readonly MappingRecord[] {
    return this.records;
  }

  /** The first root record; undefined while nothing is written. */
  get root(): MappingRecord | undefined {
    return this.records[0];
  }

  /** Nothing was written: the engine drops such an output. */
  isEmpty(): boolean {
    return this.records.length === 0;
  }

  /** What was written as the input of a chained translation (a script returning `{ alt, outAsInput: true }`),
   * with `info` as its info; undefined when nothing was written. */
  asInput(info: Readonly<MessageInfo>): MappingRecordView | undefined {
    return this.isEmpty() ? undefined : new MappingRecordView(this.records, Object.freeze({ ...info }));
  }

  put(...path: PutSelector[]): boolean {
    const steps = putSteps(path, 'put');
    const last = steps[steps.length - 1]!;
    if (last.given > 0 && last.fields.length === 0) return false;
    this.follow(steps, steps.length, path);
    return true;
  }

  putloop(...path: PutSelector[]): MappingOutput {
    const steps = putSteps(path, 'putloop');
    if (steps.length === 1 && this.fixedRoot)
      throw new MappingPathError(
        pathText(path),
        `putloop() adds a record under the root ${this.fixedRoot.tag} of this output: give the root first ({ BOTSID: '${this.fixedRoot.tag}' }, { BOTSID: ... })`,
      );
    const parent = steps.length > 1 ? this.follow(steps, steps.length - 1, path) : undefined;
    const last = steps[steps.length - 1]!;
    const record = new MappingRecord(last.tag);
    for (const [name, value] of last.fields) record.set(name, value);
    (parent ? parent.children : this.records).push(record);
    return new MappingOutputTree(this.info, { parent: this, record });
  }

  change(where: MappingPath, change: Record<string, string>): boolean {
    checkPath(where, 'records', 'change');
    const entries = Object.entries(change);
    for (const [name, value] of entries) {
      if (name === 'BOTSID')
        throw new MappingPathError(
          pathText(where),
          'change() sets fields; it cannot rename a record (BOTSID)',
        );
      if (typeof value !== 'string')
        throw new MappingValueError(
          `${pathText(where)}/${name}`,
          `change() takes string values, not ${typeof value}`,
        );
    }
    let changed = false;
    eachMatch(this.records, where, (record) => {
      for (const [name, value] of entries) record.set(name, value);
      changed = true;
    });
    return changed;
  }

  delete(...path: MappingSelector[]): boolean {
    checkPath(path, 'records', 'delete');
    if (path.length === 1 && this.fixedRoot)
      throw new MappingPathError(
        pathText(path),
        'delete() cannot remove the root of an output returned by putloop; delete it through the output above',
      );
    const found: [MappingRecord, MappingRecord | undefined][] = [];
    eachMatch(this.records, path, (record, parent) => found.push([record, parent]));
    for (const [record, parent] of found) {
      const list = parent ? parent.children : this.records;
      list.splice(list.indexOf(record), 1);
    }
    return found.length > 0;
  }

  sort(options: { path: MappingPath; field: string; reverse?: boolean }): void {
    const { path, field, reverse = false } = options;
    checkPath(path, 'records', 'sort');
    const groups = new Map<MappingRecord | undefined, MappingRecord[]>();
    eachMatch(this.records, path, (record, parent) => {
      const group = groups.get(parent);
      if (group) group.push(record);
      else groups.set(parent, [record]);
    });
    for (const [parent, selected] of groups) {
      const list = parent ? parent.children : this.records;
      const slots = selected.map((record) => list.indexOf(record));
      sortRecords(selected, field, reverse).forEach((record, i) => (list[slots[i]!] = record));
    }
  }

  get(...path: MappingSelector[]): string | undefined {
    return this.view.get(...path);
  }

  getloop(...path: MappingSelector[]): MappingInput[] {
    return this.view.getloop(...path);
  }

  getcount(): number {
    return this.view.getcount();
  }

  getcountoccurrences(...path: MappingSelector[]): number {
    return this.view.getcountoccurrences(...path);
  }

  /** Finds or creates the records of the first `depth` steps; returns the last of them. */
  private follow(steps: Step[], depth: number, path: readonly PutSelector[]): MappingRecord {
    let record: MappingRecord | undefined;
    for (let i = 0; i < depth; i++) {
      const step = steps[i]!;
      if (i === 0 && this.fixedRoot) {
        record = this.fixedRoot;
        if (!sameOccurrence(record, step))
          throw new MappingPathError(
            pathText(path),
            `this output (from putloop) is rooted at ${describe(record)}; the path must start with it`,
          );
      } else {
        const list: MappingRecord[] = record ? record.children : this.records;
        record = list.find((candidate) => sameOccurrence(candidate, step));
        if (!record) {
          record = new MappingRecord(step.tag);
          list.push(record);
        }
      }
      for (const [name, value] of step.fields) record.set(name, value);
    }
    return record!;
  }
}

/** Bots' rule: the same tag, and no field of the step holds a different non-empty value in the record. */
function sameOccurrence(record: MappingRecord, step: Step): boolean {
  if (record.tag !== step.tag) return false;
  for (const [name, value] of step.fields) {
    const current = record.field(name);
    if (current !== '' && current !== value) return false;
  }
  return true;
}

/** `N1` or `N1 (N101=ST)`, for messages. */
function describe(record: MappingRecord): string {
  const fields = record.fields();
  return fields.length === 0
    ? record.tag
    : `${record.tag} (${fields.map(([n, v]) => `${n}=${v}`).join(', ')})`;
}

/** Checks a put path and reduces each selector to a Step: numbers become strings, null/undefined are left out. */
function putSteps(path: readonly PutSelector[], call: string): Step[] {
  if (path.length === 0) throw new MappingPathError('', `${call}() needs a path: at least { BOTSID: ... }`);
  return path.map((selector, i) => {
    if (typeof selector !== 'object' || selector === null || typeof selector.BOTSID !== 'string')
      throw new MappingPathError(
        pathText(path),
        `${call}(): selector ${i + 1} has no BOTSID (each selector is an object like { BOTSID: 'N1' })`,
      );
    const fields: [string, string][] = [];
    let given = 0;
    for (const name in selector) {
      if (name === 'BOTSID') continue;
      given++;
      const value: unknown = selector[name];
      if (value === null || value === undefined) continue;
      if (typeof value === 'string') fields.push([name, value]);
      else if (typeof value === 'number' && Number.isFinite(value)) fields.push([name, String(value)]);
      else
        throw new MappingValueError(
          `${pathText(path.slice(0, i + 1))}/${name}`,
          `${call}() writes strings and numbers; got ${typeof value === 'number' ? String(value) : typeof value}`,
        );
    }
    return { tag: selector.BOTSID, fields, given };
  });
}

/**
 * The records in the order of their `field`: as numbers when every present value is a number, else as text
 * (by UTF-16 code units, the same on every machine); records without the field come last either way.
 */
function sortRecords(records: MappingRecord[], field: string, reverse: boolean): MappingRecord[] {
  const keyed = records.map((record) => ({ record, value: record.field(field) }));
  const present = keyed.filter((k) => k.value !== '');
  const numeric = present.every((k) => isDecimal(k.value));
  const compare = numeric
    ? (a: string, b: string): number => Number(a) - Number(b)
    : (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  present.sort((a, b) => (reverse ? compare(b.value, a.value) : compare(a.value, b.value)));
  return [...present, ...keyed.filter((k) => k.value === '')].map((k) => k.record);
}
