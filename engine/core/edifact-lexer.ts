/**
 * EDIFACT lexer. Separators come from UNA when present, else ISO 9735's defaults; the repetition separator
 * counts only from syntax version 4 on (UNB S001 0002). The release character escapes any char, `??` included;
 * `?'` keeps an apostrophe inside the segment. The charset of everything after UNB follows UNB's syntax id.
 */
import { edifactCharset, LATIN1 } from './charset.js';
import { FatalInputError, type IssueList } from './issue.js';
import { SegmentLexer, type LexerOptions, type SegmentEnd, type SegmentSink } from './segment-lexer.js';
import { EDIFACT_DEFAULT_SEPARATORS, type Separators } from './separators.js';
import { splitElements } from './element-splitter.js';
import { componentValue, type ElementValue, type Segment } from './segment.js';

const UNA_LENGTH = 9;

export class EdifactLexer extends SegmentLexer {
  /** Separators declared by the current interchange's UNA (before syntax version rules apply). */
  private declared: Separators = { ...EDIFACT_DEFAULT_SEPARATORS };
  private unaSeen = false;
  private afterUna = false;

  constructor(sink: SegmentSink, issues: IssueList, options: LexerOptions = {}) {
    super(sink, issues, LATIN1, options);
    this.separators = { ...EDIFACT_DEFAULT_SEPARATORS, repetition: '' };
  }

  protected atHeader(start: number): boolean {
    const text = this.buffer.text;
    return text.charCodeAt(start) === 85 /* U */ && text.startsWith('UNA', start);
  }

  protected readHeader(final: boolean): boolean {
    const buffer = this.buffer;
    const start = buffer.pos;
    const text = buffer.text;
    if (text.length - start < UNA_LENGTH) {
      if (!final) return false;
      const { line, column } = buffer.lineAt(start);
      throw new FatalInputError(
        'UNA_MALFORMED',
        'UNA service string advice is shorter than its 9 characters',
        {
          offset: buffer.base + start,
          line,
          column,
          segmentId: 'UNA',
        },
      );
    }
    if (this.afterUna) {
      const { line, column } = buffer.lineAt(start);
      this.issues.add(
        'UNA_REPEATED',
        'error',
        'A second UNA follows the first one before any UNB; the first is ignored',
        {
          offset: buffer.base + start,
          line,
          column,
          segmentId: 'UNA',
        },
      );
    }
    const chars = text.slice(start + 3, start + UNA_LENGTH);
    const [component, element, decimal, release, repetition, segment] = chars.split('') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    this.declared = {
      component,
      element,
      decimal,
      release: release === ' ' ? '' : release,
      repetition: repetition === ' ' ? '' : repetition,
      segment,
    };
    this.separators = { ...this.declared, repetition: '' };
    this.unaSeen = true;
    this.afterUna = true;
    const { line, column } = buffer.lineAt(start);
    this.sink({
      tag: 'UNA',
      elements: [chars],
      offset: buffer.base + start,
      line,
      column,
      raw: text.slice(start, start + UNA_LENGTH),
    });
    buffer.pos = start + UNA_LENGTH;
    return true;
  }

  protected findEnd(start: number): SegmentEnd | undefined {
    const text = this.buffer.text;
    const { segment, release } = this.separators!;
    let end = text.indexOf(segment, start);
    while (
      end > start &&
      release !== '' &&
      text[end - 1] === release &&
      isReleased(text, end, release, start)
    ) {
      end = text.indexOf(segment, end + 1);
    }
    if (end < 0) return undefined;
    return { end, next: end + 1 };
  }

  protected tagEnd(raw: string): number {
    const seps = this.separators!;
    const element = raw.indexOf(seps.element);
    const component = raw.indexOf(seps.component);
    // A tag may carry components in syntax 4 (UNH, UIH...) only via its first element; "TAG:..." is malformed but
    // must still end the tag.
    if (component >= 0 && (element < 0 || component < element)) return component;
    return element;
  }

  protected split(raw: string, _tag: string, tagEnd: number): ElementValue[] {
    return splitElements(raw, tagEnd + 1, this.separators!);
  }

  protected override afterSegment(segment: Segment): void {
    if (segment.tag !== 'UNB') return;
    this.afterUna = false;
    const syntaxId = componentValue(segment.elements[0], 1);
    const version = componentValue(segment.elements[0], 2);
    if (!this.options.charset) {
      this.charset = edifactCharset(syntaxId);
      if (this.charset.unknown)
        this.issues.add(
          'CHARSET_UNKNOWN',
          'warning',
          `UNB declares the unknown syntax identifier "${syntaxId}"; the interchange is read as ISO-8859-1`,
          {
            offset: segment.offset,
            line: segment.line,
            column: segment.column,
            segmentId: 'UNB',
            element: 1,
          },
        );
    }
    const repetition = Number(version) >= 4 ? this.declared.repetition || (this.unaSeen ? '' : '*') : '';
    this.separators = { ...this.declared, repetition };
  }

  /** Called by the reader after UNZ: the next interchange starts from the defaults unless it has its own UNA. */
  resetInterchange(): void {
    this.declared = { ...EDIFACT_DEFAULT_SEPARATORS };
    this.separators = { ...EDIFACT_DEFAULT_SEPARATORS, repetition: '' };
    this.unaSeen = false;
  }
}

/** True when the char at `index` is escaped: an odd run of release chars stands before it. */
function isReleased(text: string, index: number, release: string, floor: number): boolean {
  let n = 0;
  for (let i = index - 1; i >= floor && text[i] === release; i--) n++;
  return n % 2 === 1;
}
