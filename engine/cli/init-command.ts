/**
 * `bots init [DIR]`: creates the workspace (config, usersys, botssys folders), the secrets key and the wrapped
 * data key (config/secrets.key unless BOTS_SECRET_KEY is set; config/data-key), the database (SQLite in the
 * workspace unless DB_HOST names MySQL), applies the migrations and, when the database holds no configuration
 * yet, installs the sample configuration with the folders of its in-channels. Running it again changes nothing
 * that exists. Says where everything is.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceKeyProvider } from '../runtime/key-provider.js';
import { installSampleFiles, sampleConfig } from '../runtime/sample-config.js';
import { SecretBox } from '../runtime/secret-box.js';
import { settingsPath, writeDefaultSettings } from '../runtime/settings.js';
import { createWorkspaceFolders, workspaceHome, workspaceLayout } from '../runtime/workspace.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';

export interface InitOptions {
  home?: string;
  sample?: boolean;
}

export async function initCommand(
  dir: string | undefined,
  options: InitOptions,
  out: Output,
): Promise<number> {
  const home = workspaceHome(dir ?? options.home);
  const layout = workspaceLayout(home);
  const created = createWorkspaceFolders(layout);
  out.stdout(`workspace: ${home}${created.length === 0 ? ' (already there)' : ''}\n`);
  if (writeDefaultSettings(layout)) out.stdout(`settings: ${settingsPath(layout)} (defaults)\n`);
  const keys = workspaceKeyProvider(layout, process.env, true);
  SecretBox.forWorkspace(layout, keys);
  out.stdout(`secrets: data key in ${join(layout.config, 'data-key')}, wrapped with ${keys.description}\n`);
  return withStore(home, async ({ store, description }) => {
    await store.migrate();
    out.stdout(`database: ${description} (migrations applied)\n`);
    const current = await store.config.read();
    const empty =
      current.channels.length === 0 && current.routes.length === 0 && current.partners.length === 0;
    if (!empty) {
      out.stdout('configuration: kept as it is (the database already holds one)\n');
      return 0;
    }
    if (options.sample === false) {
      out.stdout('configuration: empty (--no-sample); import one with `bots config import FILE`\n');
      return 0;
    }
    const sample = sampleConfig();
    await store.config.replace(sample);
    for (const channel of sample.channels) {
      const folder = join(layout.data, channel.path);
      if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
    }
    const files = installSampleFiles(home);
    const samples = files.filter((f) => f.startsWith('samples/')).length;
    out.stdout(
      `sample files: ${files.length - samples} mapping scripts and grammars in ${layout.usersys}, ${samples} input files in ${join(home, 'samples')}\n`,
    );
    out.stdout(
      `configuration: sample installed (${sample.channels.length} channels, ${sample.routes.length} route parts, ${sample.translations.length} translations, ${sample.partners.length} partners)\n`,
    );
    const inbound = sample.channels.filter((c) => c.direction === 'in').map((c) => join(layout.data, c.path));
    out.stdout(`drop files into: ${[...new Set(inbound)].join(', ')}\n`);
    return 0;
  });
}
