import type { CompiledGrammar } from '../../engine/core/compiled-grammar.js';
import { IssueList } from '../../engine/core/issue.js';
import { validateMessage } from '../../engine/core/message-validator.js';
import type { TreeNode } from '../../engine/core/message-tree.js';
import { GrammarCatalog } from '../../engine/runtime/grammar-catalog.js';
import { read } from './read.js';

const catalog = new GrammarCatalog(undefined);

/** A shipped grammar, compiled, by editype and id. */
export function shipped(editype: 'x12' | 'edifact', id: string): CompiledGrammar {
  const found = catalog.find(editype, id, id);
  if (!found) throw new Error(`no shipped grammar ${editype}/${id}`);
  return found.compiled;
}

/** Reads text and validates its first message against a grammar; returns the tree and every issue. */
export function validateText(
  text: string,
  grammar: CompiledGrammar,
): { tree: TreeNode[]; issues: IssueList } {
  const issues = new IssueList();
  const result = read(text, { issues });
  const message = result.messages[0];
  if (!message) throw new Error(`no message in test input: ${result.codes.join(', ')}`);
  return { tree: validateMessage(message, grammar, issues), issues };
}

/** The tree as one line: `UNH BGM SG2(NAD SG3(RFF DTM)) UNT`. */
export function outline(nodes: TreeNode[]): string {
  return nodes
    .map((node) => (node.kind === 'segment' ? node.segment.tag : `${node.id}(${outline(node.children)})`))
    .join(' ');
}

/** An EDIFACT interchange with one message, one segment per line and a correct UNT count. */
export function edifactMessage(body: string[], type = 'ORDERS:D:96A:UN', syntax = 'UNOC:3'): string {
  const segments = [`UNH+1+${type}`, ...body];
  return [
    "UNA:+.? '",
    `UNB+${syntax}+SENDER+RECEIVER+240101:1200+1'`,
    ...segments.map((s) => `${s}'`),
    `UNT+${segments.length + 1}+1'`,
    "UNZ+1+1'",
  ].join('\n');
}
