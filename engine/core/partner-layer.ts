/**
 * Partner layers narrow a standard message for one trading partner without copying its grammar: a file
 * usersys/partners/<partner>/<messagetype>.json (format bots-partner-layer/1) lowers maximum occurrences,
 * raises minimums, makes elements mandatory, shortens lengths and restricts codes. A layer may only narrow;
 * anything that would widen the standard is rejected, so a partner-valid message is always standard-valid.
 *
 * Paths: structure keys name a group or segment by its path of group names and tags (`N1`, `PO1/PID`,
 * `SG25/SG29/RFF`); element keys name a position the X12 way (`PO103`, `SV101-02`: element 01, component 02).
 */
import { isComposite, isGroup, type ElementDef, type Grammar, type StructureNode } from './grammar.js';

export const PARTNER_LAYER_FORMAT = 'bots-partner-layer/1';

export interface PartnerLayer {
  format: typeof PARTNER_LAYER_FORMAT;
  partner: string;
  /** The message type it narrows (`850004010`). */
  messagetype: string;
  description?: string;
  structure?: Record<string, { min?: number; max?: number }>;
  elements?: Record<string, { mandatory?: boolean; min?: number; max?: number; codes?: string[] }>;
}

export class PartnerLayerError extends Error {
  override name = 'PartnerLayerError';
}

const ELEMENT_KEY = /^([A-Z0-9]{2,3}?)(\d{2})(?:-(\d{2}))?$/;

/** Parses and checks a layer file's JSON; `source` names the file in errors. */
export function asPartnerLayer(value: unknown, source: string): PartnerLayer {
  const fail = (problem: string): never => {
    throw new PartnerLayerError(`${source}: ${problem}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('must hold a JSON object');
  const layer = value as Record<string, unknown>;
  if (layer.format !== PARTNER_LAYER_FORMAT) fail(`"format" must be "${PARTNER_LAYER_FORMAT}"`);
  if (typeof layer.partner !== 'string' || typeof layer.messagetype !== 'string')
    fail('"partner" and "messagetype" must be strings');
  for (const key of ['structure', 'elements'])
    if (
      layer[key] !== undefined &&
      (typeof layer[key] !== 'object' || layer[key] === null || Array.isArray(layer[key]))
    )
      fail(`"${key}" must be an object`);
  return value as PartnerLayer;
}

/** A new grammar: the base narrowed by the layer. The base is not changed. */
export function applyPartnerLayer(base: Grammar, layer: PartnerLayer): Grammar {
  const grammar = structuredClone(base);
  const where = `partner layer ${layer.partner} for ${layer.messagetype}`;
  const fail = (problem: string): never => {
    throw new PartnerLayerError(`${where}: ${problem}`);
  };
  for (const [path, change] of Object.entries(layer.structure ?? {})) {
    const node =
      findNode(grammar.structure, path.split('/')) ??
      fail(`structure path "${path}" matches nothing in ${base.id}`);
    if (change.max !== undefined) {
      if (!Number.isInteger(change.max) || change.max < 1 || change.max > node.max)
        fail(`"${path}" max ${change.max} would not narrow the standard's max ${node.max}`);
      node.max = change.max;
    }
    if (change.min !== undefined) {
      if (!Number.isInteger(change.min) || change.min < node.min || change.min > node.max)
        fail(
          `"${path}" min ${change.min} must lie between the standard's min ${node.min} and max ${node.max}`,
        );
      node.min = change.min;
    }
  }
  for (const [key, change] of Object.entries(layer.elements ?? {})) {
    const def =
      findElement(grammar, key) ??
      fail(`element "${key}" is not defined in ${base.id} (write it like PO103 or SV101-02)`);
    if (change.mandatory !== undefined) {
      if (!change.mandatory && def.mandatory)
        fail(`"${key}" is mandatory in the standard and cannot become optional`);
      def.mandatory = change.mandatory;
    }
    if (change.max !== undefined) {
      if (change.max > def.max || change.max < def.min)
        fail(`"${key}" max length ${change.max} does not narrow ${def.min}..${def.max}`);
      def.max = change.max;
    }
    if (change.min !== undefined) {
      if (change.min < def.min || change.min > def.max)
        fail(`"${key}" min length ${change.min} does not narrow ${def.min}..${def.max}`);
      def.min = change.min;
    }
    if (change.codes !== undefined) {
      const standard = def.codes === undefined ? undefined : new Set(grammar.codes[def.codes]?.values);
      const outside = change.codes.filter((code) => standard && !standard.has(code));
      if (outside.length > 0)
        fail(`"${key}" codes ${outside.join(', ')} are not in the standard's code list`);
      const listKey = `${layer.partner}:${key}`;
      grammar.codes[listKey] = {
        name: `${key} codes agreed with ${layer.partner}`,
        values: [...change.codes],
      };
      def.codes = listKey;
    }
  }
  grammar.sources = [...grammar.sources, `${where}`];
  return grammar;
}

function findNode(nodes: StructureNode[], path: string[]): StructureNode | undefined {
  const [name, ...rest] = path;
  const node =
    nodes.find((n) => isGroup(n) && n.group === name) ?? nodes.find((n) => !isGroup(n) && n.segment === name);
  if (!node || rest.length === 0) return node;
  return isGroup(node) ? findNode(node.content, rest) : undefined;
}

function findElement(grammar: Grammar, key: string): ElementDef | undefined {
  const match = ELEMENT_KEY.exec(key);
  if (!match) return undefined;
  const field = grammar.segments[match[1]!]?.fields[Number(match[2]) - 1];
  if (!field) return undefined;
  if (match[3] === undefined) return isComposite(field) ? undefined : field;
  return isComposite(field) ? field.components[Number(match[3]) - 1] : undefined;
}
