import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretError, workspaceKeyProvider } from '../../../engine/runtime/key-provider.js';
import { isEncrypted, SecretBox } from '../../../engine/runtime/secret-box.js';
import { createWorkspaceFolders, workspaceLayout } from '../../../engine/runtime/workspace.js';

function workspace() {
  const layout = workspaceLayout(mkdtempSync(join(tmpdir(), 'bots-secrets-')));
  createWorkspaceFolders(layout);
  return layout;
}

describe('secrets at rest', () => {
  it('encrypts with the workspace data key and decrypts back; the same text encrypts differently each time', () => {
    const layout = workspace();
    const box = SecretBox.forWorkspace(layout, workspaceKeyProvider(layout, {}, true));
    const a = box.encrypt('s3cret password');
    const b = box.encrypt('s3cret password');
    expect(isEncrypted(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(box.decrypt(a)).toBe('s3cret password');
    const again = SecretBox.forWorkspace(layout, workspaceKeyProvider(layout, {}));
    expect(again.decrypt(b)).toBe('s3cret password');
  });

  it('keeps the key file private and the data key only wrapped', () => {
    const layout = workspace();
    SecretBox.forWorkspace(layout, workspaceKeyProvider(layout, {}, true));
    expect(statSync(join(layout.config, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(layout.config, 'data-key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(layout.config, 'data-key'), 'utf8').trim().length).toBeGreaterThan(44);
  });

  it('refuses tampered values and values of another workspace with a plain error', () => {
    const one = workspace();
    const two = workspace();
    const boxOne = SecretBox.forWorkspace(one, workspaceKeyProvider(one, {}, true));
    const boxTwo = SecretBox.forWorkspace(two, workspaceKeyProvider(two, {}, true));
    const value = boxOne.encrypt('hello');
    const tampered = value.slice(0, -2) + (value.endsWith('A') ? 'BB' : 'AA');
    expect(() => boxOne.decrypt(tampered)).toThrow(SecretError);
    expect(() => boxTwo.decrypt(value)).toThrow(
      /cannot be decrypted: it was changed, or encrypted with another key/,
    );
    expect(() => boxOne.decrypt('plain')).toThrow(/not an encrypted secret/);
  });

  it('prefers BOTS_SECRET_KEY, checks its size, and needs a key before one is created', () => {
    const layout = workspace();
    const env = { BOTS_SECRET_KEY: randomBytes(32).toString('base64') };
    const provider = workspaceKeyProvider(layout, env);
    expect(provider.description).toBe('BOTS_SECRET_KEY');
    const box = SecretBox.forWorkspace(layout, provider);
    expect(SecretBox.forWorkspace(layout, workspaceKeyProvider(layout, env)).decrypt(box.encrypt('x'))).toBe(
      'x',
    );
    expect(() => workspaceKeyProvider(layout, { BOTS_SECRET_KEY: 'c2hvcnQ=' })).toThrow(
      /must hold 32 bytes, not 5/,
    );
    expect(() => workspaceKeyProvider(workspace(), {})).toThrow(/set BOTS_SECRET_KEY or run `bots init`/);
    const wrongKey = { BOTS_SECRET_KEY: randomBytes(32).toString('base64') };
    expect(() => SecretBox.forWorkspace(layout, workspaceKeyProvider(layout, wrongKey))).toThrow(SecretError);
  });
});
