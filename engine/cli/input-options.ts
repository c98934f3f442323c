/**
 * The options `parse` and `validate` share for what cannot be detected: the syntax (`--editype`), the charset,
 * the grammar (`--grammar FILE`, or `--messagetype ID` looked up in the catalog) and the partner layer. Bad
 * values are usage errors (exit 2) with a sentence saying what is accepted.
 */
import { charsetByName } from '../core/charset.js';
import type { ReadOptions } from '../core/edi-reader.js';
import type { Editype } from '../core/envelope.js';
import { GrammarError } from '../core/grammar-check.js';
import { GrammarCatalog } from '../runtime/grammar-catalog.js';
import type { GrammarChoice } from '../runtime/grammar-resolver.js';
import { loadSettings, SettingsError, type Settings } from '../runtime/settings.js';
import { usersysPaths, workspaceHome, workspaceLayout } from '../runtime/workspace.js';
import { checkInputFile } from './input-file.js';
import { UsageError } from './usage-error.js';

export interface InputOptions {
  editype?: string;
  charset?: string;
  messagetype?: string;
  grammar?: string;
  partner?: string;
  home?: string;
}

const EDITYPES: readonly Editype[] = ['x12', 'edifact', 'csv', 'fixed', 'json', 'xml'];

/** The workspace's settings (defaults when it has no settings file); a bad file is a usage error. */
export function workspaceSettings(options: InputOptions): Settings {
  try {
    return loadSettings(workspaceLayout(workspaceHome(options.home)));
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message);
    throw error;
  }
}

export function readOptions(options: InputOptions, settings?: Settings): Omit<ReadOptions, 'issues'> {
  const read: Omit<ReadOptions, 'issues'> = {};
  if (settings) read.maxSegmentLength = settings.limits.maxSegmentBytes;
  if (options.editype !== undefined) {
    const editype = EDITYPES.find((e) => e === options.editype);
    if (!editype) throw new UsageError(`--editype ${options.editype}: use one of ${EDITYPES.join(', ')}`);
    read.editype = editype;
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

export function catalogFor(options: InputOptions): GrammarCatalog {
  return new GrammarCatalog(usersysPaths(workspaceHome(options.home)));
}

export function grammarChoice(options: InputOptions, catalog: GrammarCatalog): GrammarChoice {
  const choice: GrammarChoice = {};
  if (options.grammar !== undefined) {
    checkInputFile(options.grammar);
    try {
      choice.grammar = catalog.fromFile(options.grammar);
    } catch (error) {
      if (error instanceof GrammarError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (options.messagetype !== undefined) choice.messageType = options.messagetype;
  if (options.partner !== undefined) choice.partner = options.partner;
  return choice;
}
