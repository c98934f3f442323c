/**
 * Path confinement (DESIGN.md "Limits and path safety"): a path built from configuration and EDI data must stay
 * inside its root folder; a violation is a PathSafetyError, never a write outside.
 *
 * "Inside" is checked twice: lexically (path.resolve of root + relative) and physically (the real path of the
 * longest existing ancestor, with the not-yet-existing rest appended, must be inside the real path of the
 * root), so a symbolic link in the root's tree cannot lead out. The root itself may be (or lie under) a
 * symbolic link: it is configuration, and both sides are compared after realpath. A symbolic link that leads
 * nowhere (dangling) is refused, since writing through it would create its target wherever it points.
 *
 * The check holds at the moment of the call: a link swapped in between the check and the write is not
 * covered (that needs openat/O_NOFOLLOW, which Node does not offer portably).
 */
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative as relativePath, resolve } from 'node:path';

export class PathSafetyError extends Error {
  override name = 'PathSafetyError';
  constructor(
    /** The folder the path must stay inside, as given. */
    readonly root: string,
    /** The path as given (relative to root, or absolute for ensureInside). */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The absolute path of `relative` under `root` (root itself counts as inside), after checking that neither
 * ".." parts, an absolute `relative`, nor a symbolic link among its existing folders leads outside `root`.
 * Neither root nor the path need exist. Throws PathSafetyError naming both.
 */
export function resolveInside(root: string, relative: string): string {
  const base = resolve(root);
  const target = resolve(base, relative);
  if (!contains(base, target))
    throw new PathSafetyError(
      root,
      relative,
      `The path "${relative}" resolves to ${target}, which is outside the folder ${base}`,
    );
  const realBase = realPathOf(base, root, relative);
  const realTarget = realPathOf(target, root, relative);
  if (!contains(realBase, realTarget))
    throw new PathSafetyError(
      root,
      relative,
      `The path "${relative}" leads through a symbolic link to ${realTarget}, which is outside the folder ${base} (${realBase})`,
    );
  return target;
}

/**
 * The real path of an existing `path` (absolute, or relative to `root`) after checking that it is inside
 * `root`, links followed. Throws PathSafetyError naming both when it is outside, and the file system's own
 * error (ENOENT) when it does not exist.
 */
export function ensureInside(root: string, path: string): string {
  const real = realpathSync(resolveInside(root, path));
  const realRoot = realpathSync(resolve(root));
  if (!contains(realRoot, real))
    throw new PathSafetyError(
      root,
      path,
      `The path "${path}" is ${real}, which is outside the folder ${realRoot}`,
    );
  return real;
}

/** Whether `path` is `folder` or below it (both absolute and normalised). */
function contains(folder: string, path: string): boolean {
  const rel = relativePath(folder, path);
  return !isAbsolute(rel) && rel.split(/[\\/]/)[0] !== '..';
}

/**
 * The real path of the longest existing ancestor of the absolute `path` (links included: lstat, not stat),
 * with the rest appended. A dangling link (realpath fails although lstat found it) is refused.
 */
function realPathOf(path: string, root: string, given: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!exists(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(basename(existing));
    existing = parent;
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch (error) {
    throw new PathSafetyError(
      root,
      given,
      `The path "${given}" leads through ${existing}, a symbolic link that cannot be followed (${(error as Error).message})`,
    );
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * resolveInside for many files in few folders: the folder part of each path is checked once (lexically and
 * physically, then remembered); the last part is joined after a lexical check only (not empty, `.` or `..`, no
 * separator). Meant for names the engine creates or lists itself (new files are opened with O_EXCL, renames
 * replace a link instead of following it), where checking every file's real path would cost a system call
 * per folder level per file. A folder created or swapped after its first check is not checked again.
 */
export class FolderResolver {
  private readonly folders = new Map<string, string>();

  constructor(readonly root: string) {}

  resolve(relative: string): string {
    const slash = relative.lastIndexOf('/');
    const folderPart = slash < 0 ? '' : relative.slice(0, slash);
    const name = relative.slice(slash + 1);
    if (name === '' || name === '.' || name === '..' || name.includes('\\'))
      throw new PathSafetyError(this.root, relative, `The path "${relative}" does not end in a file name`);
    let folder = this.folders.get(folderPart);
    if (folder === undefined) {
      folder = resolveInside(this.root, folderPart);
      this.folders.set(folderPart, folder);
    }
    return join(folder, name);
  }
}
