/** Checks a path given on the command line before it is read, so an unreadable path is a usage error (exit 2). */
import { accessSync, constants, statSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export function checkInputFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
    accessSync(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot read it (${code ?? 'unknown error'})`;
    throw new UsageError(`${path}: ${reason}`);
  }
  if (!isFile) throw new UsageError(`${path}: not a file (give the path of an EDI file)`);
}
