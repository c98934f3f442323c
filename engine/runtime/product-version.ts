/** The product's version, from the package root's package.json (the same path from engine/ and from dist/). */
import { readFileSync } from 'node:fs';

let version: string | undefined;

export function productVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}
