/**
 * Checks one segment's elements against its definition: count, mandatory, repetitions, components, length,
 * format, code lists, EDIFACT dates by their format qualifier, and the characters the interchange's charset
 * allows. Positions are named the X12 way for both syntaxes: BEG02, SV101-02 (element 01, component 02).
 * This runs for every element of every message, so the path for a valid value allocates nothing; names and
 * locations are built only when an issue is reported.
 */
import type { CharsetCheck } from './charset.js';
import { checkEdifactDate } from './edifact-dates.js';
import { isComposite, type ElementDef, type FieldDef, type SegmentDef } from './grammar.js';
import type { IssueList, Location, Severity } from './issue.js';
import { Repeated, type Composite, type ElementValue, type Segment } from './segment.js';
import { checkFormat, valueLength } from './value-formats.js';

export interface ElementRules {
  codeSets: ReadonlyMap<string, ReadonlySet<string>>;
  /** Characters the interchange's charset allows (UNOA/UNOB); undefined when any character is allowed. */
  allowed: RegExp | undefined;
  charsetCheck: CharsetCheck;
  /** Skip minimum lengths: an ISA that is not padded to its fixed widths was already reported as a whole. */
  ignoreMinLength?: boolean;
}

/** Where in the segment a value sits; component 0 = a simple element, repetition 0 = not repeated. */
interface Position {
  element: number;
  component: number;
  repetition: number;
}

/** Gives the location of the segment being checked; called only when an issue is reported. */
export type SegmentLocator = (segment: Segment, number: number) => Location;

/**
 * Checks segments one after another; one instance serves a whole message (or envelope), so checking a segment
 * allocates nothing when its values are valid.
 */
export class ElementValidator {
  private segment!: Segment;
  private number = 0;

  constructor(
    private readonly rules: ElementRules,
    private readonly issues: IssueList,
    private readonly locate: SegmentLocator,
  ) {}

  /** `number` is the segment's position in its message (passed on to the locator). */
  validate(segment: Segment, def: SegmentDef, number: number): void {
    this.segment = segment;
    this.number = number;
    const elements = segment.elements;
    let used = elements.length;
    while (used > 0 && isEmpty(elements[used - 1])) used--;
    if (used > def.fields.length)
      this.add(
        'ELEMENT_TOO_MANY',
        `${segment.tag} has ${used} elements; at most ${def.fields.length} are defined`,
        at(def.fields.length + 1),
      );
    const fields = def.fields;
    for (let i = 0; i < fields.length; i++) this.field(fields[i]!, elements[i], i + 1);
  }

  field(def: FieldDef, value: ElementValue | undefined, element: number): void {
    if (isEmpty(value)) {
      if (def.mandatory)
        this.add('ELEMENT_MISSING', `mandatory ${this.name(def, at(element))} is missing`, at(element));
      return;
    }
    if (!(value instanceof Repeated)) {
      this.one(def, value!, element, 0);
      return;
    }
    const allowed = def.repeat ?? 1;
    const count = value.values.length;
    if (count > allowed)
      this.add(
        'REPEAT_TOO_MANY',
        allowed === 1
          ? `${this.name(def, at(element))} does not repeat but has ${count} repetitions`
          : `${this.name(def, at(element))} has ${count} repetitions; at most ${allowed} are allowed`,
        at(element),
      );
    for (let r = 0; r < count; r++) this.one(def, value.values[r]!, element, count > 1 ? r + 1 : 0);
  }

  private one(def: FieldDef, value: string | Composite, element: number, repetition: number): void {
    if (isComposite(def)) this.composite(def.components, value, element, repetition);
    else if (typeof value === 'string') this.value(def, value, element, 0, repetition);
    else {
      for (let c = 1; c < value.length; c++)
        if (value[c] !== '') {
          this.add(
            'COMPONENT_TOO_MANY',
            `${this.name(def, at(element, 0, repetition))} is a simple element but has components`,
            at(element, 2, repetition),
          );
          break;
        }
      if (value[0]) this.value(def, value[0], element, 0, repetition);
    }
  }

