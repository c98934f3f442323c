/**
 * Serialises grammars the same way every time, so regenerating unchanged sources gives identical bytes.
 * Objects that hold only scalars (elements, segment nodes) go on one line to keep files short and diffs readable.
 */
import type { Grammar } from '../../engine/core/grammar.js';

export function grammarPath(grammar: Grammar): string {
  return `grammars/${grammar.editype}/${grammar.id}.json`;
}

export function serializeGrammar(grammar: Grammar): string {
  return `${render(grammar, '')}\n`;
}

function isFlat(value: object): boolean {
  return Object.values(value).every(
    (v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x !== 'object')),
  );
}

function render(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v !== 'object')) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + render(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (isFlat(value))
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${render(v, inner)}`).join(',\n')}\n${indent}}`;
}
