import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  SettingsError,
  settingsPath,
  writeDefaultSettings,
} from '../../../engine/runtime/settings.js';
import { createWorkspaceFolders, workspaceLayout } from '../../../engine/runtime/workspace.js';
import { bots } from '../../helpers/cli.js';
import { interchange } from '../../helpers/x12.js';

function workspace() {
  const layout = workspaceLayout(mkdtempSync(join(tmpdir(), 'bots-settings-')));
  createWorkspaceFolders(layout);
  return layout;
}

describe('settings', () => {
  it('are the defaults without a file, and the file writes the defaults once', () => {
    const layout = workspace();
    expect(loadSettings(layout, {})).toEqual(DEFAULT_SETTINGS);
    expect(writeDefaultSettings(layout)).toBe(true);
    expect(writeDefaultSettings(layout)).toBe(false);
    expect(JSON.parse(readFileSync(settingsPath(layout), 'utf8'))).toEqual(DEFAULT_SETTINGS);
  });

  it('take the file over the defaults and the environment over the file', () => {
    const layout = workspace();
    writeFileSync(settingsPath(layout), JSON.stringify({ logLevel: 'debug', limits: { issuesPerFile: 5 } }));
    const fromFile = loadSettings(layout, {});
    expect(fromFile.logLevel).toBe('debug');
    expect(fromFile.limits).toEqual({ ...DEFAULT_SETTINGS.limits, issuesPerFile: 5 });
    const fromEnv = loadSettings(layout, { LOG_LEVEL: 'WARN', BOTS_ISSUES_PER_FILE: '7' });
    expect(fromEnv.logLevel).toBe('warn');
    expect(fromEnv.limits.issuesPerFile).toBe(7);
  });

  it('name what is wrong in a bad file or variable', () => {
    const layout = workspace();
    const file = settingsPath(layout);
    const fails = (content: unknown, env: NodeJS.ProcessEnv = {}) => {
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return () => loadSettings(layout, env);
    };
    expect(fails('{"logLevel":')).toThrow(SettingsError);
    expect(fails({ logLevel: 'loud' })).toThrow(`${file}: logLevel must be one of error, warn, info, debug`);
    expect(fails({ limits: { issuesPerFile: -1 } })).toThrow(
      `${file}: limits.issuesPerFile must be a whole number >= 0, not -1`,
    );
    expect(fails({ limits: { nope: 1 } })).toThrow(/limits.nope is not a setting/);
    expect(fails({ color: 'red' })).toThrow(/"color" is not a setting/);
    expect(fails({}, { BOTS_LEASE_SECONDS: 'soon' })).toThrow(
      'environment variable BOTS_LEASE_SECONDS must be a whole number >= 0, not null',
    );
  });

  it('limit the issues bots validate keeps per file', () => {
    const layout = workspace();
    writeFileSync(settingsPath(layout), JSON.stringify({ limits: { issuesPerFile: 1 } }));
    const file = join(layout.home, 'two-errors.x12');
    writeFileSync(file, interchange([['BEG*00*SA*PO1**20241345', 'DTM*002*20241399']]));
    const result = bots(['validate', file], { env: { BOTS_HOME: layout.home } });
    expect(result.stdout).toContain('more issue(s) not shown (limit 1');
    const broken = bots(['validate', file], { env: { BOTS_HOME: layout.home, LOG_LEVEL: 'loud' } });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('environment variable LOG_LEVEL must be one of');
  });
});
