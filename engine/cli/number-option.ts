import { UsageError } from './usage-error.js';

/**
 * A numeric option such as `--poll 0.5`: undefined when not given, else a finite number of at least `least`
 * (use Number.MIN_VALUE for "more than 0"); anything else is a usage error that names the flag and the unit.
 */
export function numberOption(
  flag: string,
  text: string | undefined,
  least: number,
  unit = 'seconds',
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < least)
    throw new UsageError(`${flag} needs a number of ${unit}; got "${text}"`);
  return value;
}
