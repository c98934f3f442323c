/**
 * What the acknowledgement builders (997, 999, TA1, CONTRL) share: their typed error, the rules that turn issues
 * into statuses, and small helpers for the segments they build. The rules live here so every acknowledgement of
 * one interchange says the same thing:
 *
 * - A message is rejected when any error was found in it, whether or not its code has an acknowledgement code
 *   (the engine does not translate it, so no acknowledgement may call it accepted). It is accepted with errors
 *   when its only findings are warnings that acknowledgements report (codes in ACK_CODES, such as
 *   CHARSET_INVALID, a warning by default). Otherwise it is accepted: warnings without an acknowledgement code
 *   (GRAMMAR_MISSING, LINE_BREAK_IN_SEGMENT, ...) are neither reported nor held against it.
 * - Envelope errors (trailer counts and references, a missing trailer, a bad header element) are reported where
 *   the acknowledgement has room for them but do not reject what the envelope holds: the engine still processes
 *   its messages, each acknowledged on its own.
 * - A duplicate interchange (same sender, receiver and control number seen before) is rejected, unless the
 *   caller asks for it only to be noted (DuplicatePolicy).
 */
import { ACK_CODES, type AckCodes } from './ack-codes.js';
import type { AckIssue, AckMessage } from './ack-input.js';
import { Repeated, type ElementValue } from './segment.js';

export type AckErrorCode =
  /** The input cannot be acknowledged this way (a 999 for a 004010 group, a CONTRL for X12). */
  | 'ACK_NOT_APPLICABLE'
  /** The acknowledgement to read is not a 997, 999, CONTRL or TA1. */
  | 'ACK_NOT_ACKNOWLEDGEMENT'
  /** The acknowledgement to read lacks a segment or element it cannot be read without. */
  | 'ACK_MALFORMED'
  /** AckInputCollector was called out of order (a caller's mistake). */
  | 'ACK_COLLECTOR_STATE';

export class AckError extends Error {
  override name = 'AckError';
  constructor(
    readonly code: AckErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type MessageStatus = 'accepted' | 'accepted-with-errors' | 'rejected';

/** What a duplicate interchange gets: rejected (the default), or accepted with the duplicate noted. */
export type DuplicatePolicy = 'reject' | 'note';

/** The acknowledgement codes of an issue, or undefined when acknowledgements do not report it. */
export function ackCodes(issue: AckIssue): AckCodes | undefined {
  return Object.hasOwn(ACK_CODES, issue.code) ? ACK_CODES[issue.code] : undefined;
}

/** The issues an acknowledgement reports: those with acknowledgement codes, errors and warnings alike. */
export function reported(issues: readonly AckIssue[]): AckIssue[] {
  return issues.filter((issue) => ackCodes(issue) !== undefined);
}

export function hasErrors(issues: readonly AckIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

export function messageStatus(message: AckMessage): MessageStatus {
  if (hasErrors(message.issues)) return 'rejected';
  return reported(message.issues).length > 0 ? 'accepted-with-errors' : 'accepted';
}

/** Issues in the order of their segment position (stable: issues of one segment keep their order). */
export function bySegment(issues: readonly AckIssue[]): AckIssue[] {
  return [...issues].sort(
    (a, b) => (a.location.segmentNumber ?? Infinity) - (b.location.segmentNumber ?? Infinity),
  );
}

/** Distinct values in order of first appearance, at most `max` of them. */
export function distinct(values: Iterable<string | undefined>, max: number): string[] {
  const seen: string[] = [];
  for (const value of values) {
    if (value === undefined || seen.includes(value)) continue;
    seen.push(value);
    if (seen.length === max) break;
  }
  return seen;
}

/**
 * Elements without empty ones at the end, and composites without empty components at the end (a composite
 * left with one component becomes a simple value): builders state positions, writers need not trim.
 */
export function trimmed(elements: ElementValue[]): ElementValue[] {
  const out = elements.map((element) => (Array.isArray(element) ? trimComposite(element) : element));
  while (out.length > 0 && isEmpty(out[out.length - 1]!)) out.pop();
  return out;
}

function trimComposite(components: string[]): ElementValue {
  let end = components.length;
  while (end > 0 && components[end - 1] === '') end--;
  return end === 1 ? components[0]! : components.slice(0, end);
}

function isEmpty(element: ElementValue): boolean {
  if (element instanceof Repeated) return element.values.length === 0;
  return Array.isArray(element) ? element.length === 0 : element === '';
}

/** A position as text, '' when unknown. */
export function position(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}
