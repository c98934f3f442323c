/**
 * `bots validate FILE...`: checks files against their grammars. Prints one line per issue,
 * `FILE:LINE:COL: CODE SEGMENT: sentence`, then one result line per file naming the grammars used. Exit 0 when
 * every file is valid (warnings allowed), 1 when any is invalid (including empty, binary or unknown syntax),
 * 2 for usage errors and unreadable paths. Loads only the grammars it needs: no database, no server.
 */
import type { CharsetCheck } from '../core/charset.js';
import { GrammarError } from '../core/grammar-check.js';
import { formatIssue } from '../core/issue.js';
import { PartnerLayerError } from '../core/partner-layer.js';
import { validateInput, type FileValidation, type FileValidationOptions } from '../runtime/file-validator.js';
import type { GrammarCatalog } from '../runtime/grammar-catalog.js';
import { readFileChunks } from './file-chunks.js';
import { checkInputFile } from './input-file.js';
import type { Output } from './output.js';
import {
  catalogFor,
  grammarChoice,
  readOptions,
  workspaceSettings,
  type InputOptions,
} from './input-options.js';
import { UsageError } from './usage-error.js';

export interface ValidateOptions extends InputOptions {
  json?: boolean;
  charsetcheck?: string;
  maxIssues?: string;
}

const CHARSET_CHECKS: readonly CharsetCheck[] = ['strict', 'warn', 'replace'];

export function validateCommand(files: string[], options: ValidateOptions, out: Output): number {
  for (const file of files) checkInputFile(file);
  const catalog = catalogFor(options);
  const settings = fileOptions(options, catalog);
  let allValid = true;
  const results: unknown[] = [];
  for (const file of files) {
    let result: FileValidation;
    try {
      result = validateInput((push) => readFileChunks(file, push), catalog, settings);
    } catch (error) {
      if (error instanceof GrammarError || error instanceof PartnerLayerError)
        throw new UsageError(error.message);
      throw error;
    }
    allValid &&= result.valid;
    if (options.json) results.push(fileJson(file, result));
    else printFile(file, result, out);
  }
  if (options.json)
    out.stdout(`${JSON.stringify({ format: 'bots-validate', version: 1, files: results }, null, 2)}\n`);
  return allValid ? 0 : 1;
}

function fileOptions(options: ValidateOptions, catalog: GrammarCatalog): FileValidationOptions {
  const workspace = workspaceSettings(options);
  const settings: FileValidationOptions = {
    read: readOptions(options, workspace),
    ...grammarChoice(options, catalog),
    issueLimit: workspace.limits.issuesPerFile,
  };
  if (options.charsetcheck !== undefined) {
    const check = CHARSET_CHECKS.find((c) => c === options.charsetcheck);
    if (!check) throw new UsageError(`--charsetcheck ${options.charsetcheck}: use strict, warn or replace`);
    settings.charsetCheck = check;
  }
  if (options.maxIssues !== undefined) {
    const limit = Number(options.maxIssues);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`--max-issues ${options.maxIssues}: give a whole number >= 1`);
    settings.issueLimit = limit;
  }
  return settings;
}

function printFile(file: string, result: FileValidation, out: Output): void {
  for (const issue of result.issues.items) out.stdout(`${formatIssue(file, issue)}\n`);
  const dropped = result.issues.droppedCount;
  if (dropped > 0)
    out.stdout(
      `${file}: ${dropped} more issue(s) not shown (limit ${result.issues.limit}; see --max-issues)\n`,
    );
  out.stdout(`${file}: ${resultLine(result)}\n`);
}

function resultLine(result: FileValidation): string {
  const { issues, messages } = result;
  const verdict = result.valid ? 'valid' : 'invalid';
  const counts = `${issues.errorCount} error(s), ${issues.warningCount} warning(s)`;
  const grammars = result.grammars.map((use) =>
    use.grammar
      ? `${use.messages} ${use.messageType} validated against ${use.grammar.id}${use.grammar.partner ? ` with partner layer ${use.grammar.partner}` : ''}${use.grammar.origin === 'shipped' ? '' : ` (${use.grammar.path})`}`
      : `${use.messages} ${use.messageType}: no grammar for ${use.messageType}, syntax and envelopes checked`,
  );
  return `${verdict}: ${messages} message(s)${grammars.length > 0 ? `; ${grammars.join('; ')}` : ''}; ${counts}`;
}

function fileJson(file: string, result: FileValidation): unknown {
  return {
    file,
    valid: result.valid,
    syntax: result.summary.syntax,
    interchanges: result.summary.interchanges,
    messages: result.messages,
    errors: result.issues.errorCount,
    warnings: result.issues.warningCount,
    grammars: result.grammars,
    issues: result.issues.items,
    issuesNotShown: result.issues.droppedCount,
  };
}
