/**
 * `bots config export [FILE]` and `bots config import FILE`: the configuration held in the database as a document
 * (JSON, or YAML by extension; docs/schemas/config.v1.schema.json). Import checks the whole document first and
 * replaces the configuration in one transaction, so a bad file changes nothing.
 */
import { ConfigError } from '../core/config-check.js';
import { configText, isYamlPath, readConfigFile, writeConfigFile } from '../runtime/config-file.js';
import { checkInputFile } from './input-file.js';
import { auditCli } from './cli-audit.js';
import type { Output } from './output.js';
import { withStore } from './store-access.js';
import { UsageError } from './usage-error.js';

export async function configExport(
  file: string | undefined,
  options: { home?: string; yaml?: boolean },
  out: Output,
): Promise<number> {
  return withStore(options.home, async ({ store }) => {
    const doc = await store.config.read();
    if (file === undefined) out.stdout(configText(doc, options.yaml ? 'yaml' : 'json'));
    else {
      writeConfigFile(file, doc);
      out.stdout(`configuration written to ${file} (${isYamlPath(file) ? 'YAML' : 'JSON'})\n`);
    }
    return 0;
  });
}

export async function configImport(file: string, options: { home?: string }, out: Output): Promise<number> {
  checkInputFile(file);
  let doc;
  try {
    doc = readConfigFile(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) out.stderr(`${file}: ${problem}\n`);
    throw new UsageError(
      `${file} is not a valid configuration (${error.problems.length} problem(s)); nothing was changed`,
    );
  }
  return withStore(options.home, async ({ store, description }) => {
    await store.migrate();
    const before = await store.config.read();
    await store.config.replace(doc);
    await auditCli(store, { action: 'import', entity: 'config', before, after: await store.config.read() });
    out.stdout(
      `configuration imported into ${description}: ${doc.channels.length} channels, ${doc.routes.length} route parts, ${doc.translations.length} translations, ${doc.partners.length} partners\n`,
    );
    return 0;
  });
}
