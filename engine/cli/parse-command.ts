/**
 * `bots parse FILE [--json]`: prints the tree of a file. It needs no message grammar: envelopes and every segment
 * with its elements are shown, HL loops nested; when a grammar is found (or given) loops and segment groups are
 * resolved by it and its findings are shown too. Problems are printed inside the tree. Exit 0 when a tree was
 * printed, 1 when none could be (unknown syntax, fatal lexing error), 2 for usage errors.
 */
import { GrammarError } from '../core/grammar-check.js';
import { EdiReader, type ReadOptions } from '../core/edi-reader.js';
import type { Message } from '../core/envelope.js';
import { IssueList } from '../core/issue.js';
import { PartnerLayerError } from '../core/partner-layer.js';
import type { BuiltTree } from '../core/tree-json-writer.js';
import { GrammarResolver } from '../runtime/grammar-resolver.js';
import { noTree, treeBuilder, writeTreeJson } from '../runtime/tree-export.js';
import { readFileChunks } from './file-chunks.js';
import { checkInputFile } from './input-file.js';
import {
  catalogFor,
  grammarChoice,
  readOptions,
  workspaceSettings,
  type InputOptions,
} from './input-options.js';
import type { Output } from './output.js';
import { TreeTextWriter, issueLine } from './tree-text-writer.js';
import { UsageError } from './usage-error.js';

export interface ParseOptions extends InputOptions {
  json?: boolean;
}

export function parseCommand(file: string, options: ParseOptions, out: Output): number {
  checkInputFile(file);
  const workspace = workspaceSettings(options);
  const issues = new IssueList(workspace.limits.issuesPerFile);
  const catalog = catalogFor(options);
  const resolver = new GrammarResolver(catalog, grammarChoice(options, catalog));
  const read: ReadOptions = { ...readOptions(options, workspace), issues };
  const inputGrammar = resolver.forInput(read.editype);
  if (inputGrammar) read.grammar = inputGrammar.compiled;
  if (options.messagetype !== undefined) read.messageType = options.messagetype;
  const buildTree = treeBuilder(resolver, issues);
  try {
    return options.json
      ? printJson(file, read, buildTree, out)
      : printText(file, read, buildTree, issues, out);
  } catch (error) {
    if (error instanceof GrammarError || error instanceof PartnerLayerError)
      throw new UsageError(error.message);
    throw error;
  }
}

function printJson(
  file: string,
  read: ReadOptions,
  buildTree: (m: Message) => BuiltTree,
  out: Output,
): number {
  const summary = writeTreeJson(file, read, buildTree, (push) => readFileChunks(file, push), out.stdout);
  return noTree(summary) ? 1 : 0;
}

function printText(
  file: string,
  read: ReadOptions,
  buildTree: (m: Message) => BuiltTree,
  issues: IssueList,
  out: Output,
): number {
  const writer = new TreeTextWriter(out.stdout, buildTree, issues);
  const reader = new EdiReader(writer, read);
  readFileChunks(file, (chunk) => reader.push(chunk));
  const summary = reader.end();
  if (noTree(summary)) {
    for (const issue of issues.items) out.stderr(`${file}: ${issueLine(issue).slice(2)}\n`);
    return 1;
  }
  writer.finish();
  out.stdout(
    `${summary.syntax}: ${summary.interchanges} interchange(s), ${summary.messages} message(s), ${issues.errorCount} error(s), ${issues.warningCount} warning(s)\n`,
  );
  return 0;
}
