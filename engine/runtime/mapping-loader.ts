/**
 * Loads mapping scripts: usersys/mappings/<name>.ts|.mts|.js|.mjs with `export default function map(inn, out, ctx)`.
 *
 * Contracts:
 * - Names are relative script names such as `x12/850-to-xml` (an extension may be given). Absolute paths,
 *   backslashes, empty, `.` and `..` segments are refused with a MappingError; a missing script is a
 *   MappingError that lists the files looked for.
 * - Scripts are compiled at run time with esbuild (a runtime dependency, so this works after
 *   `npm ci --omit=dev`): `build` with `bundle: true`, format esm, target node20, an inline source map whose
 *   sources are the script files. Bundling (not per-file `transform`) is the decision for imports: a script may
 *   import relative files inside usersys/mappings (TS, JS or JSON), and they are compiled into the script's
 *   module. Every other import is refused at compile time with file:line:col: files outside usersys/mappings,
 *   packages and node builtins (`node:fs`, `fs`, ...). Scripts are pure functions of (inn, out, ctx): I/O goes
 *   through ctx, which keeps the content-hash cache complete (the hash covers every input file) and a message
 *   reproducible. `import type` lines are erased, so `import type {...} from 'bots-edi/mapping'` is fine.
 *   A tsconfig.json in the workspace does not change compilation (tsconfigRaw is fixed).
 * - Compiled output is cached by content hash (sha256 over the loader version, the esbuild version and the path
 *   and content of every input file) in botssys/cache/mappings/<hash>.mjs, written to a temp file and renamed,
 *   and in memory. A manifest `<entry-hash>.inputs.json` (entry hash = the entry file's path and content)
 *   records which files a script imported, so that a later load can compute the full hash without compiling.
 *   An unchanged script is never recompiled; a change in the script or in a file it imports recompiles it.
 * - Syntax and import errors fail at load: MappingError whose message is one line per problem,
 *   `mappings/x12/850-to-xml.ts:LINE:COL: message` (paths relative to usersys, 1-based line and column).
 * - The compiled module is imported with `import(pathToFileURL(...))`; a throw while the module initialises is
 *   a MappingError with the script's file:line. The default export must be a function, else MappingError.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, version as esbuildVersion, type Message, type Plugin } from 'esbuild';
import { workspaceLayout } from '../runtime/workspace.js';
import type { MappingFunction } from '../core/mapping-api.js';
import { locateInStack, type ScriptSourceMap } from './source-location.js';

/** Bump when the compile options change, so that old cache files are not reused. */
const LOADER_VERSION = 'mapping-loader/1';
export const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;
const SEGMENT = /^[A-Za-z0-9._@+-]+$/;

/** One problem with a file position; `file` is relative to usersys and uses '/' (`mappings/x12/a.ts`). */
export interface MappingProblem {
  file: string;
  /** 1-based; 0 when the problem has no position. */
  line: number;
  /** 1-based; 0 when the problem has no position. */
  column: number;
  message: string;
}

