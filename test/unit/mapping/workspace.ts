/**
 * A temp workspace per test: test/fixtures/mappings copied to <home>/usersys/mappings with the `.txt` suffix
 * dropped (see the fixtures README), plus a real inn and out and an in-memory ctx for running scripts.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';
import { IssueList } from '../../../engine/core/issue.js';
import type { MappingContext, MappingInput, MessageInfo } from '../../../engine/core/mapping-api.js';
import { createMappingInput } from '../../../engine/core/mapping-input.js';
import { MappingOutputTree } from '../../../engine/core/mapping-output.js';
import { validateMessage } from '../../../engine/core/message-validator.js';
import { read } from '../../helpers/read.js';
import { interchange } from '../../helpers/x12.js';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'mappings');

export interface Workspace {
  home: string;
  usersys: string;
  mappings: string;
  cache: string;
  /** Writes (or overwrites) usersys/mappings/<path>. */
  write(path: string, text: string): void;
  /** The 1-based line of usersys/mappings/<path> that contains `marker`. */
  lineOf(path: string, marker: string): number;
}

export function workspace(): Workspace {
  const home = mkdtempSync(join(tmpdir(), 'bots-mapping-'));
  const usersys = join(home, 'usersys');
  const mappings = join(usersys, 'mappings');
  cpSync(FIXTURES, mappings, { recursive: true });
  for (const file of readdirSync(mappings, { recursive: true, encoding: 'utf8' }))
    if (file.endsWith('.txt'))
      renameSync(join(mappings, file), join(mappings, file.slice(0, -'.txt'.length)));
  mkdirSync(join(home, 'botssys'), { recursive: true });
  return {
    home,
    usersys,
    mappings,
    cache: join(home, 'botssys', 'cache', 'mappings'),
    write: (path, text) => {
      mkdirSync(join(mappings, path, '..'), { recursive: true });
      writeFileSync(join(mappings, path), text);
    },
    lineOf: (path, marker) => {
      const index = readFileSync(join(mappings, path), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(marker));
      if (index < 0) throw new Error(`${marker} not in ${path}`);
      return index + 1;
    },
  };
}

/** The info of the loader tests' messages: an 850 from partner ACME. */
const INFO: MessageInfo = {
  editype: 'x12',
  messagetype: '850004010',
  frompartner: 'ACME',
  topartner: '',
  reference: '',
  testindicator: false,
  alt: '',
};

/** A real input: an X12 850 whose body (between ST and SE) is `body`, read and treed without a grammar. */
export function input(body: string[]): MappingInput {
  const message = read(interchange([body])).messages[0];
  if (!message) throw new Error('no message in the test input');
  return createMappingInput(message, validateMessage(message, undefined, new IssueList()), INFO);
}

export function output(): MappingOutputTree {
  return new MappingOutputTree(INFO);
}

/** A context with in-memory persist and counters that knows one partner. */
export function context(partner = 'ACME'): MappingContext {
  const store = new Map<string, string>();
  const counters = new Map<string, number>();
  return {
    codeList: () => undefined,
    codeAttributes: () => undefined,
    persistGet: (domain, key) => Promise.resolve(store.get(`${domain}/${key}`)),
    persistSet: (domain, key, value) => {
      store.set(`${domain}/${key}`, value);
      return Promise.resolve();
    },
    unique: (domain) => {
      const next = (counters.get(domain) ?? 0) + 1;
      counters.set(domain, next);
      return Promise.resolve(String(next));
    },
    now: () => new Date(0),
    partner: (id) =>
      id === partner ? { id, name: partner, identifiers: [], groups: [], envelope: {} } : undefined,
    newOutput: output,
  };
}
