/**
 * Shared loop of the delimiter-based lexers (X12, EDIFACT). A subclass knows its syntax: where a segment ends
 * and how its text splits into elements; this class feeds chunks, tracks offsets and lines, enforces the segment
 * length limit, decodes non-ASCII text and hands each segment to the sink.
 *
 * No-hang contract: every pass of the scan loop either consumes at least one char or returns to wait for more
 * input; at the end of input the rest is consumed or reported.
 */
import { decodeByteString, hasHighBytes, type CharsetInfo } from './charset.js';
import { FatalInputError, type IssueList } from './issue.js';
import { LexerBuffer } from './lexer-buffer.js';
import type { Segment, ElementValue } from './segment.js';
import type { Separators } from './separators.js';
import { printable } from './printable.js';

export interface LexerOptions {
  /** Longest segment accepted before the input is judged broken (bytes). */
  maxSegmentLength?: number;
  /** Charset forced by a channel, partner or the command line; otherwise the syntax' own rule applies. */
  charset?: CharsetInfo;
  /** Bytes before the first byte the lexer sees (a BOM), added to reported offsets. */
  offsetBase?: number;
}

export const DEFAULT_MAX_SEGMENT_LENGTH = 1024 * 1024;

export type SegmentSink = (segment: Segment) => void;

/** Where a segment ends: `end` is the index of its terminator, `next` where the following segment may start. */
export interface SegmentEnd {
  end: number;
  next: number;
  /** The segment carries binary data (X12 BIN/BDS): its bytes are kept exactly as read. */
  binary?: boolean;
}

export abstract class SegmentLexer {
  protected readonly buffer = new LexerBuffer();
  protected separators: Separators | undefined;
  protected charset: CharsetInfo;
  private windowHasHighBytes = false;
  private warnedLineBreak = false;
  private warnedFallback = false;
  protected readonly maxSegmentLength: number;

  constructor(
    protected readonly sink: SegmentSink,
    protected readonly issues: IssueList,
    defaultCharset: CharsetInfo,
    protected readonly options: LexerOptions,
  ) {
    this.maxSegmentLength = options.maxSegmentLength ?? DEFAULT_MAX_SEGMENT_LENGTH;
    this.charset = options.charset ?? defaultCharset;
    this.buffer.base = options.offsetBase ?? 0;
  }

  /** The separators of the interchange being read (undefined before its header was seen). */
  get currentSeparators(): Separators | undefined {
    return this.separators;
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.buffer.append(chunk);
    this.windowHasHighBytes = hasHighBytes(this.buffer.text);
    this.scan(false);
  }

  end(): void {
    this.scan(true);
  }

  private scan(final: boolean): void {
    const buffer = this.buffer;
    for (;;) {
      if (!buffer.skipBlanks(this.separators ? this.separators.element : '')) return;
      const start = buffer.pos;
      if (this.atHeader(start)) {
        if (!this.readHeader(final)) return;
        continue;
      }
      const found = this.findEnd(start, final);
      if (found === undefined) {
        if (buffer.remaining > this.maxSegmentLength) {
          const { line, column } = buffer.lineAt(start);
          throw new FatalInputError(
            'SEGMENT_TOO_LONG',
            `Segment starting "${printable(buffer.text.slice(start, start + 20))}" is longer than ${this.maxSegmentLength} bytes without a segment terminator ("${this.separators?.segment ?? ''}")`,
            { offset: buffer.base + start, line, column },
          );
        }
        if (!final) return;
        this.unterminated(start);
        return;
      }
      this.emit(start, found.end, found.binary);
      buffer.pos = found.next;
    }
  }

  /** Emits the segment text[start, end). */
  protected emit(start: number, end: number, binary = false): void {
    const buffer = this.buffer;
    const { line, column } = buffer.lineAt(start);
    let raw = buffer.text.slice(start, end);
    if (binary) {
      // kept as read: line breaks and high bytes are data here
    } else if (buffer.newlineBefore(end)) {
      this.lineBreakInside(line);
      raw = raw.replace(/[\r\n]/g, '');
    } else if (raw.charCodeAt(raw.length - 1) === 13) raw = raw.slice(0, -1);
    if (!binary && this.windowHasHighBytes && hasHighBytes(raw))
      raw = this.decode(raw, line, column, buffer.base + start);
    const tagEnd = this.tagEnd(raw);
    const tag = tagEnd < 0 ? raw : raw.slice(0, tagEnd);
    const segment: Segment = {
      tag,
      elements: tagEnd < 0 ? [] : this.split(raw, tag, tagEnd),
      offset: buffer.base + start,
      line,
      column,
      raw,
    };
    this.afterSegment(segment);
    this.sink(segment);
  }

  private lineBreakInside(line: number): void {
    if (this.warnedLineBreak) return;
    this.warnedLineBreak = true;
    this.issues.add(
      'LINE_BREAK_IN_SEGMENT',
      'warning',
      'Line breaks inside segments were ignored (the file looks hard-wrapped); first seen on this line',
      { line },
    );
  }

  private decode(raw: string, line: number, column: number, offset: number): string {
    const { text, fellBack } = decodeByteString(raw, this.charset);
    if (fellBack && !this.warnedFallback) {
      this.warnedFallback = true;
      this.issues.add(
        'CHARSET_FALLBACK',
        'warning',
        `Bytes that are not valid ${this.charset.name.startsWith('utf-8') ? 'UTF-8' : this.charset.name} were read as ISO-8859-1; first seen here`,
        { line, column, offset },
      );
    }
    return text;
  }

  private unterminated(start: number): void {
    const buffer = this.buffer;
    const { line, column } = buffer.lineAt(start);
    const rest = buffer.text.slice(start);
    this.issues.add(
      'SEGMENT_UNTERMINATED',
      'error',
      `The file ends inside segment "${printable(rest.slice(0, 20))}": no segment terminator ("${printable(this.separators?.segment ?? '')}") follows it`,
      { offset: buffer.base + start, line, column },
    );
    this.emit(start, buffer.text.length);
    buffer.pos = buffer.text.length;
  }

  /** True when a header that (re)defines the separators starts here (ISA, UNA). */
  protected abstract atHeader(start: number): boolean;
  /** Reads that header; returns false when more input is needed. */
  protected abstract readHeader(final: boolean): boolean;
  /** Finds the end of the segment starting at `start`, or undefined when the window holds no terminator. */
  protected abstract findEnd(start: number, final: boolean): SegmentEnd | undefined;
  /** Index of the separator after the tag, -1 when the segment is the tag alone. */
  protected abstract tagEnd(raw: string): number;
  protected abstract split(raw: string, tag: string, tagEnd: number): ElementValue[];
  /** Hook for segments that change how the rest is read (charset from UNB). */
  protected afterSegment(_segment: Segment): void {}
}
