/**
 * Checks that a parsed JSON value is a usable grammar (format bots-grammar/1) and says what is wrong, by path,
 * in plain sentences. It covers the JSON Schema (docs/schemas/grammar.v1.schema.json) and the rules a schema
 * cannot state: groups start with their trigger segment, every segment in the table is defined, code list
 * references resolve, min <= max.
 */
import { GRAMMAR_FORMAT, type Grammar } from './grammar.js';

const FORMATS = new Set(['AN', 'ID', 'N', 'R', 'DT', 'TM', 'B', 'a', 'n', 'an']);
const EDITYPES = new Set(['x12', 'edifact', 'csv', 'fixed', 'json', 'xml']);
const EDI_TAG = /^[A-Z0-9]{2,3}$/;
/** Record tags of CSV, fixed, JSON and XML grammars: names, as those formats use them. */
const RECORD_TAG = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
const ID = /^[A-Za-z0-9._-]+$/;

type Json = Record<string, unknown>;

export class GrammarError extends Error {
  override name = 'GrammarError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `${source} is not a valid grammar: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
    );
  }
}

/** Returns the problems found; an empty list means the value is a valid Grammar. */
export function checkGrammar(value: unknown): string[] {
  const problems: string[] = [];
  const report = (path: string, problem: string): void => void problems.push(`${path}: ${problem}`);
  if (!isObject(value)) return ['the file must hold a JSON object'];
  if (value.format !== GRAMMAR_FORMAT) report('format', `must be "${GRAMMAR_FORMAT}"`);
  if (typeof value.id !== 'string' || !ID.test(value.id))
    report('id', 'must be a message type id of letters, digits, ".", "_" or "-"');
  if (value.kind !== 'message' && value.kind !== 'envelope')
    report('kind', 'must be "message" or "envelope"');
  if (typeof value.editype !== 'string' || !EDITYPES.has(value.editype))
    report('editype', `must be one of ${[...EDITYPES].join(', ')}`);
  for (const key of ['version', 'title'] as const)
    if (typeof value[key] !== 'string') report(key, 'must be a string');
  if (!Array.isArray(value.sources) || !value.sources.every((s) => typeof s === 'string'))
    report('sources', 'must be a list of strings');
  if (!isObject(value.syntax) || !['x12', 'edifact', 'none'].includes(String(value.syntax.envelope)))
    report('syntax.envelope', 'must be "x12", "edifact" or "none"');
  const codes = isObject(value.codes) ? value.codes : undefined;
  if (!codes) report('codes', 'must be an object of code lists');
  else
    for (const [key, list] of Object.entries(codes))
      if (
        !isObject(list) ||
        !Array.isArray(list.values) ||
        !list.values.every((v) => typeof v === 'string' && v !== '')
      )
        report(`codes.${key}`, 'must be {"values": [non-empty strings]}');
  const segments = isObject(value.segments) ? value.segments : undefined;
  if (!segments) report('segments', 'must be an object of segment definitions');
  else
    for (const [tag, def] of Object.entries(segments))
      checkSegment(
        def,
        `segments.${tag}`,
        tag,
        codes ?? {},
        report,
        value.editype === 'x12' || value.editype === 'edifact',
      );
  if (isObject(value.syntax)) checkRecordSyntax(value.editype, value.syntax, report);
  if (!Array.isArray(value.structure)) report('structure', 'must be a list');
  else {
    if (value.kind === 'message' && value.structure.length === 0)
      report('structure', 'a message grammar needs a segment table');
    checkNodes(value.structure, 'structure', segments ?? {}, report);
  }
  return problems;
}

/** Narrows a checked value; throws GrammarError naming the source when it is not a grammar. */
export function asGrammar(value: unknown, source: string): Grammar {
  const problems = checkGrammar(value);
  if (problems.length > 0) throw new GrammarError(source, problems);
  return value as Grammar;
}

type Report = (path: string, problem: string) => void;

