// resolveInside / ensureInside: lexical and symbolic-link confinement against real temp folders.
// Time budget: well under 1 second.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureInside, PathSafetyError, resolveInside } from '../../../engine/runtime/safe-path.js';

const base = mkdtempSync(join(tmpdir(), 'bots-safe-path-'));
const root = join(base, 'root');
const outside = join(base, 'outside');
mkdirSync(join(root, 'in'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'in', 'a.edi'), 'x');
writeFileSync(join(outside, 'secret'), 'x');
symlinkSync(outside, join(root, 'escape'));
symlinkSync(join(root, 'in'), join(root, 'alias'));
symlinkSync(join(outside, 'secret'), join(root, 'file-link'));
symlinkSync(join(base, 'nowhere'), join(root, 'dangling'));

function safetyError(run: () => unknown): PathSafetyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PathSafetyError);
    return error as PathSafetyError;
  }
  throw new Error('no PathSafetyError');
}

describe('resolveInside', () => {
  it('returns the absolute path of a path inside the root, existing or not', () => {
    expect(resolveInside(root, 'in/a.edi')).toBe(join(root, 'in', 'a.edi'));
    expect(resolveInside(root, 'new/deeper/b.edi')).toBe(join(root, 'new', 'deeper', 'b.edi'));
    expect(resolveInside(root, 'in/../c.edi')).toBe(join(root, 'c.edi'));
    expect(resolveInside(root, '')).toBe(root);
  });

  it('refuses .. and absolute paths that leave the root, naming both', () => {
    const error = safetyError(() => resolveInside(root, '../outside/secret'));
    expect(error.root).toBe(root);
    expect(error.path).toBe('../outside/secret');
    expect(error.message).toBe(
      `The path "../outside/secret" resolves to ${join(outside, 'secret')}, which is outside the folder ${root}`,
    );
    safetyError(() => resolveInside(root, '/etc/passwd'));
    safetyError(() => resolveInside(root, '..'));
    // A sibling whose name starts with the root's name is not inside it.
    safetyError(() => resolveInside(root, '../root-other/x'));
  });

  it('refuses a symbolic-link folder that points outside', () => {
    const error = safetyError(() => resolveInside(root, 'escape/new.edi'));
    expect(error.message).toContain('leads through a symbolic link');
    expect(error.message).toContain(realpathSync(outside));
    expect(error.message).toContain(root);
    safetyError(() => resolveInside(root, 'escape/not/yet/there.edi'));
    safetyError(() => resolveInside(root, 'file-link'));
  });

  it('refuses a dangling symbolic link, which would create its target outside', () => {
    expect(safetyError(() => resolveInside(root, 'dangling')).message).toContain(
      'a symbolic link that cannot be followed',
    );
  });

  it('accepts a symbolic link that stays inside, and a root reached through a link', () => {
    expect(resolveInside(root, 'alias/a.edi')).toBe(join(root, 'alias', 'a.edi'));
    const linkedRoot = join(base, 'linked-root');
    symlinkSync(root, linkedRoot);
    expect(resolveInside(linkedRoot, 'in/a.edi')).toBe(join(linkedRoot, 'in', 'a.edi'));
    safetyError(() => resolveInside(linkedRoot, 'escape/x'));
  });

  it('works for a root that does not exist yet', () => {
    const later = join(base, 'later', 'out');
    expect(resolveInside(later, 'a/b.edi')).toBe(join(later, 'a', 'b.edi'));
    safetyError(() => resolveInside(later, '../../outside/x'));
  });
});

describe('ensureInside', () => {
  it('returns the real path of an existing path inside the root', () => {
    expect(ensureInside(root, 'alias/a.edi')).toBe(join(realpathSync(root), 'in', 'a.edi'));
    expect(ensureInside(root, join(root, 'in'))).toBe(join(realpathSync(root), 'in'));
  });

  it('refuses existing paths outside, links followed', () => {
    safetyError(() => ensureInside(root, 'escape/secret'));
    safetyError(() => ensureInside(root, 'file-link'));
    safetyError(() => ensureInside(root, join(outside, 'secret')));
  });

  it('reports a missing path with the file system error', () => {
    expect(() => ensureInside(root, 'in/missing.edi')).toThrow(/ENOENT/);
  });
});
