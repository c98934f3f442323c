/**
 * Finds and loads grammars. Lookup order (DESIGN.md): partner layer, user grammar exact, user grammar base
 * (850004010VICS -> 850004010), shipped exact, shipped base. Shipped grammars are grammars/<editype>/<id>.json
 * in the package; user grammars usersys/grammars/<editype>/<id>.json; partner layers
 * usersys/partners/<partner>/<messagetype>.json. Loaded grammars are compiled once and cached.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileGrammar, type CompiledGrammar } from '../core/compiled-grammar.js';
import { asGrammar, GrammarError } from '../core/grammar-check.js';
import type { Grammar } from '../core/grammar.js';
import { applyPartnerLayer, asPartnerLayer } from '../core/partner-layer.js';
import { safeFileName } from '../core/safe-name.js';
import type { UsersysPaths } from './workspace.js';

/** The package's grammars folder, next to dist/ (and next to engine/ when run from source). */
export const SHIPPED_GRAMMARS = join(import.meta.dirname, '..', '..', 'grammars');

export type GrammarOrigin = 'shipped' | 'user' | 'file';

export interface ResolvedGrammar {
  compiled: CompiledGrammar;
  origin: GrammarOrigin;
  /** The file it came from. */
  path: string;
  /** The partner whose layer narrowed it. */
  partner?: string;
  /** The grammar was found under the base type, not the exact one. */
  viaBase: boolean;
}

export interface GrammarEntry {
  id: string;
  editype: string;
  origin: GrammarOrigin;
  path: string;
}

const SAFE_ID = /^[A-Za-z0-9._-]+$/;

export class GrammarCatalog {
  private readonly cache = new Map<string, Grammar>();
  private readonly compiled = new Map<string, CompiledGrammar>();
  private readonly found = new Map<string, ResolvedGrammar | undefined>();
  private readonly envelopes = new Map<string, CompiledGrammar | undefined>();

  constructor(
    private readonly usersys: UsersysPaths | undefined,
    private readonly shipped: string = SHIPPED_GRAMMARS,
  ) {}

  /**
   * The grammar for a message type, or undefined when none exists. `partners` are the ids to look for a
   * layer under, in order (the --partner flag, or the envelope's sender and receiver).
   */
  find(
    editype: string,
    type: string,
    baseType: string,
    partners: string[] = [],
  ): ResolvedGrammar | undefined {
    // Answers are kept for the catalog's life (one engine run, one command): each lookup otherwise costs
    // several file-system calls, per message.
    const key = [editype, type, baseType, ...partners].join('\u0000');
    if (this.found.has(key)) return this.found.get(key);
    const answer = this.lookup(editype, type, baseType, partners);
    this.found.set(key, answer);
    return answer;
  }

  private lookup(
    editype: string,
    type: string,
    baseType: string,
    partners: string[],
  ): ResolvedGrammar | undefined {
    for (const partner of partners) {
      const layerPath = this.partnerLayerPath(partner, type, baseType);
      if (!layerPath) continue;
      const layer = asPartnerLayer(readJson(layerPath), layerPath);
      const base = this.findStandard(editype, layer.messagetype, baseType);
      if (!base)
        throw new GrammarError(layerPath, [`it narrows ${layer.messagetype}, for which no grammar exists`]);
      const key = `${layerPath}|${base.path}`;
      let compiled = this.compiled.get(key);
      if (!compiled) {
        compiled = compileGrammar(applyPartnerLayer(base.compiled.grammar, layer));
        this.compiled.set(key, compiled);
      }
      return { ...base, compiled, partner: layer.partner };
    }
    return this.findStandard(editype, type, baseType);
  }

  /** A grammar file given directly (`--grammar FILE`). */
  fromFile(path: string): ResolvedGrammar {
    return { compiled: this.compile(path), origin: 'file', path, viaBase: false };
  }

  /** Envelope grammars by id (`x12-envelope-00401`, `edifact-envelope-4`); shipped only. */
  envelope(editype: string, id: string): CompiledGrammar | undefined {
    // Asked once per received interchange: the answer is kept like find's.
    const path = join(this.shipped, editype, `${id}.json`);
    if (!this.envelopes.has(path))
      this.envelopes.set(path, existsSync(path) ? this.compile(path) : undefined);
    return this.envelopes.get(path);
  }

  /** Every grammar file: user grammars first, then shipped ones. */
  list(): GrammarEntry[] {
    const entries: GrammarEntry[] = [];
    const add = (root: string | undefined, origin: GrammarOrigin): void => {
      if (!root || !existsSync(root)) return;
      for (const editype of readdirSync(root).sort()) {
        const dir = join(root, editype);
        if (editype === 'sources' || !statSync(dir).isDirectory()) continue;
        for (const file of readdirSync(dir).sort())
          if (file.endsWith('.json'))
            entries.push({ id: basename(file, '.json'), editype, origin, path: join(dir, file) });
      }
    };
    add(this.usersys?.grammars, 'user');
    add(this.shipped, 'shipped');
    return entries;
  }

  /** Loads and checks a grammar file (cached). Throws GrammarError for a file that is not a grammar. */
  load(path: string): Grammar {
    let grammar = this.cache.get(path);
    if (!grammar) {
      grammar = asGrammar(readJson(path), path);
      this.cache.set(path, grammar);
    }
    return grammar;
  }

  private compile(path: string): CompiledGrammar {
    let compiled = this.compiled.get(path);
    if (!compiled) {
      compiled = compileGrammar(this.load(path));
      this.compiled.set(path, compiled);
    }
    return compiled;
  }

  private findStandard(editype: string, type: string, baseType: string): ResolvedGrammar | undefined {
    const candidates: [string | undefined, GrammarOrigin, string][] = [
      [this.usersys?.grammars, 'user', type],
      [this.usersys?.grammars, 'user', baseType],
      [this.shipped, 'shipped', type],
      [this.shipped, 'shipped', baseType],
    ];
    for (const [root, origin, id] of candidates) {
      if (!root || !SAFE_ID.test(id)) continue;
      const path = join(root, editype, `${id}.json`);
      if (existsSync(path)) return { compiled: this.compile(path), origin, path, viaBase: id !== type };
    }
    return undefined;
  }

  private partnerLayerPath(partner: string, type: string, baseType: string): string | undefined {
    const folder = safeFileName(partner);
    if (!this.usersys || folder === undefined) return undefined;
    for (const id of [type, baseType]) {
      if (!SAFE_ID.test(id)) continue;
      const path = join(this.usersys.partners, folder, `${id}.json`);
      if (existsSync(path)) return path;
    }
    return undefined;
  }
}

function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new GrammarError(path, [`not valid JSON (${(error as Error).message})`]);
  }
}
