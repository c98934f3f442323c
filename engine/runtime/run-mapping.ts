/**
 * Runs one loaded mapping script for one message. Contract: runMapping never throws and never rejects; a throw
 * (or rejected promise) inside the script becomes a MappingFailure value whose `location` is the script line
 * that threw, `mappings/x12/850-to-xml.ts:12`, so that one message's failure cannot stop the others.
 */
import type { MappingContext, MappingInput, MappingOutput } from '../core/mapping-api.js';
import type { MappingScript } from './mapping-loader.js';

export interface MappingFailure {
  /** The script name (`x12/850-to-xml`). */
  script: string;
  /** `mappings/x12/850-to-xml.ts:12` (the throwing line), or the script file when no line is known. */
  location: string;
  /** The thrown error's message. */
  message: string;
  /** What was thrown, for logs (stack traces). */
  error: unknown;
}

export type MappingResult = { ok: true; value: unknown } | { ok: false; failure: MappingFailure };

export async function runMapping(
  script: MappingScript,
  inn: MappingInput,
  out: MappingOutput,
  ctx: MappingContext,
): Promise<MappingResult> {
  try {
    return { ok: true, value: await script.map(inn, out, ctx) };
  } catch (error) {
    return { ok: false, failure: failureOf(script, error) };
  }
}

function failureOf(script: MappingScript, error: unknown): MappingFailure {
  let stack: string | undefined;
  let message: string;
  try {
    stack = error instanceof Error ? error.stack : undefined;
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = 'the script threw a value that cannot be shown'; // a hostile getter or toString
  }
  const at = stack ? script.locate(stack) : undefined;
  // The location names the line only (`file:LINE`); the column stays in the stack for logs.
  const location = at ? at.replace(/:\d+$/, '') : script.file;
  return { script: script.name, location, message, error };
}
