/**
 * The record tree the mapping API reads and writes (mapping-input.ts, mapping-output.ts): a record is a tag
 * (Bots' BOTSID), named string fields and the records nested under it. An input record keeps a link to the
 * parsed Segment and resolves a field only when a script asks for it (FieldReader); a written record holds its
 * fields in a Map, in the order they were first written. A field value of '' counts as absent when read.
 *
 * The path functions here are the lookups both sides share: selectors are checked once per call (checkPath),
 * then matched depth first against the records, in order, as Bots does.
 */
import type { MappingSelector } from './mapping-api.js';
import { MappingPathError } from './mapping-error.js';
import type { FieldReader } from './mapping-fields.js';
import type { Segment } from './segment.js';

export class MappingRecord {
  readonly children: MappingRecord[] = [];
  /** Fields written to this record; they win over the segment's. */
  private values: Map<string, string> | undefined;

  constructor(
    readonly tag: string,
    private readonly segment?: Segment,
    private readonly reader?: FieldReader,
  ) {}

  /** The field's value; '' when absent. */
  field(name: string): string {
    const own = this.values?.get(name);
    if (own !== undefined) return own;
    return this.segment && this.reader ? this.reader.read(this.segment, name) : '';
  }

  set(name: string, value: string): void {
    (this.values ??= new Map()).set(name, value);
  }

  /** Every field as [name, value]: the segment's non-empty ones (in position order), then the written ones. */
  fields(): [string, string][] {
    const read = this.segment && this.reader ? this.reader.fields(this.segment) : [];
    if (!this.values) return read;
    const own = this.values;
    return [...read.filter(([name]) => !own.has(name)), ...own];
  }

  /** This record and every record under it. */
  count(): number {
    let n = 1;
    for (const child of this.children) n += child.count();
    return n;
  }
}

/** What a path is used for: reading a field (the last selector names it with null) or selecting records. */
export type PathUse = 'field' | 'records';

/**
 * Checks a path given by a script; returns the field the last selector names (for `field`) or ''. Throws a
 * MappingPathError for: no selector, a selector that is not an object or has no BOTSID, a filter that is neither
 * a string nor null, a null field outside the last selector or in a records path, none or several in the last.
 */
export function checkPath(path: readonly MappingSelector[], use: PathUse, call: string): string {
  if (path.length === 0) throw new MappingPathError('', `${call}() needs a path: at least { BOTSID: ... }`);
  let field = '';
  path.forEach((selector, i) => {
    if (typeof selector !== 'object' || selector === null || typeof selector.BOTSID !== 'string')
      throw new MappingPathError(
        pathText(path),
        `${call}(): selector ${i + 1} has no BOTSID (each selector is an object like { BOTSID: 'N1' })`,
      );
    const last = i === path.length - 1;
    for (const key in selector) {
      if (key === 'BOTSID') continue;
      const value = selector[key];
      if (typeof value === 'string') continue;
      if (value !== null)
        throw new MappingPathError(
          pathText(path),
          `${call}(): ${key} in selector ${i + 1} is ${typeof value}; a filter is a string, null names the field to return`,
        );
      if (use === 'records')
        throw new MappingPathError(
          pathText(path),
          `${call}() selects records; ${key}: null names a field (use get() to read one)`,
        );
      if (!last)
        throw new MappingPathError(
          pathText(path),
          `${call}(): ${key}: null is in selector ${i + 1}; only the last selector names the field to return`,
        );
      if (field !== '')
        throw new MappingPathError(
          pathText(path),
          `${call}(): the last selector names two fields to return (${field}, ${key}); name one`,
        );
      field = key;
    }
  });
  if (use === 'field' && field === '')
    throw new MappingPathError(
      pathText(path),
      `${call}(): the last selector names no field to return; add one with the value null ({ BOTSID: '${path[path.length - 1]!.BOTSID}', FIELD: null })`,
    );
  return field;
}

/** The tags of a path joined by `/` (`ST/N1/N3`), for messages. */
export function pathText(path: readonly { BOTSID?: unknown }[]): string {
  return path.map((selector) => String(selector?.BOTSID)).join('/');
}

/** The record has the selector's tag and every string filter's value (null keys are not filters). */
export function matches(record: MappingRecord, selector: MappingSelector): boolean {
  if (record.tag !== selector.BOTSID) return false;
  for (const key in selector) {
    if (key === 'BOTSID') continue;
    const value = selector[key];
    if (value !== null && value !== undefined && record.field(key) !== value) return false;
  }
  return true;
}

/** The first non-empty value of `field` on a record the path reaches from `records`, depth first; ''. */
export function findValue(
  records: readonly MappingRecord[],
  path: readonly MappingSelector[],
  depth: number,
  field: string,
): string {
  const selector = path[depth]!;
  const last = depth === path.length - 1;
  for (const record of records) {
    if (!matches(record, selector)) continue;
    const value = last ? record.field(field) : findValue(record.children, path, depth + 1, field);
    if (value !== '') return value;
  }
  return '';
}

/** Calls `visit` for every record the whole path reaches, depth first, with its parent (undefined for a root). */
export function eachMatch(
  records: readonly MappingRecord[],
  path: readonly MappingSelector[],
  visit: (record: MappingRecord, parent: MappingRecord | undefined) => void,
  depth = 0,
  parent?: MappingRecord,
): void {
  const selector = path[depth]!;
  const last = depth === path.length - 1;
  for (const record of records) {
    if (!matches(record, selector)) continue;
    if (last) visit(record, parent);
    else eachMatch(record.children, path, visit, depth + 1, record);
  }
}
