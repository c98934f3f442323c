/**
 * `bots parse FILE [--json]`: prints the tree of a file. It needs no message grammar: envelopes and every segment
 * with its elements are shown; problems are printed inside the tree. Exit 0 when a tree was printed, 1 when none
 * could be (unknown syntax, fatal lexing error), 2 for usage errors.
 */
import { charsetByName } from '../core/charset.js';
import { EdiReader, type ReadOptions, type ReadSummary } from '../core/edi-reader.js';
import { IssueList } from '../core/issue.js';
import { buildFlatTree } from '../core/message-tree.js';
import { TreeJsonWriter, type BuiltTree } from '../core/tree-json-writer.js';
import type { Message } from '../core/envelope.js';
import { readFileChunks } from './file-chunks.js';
import { checkInputFile } from './input-file.js';
import { TreeTextWriter, issueLine } from './tree-text-writer.js';
import { UsageError } from './usage-error.js';
import type { Output } from './output.js';

export interface ParseOptions {
  json?: boolean;
  editype?: string;
  charset?: string;
}

export function readOptions(options: { editype?: string; charset?: string }): ReadOptions {
  const read: ReadOptions = {};
  if (options.editype !== undefined) {
    if (options.editype !== 'x12' && options.editype !== 'edifact')
      throw new UsageError(
        `--editype ${options.editype}: this command reads x12 and edifact (csv, fixed, json and xml need a grammar)`,
      );
    read.editype = options.editype;
  }
  if (options.charset !== undefined) {
    const charset = charsetByName(options.charset);
    if (!charset)
      throw new UsageError(
        `--charset ${options.charset}: unknown charset (try utf-8, iso-8859-1 or an EDIFACT id like UNOC)`,
      );
    read.charset = charset;
  }
  return read;
}

export function parseCommand(file: string, options: ParseOptions, out: Output): number {
  const issues = new IssueList();
  const read: ReadOptions = { ...readOptions(options), issues };
  checkInputFile(file);
  const buildTree = (message: Message): BuiltTree => ({
    body: buildFlatTree(message, issues),
    grammar: null,
  });
  if (options.json) {
    const writer = new TreeJsonWriter(out.stdout, buildTree);
    writer.begin({ file, editype: read.editype ?? 'auto', encoding: 'bytes' });
    const reader = new EdiReader(writer, read);
    readFileChunks(file, (chunk) => reader.push(chunk));
    const summary = reader.end();
    writer.finish(summary);
    return noTree(summary) ? 1 : 0;
  }
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

/** Nothing could be read at all: no interchange and no message came out before the fatal error. */
function noTree(summary: ReadSummary): boolean {
  return summary.fatal && summary.interchanges === 0;
}
