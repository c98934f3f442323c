/**
 * Turns a stream of segments into interchange, group and message events, checking the envelopes on the way:
 * trailer counts and references, missing trailers, segments outside their envelope. One bad message never
 * stops the others: problems become issues and reading goes on.
 */
import type { EnvelopeHandler, Group, Interchange, Message } from './envelope.js';
import type { EnvelopeLevel, EnvelopeSyntax } from './envelope-syntax.js';
import type { IssueList, Location } from './issue.js';
import { locate } from './positions.js';
import { componentValue, elementValue, type Segment } from './segment.js';
import type { Separators } from './separators.js';

export class EnvelopeReader {
  private interchange: Interchange | undefined;
  private group: Group | undefined;
  private message: Message | undefined;
  private interchangeCount = 0;
  /** The service characters of a UNA read before the next UNB ('' when none). */
  private unaPending = '';

  constructor(
    private readonly syntax: EnvelopeSyntax,
    private readonly handler: EnvelopeHandler,
    private readonly issues: IssueList,
    /** The separators in force when a segment is read (they change per interchange). */
    private readonly separators: () => Separators | undefined,
    /** Called when an interchange ends, so the lexer can forget its separators. */
    private readonly onInterchangeEnd: () => void = () => {},
  ) {}

  readonly segment = (segment: Segment): void => {
    const { syntax } = this;
    const tag = segment.tag;
    if (this.message) {
      if (tag === syntax.message.trailer) return this.endMessage(segment);
      if (tag !== syntax.message.header && !this.isEnvelopeTag(tag)) {
        this.message.segments.push(segment);
        return;
      }
      this.missingTrailer(syntax.message, segment);
      this.endMessage(undefined);
    }
    if (syntax.skipped.has(tag)) {
      if (tag === 'UNA') this.unaPending = segment.raw.slice(3, 8);
      return;
    }
    switch (tag) {
      case syntax.interchange.header:
        if (this.interchange) {
          this.closeGroupMissing(segment);
          this.missingTrailer(syntax.interchange, segment);
          this.endInterchange(undefined);
        }
        return this.startInterchange(segment);
      case syntax.group.header:
        if (!this.interchange) return this.outside(segment, 'before any interchange header');
        this.closeGroupMissing(segment);
        return this.startGroup(segment);
      case syntax.message.header:
        if (!this.interchange) {
          if (!syntax.bareMessages) return this.outside(segment, 'before any interchange header');
          this.issues.add(
            'NO_INTERCHANGE_ENVELOPE',
            'warning',
            `Message ${tag} has no interchange envelope (${syntax.interchange.header} missing); it is read on its own`,
            this.at(segment),
          );
          this.startInterchange(undefined);
        } else if (!this.group && syntax.groupsRequired) {
          this.issues.add(
            `${syntax.group.header}_MISSING`,
            'error',
            `Transaction set ${elementValue(segment, 1)} is not inside a functional group (${syntax.group.header} missing)`,
            this.at(segment),
          );
        }
        return this.startMessage(segment);
      case syntax.message.trailer:
        return this.outside(segment, `without its ${syntax.message.header}`);
      case syntax.group.trailer:
        if (!this.group) return this.outside(segment, `without its ${syntax.group.header}`);
        return this.endGroup(segment);
      case syntax.interchange.trailer:
        if (!this.interchange) return this.outside(segment, `without its ${syntax.interchange.header}`);
        this.closeGroupMissing(segment);
        return this.endInterchange(segment);
      default:
        if (this.interchange && syntax.interchangeSegments.has(tag) && !this.group) {
          this.handler.otherSegment?.(segment, this.interchange);
          return;
        }
        this.outside(segment, 'outside any message');
    }
  };

  /** Closes what is still open at the end of the input, reporting the missing trailers. */
  end(): void {
    const { syntax } = this;
    if (this.message) {
      this.missingTrailer(syntax.message, undefined);
      this.endMessage(undefined);
    }
    if (this.group) {
      this.missingTrailer(syntax.group, undefined);
      this.endGroup(undefined);
    }
    if (this.interchange) {
      if (this.interchange.header) this.missingTrailer(syntax.interchange, undefined);
      this.endInterchange(undefined);
    }
  }

  private isEnvelopeTag(tag: string): boolean {
    const { interchange, group } = this.syntax;
    return (
      tag === interchange.header ||
      tag === interchange.trailer ||
      tag === group.header ||
      tag === group.trailer
    );
  }

  private at(segment: Segment, element?: number): Location {
    const location = locate(segment, this.separators(), element);
    if (this.interchange) location.interchange = this.interchange.index;
    if (this.message) {
      location.message = this.message.index;
      location.segmentNumber =
        this.message.segments.length + (segment === this.message.segments.at(-1) ? 0 : 1);
    }
    return location;
  }

