/**
 * X12 lexer. Separators come from each ISA: the element separator right after "ISA", the component separator
 * (ISA16) and the segment terminator as the two chars after the 16th element separator, the repetition
 * separator (ISA11) when ISA12 >= 00402. An ISA not padded to 106 chars is accepted with a warning. BIN and BDS
 * segments are read by their length element, so binary data may hold any byte.
 */
import { X12_AUTO } from './charset.js';
import { FatalInputError, type IssueList } from './issue.js';
import { printable } from './printable.js';
import { splitElements } from './element-splitter.js';
import { SegmentLexer, type LexerOptions, type SegmentEnd, type SegmentSink } from './segment-lexer.js';
import type { ElementValue } from './segment.js';

export const ISA_LENGTH = 106;
const ISA_ELEMENTS = 16;

export class X12Lexer extends SegmentLexer {
  /** Offset of the last BIN/BDS reported as BIN_LENGTH, so a segment read in several passes is reported once. */
  private reportedBinary = -1;
  constructor(sink: SegmentSink, issues: IssueList, options: LexerOptions = {}) {
    super(sink, issues, X12_AUTO, options);
  }

  protected atHeader(start: number): boolean {
    const text = this.buffer.text;
    if (this.separators === undefined) return true;
    return (
      text.charCodeAt(start) === 73 /* I */ &&
      text.startsWith('ISA', start) &&
      text.length > start + 3 &&
      !isAlphanumeric(text.charCodeAt(start + 3))
    );
  }

  protected readHeader(final: boolean): boolean {
    const buffer = this.buffer;
    const text = buffer.text;
    const start = buffer.pos;
    if (text.length - start < 4) {
      if (final) this.notIsa(start);
      return false;
    }
    if (!text.startsWith('ISA', start) || isAlphanumeric(text.charCodeAt(start + 3))) this.notIsa(start);
    const elementSeparator = text[start + 3] as string;
    let pos = start + 3;
    for (let i = 1; i < ISA_ELEMENTS; i++) {
      pos = text.indexOf(elementSeparator, pos + 1);
      if (pos < 0 || pos - start > 4 * ISA_LENGTH) {
        if (pos < 0 && !final && text.length - start <= 4 * ISA_LENGTH) return false;
        const { line, column } = buffer.lineAt(start);
        throw new FatalInputError(
          'ISA_MALFORMED',
          `ISA segment is incomplete: found ${i} of its 16 element separators ("${printable(elementSeparator)}")`,
          { offset: buffer.base + start, line, column, segmentId: 'ISA' },
        );
      }
    }
    if (pos + 2 >= text.length && !final) return false;
    const component = text[pos + 1];
    const terminator = text[pos + 2];
    if (component === undefined || terminator === undefined || isAlphanumeric(terminator.charCodeAt(0))) {
      const { line, column } = buffer.lineAt(start);
      throw new FatalInputError(
        'ISA_MALFORMED',
        'ISA segment has no component separator and segment terminator after ISA15 (ISA16 must be one char followed by the terminator)',
        { offset: buffer.base + start, line, column, segmentId: 'ISA' },
      );
    }
    const end = pos + 2;
    const fields = text.slice(start, end).split(elementSeparator);
    const version = (fields[12] ?? '').trim();
    const isa11 = fields[11] ?? '';
    const repetition =
      version >= '00402' && isa11.length === 1 && !isAlphanumeric(isa11.charCodeAt(0)) ? isa11 : '';
    this.separators = {
      segment: terminator,
      element: elementSeparator,
      component,
      repetition,
      release: '',
      decimal: '.',
    };
    if (end - start + 1 !== ISA_LENGTH) {
      const { line, column } = buffer.lineAt(start);
      this.issues.add(
        'ISA_LENGTH',
        'warning',
        `ISA segment is ${end - start + 1} characters long instead of ${ISA_LENGTH}; its fields are not padded to their fixed widths`,
        { offset: buffer.base + start, line, column, segmentId: 'ISA' },
      );
    }
    this.emit(start, end);
    buffer.pos = end + 1;
    return true;
  }

