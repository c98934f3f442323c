/**
 * `bots config pack FILE.zip` and `bots config unpack FILE.zip`: a whole setup (the configuration plus the
 * usersys/ files) in one plugin zip (engine/runtime/plugin-zip.ts). Unpack checks everything first: the zip
 * entry by entry (zip-slip, symlinks, sizes, ratio), plugin.json as a configuration document, where every file
 * would go, and that the database can be opened; only then are the usersys files installed and the
 * configuration replaced, so a refused zip changes nothing. A refused zip is a usage error (exit 2) naming the
 * entry and the rule. Files in usersys/ that the zip does not hold are kept.
 *
 * The limits of plugin-zip.ts can be changed with BOTS_PLUGIN_MAX_ENTRIES, BOTS_PLUGIN_MAX_ENTRY_BYTES,
 * BOTS_PLUGIN_MAX_TOTAL_BYTES and BOTS_PLUGIN_MAX_RATIO (positive integers).
 */
import { extname, relative } from 'node:path';
import {
  importPlugin,
  PluginError,
  writePluginZip,
  type PluginContents,
  type PluginLimits,
} from '../runtime/plugin-zip.js';
import { checkInputFile } from './input-file.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

const LIMIT_VARIABLES: Record<string, keyof PluginLimits> = {
  BOTS_PLUGIN_MAX_ENTRIES: 'maxEntries',
  BOTS_PLUGIN_MAX_ENTRY_BYTES: 'maxEntryBytes',
  BOTS_PLUGIN_MAX_TOTAL_BYTES: 'maxTotalBytes',
  BOTS_PLUGIN_MAX_RATIO: 'maxRatio',
};

export async function configPack(file: string, options: { home?: string }, out: Output): Promise<number> {
  checkZipName(file);
  return withStore(options.home, async ({ store, layout }) => {
    const doc = await store.config.read();
    let entries: string[];
    try {
      entries = await writePluginZip(file, doc, layout.usersys);
    } catch (error) {
      if (error instanceof PluginError) throw new UsageError(`${error.message}; no zip was written`);
      throw error;
    }
    out.stdout(
      `plugin written to ${file}: configuration (${summary(doc)}) and ${entries.length} usersys file(s)\n`,
    );
    for (const entry of entries) out.stdout(`  ${entry}\n`);
    return 0;
  });
}

export async function configUnpack(file: string, options: { home?: string }, out: Output): Promise<number> {
  checkZipName(file);
  checkInputFile(file);
  const limits = limitsFromEnv(process.env);
  return withStore(options.home, async ({ store, layout, description }) => {
    await store.migrate();
    let imported: Awaited<ReturnType<typeof importPlugin>>;
    try {
      imported = await importPlugin(store, layout.usersys, file, limits);
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      for (const problem of error.problems) out.stderr(`${file}: plugin.json: ${problem}\n`);
      // Zip errors name the file already; install errors name only the entry.
      const where = error.message.startsWith(file) ? '' : `${file}: `;
      throw new UsageError(`${where}${error.message}; nothing was changed`);
    }
    await auditCli(store, {
      action: 'import-plugin',
      entity: 'config',
      before: imported.before,
      after: {
        ...imported.after,
        usersysFiles: imported.installed.map((path) => relative(layout.home, path)),
      },
    });
    out.stdout(`plugin ${file} unpacked into ${layout.home}\n`);
    out.stdout(`configuration replaced in ${description}: ${summary(imported.after)}\n`);
    out.stdout(`usersys files installed: ${imported.installed.length}\n`);
    for (const path of imported.installed) out.stdout(`  ${relative(layout.home, path)}\n`);
    return 0;
  });
}

function checkZipName(file: string): void {
  if (extname(file).toLowerCase() !== '.zip')
    throw new UsageError(`${file}: a plugin file name ends in .zip (for example my-setup.zip)`);
}

function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<PluginLimits> {
  const limits: Partial<PluginLimits> = {};
  for (const [variable, key] of Object.entries(LIMIT_VARIABLES)) {
    const text = env[variable];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`${variable} must be a positive whole number, not "${text}"`);
    limits[key] = value;
  }
  return limits;
}

function summary(doc: PluginContents['doc']): string {
  return `${doc.channels.length} channels, ${doc.routes.length} route parts, ${doc.translations.length} translations, ${doc.partners.length} partners`;
}