  private outside(segment: Segment, where: string): void {
    this.issues.add(
      'SEGMENT_OUTSIDE_ENVELOPE',
      'error',
      `Segment ${segment.tag} found ${where}`,
      this.at(segment),
    );
    this.handler.otherSegment?.(segment, this.interchange);
  }

  private missingTrailer(level: EnvelopeLevel, next: Segment | undefined): void {
    const where = next ? `before ${next.tag} on line ${next.line}` : 'at the end of the file';
    const location: Location = {};
    if (this.interchange) location.interchange = this.interchange.index;
    if (this.message && level === this.syntax.message) location.message = this.message.index;
    if (next) Object.assign(location, { line: next.line, column: next.column, offset: next.offset });
    this.issues.add(
      `${level.trailer}_MISSING`,
      'error',
      `Trailer ${level.trailer} is missing ${where} (${level.header} was not closed)`,
      location,
    );
  }

  private closeGroupMissing(next: Segment): void {
    if (!this.group) return;
    this.missingTrailer(this.syntax.group, next);
    this.endGroup(undefined);
  }

  private startInterchange(header: Segment | undefined): void {
    const separators = this.separators()!;
    this.interchange = {
      editype: this.syntax.editype,
      index: ++this.interchangeCount,
      header,
      separators: { ...separators },
      hasUna: this.unaPending !== '',
      una: this.unaPending,
      groups: 0,
      messages: 0,
      ...this.syntax.interchangeInfo(header, separators),
    };
    this.unaPending = '';
    this.handler.interchangeStart?.(this.interchange);
  }

  private startGroup(header: Segment): void {
    const interchange = this.interchange!;
    this.group = { index: ++interchange.groups, header, messages: 0, ...this.syntax.groupInfo(header) };
    this.handler.groupStart?.(this.group, interchange);
  }

  private startMessage(header: Segment): void {
    const interchange = this.interchange!;
    if (this.group) this.group.messages++;
    this.message = {
      interchange,
      group: this.group,
      index: ++interchange.messages,
      ...this.syntax.messageType(header, this.group),
      reference: this.reference(this.syntax.message, header),
      segments: [header],
    };
  }

  private endMessage(trailer: Segment | undefined): void {
    const message = this.message!;
    const level = this.syntax.message;
    if (trailer) {
      message.segments.push(trailer);
      this.checkTrailer(level, message.segments[0]!, trailer, message.segments.length, 'segments');
    }
    this.message = undefined;
    this.handler.message(message);
  }

  private endGroup(trailer: Segment | undefined): void {
    const group = this.group!;
    if (trailer) {
      group.trailer = trailer;
      this.checkTrailer(this.syntax.group, group.header, trailer, group.messages, 'messages');
    }
    this.group = undefined;
    this.handler.groupEnd?.(group, this.interchange!);
  }

  private endInterchange(trailer: Segment | undefined): void {
    const interchange = this.interchange!;
    if (trailer && interchange.header) {
      interchange.trailer = trailer;
      const grouped = interchange.groups > 0 || this.syntax.groupsRequired;
      this.checkTrailer(
        this.syntax.interchange,
        interchange.header,
        trailer,
        grouped ? interchange.groups : interchange.messages,
        grouped ? 'groups' : 'messages',
      );
    }
    this.interchange = undefined;
    this.handler.interchangeEnd?.(interchange);
    this.onInterchangeEnd();
  }

  private reference(level: EnvelopeLevel, header: Segment): string {
    return componentValue(header.elements[level.referenceElement - 1], level.referenceComponent);
  }

  private checkTrailer(
    level: EnvelopeLevel,
    header: Segment,
    trailer: Segment,
    actual: number,
    what: string,
  ): void {
    const declared = elementValue(trailer, level.countElement);
    if (!/^\d+$/.test(declared) || Number(declared) !== actual) {
      this.issues.add(
        `${level.trailer}_COUNT`,
        'error',
        `${level.countName} says ${declared === '' ? 'nothing' : declared} but the ${level.header === 'ST' || level.header === 'UNH' ? 'message' : level.header === 'GS' || level.header === 'UNG' ? 'group' : 'interchange'} has ${actual} ${what}`,
        this.at(trailer, level.countElement),
      );
    }
    const expected = this.reference(level, header);
    const found = elementValue(trailer, level.trailerReferenceElement);
    if (expected !== found) {
      this.issues.add(
        `${level.trailer}_REFERENCE`,
        'error',
        `${level.trailerReferenceName} "${found}" does not match ${level.referenceName} "${expected}"`,
        this.at(trailer, level.trailerReferenceElement),
      );
    }
  }
}
