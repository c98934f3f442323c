/**
 * The types a mapping script sees: `export default function map(inn, out, ctx)`, published as the module
 * `bots-edi/mapping` (the build emits this file as dist/core/mapping-api.d.ts; `bots mapping check` maps the
 * module name to it, and esbuild erases `import type` lines, so scripts need nothing at run time).
 *
 * The message model is Bots': a message is a tree of records. Each record has an id (`BOTSID`: the segment tag
 * or record name) and named fields, and holds the records nested under it. The root is the message header (ST,
 * UNH) or the top record of a JSON/XML/CSV document; a loop or segment group is its first segment with the
 * loop's other segments and groups as children (N1 holds N2, N3, N4; SG2's NAD holds LOC, SG3's RFF, ...).
 *
 * Field names:
 * - X12: tag + two-digit position, `BEG03`; a component of a composite adds a dot and its two-digit position,
 *   `SV101.02` (element SV101, component 2).
 * - EDIFACT: the element id, `1004`; a component is composite id + dot + element id, `C002.1001`; the second
 *   and later use of the same id in one segment or composite add `#2`, `#3` (`C080.3036#2`). Without a
 *   grammar the positional X12 form works for EDIFACT too (`BGM02`, `BGM01.01`).
 * - CSV, fixed: the grammar's field ids (a CSV header line is not used: it names the first record type's columns).
 * - JSON, XML: the field names of the input (`@attr` for XML attributes, `#text` for text).
 *
 * Paths: a list of selectors from the root down. Every selector names a record by BOTSID; its other keys
 * either filter (a string value: the record must have that field with that value) or, in the LAST selector
 * only, select the field to return (value null). `inn.get({ BOTSID: 'ST' }, { BOTSID: 'BEG', BEG03: null })`.
 * The first selector must match the root record, as in Bots. (A CSV or fixed file of several orders, or a JSON
 * array, has several root records: the first selector is matched against each of them.)
 */

/** One step of a record path: the record id under BOTSID plus field filters (null selects the value). */
export type MappingSelector = { BOTSID: string } & Record<string, string | null>;
export type MappingPath = readonly MappingSelector[];

/** What the engine knows about a message, Bots' `ta_info`. */
export interface MessageInfo {
  editype: string;
  /** The message type in Bots' form: `850004010`, `ORDERSD96AUN`, or the record format's type (`invoice`). */
  messagetype: string;
  /** Partner ids (the configured partner id, or `unknown`); '' when not known. */
  frompartner: string;
  topartner: string;
  /** The document reference (BEG03, BGM 1004, an invoice number): shown in the transaction log. */
  reference: string;
  /** True for test interchanges (ISA15 = T, UNB 0035 = 1). */
  testindicator: boolean;
  /** The alternative translation key this translation was found by ('' for the plain one). */
  alt: string;
  /** The interchange the message came in (inputs only): its parties as written in the envelope (ISA05/06 and
   * ISA07/08, UNB S002/S003) and its control number (ISA13, UNB 0020). Absent for record formats. */
  envelope?: {
    sender: { qualifier: string; id: string };
    receiver: { qualifier: string; id: string };
    controlNumber: string;
  };
}

/** The incoming message (read side). Every lookup returns undefined for an absent record or field. */
export interface MappingInput {
  readonly info: Readonly<MessageInfo>;
  /** The value at the path; an empty field counts as absent. */
  get(...path: MappingSelector[]): string | undefined;
  /** As get, but a numeric value that is zero (`0`, `0.00`, `-0`) counts as absent. */
  getnozero(...path: MappingSelector[]): string | undefined;
  /** The value as a canonical decimal string (`007.50` -> `7.5`, `-.5` -> `-0.5`); undefined when absent.
   * Throws a MappingValueError naming the field when the value is not a number. */
  getdecimal(...path: MappingSelector[]): string | undefined;
  /** Every record matching the path (the last selector names the record, without a null field), each as an
   * input rooted at that record: its own paths start with `{ BOTSID: <that record> }`. */
  getloop(...path: MappingSelector[]): Iterable<MappingInput>;
  /** How many records the message holds (this record and everything under it for a getloop occurrence). */
  getcount(): number;
  /** How many records match the path. */
  getcountoccurrences(...path: MappingSelector[]): number;
}

