/**
 * Writes interchanges: envelope headers as given, message bodies, and trailers with computed counts and the
 * header's control reference (SE01/SE02, GE01/GE02, IEA01/IEA02; UNT, UNE, UNZ). The level layout comes from the
 * same envelope tables the reader uses, so reading and writing agree by construction. Output goes to a sink
 * piece by piece: memory stays flat however many messages are written.
 */
import type { EnvelopeLevel, EnvelopeSyntax } from './envelope-syntax.js';
import { EDIFACT_ENVELOPE } from './edifact-envelope.js';
import { componentValue, type ElementValue } from './segment.js';
import { SegmentWriter, type OutSegment, type WriteLayout } from './segment-writer.js';
import { WriteError } from './write-error.js';
import { X12_ENVELOPE } from './x12-envelope.js';

interface Open {
  level: EnvelopeLevel;
  header: OutSegment;
  count: number;
}

export class InterchangeWriter {
  private readonly syntax: EnvelopeSyntax;
  private readonly segments: SegmentWriter;
  private readonly open: Open[] = [];

  constructor(
    private readonly editype: 'x12' | 'edifact',
    private readonly layout: WriteLayout,
    private readonly sink: (text: string) => void,
  ) {
    this.syntax = editype === 'x12' ? X12_ENVELOPE : EDIFACT_ENVELOPE;
    this.segments = new SegmentWriter(editype, layout);
  }

  /**
   * Starts an interchange with its header (ISA or UNB). `una` writes the EDIFACT service string advice first:
   * `true` builds it from the separators; a string gives its characters after the tag as read (round trips).
   */
  startInterchange(header: ElementValue[], una: boolean | string = false): void {
    this.expectDepth(0, 'start an interchange');
    if (una !== false) this.sink(this.unaString(una === true ? undefined : una));
    this.start(this.syntax.interchange, header);
  }

  startGroup(header: ElementValue[]): void {
    this.expectDepth(1, 'start a group');
    this.start(this.syntax.group, header);
  }

  /** One message: header (ST/UNH elements), body segments, and the trailer with the segment count. */
  message(header: ElementValue[], body: Iterable<OutSegment>): void {
    this.expectMessageLevel();
    this.start(this.syntax.message, header);
    for (const segment of body) this.segment(segment);
    this.end();
  }

  /**
   * One message whose body segments were written before (by a SegmentWriter with this writer's layout):
   * `body` is their text, `segments` how many there are. Lets a merge envelope bodies rendered earlier.
   */
  messageText(header: ElementValue[], body: string, segments: number): void {
    this.expectMessageLevel();
    this.start(this.syntax.message, header);
    this.sink(body);
    this.open[this.open.length - 1]!.count += segments;
    this.end();
  }

  /** A segment at the current level: inside a message it counts towards SE01/UNT; TA1 at interchange level does not. */
  segment(segment: OutSegment): void {
    const current = this.open[this.open.length - 1];
    if (current?.level === this.syntax.message) current.count++;
    this.sink(this.segments.write(segment));
  }

  endGroup(): void {
    this.expectDepth(2, 'end a group');
    this.end();
  }

  endInterchange(): void {
    this.expectDepth(1, 'end an interchange');
    this.end();
  }

  private start(level: EnvelopeLevel, header: ElementValue[]): void {
    const segment = { tag: level.header, elements: header };
    this.sink(this.segments.write(segment));
    this.open.push({ level, header: segment, count: level === this.syntax.message ? 1 : 0 });
  }

  /** Closes the innermost level: its trailer counts segments (messages) or what the level holds. */
  private end(): void {
    const closing = this.open.pop()!;
    const { level } = closing;
    const isMessage = level === this.syntax.message;
    const count = isMessage ? closing.count + 1 : closing.count;
    const reference = componentValue(
      closing.header.elements[level.referenceElement - 1],
      level.referenceComponent,
    );
    const elements: ElementValue[] = [];
    elements[level.countElement - 1] = String(count);
    elements[level.trailerReferenceElement - 1] = reference;
    this.sink(this.segments.write({ tag: level.trailer, elements: Array.from(elements, (e) => e ?? '') }));
    const parent = this.open[this.open.length - 1];
    if (parent) parent.count++;
  }

  private unaString(chars: string | undefined): string {
    const s = this.layout.separators;
    const service =
      chars ?? `${s.component}${s.element}${s.decimal}${s.release || ' '}${s.repetition || ' '}`;
    return `UNA${service}${s.segment}${this.layout.lineBreak}`;
  }

  private expectMessageLevel(): void {
    const depth = this.open.length;
    if (depth === 0 && this.editype === 'x12')
      throw new WriteError('WRITER_STATE', 'an X12 transaction set needs an interchange and a group');
    if (depth === 1 && this.editype === 'x12')
      throw new WriteError('WRITER_STATE', 'an X12 transaction set needs a group (GS)');
  }

  private expectDepth(depth: number, what: string): void {
    const groupsOptional = this.editype === 'edifact' && depth === 2 && this.open.length === 1;
    if (this.open.length !== depth && !groupsOptional)
      throw new WriteError(
        'WRITER_STATE',
        `cannot ${what} here (open levels: ${this.open.map((o) => o.level.header).join(' > ') || 'none'})`,
      );
  }
}