  private notIsa(start: number): never {
    const buffer = this.buffer;
    const { line, column } = buffer.lineAt(start);
    throw new FatalInputError(
      'ISA_MISSING',
      `Expected an X12 interchange header "ISA" but found "${printable(buffer.text.slice(start, start + 20))}"`,
      { offset: buffer.base + start, line, column },
    );
  }

  protected findEnd(start: number, final: boolean): SegmentEnd | undefined {
    const text = this.buffer.text;
    const seps = this.separators!;
    const c0 = text.charCodeAt(start);
    if ((c0 === 66 /* B */ && text.startsWith('BIN', start)) || text.startsWith('BDS', start)) {
      const binary = this.findBinaryEnd(start, final);
      if (binary !== null) return binary;
      if (text[start + 3] === seps.element) this.binaryMismatch(start);
    }
    const end = text.indexOf(seps.segment, start);
    if (end < 0) return undefined;
    return { end, next: end + seps.segment.length };
  }

  /**
   * BIN01 (BDS02 for BDS) gives the byte length of the data element that follows. Returns null when the segment
   * does not have that shape (it is then read like any other segment and reported as BIN_LENGTH).
   */
  private findBinaryEnd(start: number, final: boolean): SegmentEnd | undefined | null {
    const text = this.buffer.text;
    const seps = this.separators!;
    if (text[start + 3] !== seps.element) return null;
    let lengthStart = start + 4;
    if (text.startsWith('BDS', start)) {
      lengthStart = text.indexOf(seps.element, lengthStart);
      if (lengthStart < 0) return final ? null : undefined;
      lengthStart++;
    }
    const lengthEnd = text.indexOf(seps.element, lengthStart);
    if (lengthEnd < 0) return final ? null : undefined;
    const lengthText = text.slice(lengthStart, lengthEnd);
    if (!/^\d{1,15}$/.test(lengthText)) return null;
    const end = lengthEnd + 1 + Number(lengthText);
    if (end + seps.segment.length > text.length) return final ? null : undefined;
    if (text.slice(end, end + seps.segment.length) !== seps.segment) return null;
    return { end, next: end + seps.segment.length, binary: true };
  }

  /** Reports a BIN/BDS whose length element does not delimit its data, once per segment. */
  private binaryMismatch(start: number): void {
    const offset = this.buffer.base + start;
    if (offset === this.reportedBinary) return;
    this.reportedBinary = offset;
    const { line, column } = this.buffer.lineAt(start);
    const tag = this.buffer.text.slice(start, start + 3);
    this.issues.add(
      'BIN_LENGTH',
      'error',
      `${tag}: the length element does not give the length of the binary data that follows (no segment terminator there); the segment was read as text`,
      { offset, line, column, segmentId: tag, element: tag === 'BDS' ? 2 : 1 },
    );
  }

  protected tagEnd(raw: string): number {
    return raw.indexOf(this.separators!.element);
  }

  protected split(raw: string, tag: string, tagEnd: number): ElementValue[] {
    const seps = this.separators!;
    if (tag === 'ISA') return raw.slice(tagEnd + 1).split(seps.element);
    if (tag === 'BIN' || tag === 'BDS') return this.splitBinary(raw, tag, tagEnd);
    return splitElements(raw, tagEnd + 1, seps);
  }

  /** The binary element is taken whole, whatever separators it holds. */
  private splitBinary(raw: string, tag: string, tagEnd: number): ElementValue[] {
    const element = this.separators!.element;
    const first = raw.indexOf(element, tagEnd + 1);
    if (first < 0) return [raw.slice(tagEnd + 1)];
    if (tag === 'BIN') return [raw.slice(tagEnd + 1, first), raw.slice(first + 1)];
    const second = raw.indexOf(element, first + 1);
    if (second < 0) return [raw.slice(tagEnd + 1, first), raw.slice(first + 1)];
    return [raw.slice(tagEnd + 1, first), raw.slice(first + 1, second), raw.slice(second + 1)];
  }
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