export function formatProblem(p: MappingProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** A script that cannot be loaded: bad name, missing, syntax or import error, bad default export. */
export class MappingError extends Error {
  readonly problems: MappingProblem[];
  constructor(problems: MappingProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'MappingError';
    this.problems = problems;
  }
}

/** A loaded script, ready for runMapping. */
export interface MappingScript {
  /** The name it was loaded by, such as `x12/850-to-xml`. */
  name: string;
  /** The entry file relative to usersys: `mappings/x12/850-to-xml.ts`. */
  file: string;
  /** The content hash, also the cache file name. */
  hash: string;
  map: MappingFunction;
  /** Maps a stack trace of an error thrown by the script to `mappings/...:LINE` (undefined when not in it). */
  locate(stack: string): string | undefined;
}

/** The compiled, not yet imported form (what `bots mapping check` needs). */
export interface CompiledMapping {
  name: string;
  file: string;
  hash: string;
  /** The cache file holding the compiled module. */
  path: string;
  /** Every input file relative to usersys, the entry first. */
  inputs: string[];
}

export interface MappingLoaderOptions {
  /** The usersys folder (scripts are under usersys/mappings). */
  usersys: string;
  /** Where compiled scripts are cached (botssys/cache/mappings in a workspace). */
  cache: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const slash = (path: string): string => path.split(sep).join('/');

export class MappingLoader {
  readonly usersys: string;
  readonly mappings: string;
  readonly cache: string;
  #compiles = 0;
  readonly #manifests = new Map<string, string[]>();
  readonly #scripts = new Map<string, MappingScript>();
  readonly #inflight = new Map<string, Promise<MappingScript>>();

  constructor(options: MappingLoaderOptions) {
    this.usersys = resolve(options.usersys);
    this.mappings = join(this.usersys, 'mappings');
    this.cache = resolve(options.cache);
  }

  /** The loader of a workspace: usersys/mappings, cached in botssys/cache/mappings. */
  static forWorkspace(home: string): MappingLoader {
    const layout = workspaceLayout(home);
    return new MappingLoader({ usersys: layout.usersys, cache: join(layout.botssys, 'cache', 'mappings') });
  }

  /** How many times this loader ran esbuild (tests use it to prove the cache works). */
  get compileCount(): number {
    return this.#compiles;
  }

  /** The entry file of a name, checked; throws MappingError for a refused or missing name. */
  resolve(name: string): string {
    const bad = (why: string): MappingError =>
      new MappingError([
        { file: `mappings/${name}`, line: 0, column: 0, message: `bad script name: ${why}` },
      ]);
    if (name === '' || name.includes('\\') || name.includes('\0')) throw bad('use names like x12/850-to-xml');
    if (isAbsolute(name) || /^[A-Za-z]:/.test(name)) throw bad('absolute paths are not allowed');
    for (const segment of name.split('/')) {
      if (segment === '.' || segment === '..') throw bad("'.' and '..' are not allowed");
      if (!SEGMENT.test(segment)) throw bad('use letters, digits and . _ - @ + between slashes');
    }
    const given = SCRIPT_EXTENSIONS.find((ext) => name.endsWith(ext));
    const candidates = given ? [name] : SCRIPT_EXTENSIONS.map((ext) => `${name}${ext}`);
    for (const candidate of candidates) {
      const path = join(this.mappings, candidate);
      if (existsSync(path)) return path;
    }
    throw new MappingError([
      {
        file: `mappings/${name}`,
        line: 0,
        column: 0,
        message: `no mapping script: looked for ${candidates.map((c) => `usersys/mappings/${c}`).join(', ')} in ${this.usersys}`,
      },
    ]);
  }

  /** Compiles (or finds in the cache) without running the script. Throws MappingError. */
  async compile(name: string): Promise<CompiledMapping> {
    const entry = this.resolve(name);
    const file = slash(relative(this.usersys, entry));
    const entryKey = sha256(`${LOADER_VERSION}\0${esbuildVersion}\0${file}\0${readFileSync(entry, 'utf8')}`);
    const known = this.#manifests.get(entryKey) ?? this.#readManifest(entryKey);
    const knownHash = known && this.#hashInputs(known);
    if (known && knownHash && existsSync(this.#cachePath(knownHash)))
      return { name, file, hash: knownHash, path: this.#cachePath(knownHash), inputs: known };

    const { code, inputs } = await this.#build(entry);
    const hash = this.#hashInputs(inputs);
    if (!hash)
      throw new MappingError([{ file, line: 0, column: 0, message: 'an input changed while compiling' }]);
    const path = this.#cachePath(hash);
    this.#writeAtomic(path, code);
    this.#writeAtomic(this.#manifestPath(entryKey), JSON.stringify(inputs));
    this.#manifests.set(entryKey, inputs);
    return { name, file, hash, path, inputs };
  }

  /** Compiles when needed, imports the module and checks its default export. Throws MappingError. */
  async load(name: string): Promise<MappingScript> {
    const compiled = await this.compile(name);
    const cached = this.#scripts.get(compiled.hash);
    if (cached) return cached.name === name ? cached : { ...cached, name };
    const pending = this.#inflight.get(compiled.hash) ?? this.#import(compiled);
    this.#inflight.set(compiled.hash, pending);
    try {
      const script = await pending;
      this.#scripts.set(compiled.hash, script);
      return script;
    } finally {
      this.#inflight.delete(compiled.hash);
    }
  }

  async #import(compiled: CompiledMapping): Promise<MappingScript> {
    let sourceMap: ScriptSourceMap | undefined;
    const scriptMap = (): ScriptSourceMap =>
      (sourceMap ??= {
        compiledPath: compiled.path,
        code: readFileSync(compiled.path, 'utf8'),
        cacheDir: this.cache,
        usersys: this.usersys,
      });
    const locate = (stack: string): string | undefined => locateInStack(stack, scriptMap());
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(compiled.path).href)) as { default?: unknown };
    } catch (error) {
      const at = error instanceof Error && error.stack ? locate(error.stack) : undefined;
      const message = `the script failed while loading: ${error instanceof Error ? error.message : String(error)}`;
      throw new MappingError([atProblem(at ?? compiled.file, message)]);
    }
    if (typeof module.default !== 'function')
      throw new MappingError([
        {
          file: compiled.file,
          line: 0,
          column: 0,
          message: 'the default export must be a function: export default function map(inn, out, ctx)',
        },
      ]);
    return {
      name: compiled.name,
      file: compiled.file,
      hash: compiled.hash,
      map: module.default as MappingFunction,
      locate,
    };
  }

  async #build(entry: string): Promise<{ code: string; inputs: string[] }> {
    this.#compiles++;
    try {
      const result = await build({
        entryPoints: [entry],
        absWorkingDir: this.usersys,
        bundle: true,
        write: false,
        metafile: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        sourcemap: 'inline',
        // Only the folder matters: source map paths are relative to it, and the real file is in it.
        outfile: join(this.cache, 'mapping.mjs'),
        logLevel: 'silent',
        tsconfigRaw: {},
        plugins: [confineImports(this.mappings)],
      });
      const output = result.outputFiles[0];
      if (!output) throw new Error('esbuild wrote no output');
      const entryRel = slash(relative(this.usersys, entry));
      const others = Object.keys(result.metafile.inputs)
        .map((p) => slash(p))
        .filter((p) => p !== entryRel)
        .sort();
      return { code: output.text, inputs: [entryRel, ...others] };
    } catch (error) {
      if (isBuildFailure(error))
        throw new MappingError(error.errors.map((m) => problemOf(m, entry, this.usersys)));
      throw error;
    }
  }

  /** The full content hash of the inputs, or undefined when one cannot be read (deleted: recompile). */
  #hashInputs(inputs: string[]): string | undefined {
    const hash = createHash('sha256').update(`${LOADER_VERSION}\0${esbuildVersion}\0`);
    for (const input of inputs) {
      const path = join(this.usersys, input);
      if (!existsSync(path)) return undefined;
      hash.update(`${input}\0`).update(readFileSync(path)).update('\0');
    }
    return hash.digest('hex');
  }

  #readManifest(entryKey: string): string[] | undefined {
    try {
      const inputs: unknown = JSON.parse(readFileSync(this.#manifestPath(entryKey), 'utf8'));
      if (!Array.isArray(inputs) || !inputs.every((i) => typeof i === 'string')) return undefined;
      const list = inputs as string[];
      this.#manifests.set(entryKey, list);
      return list;
    } catch {
      return undefined;
    }
  }

  #cachePath(hash: string): string {
    return join(this.cache, `${hash}.mjs`);
  }

  #manifestPath(entryKey: string): string {
    return join(this.cache, `${entryKey}.inputs.json`);
  }

  /** Temp file then rename: a reader never sees half a file, and concurrent writers write the same bytes. */
  #writeAtomic(path: string, text: string): void {
    mkdirSync(this.cache, { recursive: true });
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, text);
      renameSync(temp, path);
    } finally {
      rmSync(temp, { force: true });
    }
  }
}

