/**
 * The run modes besides `new` (Bots' --resend, --rereceive, --automaticretrycommunication), each over the
 * routes of the run:
 * - resend: every FILEOUT marked RESEND (markForResend) is sent again to its out-channel under the name it was
 *   sent with before (a new EXTERNOUT row each time); the FILEOUT becomes DONE.
 * - rereceive: every FILEIN marked RESEND (markForRereceive) is received again from the archive: a new FILEIN
 *   row (child of the same EXTERNIN) is translated as if the file had just arrived; the old one becomes DONE.
 * - retry: every EXTERNOUT in ERROR (a failed write) is written again; marked NO_RETRY (markNoRetry), it is left
 *   alone.
 * The marks are what the admin and the API set; these functions are their engine side.
 */
import type { TaRow } from '../store/store.js';
import { newId, type Store } from '../store/store.js';
import { refOfRow } from './content-store.js';
import type { ReceivedFile } from './file-translator.js';
import { fileoutContent, nameInChannel } from './sent-content.js';
import type { PlannedRoute } from './route-plan.js';
import { deliver, translateBatch, type PlannedSend, type RouteEnv } from './route-runner.js';

const BATCH = 200;

export class MarkError extends Error {
  override name = 'MarkError';
}

/** Marks outgoing files (FILEOUT rows) to be sent again by the next `--resend` run. */
export function markForResend(store: Store, ids: readonly string[]): Promise<void> {
  return mark(store, ids, 'FILEOUT', ['OK', 'DONE', 'ERROR'], 'RESEND', 'sent again (resend)');
}

/** Marks received files (FILEIN rows) to be received again by the next `--rereceive` run. */
export function markForRereceive(store: Store, ids: readonly string[]): Promise<void> {
  return mark(store, ids, 'FILEIN', ['DONE', 'ERROR'], 'RESEND', 'received again (rereceive)');
}

/** Stops `--retry` from writing failed outgoing files (EXTERNOUT rows in ERROR) again. */
export function markNoRetry(store: Store, ids: readonly string[]): Promise<void> {
  return mark(store, ids, 'EXTERNOUT', ['ERROR'], 'NO_RETRY', 'left alone by --retry');
}

async function mark(
  store: Store,
  ids: readonly string[],
  status: TaRow['status'],
  from: readonly TaRow['result'][],
  to: TaRow['result'],
  what: string,
): Promise<void> {
  for (const id of ids) {
    const row = await store.ta.get(id);
    if (!row) throw new MarkError(`There is no transaction ${id}`);
    if (row.status !== status || !from.includes(row.result))
      throw new MarkError(
        `Transaction ${id} is ${row.status} ${row.result}; only ${status} rows that are ${from.join(', ')} can be ${what}`,
      );
  }
  await store.ta.updateMany(ids.map((id) => ({ id, changes: { result: to } })));
}

export async function resendMarked(plan: readonly PlannedRoute[], env: RouteEnv): Promise<void> {
  for (const route of plan) {
    const marked = await env.store.ta.find({ status: ['FILEOUT'], result: ['RESEND'], routeId: route.id });
    for (let i = 0; i < marked.length; i += BATCH) {
      const sends: PlannedSend[] = [];
      const intents = [];
      for (const fileout of marked.slice(i, i + BATCH)) {
        env.signal?.throwIfAborted();
        const channel = fileout.toChannel ? env.channels.get(fileout.toChannel) : undefined;
        const before = (await env.store.ta.children(fileout.id))
          .filter((r) => r.status === 'EXTERNOUT')
          .at(-1);
        if (!channel || !before?.filename || !fileout.contentPath) {
          await env.store.ta.update(
            fileout.id,
            { result: 'ERROR', error: 'Cannot resend: its out-channel or its earlier file name is gone' },
            env.now,
          );
          env.counts.sendErrors++;
          continue;
        }
        const content = await fileoutContent(env.content, fileout);
        const externoutId = newId();
        intents.push({
          ...copyOf(fileout),
          id: externoutId,
          runId: env.runId,
          parent: fileout.id,
          status: 'EXTERNOUT' as const,
          result: 'OPEN' as const,
          filename: before.filename,
        });
        const name = nameInChannel(channel, before.filename);
        sends.push({ externoutId, fileoutId: fileout.id, file: { channel, name, overwrite: true, content } });
      }
      await env.store.ta.apply({ insert: intents }, env.now);
      await deliver(sends, env);
    }
  }
}

export async function rereceiveMarked(plan: readonly PlannedRoute[], env: RouteEnv): Promise<void> {
  for (const route of plan) {
    const marked = await env.store.ta.find({ status: ['FILEIN'], result: ['RESEND'], routeId: route.id });
    for (let i = 0; i < marked.length; i += BATCH) {
      env.signal?.throwIfAborted();
      const batch = marked.slice(i, i + BATCH);
      const files: ReceivedFile[] = [];
      const rows = batch.map((old) => {
        const id = newId();
        const part = route.parts.find((p) => p.fromChannel === old.fromChannel) ?? route.parts[0]!;
        files.push({
          fileinId: id,
          ref: refOfRow(old),
          name: old.filename ?? 'file',
          channel: old.fromChannel ?? '',
          source: old.filename ?? '',
          part,
        });
        return {
          ...copyOf(old),
          id,
          runId: env.runId,
          parent: old.parent,
          status: 'FILEIN' as const,
          result: 'OPEN' as const,
        };
      });
      await env.store.ta.apply(
        { insert: rows, update: batch.map((old) => ({ id: old.id, changes: { result: 'DONE' as const } })) },
        env.now,
      );
      env.counts.received += files.length;
      await translateBatch(route, files, env);
    }
  }
}

export async function retryFailed(plan: readonly PlannedRoute[], env: RouteEnv): Promise<void> {
  for (const route of plan) {
    const failed = await env.store.ta.find({ status: ['EXTERNOUT'], result: ['ERROR'], routeId: route.id });
    for (let i = 0; i < failed.length; i += BATCH) {
      const sends: PlannedSend[] = [];
      for (const externout of failed.slice(i, i + BATCH)) {
        env.signal?.throwIfAborted();
        const fileout = externout.parent ? await env.store.ta.get(externout.parent) : undefined;
        const channel = externout.toChannel ? env.channels.get(externout.toChannel) : undefined;
        if (!fileout?.contentPath || !channel || !externout.filename) continue;
        const content = await fileoutContent(env.content, fileout);
        const name = nameInChannel(channel, externout.filename);
        sends.push({
          externoutId: externout.id,
          fileoutId: fileout.id,
          file: { channel, name, overwrite: true, content },
        });
      }
      await deliver(sends, env);
    }
  }
}

/** The descriptive columns of a row, for a new row about the same file. */
function copyOf(row: TaRow): Partial<TaRow> {
  return {
    routeId: row.routeId,
    fromChannel: row.fromChannel,
    toChannel: row.toChannel,
    fromPartner: row.fromPartner,
    toPartner: row.toPartner,
    editype: row.editype,
    messagetype: row.messagetype,
    alt: row.alt,
    reference: row.reference,
    filename: row.filename,
    contentPath: row.contentPath,
    contentOffset: row.contentOffset,
    contentLength: row.contentLength,
    charset: row.charset,
    testIndicator: row.testIndicator,
    control: row.control,
  };
}
