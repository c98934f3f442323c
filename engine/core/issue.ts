/**
 * Issues are the findings of lexing, parsing and validation. Every issue carries a stable code (documented in
 * docs/error-codes.md and mapped onto 997/999/CONTRL codes there), a severity and a location that says where
 * in the input it was found.
 */

export type Severity = 'error' | 'warning';

export interface Location {
  /** 1-based interchange index in the file. */
  interchange?: number;
  /** 1-based message index inside its interchange. */
  message?: number;
  /** 1-based segment number inside the message (ST/UNH = 1), or inside the file when outside a message. */
  segmentNumber?: number;
  segmentId?: string;
  /** 1-based element position (BEG02 -> 2). */
  element?: number;
  /** 1-based component position inside a composite. */
  component?: number;
  /** 1-based repetition index, when the element repeats. */
  repetition?: number;
  line?: number;
  column?: number;
  /** Byte offset of the segment (or of the element, when known) in the input file. */
  offset?: number;
}

export interface Issue {
  code: string;
  severity: Severity;
  message: string;
  location: Location;
}

/** `FILE:LINE:COL: CODE SEGMENT: sentence` (what `bots validate` prints and the transaction log records);
 * 0 stands for an unknown line or column. */
export function formatIssue(file: string, issue: Issue): string {
  const { line, column, segmentId } = issue.location;
  const severity = issue.severity === 'warning' ? 'warning: ' : '';
  return `${file}:${line ?? 0}:${column ?? 0}: ${issue.code} ${segmentId ?? '-'}: ${severity}${issue.message}`;
}

/** Collects issues up to a limit; the limit protects memory and output on badly broken input. */
export class IssueList {
  readonly items: Issue[] = [];
  private dropped = 0;
  private droppedErrors = 0;

  constructor(readonly limit = 1000) {}

  add(code: string, severity: Severity, message: string, location: Location): void {
    if (this.items.length < this.limit) this.items.push({ code, severity, message, location });
    else {
      this.dropped++;
      if (severity === 'error') this.droppedErrors++;
    }
  }

  /** Errors found, including those not kept because the limit was reached. */
  get errorCount(): number {
    let n = this.droppedErrors;
    for (const issue of this.items) if (issue.severity === 'error') n++;
    return n;
  }

  /** Warnings found, including those not kept. */
  get warningCount(): number {
    return this.items.length + this.dropped - this.errorCount;
  }

  /** Issues not kept because the limit was reached. */
  get droppedCount(): number {
    return this.dropped;
  }
}

/**
 * A condition that makes further reading of the input impossible (no envelope could be recognised, a segment
 * that never ends). Lexers throw it; readers turn it into an error issue and stop.
 */
export class FatalInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly location: Location,
  ) {
    super(message);
    this.name = 'FatalInputError';
  }
}