/** The outgoing message (write side). Values are strings; numbers given by scripts are turned into strings. */
export interface MappingOutput {
  /** The message's info as the engine will use it: set `topartner`, `reference`, `testindicator`,
   * `messagetype` here to steer merging, envelopes and file names. Starts from the translation's values. */
  readonly info: MessageInfo;
  /**
   * Writes the fields of the LAST selector, creating the records on the way: a selector whose BOTSID and
   * filter fields match an existing child is followed, otherwise a new record is added. "Match" is Bots' same
   * occurrence, for every selector: no field of the selector has a different non-empty value in the record;
   * the selector's fields are then written to it (so `{ BOTSID: 'N1', N101: 'ST' }` follows the N1 whose N101 is
   * ST, or one without N101, and creates one otherwise). Fields with an undefined or null value are skipped,
   * in every selector; when every value of the last selector is undefined nothing is written (no record
   * either) and put returns false (Bots' rule, so `out.put(..., { BEG03: inn.get(...) })` is safe).
   */
  put(...path: { BOTSID: string; [field: string]: string | number | null | undefined }[]): boolean;
  /** Always appends a NEW record for the last selector (under the records found or created for the ones
   * before it) and returns an output rooted at it, so a loop writes one record per occurrence. */
  putloop(...path: { BOTSID: string; [field: string]: string | number | null | undefined }[]): MappingOutput;
  /** Sets, on every record the path `where` selects, the fields given in `change`; false when none matched. */
  change(where: MappingPath, change: Record<string, string>): boolean;
  /** Deletes the records selected by the path (with everything under them); false when none matched. */
  delete(...path: MappingSelector[]): boolean;
  /** Sorts the records the path selects (siblings) by the value of `field`; numeric when every value is a
   * number, else by text. */
  sort(options: { path: MappingPath; field: string; reverse?: boolean }): void;
  /** The same lookups as the input, on what was written so far. */
  get(...path: MappingSelector[]): string | undefined;
  getloop(...path: MappingSelector[]): Iterable<MappingInput>;
  getcount(): number;
  getcountoccurrences(...path: MappingSelector[]): number;
}

/** A trading partner as the configuration describes it. */
export interface MappingPartner {
  id: string;
  name: string;
  /** Identifiers (qualifier + value) the partner is known by. */
  identifiers: readonly { qualifier: string; value: string; test: boolean }[];
  /** Group ids. */
  groups: readonly string[];
  /** Partner-specific envelope values (ISA06, UNB.S002.0004, ...). */
  envelope: Readonly<Record<string, string>>;
}

/** What a script can ask of the engine besides the message. */
export interface MappingContext {
  /** Looks a code up in a code list (Bots' ccode): code -> value; `reverse` maps value -> code.
   * Undefined when not listed. */
  codeList(list: string, code: string, options?: { reverse?: boolean }): string | undefined;
  /** The attributes of a code-list entry (Bots' attr1..attr8), or undefined when not listed. */
  codeAttributes(list: string, code: string): readonly string[] | undefined;
  /** A value kept between runs and processes (Bots' persist), per domain and key. */
  persistGet(domain: string, key: string): Promise<string | undefined>;
  persistSet(domain: string, key: string, value: string): Promise<void>;
  /** The next value of a named counter (Bots' unique), as a string; never handed out twice. */
  unique(domain: string): Promise<string>;
  /** The time of the run from the engine's clock (the same for every message of one run). */
  now(): Date;
  /** A partner by id (from `inn.info.frompartner`, say); undefined when not configured. */
  partner(id: string): MappingPartner | undefined;
  /** Another output message from this one input (many outputs per message). Written like `out`; an output
   * with no record at all is dropped (zero outputs). */
  newOutput(): MappingOutput;
}

/**
 * What a script may return (or resolve to):
 * - nothing: done;
 * - a string or `{ alt }`: also run the translation found with this alternative key on the same input
 *   (chaining, Bots' "alt");
 * - `{ alt, outAsInput: true }`: the output of this script becomes the input of that translation.
 */
export type MappingReturn = void | undefined | string | { alt: string; outAsInput?: boolean };

/** The shape of a script's default export. */
export type MappingFunction = (
  inn: MappingInput,
  out: MappingOutput,
  ctx: MappingContext,
) => MappingReturn | Promise<MappingReturn>;
