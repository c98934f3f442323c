// Builders shared by the engine runtime unit tests: configuration rows with defaults, an in-memory counter
// reserve that records its calls, and temp folders removed after the file's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type {
  ChannelConfig,
  ConfirmRuleConfig,
  PartnerConfig,
  PartnerIdentifier,
  RouteConfig,
  TranslationConfig,
} from '../../../engine/core/config-model.js';
import type { MessageInfo } from '../../../engine/core/mapping-api.js';
import type { Reserve } from '../../../engine/runtime/merger.js';

export function partner(id: string, overrides: Partial<PartnerConfig> = {}): PartnerConfig {
  return {
    id,
    name: id,
    active: true,
    identifiers: [],
    groups: [],
    envelope: {},
    duplicates: 'warn',
    ...overrides,
  };
}

export function ident(qualifier: string, value: string, test = false): PartnerIdentifier {
  return { qualifier, value, test };
}

export function translation(overrides: Partial<TranslationConfig> = {}): TranslationConfig {
  return {
    fromEditype: 'x12',
    fromMessagetype: '850004010',
    mapping: 'x12/850toxml',
    toEditype: 'xml',
    toMessagetype: 'orders',
    active: true,
    ...overrides,
  };
}

export function rule(
  confirmType: ConfirmRuleConfig['confirmType'],
  ruleType: ConfirmRuleConfig['ruleType'],
  value?: string,
  overrides: Partial<ConfirmRuleConfig> = {},
): ConfirmRuleConfig {
  return {
    id: `${confirmType}-${ruleType}-${value ?? ''}`,
    active: true,
    confirmType,
    ruleType,
    ...(value !== undefined && { value }),
    negative: false,
    ...overrides,
  };
}

export function route(id: string, seq: number, overrides: Partial<RouteConfig> = {}): RouteConfig {
  return {
    id,
    seq,
    active: true,
    notInDefaultRun: false,
    translate: 'translate',
    defer: false,
    zipIn: false,
    zipOut: false,
    ...overrides,
  };
}

export function outChannel(id: string, overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    id,
    type: 'file',
    direction: 'out',
    path: id,
    filename: '{unique}.edi',
    remove: false,
    tempThenRename: true,
    settleSeconds: 0,
    ...overrides,
  };
}

export function messageInfo(
  editype: string,
  messagetype: string,
  more: Partial<MessageInfo> = {},
): MessageInfo {
  return {
    editype,
    messagetype,
    frompartner: '',
    topartner: '',
    reference: '',
    testindicator: false,
    alt: '',
    ...more,
  };
}

/** A counter reserve in memory: every name counts from 1, blocks are handed out consecutively, calls recorded. */
export function memoryReserve(start: Record<string, number> = {}): {
  reserve: Reserve;
  calls: [string, number][];
  next: Map<string, number>;
} {
  const next = new Map<string, number>(Object.entries(start));
  const calls: [string, number][] = [];
  const reserve: Reserve = (name, count) => {
    calls.push([name, count]);
    const first = next.get(name) ?? 1;
    next.set(name, first + count);
    return Promise.resolve(first);
  };
  return { reserve, calls, next };
}

/** A fresh temp folder, removed (with everything in it) after the calling file's tests; call it at the top
 * level of a test file (an afterAll registered inside a test does not run). */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
