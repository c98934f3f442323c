/**
 * Reads and writes configuration documents (`bots config export|import`): YAML when the file name ends in .yaml
 * or .yml, JSON otherwise. Reading checks the document (asConfig) and throws ConfigError: a syntax error names the
 * file and line, a content error the path of each problem. Writing normalizes the order of every list, so
 * export -> import -> export gives the same bytes. Read failures of the file itself (missing, unreadable) are
 * the file system's errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { asConfig, ConfigError, normalizeConfig } from '../core/config-check.js';
import type { ConfigDocument } from '../core/config-model.js';

export function isYamlPath(path: string): boolean {
  return ['.yaml', '.yml'].includes(extname(path).toLowerCase());
}

export function readConfigFile(path: string): ConfigDocument {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return asConfig(isYamlPath(path) ? parseYaml(text, path) : parseJson(text, path), path);
}

/** Writes the normalized document: JSON with a 2-space indent, or YAML; both end with a newline. */
export function writeConfigFile(path: string, doc: ConfigDocument): void {
  writeFileSync(path, configText(doc, isYamlPath(path) ? 'yaml' : 'json'));
}

/** The text writeConfigFile writes. */
export function configText(doc: ConfigDocument, format: 'json' | 'yaml'): string {
  const normalized = normalizeConfig(doc);
  return format === 'yaml'
    ? stringify(normalized, { lineWidth: 0, indent: 2 })
    : `${JSON.stringify(normalized, null, 2)}\n`;
}

/** YAML 1.2 core schema (so `yes` and `010` stay what they look like); duplicate keys are errors. */
function parseYaml(text: string, path: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}: ` : '';
    throw new ConfigError(path, [`${where}${firstLine(error.message)} (YAML syntax)`]);
  }
  return doc.toJS();
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const line =
      offset !== undefined
        ? lineAt(text, Number(offset))
        : /end of JSON input/.test(message)
          ? lineAt(text, text.length)
          : yamlErrorLine(text);
    const reason = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    throw new ConfigError(path, [`${line ? `line ${line}: ` : ''}${reason} (JSON syntax)`]);
  }
}

/** JSON.parse does not always say where; the YAML parser (JSON is YAML) often can. */
function yamlErrorLine(text: string): number | undefined {
  return parseDocument(text).errors[0]?.linePos?.[0].line;
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
