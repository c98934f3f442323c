/**
 * Maps a stack trace of an error thrown inside a compiled mapping script back to the script's source:
 * `mappings/x12/850-to-xml.ts:12:7`. The compiled module carries an inline source map (see mapping-loader.ts);
 * it is decoded here with node:module's SourceMap, so this works whether or not the process runs with
 * --enable-source-maps. When source maps are enabled, frames already name the source file, and those are
 * taken as they are. The topmost frame inside the script (or a file it imported) wins.
 */
import { SourceMap, type SourceMapPayload } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ScriptSourceMap {
  /** The compiled module file (botssys/cache/mappings/<hash>.mjs). */
  compiledPath: string;
  /** Its text, holding the inline source map. */
  code: string;
  /** The folder the map's source paths are relative to. */
  cacheDir: string;
  usersys: string;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
/** `at f (PATH:LINE:COL)` or `at PATH:LINE:COL`; PATH may be a file: URL. */
const FRAME = /^\s*at (?:.*?\()?(.+?):(\d+):(\d+)\)?$/;

const decoded = new WeakMap<ScriptSourceMap, SourceMap | null>();

function sourceMapOf(script: ScriptSourceMap): SourceMap | undefined {
  let map = decoded.get(script);
  if (map === undefined) {
    const match = INLINE_MAP.exec(script.code);
    map = match
      ? new SourceMap(JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as SourceMapPayload)
      : null;
    decoded.set(script, map);
  }
  return map ?? undefined;
}

function toPath(location: string): string | undefined {
  if (location.startsWith('file:')) {
    try {
      return fileURLToPath(location);
    } catch {
      return undefined;
    }
  }
  return isAbsolute(location) ? location : undefined;
}

/** `mappings/...:LINE:COL` of the topmost frame in the script, or undefined when no frame is in it. */
export function locateInStack(stack: string, script: ScriptSourceMap): string | undefined {
  const mappings = resolve(script.usersys, 'mappings');
  for (const line of stack.split('\n')) {
    const frame = FRAME.exec(line);
    if (!frame) continue;
    const path = toPath(frame[1]!);
    if (!path) continue;
    const lineNumber = Number(frame[2]);
    const column = Number(frame[3]);
    if (path === script.compiledPath) {
      const entry = sourceMapOf(script)?.findEntry(lineNumber - 1, column - 1);
      if (!entry || !('originalSource' in entry)) continue;
      const source = toPath(entry.originalSource) ?? resolve(script.cacheDir, entry.originalSource);
      return `${usersysRelative(source, script.usersys)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    }
    if (path.startsWith(mappings + sep))
      return `${usersysRelative(path, script.usersys)}:${lineNumber}:${column}`;
  }
  return undefined;
}

function usersysRelative(path: string, usersys: string): string {
  return relative(usersys, path).split(sep).join('/');
}