function checkNodes(nodes: unknown[], path: string, segments: Json, report: Report): void {
  nodes.forEach((node, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(node)) return report(at, 'must be a segment or group node');
    checkOccurs(node, at, report);
    if (typeof node.segment === 'string') {
      if (!(node.segment in segments)) report(at, `segment ${node.segment} is not defined in "segments"`);
      return;
    }
    if (typeof node.group !== 'string' || node.group === '') return report(at, 'needs "segment" or "group"');
    if (!Array.isArray(node.content) || node.content.length === 0)
      return report(`${at}.content`, 'must be a non-empty list');
    const trigger: unknown = node.content[0];
    if (!isObject(trigger) || typeof trigger.segment !== 'string')
      report(`${at}.content[0]`, `group ${node.group} must start with its trigger segment`);
    else if (trigger.min !== 1 || trigger.max !== 1)
      report(`${at}.content[0]`, `the trigger segment of group ${node.group} must have min 1 and max 1`);
    checkNodes(node.content, `${at}.content`, segments, report);
  });
}

function checkOccurs(node: Json, at: string, report: Report): void {
  const { min, max } = node;
  if (!Number.isInteger(min) || (min as number) < 0) report(`${at}.min`, 'must be an integer >= 0');
  if (!Number.isInteger(max) || (max as number) < 1) report(`${at}.max`, 'must be an integer >= 1');
  else if (Number.isInteger(min) && (min as number) > (max as number)) report(at, 'min is greater than max');
}

/** CSV needs its layout; fixed needs the record id position. */
function checkRecordSyntax(editype: unknown, syntax: Json, report: Report): void {
  if (editype === 'csv') {
    const csv = syntax.csv;
    if (!isObject(csv))
      return report('syntax.csv', 'a csv grammar needs {separator, quote, escape, header, recordId}');
    if (typeof csv.separator !== 'string' || csv.separator.length !== 1)
      report('syntax.csv.separator', 'must be one character');
    for (const key of ['quote', 'escape'] as const)
      if (typeof csv[key] !== 'string' || (csv[key] as string).length > 1)
        report(`syntax.csv.${key}`, 'must be one character or ""');
    for (const key of ['header', 'recordId'] as const)
      if (typeof csv[key] !== 'boolean') report(`syntax.csv.${key}`, 'must be true or false');
  }
  if (editype === 'fixed') {
    const fixed = syntax.fixed;
    if (!isObject(fixed) || !Number.isInteger(fixed.recordIdStart) || !Number.isInteger(fixed.recordIdLength))
      report(
        'syntax.fixed',
        'a fixed grammar needs {recordIdStart, recordIdLength} (1-based position and length)',
      );
  }
}

function checkSegment(
  def: unknown,
  at: string,
  tag: string,
  codes: Json,
  report: Report,
  edi: boolean,
): void {
  if (edi && !EDI_TAG.test(tag)) report(at, 'segment tags are 2 or 3 capital letters or digits');
  if (!edi && !RECORD_TAG.test(tag))
    report(at, 'record tags are names: a letter or "_", then letters, digits, "_", ".", ":" or "-"');
  if (!isObject(def)) return report(at, 'must be an object');
  if (def.tag !== tag) report(`${at}.tag`, `must be "${tag}"`);
  if (!Array.isArray(def.fields)) return report(`${at}.fields`, 'must be a list');
  def.fields.forEach((field: unknown, i) => {
    const fieldAt = `${at}.fields[${i}]`;
    if (isObject(field) && Array.isArray(field.components)) {
      if (field.components.length === 0) report(`${fieldAt}.components`, 'must not be empty');
      field.components.forEach((c: unknown, j) =>
        checkElement(c, `${fieldAt}.components[${j}]`, codes, report),
      );
    } else checkElement(field, fieldAt, codes, report);
  });
}

function checkElement(def: unknown, at: string, codes: Json, report: Report): void {
  if (!isObject(def)) return report(at, 'must be an element object');
  if (typeof def.id !== 'string' || typeof def.name !== 'string') report(at, 'needs "id" and "name" strings');
  if (typeof def.mandatory !== 'boolean') report(`${at}.mandatory`, 'must be true or false');
  if (typeof def.format !== 'string' || !FORMATS.has(def.format))
    report(`${at}.format`, `must be one of ${[...FORMATS].join(', ')}`);
  const { min, max } = def;
  if (!Number.isInteger(min) || (min as number) < 0) report(`${at}.min`, 'must be an integer >= 0');
  if (!Number.isInteger(max) || (max as number) < 1) report(`${at}.max`, 'must be an integer >= 1');
  else if (Number.isInteger(min) && (min as number) > (max as number)) report(at, 'min is greater than max');
  if (def.codes !== undefined && (typeof def.codes !== 'string' || !(def.codes in codes)))
    report(`${at}.codes`, `names code list "${String(def.codes)}", which is not in "codes"`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
