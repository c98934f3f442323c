/**
 * Keeps memory flat on long runs. V8 grows its young generation up to 3 x 16 MB while a process allocates
 * steadily, so validating a 500 MB file would end ~45 MB above a 5 MB one although the data kept stays the
 * same (one message at a time). V8 reads the young generation's size only at start-up, so for large inputs the
 * command runs again in a child process with `--max-semi-space-size` set (no measurable cost in speed); small
 * inputs are not worth the extra process start.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

/** Inputs from this size on are read in a child process with a small young generation (BOTS_LARGE_INPUT_BYTES). */
const LARGE_INPUT_BYTES = Number(process.env.BOTS_LARGE_INPUT_BYTES) || 64 * 1024 * 1024;
const FLAG = '--max-semi-space-size';
const SEMI_SPACE_MB = 2;

/**
 * Runs the same command line again in a child process when the files are large and the flag is not set yet;
 * returns its exit code, or undefined when the command should run here.
 */
export function rerunForLargeInput(files: string[]): number | undefined {
  // Under Electron process.execPath is the app, not Node: the desktop never runs these commands this way.
  if (process.versions.electron !== undefined || process.execArgv.some((arg) => arg.startsWith(FLAG)))
    return undefined;
  let total = 0;
  for (const file of files) {
    try {
      total += statSync(file).size;
    } catch {
      return undefined;
    }
  }
  if (total < LARGE_INPUT_BYTES) return undefined;
  if (process.argv.includes('--debug'))
    process.stderr.write(
      `bots: ${total} bytes of input: running in a child process with ${FLAG}=${SEMI_SPACE_MB}\n`,
    );
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, `${FLAG}=${SEMI_SPACE_MB}`, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  if (child.error) throw child.error;
  return child.status ?? 1;
}
