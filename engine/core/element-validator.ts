/**
 * Checks one segment's elements against its definition: count, mandatory, repetitions, components, length,
 * format, code lists, EDIFACT dates by their format qualifier, and the characters the interchange's charset
 * allows. Positions are named the X12 way for both syntaxes: BEG02, SV101-02 (element 01, component 02).
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

export function validateElements(
  segment: Segment,
  def: SegmentDef,
  location: Location,
  rules: ElementRules,
  issues: IssueList,
): void {
  new SegmentCheck(segment, location, rules, issues).run(def);
}

class SegmentCheck {
  constructor(
    private readonly segment: Segment,
    private readonly location: Location,
    private readonly rules: ElementRules,
    private readonly issues: IssueList,
  ) {}

  run(def: SegmentDef): void {
    const elements = this.segment.elements;
    let used = elements.length;
    while (used > 0 && isEmpty(elements[used - 1])) used--;
    if (used > def.fields.length)
      this.add(
        'ELEMENT_TOO_MANY',
        `${this.segment.tag} has ${used} elements; at most ${def.fields.length} are defined`,
        {
          element: def.fields.length + 1,
        },
      );
    for (let i = 0; i < def.fields.length; i++) this.field(def.fields[i]!, elements[i], i + 1);
  }

  private field(def: FieldDef, value: ElementValue | undefined, position: number): void {
    const name = ref(this.segment.tag, position);
    if (isEmpty(value)) {
      if (def.mandatory)
        this.add('ELEMENT_MISSING', `mandatory ${name} (${label(def)}) is missing`, { element: position });
      return;
    }
    const repetitions = value instanceof Repeated ? value.values : [value!];
    const allowed = def.repeat ?? 1;
    if (repetitions.length > allowed)
      this.add(
        'REPEAT_TOO_MANY',
        allowed === 1
          ? `${name} (${label(def)}) does not repeat but has ${repetitions.length} repetitions`
          : `${name} (${label(def)}) has ${repetitions.length} repetitions; at most ${allowed} are allowed`,
        { element: position },
      );
    for (let r = 0; r < repetitions.length; r++) {
      const at = repetitions.length > 1 ? { element: position, repetition: r + 1 } : { element: position };
      const one = repetitions[r]!;
      if (isComposite(def)) this.composite(def.components, one, name, at);
      else this.simple(def, one, name, at);
    }
  }

  private composite(
    components: ElementDef[],
    value: string | Composite,
    name: string,
    at: { element: number; repetition?: number },
  ): void {
    const parts = typeof value === 'string' ? [value] : value;
    let used = parts.length;
    while (used > 0 && parts[used - 1] === '') used--;
    if (used > components.length)
      this.add(
        'COMPONENT_TOO_MANY',
        `${name} has ${used} components; at most ${components.length} are defined`,
        {
          ...at,
          component: components.length + 1,
        },
      );
    for (let c = 0; c < components.length; c++) {
      const def = components[c]!;
      const part = parts[c] ?? '';
      const where = { ...at, component: c + 1 };
      const componentName = `${name}-${pad(c + 1)}`;
      if (part === '') {
        if (def.mandatory && used > 0)
          this.add('ELEMENT_MISSING', `mandatory ${componentName} (${label(def)}) is missing`, where);
        continue;
      }
      this.value(def, part, componentName, where);
    }
    if (this.segment.tag === 'DTM' && at.element === 1 && parts[1] && parts[2]) {
      const problem = checkEdifactDate(parts[1], parts[2]);
      if (problem) this.add(problem.code, `${name}-02 ${problem.problem}`, { ...at, component: 2 });
    }
  }

  private simple(
    def: ElementDef,
    value: string | Composite,
    name: string,
    at: { element: number; repetition?: number },
  ): void {
    if (typeof value !== 'string') {
      const extra = value.slice(1).some((part) => part !== '');
      if (extra)
        this.add('COMPONENT_TOO_MANY', `${name} (${label(def)}) is a simple element but has components`, {
          ...at,
          component: 2,
        });
      value = value[0] ?? '';
      if (value === '') return;
    }
    this.value(def, value, name, at);
  }

  private value(def: ElementDef, value: string, name: string, at: Partial<Location>): void {
    const what = `${name} (${label(def)})`;
    const length = valueLength(value, def);
    if (length > def.max)
      this.add(
        'ELEMENT_TOO_LONG',
        `${what} is ${length} characters long; at most ${def.max} are allowed`,
        at,
      );
    else if (length < def.min && !this.rules.ignoreMinLength)
      this.add(
        'ELEMENT_TOO_SHORT',
        `${what} is ${length} characters long; at least ${def.min} are required`,
        at,
      );
    const problem = checkFormat(value, def);
    if (problem) this.add(problem.code, `${what}: ${problem.problem}`, at);
    if (def.codes !== undefined) {
      const codes = this.rules.codeSets.get(def.codes);
      if (codes && !codes.has(value)) this.add('CODE_INVALID', `${what}: "${value}" is not a valid code`, at);
    }
    const allowed = this.rules.allowed;
    if (allowed && this.rules.charsetCheck !== 'replace' && !allowed.test(value)) {
      const bad = [...value].find((ch) => !allowed.test(ch)) ?? '';
      this.add(
        'CHARSET_INVALID',
        `${what}: character "${bad}" is not in the interchange's character set`,
        at,
        this.rules.charsetCheck === 'strict' ? 'error' : 'warning',
      );
    }
  }

  private add(code: string, message: string, at: Partial<Location>, severity: Severity = 'error'): void {
    this.issues.add(code, severity, message, { ...this.location, ...at });
  }
}

function isEmpty(value: ElementValue | undefined): boolean {
  if (value === undefined || value === '') return true;
  if (value instanceof Repeated) return value.values.every(isEmpty);
  if (typeof value === 'string') return false;
  return value.every((part) => part === '');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** BEG02; components are named by the caller as BEG02-01. */
export function ref(tag: string, position: number): string {
  return `${tag}${pad(position)}`;
}

function label(def: FieldDef): string {
  return def.id && def.name ? `${def.id} ${def.name}` : def.name || def.id;
}
