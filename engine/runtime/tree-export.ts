/**
 * A file's tree as JSON (the EDI core's tree format, with the grammar's names for loops, segments and elements
 * wherever a grammar is found), for `bots parse --json` and for the API's parsed view of a transaction's content.
 * Problems are written inside the tree; the summary tells whether any tree came out at all.
 */
import { EdiReader, type ReadOptions, type ReadSummary } from '../core/edi-reader.js';
import type { Message } from '../core/envelope.js';
import type { IssueList } from '../core/issue.js';
import { validateMessage } from '../core/message-validator.js';
import { TreeJsonWriter, type BuiltTree } from '../core/tree-json-writer.js';
import type { GrammarResolver } from './grammar-resolver.js';

/**
 * Builds each message's tree with the grammar the resolver finds for it, recording findings in `issues`; with
 * `names`, segments carry the grammar's segment and element names.
 */
export function treeBuilder(
  resolver: GrammarResolver,
  issues: IssueList,
  options: { names?: boolean } = {},
): (message: Message) => BuiltTree {
  return (message) => {
    const grammar = resolver.forMessage(message);
    const built: BuiltTree = {
      body: validateMessage(message, grammar?.compiled, issues),
      grammar: grammar?.compiled.grammar.id ?? null,
    };
    if (options.names && grammar) built.segments = grammar.compiled.grammar.segments;
    return built;
  };
}

/**
 * Reads the content `feed` pushes (chunk by chunk) and writes its JSON tree with `write`. `label` names the
 * content in the tree's head.
 */
export function writeTreeJson(
  label: string,
  read: ReadOptions,
  buildTree: (message: Message) => BuiltTree,
  feed: (push: (chunk: Uint8Array) => void) => void,
  write: (text: string) => void,
): ReadSummary {
  const writer = new TreeJsonWriter(write, buildTree);
  writer.begin({ file: label, editype: read.editype ?? 'auto', encoding: 'bytes' });
  const reader = new EdiReader(writer, read);
  feed((chunk) => reader.push(chunk));
  const summary = reader.end();
  writer.finish(summary);
  return summary;
}

/** Nothing could be read at all: no interchange and no message came out before the fatal error. */
export function noTree(summary: ReadSummary): boolean {
  return summary.fatal && summary.interchanges === 0;
}
