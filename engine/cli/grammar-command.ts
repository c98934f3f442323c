/**
 * `bots grammar list|show|check`: what grammars exist (user grammars before shipped ones), one grammar's
 * segment table, and whether a grammar or partner layer file is usable.
 */
import { readFileSync } from 'node:fs';
import { checkGrammar, GrammarError } from '../core/grammar-check.js';
import { isGroup, type Grammar, type StructureNode } from '../core/grammar.js';
import {
  applyPartnerLayer,
  asPartnerLayer,
  PARTNER_LAYER_FORMAT,
  PartnerLayerError,
} from '../core/partner-layer.js';
import { checkInputFile } from './input-file.js';
import { catalogFor } from './input-options.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

export interface GrammarOptions {
  json?: boolean;
  home?: string;
  editype?: string;
}

export function grammarList(options: GrammarOptions, out: Output): number {
  const entries = catalogFor(options)
    .list()
    .filter((e) => !options.editype || e.editype === options.editype);
  if (options.json) {
    out.stdout(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(2, ...entries.map((e) => e.id.length));
  out.stdout(`${'ID'.padEnd(width)}  EDITYPE  ORIGIN\n`);
  for (const e of entries) out.stdout(`${e.id.padEnd(width)}  ${e.editype.padEnd(7)}  ${e.origin}\n`);
  out.stdout(`${entries.length} grammar(s)\n`);
  return 0;
}

export function grammarShow(id: string, options: GrammarOptions, out: Output): number {
  const catalog = catalogFor(options);
  const entry = catalog
    .list()
    .find((e) => e.id === id && (!options.editype || e.editype === options.editype));
  if (!entry) throw new UsageError(`no grammar named ${id} (see bots grammar list)`);
  if (options.json) {
    out.stdout(readFileSync(entry.path, 'utf8'));
    return 0;
  }
  const grammar = catalog.load(entry.path);
  out.stdout(
    `${grammar.id}: ${grammar.title} (${grammar.editype} ${grammar.kind}, version ${grammar.version}, ${entry.origin})\n`,
  );
  out.stdout(`file: ${entry.path}\n`);
  for (const source of grammar.sources) out.stdout(`source: ${source}\n`);
  if (grammar.structure.length > 0) out.stdout('\nsegment table (min..max):\n');
  printNodes(grammar, grammar.structure, '  ', out);
  if (grammar.kind === 'envelope')
    for (const def of Object.values(grammar.segments))
      out.stdout(`  ${def.tag}  ${def.name} (${def.fields.length} elements)\n`);
  return 0;
}

function printNodes(grammar: Grammar, nodes: StructureNode[], indent: string, out: Output): void {
  for (const node of nodes) {
    const occurs = `${node.min}..${node.max}`;
    if (isGroup(node)) {
      out.stdout(`${indent}${grammar.editype === 'edifact' ? 'group' : 'loop'} ${node.group}  ${occurs}\n`);
      printNodes(grammar, node.content, `${indent}  `, out);
    } else
      out.stdout(
        `${indent}${node.segment.padEnd(4)} ${occurs.padEnd(9)} ${grammar.segments[node.segment]?.name ?? ''}\n`,
      );
  }
}

export function grammarCheck(file: string, options: GrammarOptions, out: Output): number {
  checkInputFile(file);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    out.stdout(`${file}: not valid JSON (${(error as Error).message})\n`);
    return 1;
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === PARTNER_LAYER_FORMAT
  )
    return checkLayer(file, value, options, out);
  const problems = checkGrammar(value);
  if (problems.length > 0) {
    for (const problem of problems) out.stdout(`${file}: ${problem}\n`);
    out.stdout(`${file}: not a valid grammar (${problems.length} problem(s))\n`);
    return 1;
  }
  const grammar = value as Grammar;
  out.stdout(
    `${file}: valid grammar ${grammar.id} (${grammar.editype} ${grammar.kind}, ${Object.keys(grammar.segments).length} segments)\n`,
  );
  return 0;
}

function checkLayer(file: string, value: unknown, options: GrammarOptions, out: Output): number {
  try {
    const layer = asPartnerLayer(value, file);
    const base = catalogFor(options).find(
      options.editype ?? guessEditype(layer.messagetype),
      layer.messagetype,
      layer.messagetype,
    );
    if (!base)
      throw new PartnerLayerError(`${file}: no grammar for ${layer.messagetype}, which the layer narrows`);
    applyPartnerLayer(base.compiled.grammar, layer);
    out.stdout(`${file}: valid partner layer for ${layer.partner}, narrowing ${base.compiled.grammar.id}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PartnerLayerError) && !(error instanceof GrammarError)) throw error;
    out.stdout(`${error.message}\n`);
    return 1;
  }
}

/** X12 message types start with three digits (850004010); EDIFACT ones with six letters. */
function guessEditype(messageType: string): string {
  return /^\d{3}/.test(messageType) ? 'x12' : 'edifact';
}