/** `mappings/x.ts:12` or `mappings/x.ts:12:5` (as locateInStack gives) to a problem. */
function atProblem(at: string, message: string): MappingProblem {
  const match = /^(.*?):(\d+)(?::(\d+))?$/.exec(at);
  if (!match) return { file: at, line: 0, column: 0, message };
  return { file: match[1]!, line: Number(match[2]), column: Number(match[3] ?? 0), message };
}

/** Refuses every import that is not a relative path staying inside usersys/mappings. */
function confineImports(mappings: string): Plugin {
  return {
    name: 'bots-confine-mapping-imports',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const relativeImport = args.path.startsWith('./') || args.path.startsWith('../');
        if (!relativeImport)
          return {
            errors: [
              {
                text: `import "${args.path}" is not allowed: a mapping script may import only relative files inside usersys/mappings (no packages, no node builtins)`,
              },
            ],
          };
        const target = resolve(args.resolveDir, args.path);
        if (target !== mappings && !target.startsWith(mappings + sep))
          return { errors: [{ text: `import "${args.path}" leaves usersys/mappings` }] };
        return undefined; // esbuild resolves it (extensions, './x.js' for x.ts)
      });
    },
  };
}

function isBuildFailure(error: unknown): error is { errors: Message[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors);
}

/** An esbuild message to a problem: file relative to usersys, 1-based column counted in characters. */
function problemOf(message: Message, entry: string, usersys: string): MappingProblem {
  const location = message.location;
  if (!location) return { file: slash(relative(usersys, entry)), line: 0, column: 0, message: message.text };
  const column =
    Buffer.from(location.lineText, 'utf8').subarray(0, location.column).toString('utf8').length + 1;
  return { file: slash(location.file), line: location.line, column, message: message.text };
}
