/**
 * The sliding text window the lexers scan: unconsumed text carried over from earlier chunks plus the new chunk,
 * the file offset of its first char and the line bookkeeping. Line numbers are kept by walking newlines lazily,
 * so every char is looked at once at most and a file on one line costs nothing extra.
 */
const NEWLINE = 10;

export class LexerBuffer {
  text = '';
  /** Scan position inside `text`. */
  pos = 0;
  /** File offset (bytes) of text[0]. */
  base = 0;
  private line = 1;
  /** Index in `text` where the current line starts; negative when it started in an earlier window. */
  private lineStart = 0;
  /** Index of the next unvisited newline at or after lineStart, -1 when none, -2 when not yet searched. */
  private nextNewline = -2;

  /** Appends a chunk, dropping what was consumed. */
  append(chunk: string): void {
    const consumed = this.pos;
    // Count the newlines of the text about to be dropped, so none is lost between windows.
    if (consumed > 0) this.lineAt(consumed);
    this.text = consumed < this.text.length ? this.text.slice(consumed) + chunk : chunk;
    this.base += consumed;
    this.pos = 0;
    this.lineStart -= consumed;
    if (this.nextNewline >= 0) this.nextNewline -= consumed;
    else this.nextNewline = -2;
  }

  get remaining(): number {
    return this.text.length - this.pos;
  }

  /** Line and column (1-based) of a char index inside the window; indexes must not decrease between calls. */
  lineAt(index: number): { line: number; column: number } {
    let nl = this.nextNewline;
    if (nl === -2) nl = this.text.indexOf('\n', Math.max(0, this.lineStart));
    while (nl !== -1 && nl < index) {
      this.line++;
      this.lineStart = nl + 1;
      nl = this.text.indexOf('\n', nl + 1);
    }
    this.nextNewline = nl;
    return { line: this.line, column: index - this.lineStart + 1 };
  }

  /** True when a newline lies in [from, to), judged from the bookkeeping without scanning (call lineAt(from) first). */
  newlineBefore(to: number): boolean {
    return this.nextNewline !== -1 && this.nextNewline < to;
  }

  /** Skips CR, LF, tab and space (those that are not the given separator chars); returns false at the end. */
  skipBlanks(keep: string): boolean {
    const text = this.text;
    let pos = this.pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c > 32 || (c !== NEWLINE && c !== 13 && c !== 32 && c !== 9) || keep.includes(text[pos] as string))
        break;
      pos++;
    }
    this.pos = pos;
    return pos < text.length;
  }
}
