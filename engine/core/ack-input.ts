/**
 * What an acknowledgement answers: one received interchange, its groups and messages, and the issues reading and
 * validation found at each level. The acknowledgement builders (ack-x12, ack-ta1, ack-contrl) are pure
 * functions of this input.
 *
 * AckInputCollector builds it while a file is read, so memory stays flat: per message it keeps the header facts
 * and its issues, each with the copy of the bad value and the element's reference number taken while the
 * message's segments are still at hand.
 */
import { AckError } from './ack-common.js';
import type { CompiledGrammar } from './compiled-grammar.js';
import type { Group, Interchange, Message } from './envelope.js';
import type { Issue, IssueList } from './issue.js';
import { isComposite } from './grammar.js';
import { Repeated, type ElementValue, type Segment } from './segment.js';

/** An issue with what acknowledgements copy from the input about it. */
export interface AckIssue extends Issue {
  /** The erroneous simple value as received (X12 AK404/IK404); absent when empty or a whole composite. */
  data?: string;
  /** The element's reference number from the grammar (X12 AK402/IK402, `373`), when the grammar names one. */
  elementReference?: string;
}

export interface AckMessage {
  /** 1-based position in the interchange. */
  index: number;
  /** ST01 or UNH S009 0065: `850`, `ORDERS`. */
  type: string;
  /** ST02 or UNH 0062. */
  reference: string;
  /** X12 ST03, the implementation convention reference (5010); '' when absent and for EDIFACT. */
  implementationReference: string;
  /** EDIFACT UNH S009 as received: 0065, 0052, 0054, 0051 and 0057 (and syntax 4's 0110, 0113); [] for X12. */
  identifier: string[];
  /** Segments read from header to trailer, both included (fewer when the trailer is missing). */
  segments: number;
  /** Issues located in the message: its envelope (SE/UNT checks) and its validation against the grammar. */
  issues: AckIssue[];
}

export interface AckGroup {
  /** GS or UNG as read: functional id (GS01), control number (GS06), version (GS08), header and trailer. */
  group: Group;
  /** Issues of the group envelope: its header's elements, GE/UNE count, reference or absence. */
  issues: AckIssue[];
  messages: AckMessage[];
}

export interface AckInput {
  /** ISA or UNB as read: sender, receiver, control number, syntax version, test flag, header segment. */
  interchange: Interchange;
  /**
   * Issues of the interchange envelope: its header's elements, IEA/UNZ count, reference or absence, segments
   * outside any group or message, and input-level findings before the header.
   */
  issues: AckIssue[];
  /** The same sender, receiver and control number was received before. */
  duplicate: boolean;
  groups: AckGroup[];
  /** Messages outside any group: EDIFACT without UNG, X12 transaction sets without GS. */
  messages: AckMessage[];
}

/**
 * Builds one AckInput per interchange from the reader's events. Call each method from the EnvelopeHandler event
 * of the same name, after validating that event's segment or message into the IssueList given here: each call
 * takes the issues added since the previous one. An issue goes to the message its location names; otherwise to
 * the open group (the group's header issues are recognised by their offset); otherwise to the interchange.
 */
export class AckInputCollector {
  private input: AckInput | undefined;
  private group: AckGroup | undefined;
  private readonly messages = new Map<number, AckMessage>();
  private taken = 0;

  constructor(private readonly issues: IssueList) {}

  interchangeStart(interchange: Interchange): void {
    this.input = { interchange, issues: [], duplicate: false, groups: [], messages: [] };
    this.group = undefined;
    this.messages.clear();
    this.take();
  }

  groupStart(group: Group): void {
    const input = this.current();
    this.group = { group, issues: [], messages: [] };
    input.groups.push(this.group);
    this.take(group.header);
  }

  /** `grammar` is the one the message was validated against; it gives the element reference numbers. */
  message(message: Message, grammar?: CompiledGrammar): void {
    const input = this.current();
    const header = message.segments[0];
    const x12 = message.interchange.editype === 'x12';
    const identifier = x12 || !header ? [] : components(header.elements[1]);
    const ack: AckMessage = {
      index: message.index,
      type: x12 ? elementText(header?.elements[0]) : (identifier[0] ?? ''),
      reference: message.reference,
      implementationReference: x12 ? elementText(header?.elements[2]) : '',
      identifier,
      segments: message.segments.length,
      issues: [],
    };
    this.messages.set(message.index, ack);
    (this.group ?? input).messages.push(ack);
    this.take(undefined, (issue) => describe(issue, message, grammar));
  }

  groupEnd(): void {
    this.take();
    this.group = undefined;
  }

  /** The input of the interchange that ends; `duplicate` comes from the caller's register of control numbers. */
  interchangeEnd(duplicate = false): AckInput {
    const input = this.current();
    this.take();
    input.duplicate = duplicate;
    this.input = undefined;
    this.group = undefined;
    this.messages.clear();
    return input;
  }

  private current(): AckInput {
    if (!this.input)
      throw new AckError('ACK_COLLECTOR_STATE', 'AckInputCollector: an event came before interchangeStart');
    return this.input;
  }

  private take(groupHeader?: Segment, enrich: (issue: Issue) => AckIssue = (issue) => issue): void {
    const input = this.current();
    const items = this.issues.items;
    for (; this.taken < items.length; this.taken++) {
      const issue = items[this.taken]!;
      const index = issue.location.message;
      const message = index === undefined ? undefined : this.messages.get(index);
      if (message) message.issues.push(enrich(issue));
      else if (this.group && (!groupHeader || at(issue, groupHeader))) this.group.issues.push(issue);
      else input.issues.push(issue);
    }
  }
}

function at(issue: Issue, segment: Segment): boolean {
  return issue.location.segmentId === segment.tag && issue.location.offset !== undefined
    ? issue.location.offset >= segment.offset && issue.location.offset <= segment.offset + segment.raw.length
    : false;
}

/** Adds the bad value and the element reference number, when the issue names an element of a segment. */
function describe(issue: Issue, message: Message, grammar: CompiledGrammar | undefined): AckIssue {
  const { segmentNumber, segmentId, element, component, repetition } = issue.location;
  if (segmentNumber === undefined || element === undefined) return issue;
  const segment = message.segments[segmentNumber - 1];
  if (!segment || segment.tag !== segmentId) return issue;
  const described: AckIssue = { ...issue };
  const data = simpleValue(segment.elements[element - 1], component, repetition);
  if (data !== '') described.data = data;
  const field = grammar?.segments.get(segment.tag)?.fields[element - 1];
  const id = !field
    ? undefined
    : isComposite(field)
      ? component === undefined
        ? undefined
        : field.components[component - 1]?.id
      : field.id;
  if (id) described.elementReference = id;
  return described;
}

/** The simple value at a position; '' for a whole composite (it has no single value to copy). */
function simpleValue(value: ElementValue | undefined, component?: number, repetition?: number): string {
  const one = value instanceof Repeated ? value.values[(repetition ?? 1) - 1] : value;
  if (one === undefined) return '';
  if (typeof one === 'string') return component === undefined || component === 1 ? one : '';
  return component === undefined ? '' : (one[component - 1] ?? '');
}

function components(value: ElementValue | undefined): string[] {
  const one = value instanceof Repeated ? value.values[0] : value;
  if (one === undefined) return [];
  return typeof one === 'string' ? [one] : [...one];
}

function elementText(value: ElementValue | undefined): string {
  return components(value)[0] ?? '';
}
