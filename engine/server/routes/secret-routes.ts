/**
 * Secrets (admin only): list names and dates, set a value, remove. A value goes in and never comes out: no answer,
 * log line, export or audit entry holds it. Answers 503 when the workspace has no secrets key (BOTS_SECRET_KEY or
 * config/secrets.key from `bots init`).
 */
import { z } from 'zod';
import { SecretBox } from '../../runtime/secret-box.js';
import { SecretError, workspaceKeyProvider } from '../../runtime/key-provider.js';
import {
  MAX_SECRET_BYTES,
  SecretStore,
  SecretStoreError,
  type SecretInfo,
} from '../../runtime/secret-store.js';
import { defineRoute, type AnyRoute } from '../api-route.js';
import { actorOf, ADMIN } from '../auth/principal.js';
import { badRequest, HttpError, notFound } from '../http-error.js';
import { iso, timestamp } from '../schemas/common.js';
import type { WebContext } from '../web-context.js';
import { answering, audit } from './route-helpers.js';

const secretSchema = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'Secret', description: 'A stored secret, without its value' });

const nameParams = z.object({ name: z.string().min(1).max(64) });

function secretJson(info: SecretInfo): z.infer<typeof secretSchema> {
  return { ...info, createdAt: iso(info.createdAt), updatedAt: iso(info.updatedAt) };
}

function secretsOf(web: WebContext): SecretStore {
  return new SecretStore(web.store, () => {
    try {
      return SecretBox.forWorkspace(web.layout, workspaceKeyProvider(web.layout));
    } catch (error) {
      if (error instanceof SecretError) throw new HttpError(503, 'no_secrets_key', error.message);
      throw error;
    }
  });
}

function secretCall<T>(work: () => Promise<T>): Promise<T> {
  return answering(work, (error) =>
    error instanceof SecretStoreError
      ? error.code === 'not_found'
        ? notFound(error.message)
        : badRequest(error.message)
      : undefined,
  );
}

export const secretRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/secrets',
    tag: 'secrets',
    summary: 'List secrets (names only)',
    access: ADMIN,
    response: z.object({ items: z.array(secretSchema) }),
    async handler({ web }) {
      return { items: (await secretsOf(web).list()).map(secretJson) };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/secrets/{name}',
    tag: 'secrets',
    summary: 'Set a secret',
    description: 'Creates or replaces the value. The value is encrypted at once and never shown again.',
    access: ADMIN,
    params: nameParams,
    body: z.object({
      value: z.string().min(1).max(MAX_SECRET_BYTES),
      description: z.string().max(500).nullable().optional(),
    }),
    response: secretSchema,
    errors: [503],
    async handler(call) {
      const { info, created } = await secretCall(() =>
        secretsOf(call.web).set(call.params.name, call.body.value, {
          description: call.body.description,
          by: actorOf(call.principal!),
          now: call.web.now(),
        }),
      );
      await audit(call, {
        action: created ? 'create' : 'update',
        entity: 'secret',
        entityId: info.name,
        after: secretJson(info),
      });
      return secretJson(info);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/secrets/{name}',
    tag: 'secrets',
    summary: 'Remove a secret',
    access: ADMIN,
    params: nameParams,
    status: 204,
    response: undefined,
    errors: [404],
    async handler(call) {
      const info = await secretCall(() => secretsOf(call.web).remove(call.params.name));
      await audit(call, {
        action: 'delete',
        entity: 'secret',
        entityId: info.name,
        before: secretJson(info),
      });
    },
  }),
];
