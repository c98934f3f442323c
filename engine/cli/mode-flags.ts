/** The engine's mode flags (`--new`, `--resend`, ...), shared by `bots engine` and `bots job add`. */
import type { EngineMode } from '../runtime/run-engine.js';
import { UsageError } from './usage-error.js';

export type ModeFlags = Partial<Record<EngineMode, boolean | string | undefined>>;

const MODES: readonly EngineMode[] = ['new', 'resend', 'rereceive', 'retry', 'cleanup'];

/** The one mode given (default `new`); cleanup takes no routes. */
export function modeOf(options: ModeFlags, routes: readonly string[]): EngineMode {
  const modes = MODES.filter((mode) => options[mode] === true);
  if (modes.length > 1)
    throw new UsageError(`give one mode, not ${modes.map((m) => `--${m}`).join(' and ')}`);
  const mode = modes[0] ?? 'new';
  if (mode === 'cleanup' && routes.length > 0)
    throw new UsageError('--cleanup works on the whole workspace; it takes no routes');
  return mode;
}
