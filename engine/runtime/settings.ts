/**
 * The settings file config/settings.json: what the workspace runs with, apart from the configuration in the
 * database. Precedence (DESIGN.md): environment variables > settings file > built-in defaults. Every value is
 * checked on load; a bad file is a SettingsError naming the key, never a silent default.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceLayout } from './workspace.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Settings {
  logLevel: LogLevel;
  limits: {
    /** Largest input file accepted, in bytes. */
    maxFileBytes: number;
    /** Longest segment without a terminator before the input is judged broken, in bytes. */
    maxSegmentBytes: number;
    /** Issues kept per file. */
    issuesPerFile: number;
  };
  engine: {
    /** A received file is read only when it is older than this and no longer growing. */
    settleSeconds: number;
    /** How long a run holds its route leases before it must renew them. */
    leaseSeconds: number;
    /** Hours after which an acknowledgement asked for (ISA14, UNB 0031) and not received counts as overdue. */
    ackOverdueHours: number;
  };
  retention: {
    /** Days the data of finished runs and the archive are kept (cleanup). */
    dataDays: number;
    /** Days run reports are kept. */
    runDays: number;
  };
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  logLevel: 'info',
  limits: { maxFileBytes: 2 * 1024 ** 3, maxSegmentBytes: 1024 * 1024, issuesPerFile: 1000 },
  engine: { settleSeconds: 2, leaseSeconds: 300, ackOverdueHours: 24 },
  retention: { dataDays: 30, runDays: 90 },
};

/** Environment variables that override a setting: name -> [section, key] (or the top-level key). */
const ENVIRONMENT: Record<string, string[]> = {
  LOG_LEVEL: ['logLevel'],
  BOTS_MAX_FILE_BYTES: ['limits', 'maxFileBytes'],
  BOTS_MAX_SEGMENT_BYTES: ['limits', 'maxSegmentBytes'],
  BOTS_ISSUES_PER_FILE: ['limits', 'issuesPerFile'],
  BOTS_SETTLE_SECONDS: ['engine', 'settleSeconds'],
  BOTS_LEASE_SECONDS: ['engine', 'leaseSeconds'],
  BOTS_ACK_OVERDUE_HOURS: ['engine', 'ackOverdueHours'],
  BOTS_RETENTION_DAYS: ['retention', 'dataDays'],
};

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function settingsPath(layout: WorkspaceLayout): string {
  return join(layout.config, 'settings.json');
}

/** Writes the defaults when the workspace has no settings file yet; returns whether it wrote one. */
export function writeDefaultSettings(layout: WorkspaceLayout): boolean {
  const file = settingsPath(layout);
  if (existsSync(file)) return false;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(DEFAULT_SETTINGS, null, 2)}\n`);
  renameSync(temporary, file);
  return true;
}

/** The effective settings: defaults, then the file (when there is one), then the environment. */
export function loadSettings(layout: WorkspaceLayout, env: NodeJS.ProcessEnv = process.env): Settings {
  const settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  const file = settingsPath(layout);
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (error) {
      throw new SettingsError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    apply(settings, parsed, file);
  }
  for (const [name, path] of Object.entries(ENVIRONMENT)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = path[0] === 'logLevel' ? raw.toLowerCase() : Number(raw);
    set(settings, path, value, `environment variable ${name}`);
  }
  return settings;
}

function apply(settings: Settings, value: unknown, file: string): void {
  if (!isObject(value)) throw new SettingsError(`${file} must hold a JSON object`);
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'logLevel') {
      set(settings, [key], entry, `${file}: logLevel`);
      continue;
    }
    const section = (settings as unknown as Record<string, Record<string, number>>)[key];
    if (!section || typeof section !== 'object')
      throw new SettingsError(
        `${file}: "${key}" is not a setting (known: ${Object.keys(DEFAULT_SETTINGS).join(', ')})`,
      );
    if (!isObject(entry)) throw new SettingsError(`${file}: "${key}" must be an object`);
    for (const [name, setting] of Object.entries(entry))
      set(settings, [key, name], setting, `${file}: ${key}.${name}`);
  }
}

/** Sets one checked value; `where` names its origin in errors. */
function set(settings: Settings, path: string[], value: unknown, where: string): void {
  if (path[0] === 'logLevel') {
    if (!LOG_LEVELS.includes(value as LogLevel))
      throw new SettingsError(`${where} must be one of ${LOG_LEVELS.join(', ')}`);
    settings.logLevel = value as LogLevel;
    return;
  }
  const [sectionName, key] = path as [string, string];
  const section = (settings as unknown as Record<string, Record<string, number>>)[sectionName]!;
  if (!(key in section))
    throw new SettingsError(
      `${where} is not a setting (known in ${sectionName}: ${Object.keys(section).join(', ')})`,
    );
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new SettingsError(`${where} must be a whole number >= 0, not ${JSON.stringify(value)}`);
  section[key] = value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
