/**
 * A temp workspace per test: test/fixtures/mappings copied to <home>/usersys/mappings with the `.txt` suffix
 * dropped (see the fixtures README), plus stand-ins for inn/out/ctx until the mapping API exists.
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
import type {
  MappingContext,
  MappingInput,
  MappingOutput,
  MappingSelector,
} from '../../../engine/core/mapping-api.js';

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

/** An input answering get() from a flat table keyed by BOTSID (enough for the loader tests). */
export function input(values: Record<string, string>): MappingInput {
  const get = (...path: MappingSelector[]): string | undefined => values[path.at(-1)?.BOTSID ?? ''];
  return {
    get,
    getnozero: get,
    getdecimal: get,
    getloop: () => [],
    getcount: () => Object.keys(values).length,
  };
}

export function output(): MappingOutput & { written: MappingSelector[][] } {
  const written: MappingSelector[][] = [];
  const self: MappingOutput & { written: MappingSelector[][] } = {
    written,
    put: (...path) => (written.push(path), true),
    putloop: () => self,
    change: () => false,
    delete: () => false,
    sort: () => undefined,
    get: () => undefined,
    getloop: () => [],
  };
  return self;
}

export function context(partner = 'ACME'): MappingContext {
  const store = new Map<string, string>();
  let counter = 0;
  function persist(domain: string, key: string): string | undefined;
  function persist(domain: string, key: string, value: string): void;
  function persist(domain: string, key: string, value?: string): string | undefined {
    if (value === undefined) return store.get(`${domain}/${key}`);
    store.set(`${domain}/${key}`, value);
    return undefined;
  }
  return {
    codeList: () => undefined,
    persist,
    unique: () => String(++counter),
    now: () => new Date(0),
    partner: { id: partner, attributes: {} },
  };
}