  private composite(
    components: ElementDef[],
    value: string | Composite,
    element: number,
    repetition: number,
  ): void {
    if (typeof value === 'string') {
      this.component(components, 0, value, true, element, repetition);
      for (let c = 1; c < components.length; c++)
        this.component(components, c, '', true, element, repetition);
      return;
    }
    let used = value.length;
    while (used > 0 && value[used - 1] === '') used--;
    if (used > components.length)
      this.add(
        'COMPONENT_TOO_MANY',
        `${this.segment.tag}${pad(element)} has ${used} components; at most ${components.length} are defined`,
        at(element, components.length + 1, repetition),
      );
    for (let c = 0; c < components.length; c++)
      this.component(components, c, value[c] ?? '', used > 0, element, repetition);
    if (this.segment.tag === 'DTM' && element === 1 && value[1] && value[2]) {
      const problem = checkEdifactDate(value[1], value[2]);
      if (problem)
        this.add(problem.code, `${this.segment.tag}01-02 ${problem.problem}`, at(element, 2, repetition));
    }
  }

  private component(
    components: ElementDef[],
    c: number,
    part: string,
    present: boolean,
    element: number,
    repetition: number,
  ): void {
    const def = components[c]!;
    if (part !== '') this.value(def, part, element, c + 1, repetition);
    else if (def.mandatory && present)
      this.add(
        'ELEMENT_MISSING',
        `mandatory ${this.name(def, at(element, c + 1, repetition))} is missing`,
        at(element, c + 1, repetition),
      );
  }

  private value(
    def: ElementDef,
    value: string,
    element: number,
    component: number,
    repetition: number,
  ): void {
    const length = valueLength(value, def);
    if (length > def.max)
      this.add(
        'ELEMENT_TOO_LONG',
        `${this.name(def, at(element, component, repetition))} is ${length} characters long; at most ${def.max} are allowed`,
        at(element, component, repetition),
      );
    else if (length < def.min && !this.rules.ignoreMinLength)
      this.add(
        'ELEMENT_TOO_SHORT',
        `${this.name(def, at(element, component, repetition))} is ${length} characters long; at least ${def.min} are required`,
        at(element, component, repetition),
      );
    const problem =
      def.format === 'AN' || def.format === 'an' || def.format === 'ID' ? undefined : checkFormat(value, def);
    if (problem)
      this.add(
        problem.code,
        `${this.name(def, at(element, component, repetition))}: ${problem.problem}`,
        at(element, component, repetition),
      );
    // A malformed value is reported once, for its format; the code list is checked for well-formed values only.
    else if (def.codes !== undefined) {
      const codes = this.rules.codeSets.get(def.codes);
      if (codes && !codes.has(value))
        this.add(
          'CODE_INVALID',
          `${this.name(def, at(element, component, repetition))}: "${value}" is not a valid code`,
          at(element, component, repetition),
        );
    }
    const allowed = this.rules.allowed;
    if (allowed && this.rules.charsetCheck !== 'replace' && !allowed.test(value)) {
      const bad = [...value].find((ch) => !allowed.test(ch)) ?? '';
      this.add(
        'CHARSET_INVALID',
        `${this.name(def, at(element, component, repetition))}: character "${bad}" is not in the interchange's character set`,
        at(element, component, repetition),
        this.rules.charsetCheck === 'strict' ? 'error' : 'warning',
      );
    }
  }

  /** `BEG02 (353 Purpose Code)`, `DTM01-02 (2380 Date/time/period)`. */
  private name(def: FieldDef, position: Position): string {
    const ref = `${this.segment.tag}${pad(position.element)}${position.component > 0 ? `-${pad(position.component)}` : ''}`;
    const label = def.id && def.name ? `${def.id} ${def.name}` : def.name || def.id;
    return label ? `${ref} (${label})` : ref;
  }

  private add(code: string, message: string, position: Position, severity: Severity = 'error'): void {
    const location: Location = { ...this.locate(this.segment, this.number), element: position.element };
    if (position.component > 0) location.component = position.component;
    if (position.repetition > 0) location.repetition = position.repetition;
    this.issues.add(code, severity, message, location);
  }
}

function at(element: number, component = 0, repetition = 0): Position {
  return { element, component, repetition };
}

function isEmpty(value: ElementValue | undefined): boolean {
  if (value === undefined || value === '') return true;
  if (typeof value === 'string') return false;
  if (value instanceof Repeated) return value.values.every(isEmpty);
  for (const part of value) if (part !== '') return false;
  return true;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
