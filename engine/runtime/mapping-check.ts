/**
 * `bots mapping check`: compiles mapping scripts (syntax, imports) and type-checks them with the TypeScript
 * compiler API when the `typescript` package is installed (a devDependency: after `npm ci --omit=dev` only the
 * syntax is checked, and the result says so).
 *
 * Type checking: every .ts/.mts script is a root of one program with strict options, ES2023 and no ambient
 * types (no node types: scripts do no I/O of their own). `bots-edi/mapping` resolves to the mapping API types
 * (engine/core/mapping-api.ts; in dist its emitted mapping-api.d.ts). JavaScript scripts are compiled but not type-checked.
 * Problems are relative to usersys (`mappings/x12/a.ts:3:7: message`), sorted by file and position, and a type
 * diagnostic at a line where compiling already reported a problem is not repeated.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';
import {
  MappingError,
  SCRIPT_EXTENSIONS,
  type MappingLoader,
  type MappingProblem,
} from './mapping-loader.js';

type TypeScriptModule = typeof TypeScript;

export interface MappingCheckResult {
  /** The checked entry files relative to usersys. */
  scripts: string[];
  problems: MappingProblem[];
  /** False when the typescript package is missing (only syntax and imports were checked). */
  typeChecked: boolean;
}

export interface MappingCheckOptions {
  /** Loads the TypeScript compiler; undefined when it is not installed. Tests replace it. */
  loadTypeScript?: () => Promise<TypeScriptModule | undefined>;
}

/** Every script file under usersys/mappings, relative to it (`x12/850-to-xml.ts`), sorted; .d.ts excluded. */
export function listMappingScripts(mappings: string): string[] {
  if (!existsSync(mappings)) return [];
  const names = readdirSync(mappings, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split(sep).join('/'))
    .filter((p) => SCRIPT_EXTENSIONS.some((ext) => p.endsWith(ext)) && !/\.d\.m?ts$/.test(p));
  return names.sort();
}

export async function checkMappings(
  loader: MappingLoader,
  names: string[] = [],
  options: MappingCheckOptions = {},
): Promise<MappingCheckResult> {
  const wanted = names.length > 0 ? names : listMappingScripts(loader.mappings);
  const problems: MappingProblem[] = [];
  const scripts: string[] = [];
  const entries: string[] = [];
  for (const name of wanted) {
    try {
      entries.push(loader.resolve(name));
      const compiled = await loader.compile(name);
      scripts.push(compiled.file);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      problems.push(...error.problems);
      scripts.push(error.problems[0]?.file ?? `mappings/${name}`);
    }
  }

  const ts = await (options.loadTypeScript ?? importTypeScript)();
  if (ts) {
    const typeRoots = entries.filter((e) => e.endsWith('.ts') || e.endsWith('.mts'));
    const seen = new Set(problems.map((p) => `${p.file}:${p.line}`));
    for (const problem of typeCheck(ts, typeRoots, loader.usersys))
      if (!seen.has(`${problem.file}:${problem.line}`)) problems.push(problem);
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { scripts: [...new Set(scripts)], problems, typeChecked: ts !== undefined };
}

async function importTypeScript(): Promise<TypeScriptModule | undefined> {
  try {
    const module = (await import('typescript')) as TypeScriptModule & { default?: TypeScriptModule };
    return module.default ?? module;
  } catch {
    return undefined;
  }
}

/** The mapping API types: engine/core/mapping-api.ts in the sources, dist/core/mapping-api.d.ts after a build. */
function mappingApiFile(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const emitted = join(here, '..', 'core', 'mapping-api.d.ts');
  return existsSync(emitted) ? emitted : join(here, '..', 'core', 'mapping-api.ts');
}

function typeCheck(ts: TypeScriptModule, roots: string[], usersys: string): MappingProblem[] {
  if (roots.length === 0) return [];
  const program = ts.createProgram(roots, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
    skipLibCheck: true,
    isolatedModules: true,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    paths: { 'bots-edi/mapping': [mappingApiFile()] },
  });
  const problems: MappingProblem[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').replace(/\n\s*/g, ' ');
    if (!d.file || d.start === undefined) {
      problems.push({ file: 'mappings', line: 0, column: 0, message });
      continue;
    }
    const at = d.file.getLineAndCharacterOfPosition(d.start);
    problems.push({
      file: relative(usersys, d.file.fileName).split(sep).join('/'),
      line: at.line + 1,
      column: at.character + 1,
      message,
    });
  }
  return problems;
}
