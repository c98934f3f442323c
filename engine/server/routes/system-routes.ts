/**
 * The workspace as a whole: system information (viewer), the roles' log files (admin), and the plugin zip (admin, audited): export the whole
 * setup (configuration and usersys files), or import one, checked completely before anything changes
 * (runtime/plugin-zip.ts: no paths outside usersys, no links, size and ratio limits).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { databaseChoice } from '../../runtime/database-config.js';
import { importPlugin, PluginError, writePluginZip } from '../../runtime/plugin-zip.js';
import { productVersion } from '../../runtime/product-version.js';
import { roleLogFile, tailRoleLog } from '../../runtime/role-log.js';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { ADMIN, VIEWER } from '../auth/principal.js';
import { badRequest } from '../http-error.js';
import { audit } from './route-helpers.js';

/** Runs work with a private temporary folder that is removed afterwards. */
async function inTemporaryFolder<T>(work: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'bots-plugin-'));
  try {
    return await work(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const startedAt = new Date();

export const systemRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/system',
    tag: 'system',
    summary: 'Show the version, the database and the workspace',
    access: VIEWER,
    response: z.object({
      version: z.string(),
      node: z.string(),
      platform: z.string(),
      database: z.object({
        kind: z.enum(['sqlite', 'mysql']),
        location: z.string().describe('Never with a password'),
      }),
      workspace: z.string(),
      dataFolder: z.string(),
      startedAt: z.string().describe('When this web process started'),
      pendingMigrations: z.number().int().nullable(),
    }),
    async handler({ web }) {
      const choice = databaseChoice(web.layout);
      const health = await web.store.health();
      return {
        version: productVersion(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        database: { kind: web.store.kind, location: choice.kind === 'sqlite' ? choice.file : choice.display },
        workspace: web.layout.home,
        dataFolder: web.layout.data,
        startedAt: startedAt.toISOString(),
        pendingMigrations: health.pendingMigrations ?? null,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/logs/{role}',
    tag: 'system',
    summary: "Show the end of a role's log",
    description:
      'The roles `bots serve` runs write botssys/logs/<role>.log; a role run on its own (a container) logs to its output instead, and this answers no lines.',
    access: ADMIN,
    params: z.object({ role: z.enum(['web', 'worker', 'scheduler', 'dirmonitor']) }),
    query: z.object({ lines: z.coerce.number().int().min(1).max(5000).default(200) }),
    response: z.object({ role: z.string(), file: z.string(), lines: z.array(z.string()) }),
    async handler({ params, query, web }) {
      return {
        role: params.role,
        file: roleLogFile(web.layout.logs, params.role),
        lines: tailRoleLog(web.layout.logs, params.role, query.lines),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/plugin',
    tag: 'system',
    summary: 'Export the whole setup as a plugin zip',
    access: ADMIN,
    response: z.string().meta({ format: 'binary' }),
    produces: 'application/zip',
    async handler(call) {
      const zip = await inTemporaryFolder(async (folder) => {
        const file = join(folder, 'plugin.zip');
        await writePluginZip(file, await call.web.store.config.read(), call.web.layout.usersys);
        return readFileSync(file);
      });
      await audit(call, { action: 'export-plugin', entity: 'plugin' });
      await call.reply
        .type('application/zip')
        .header(
          'content-disposition',
          `attachment; filename="bots-plugin-${call.web.now().toISOString().slice(0, 10)}.zip"`,
        )
        .send(zip);
      return '';
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/plugin',
    tag: 'system',
    summary: 'Import a plugin zip: usersys files and the whole configuration',
    description:
      'Send the zip as the body with Content-Type application/zip. A refused zip changes nothing (400 names the entry and the rule).',
    access: ADMIN,
    consumes: 'application/zip',
    body: z.instanceof(Buffer),
    response: z.object({
      installed: z.array(z.string()).describe('usersys files written, relative to the workspace'),
    }),
    async handler(call) {
      const imported = await inTemporaryFolder(async (folder) => {
        const file = join(folder, 'upload.zip');
        writeFileSync(file, call.body);
        try {
          return await importPlugin(call.web.store, call.web.layout.usersys, file);
        } catch (error) {
          if (error instanceof PluginError)
            throw badRequest(
              `The plugin is refused: ${error.message.replace(file, 'the upload')}; nothing was changed`,
              error.problems.map((message) => ({ path: 'plugin.json', message })),
            );
          throw error;
        }
      });
      const installed = imported.installed.map((path) => relative(call.web.layout.home, path));
      await audit(call, {
        action: 'import-plugin',
        entity: 'config',
        before: imported.before,
        after: { ...imported.after, usersysFiles: installed },
      });
      return { installed };
    },
  }),
];
