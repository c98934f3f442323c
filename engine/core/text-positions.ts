/**
 * Positions of record-format text in the input: decoded text is turned back into byte offsets, lines and
 * columns, so issues point where an editor or `bots parse` shows them.
 */
import { UTF8, type CharsetInfo } from './charset.js';
import type { IssueList } from './issue.js';

/** Bytes that text[from, to) took in the input. */
export type ByteWidth = (text: string, from: number, to: number) => number;

/**
 * How to count input bytes for decoded text: UTF-8 (and UTF-16 input, which the reader transcodes to UTF-8)
 * by each character's UTF-8 length; single-byte charsets one byte per character. Other multi-byte charsets
 * (Shift_JIS, GB18030, ...) and UTF-8 input that was not valid UTF-8 (read as Latin-1) count characters:
 * the decoded text does not say how many bytes those took.
 */
export function byteWidth(charset: CharsetInfo): ByteWidth {
  return countsUtf8(charset) ? utf8Length : charLength;
}

/** Whether input bytes are counted as UTF-8 for this charset (see byteWidth). */
function countsUtf8(charset: CharsetInfo): boolean {
  return charset.decoder === 'utf-8' || charset.decoder === 'x12-auto';
}

function charLength(_text: string, from: number, to: number): number {
  return to - from;
}

function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes++;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export interface TextPosition {
  /** 1-based line; lines end at LF (a CR LF pair counts once; a lone CR does not end a line). */
  line: number;
  /** 1-based column, counted in bytes of the input like `offset`. */
  column: number;
  /** Byte offset in the decoded input (a byte order mark left at its start counts as its bytes). */
  offset: number;
}

/**
 * Turns string indexes into line, column and byte offset. Bytes are counted as UTF-8 when the charset decodes
 * UTF-8 (the default), else one byte per character (the single-byte charsets); for other multi-byte charsets
 * and for UTF-8 input that fell back to Latin-1 the offsets are approximate. Lookups are expected in
 * increasing order (records come in document order) and cost the distance from the previous one; a lookup
 * behind the previous one starts again from the beginning.
 */
export class TextPositions {
  private index = 0;
  private line = 1;
  private byte = 0;
  private lineStartByte = 0;
  private readonly width: ByteWidth;

  constructor(
    private readonly text: string,
    charset: CharsetInfo | undefined,
  ) {
    this.width = byteWidth(charset ?? UTF8);
  }

  at(target: number): TextPosition {
    const end = Math.max(0, Math.min(target, this.text.length));
    if (end < this.index) {
      this.index = 0;
      this.line = 1;
      this.byte = 0;
      this.lineStartByte = 0;
    }
    const text = this.text;
    for (
      let newline = text.indexOf('\n', this.index);
      newline >= 0 && newline < end;
      newline = text.indexOf('\n', this.index)
    ) {
      this.byte += this.width(text, this.index, newline + 1);
      this.index = newline + 1;
      this.line++;
      this.lineStartByte = this.byte;
    }
    this.byte += this.width(text, this.index, end);
    this.index = end;
    return { line: this.line, column: this.byte - this.lineStartByte + 1, offset: this.byte };
  }
}

/** Thrown inside a record parser to stop reading a broken document; `index` is where, in the decoded text. */
export class DocumentStop {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly index: number,
  ) {}
}

/**
 * Runs a document parser and turns a DocumentStop into one error issue at its position (`label` names the
 * format in the sentence); a stopped document yields no records.
 */
export function readDocument<T>(
  label: string,
  positions: TextPositions,
  issues: IssueList,
  read: () => T[],
): T[] {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof DocumentStop)) throw error;
    const at = positions.at(error.index);
    issues.add(error.code, 'error', `${label}: ${error.message} at line ${at.line} column ${at.column}`, at);
    return [];
  }
}
