/**
 * The types a mapping script sees: `export default function map(inn, out, ctx)`.
 *
 * PLACEHOLDER CONTRACT: only the shapes are declared here so that `bots mapping check` can type-check scripts
 * now. The implementations (and possibly refined signatures) come with the mapping API milestone of the engine
 * issue (item 3, the inn/out/ctx part). This file holds types only; the build emits it as
 * dist/core/mapping-api.d.ts, which the checker loads at run time (a hand-written .d.ts under engine/ would
 * not be copied to dist by `tsc`).
 *
 * Scripts import these types with `import type { MappingInput, MappingOutput, MappingContext } from
 * 'bots-edi/mapping'`; the type checker maps that name to this file and esbuild drops type-only imports.
 *
 * Paths (`path`) are the Bots-style record paths of the issue: a list of `{ BOTSID: 'SEG', FIELD: value | null }`
 * selectors from the root record down, written here as `MappingPath`.
 */

/** One step of a record path: the record id under BOTSID plus field filters (null selects the value). */
export type MappingSelector = { BOTSID: string } & Record<string, string | null>;
export type MappingPath = readonly MappingSelector[];

/** The incoming message (read side). */
export interface MappingInput {
  /** The value at the path, or undefined when the record or field is absent. */
  get(...path: MappingSelector[]): string | undefined;
  /** As get, but a numeric value that is zero counts as absent. */
  getnozero(...path: MappingSelector[]): string | undefined;
  /** The value as a decimal string (normalised: no leading zeros, '.' as separator), or undefined. */
  getdecimal(...path: MappingSelector[]): string | undefined;
  /** Every occurrence of the record at the path, each as its own input rooted there. */
  getloop(...path: MappingSelector[]): Iterable<MappingInput>;
  /** How many records the message (or this loop occurrence) holds. */
  getcount(): number;
}

/** The outgoing message (write side). */
export interface MappingOutput {
  /** Writes the field values of the path's last selector, creating the records on the way; false when nothing was written. */
  put(...path: MappingSelector[]): boolean;
  /** Appends a new occurrence of the record at the path and returns an output rooted at it. */
  putloop(...path: MappingSelector[]): MappingOutput;
  /** Changes the fields of existing records selected by `where` to the values in `change`. */
  change(where: MappingPath, change: MappingPath): boolean;
  /** Deletes the records at the path; false when none matched. */
  delete(...path: MappingSelector[]): boolean;
  /** Sorts the occurrences of the record at the path by the value of `field`. */
  sort(options: { path: MappingPath; field: string; reverse?: boolean }): void;
  /** Also readable, as in Bots: the same lookups as the input. */
  get(...path: MappingSelector[]): string | undefined;
  getloop(...path: MappingSelector[]): Iterable<MappingInput>;
}

/** The trading partner of the message being mapped. */
export interface MappingPartner {
  id: string;
  name?: string;
  /** Free attributes from the partner configuration. */
  attributes: Readonly<Record<string, string>>;
}

/** What a script can ask of the engine besides the message: code lists, persisted values, counters, time. */
export interface MappingContext {
  /** Looks a code up in a code list (ccode); `reverse` maps right to left. Undefined when not listed. */
  codeList(list: string, code: string, options?: { reverse?: boolean }): string | undefined;
  /** A value kept between runs (persist in Bots): read with one argument, write with two. */
  persist(domain: string, key: string): string | undefined;
  persist(domain: string, key: string, value: string): void;
  /** The next value of a named counter (unique in Bots), as a string. */
  unique(domain: string): string;
  /** The time of the run (the same for every message of one run). */
  now(): Date;
  partner: MappingPartner;
}

/** The shape of a script's default export. The return value is the script's result (may be a promise). */
export type MappingFunction = (inn: MappingInput, out: MappingOutput, ctx: MappingContext) => unknown;
