/**
 * Receiving a document through the API (POST /api/outbound/{route}): the API is the route's in-channel for this
 * one file. The content is archived like a received file, and its EXTERNIN (DONE) and FILEIN rows are written in
 * one bookkeeping run, the FILEIN marked RESEND, so that a `rereceive` run of the route (queued by the caller)
 * translates and sends it exactly as if it had been read from the channel's folder. The EXTERNIN row is the
 * document's transaction: its trace shows every step down to the files sent.
 */
import type { Store } from '../store/store.js';
import { newId } from '../store/schema/shared.js';
import { FsContentStore } from './content-store.fs.js';
import { safeFileName } from '../core/safe-name.js';

export class ApiReceiveError extends Error {
  override name = 'ApiReceiveError';
}

/** Where a document posted for a route is written to: the source name shown in the logs. */
export const API_SOURCE_PREFIX = 'api/';

export interface ApiReceipt {
  /** The EXTERNIN row: the document's transaction. */
  transactionId: string;
  /** The FILEIN row the rereceive run picks up. */
  fileId: string;
  runId: string;
}

export async function receiveFromApi(
  store: Store,
  dataRoot: string,
  input: { routeId: string; name: string; bytes: Buffer; now: Date },
): Promise<ApiReceipt> {
  const config = await store.config.read();
  const part = config.routes.find((r) => r.id === input.routeId && r.active && r.fromChannel !== undefined);
  if (!part)
    throw new ApiReceiveError(
      `Route "${input.routeId}" has no active part that receives from a channel; documents can be posted only to such routes`,
    );
  const channel = config.channels.find((c) => c.id === part.fromChannel)!;
  const name = safeFileName(input.name.replace(/^\.+/, ''))?.slice(0, 200);
  if (name === undefined) throw new ApiReceiveError(`"${input.name}" cannot be used as a file name`);
  const run = await store.runs.start('new', [input.routeId], input.now);
  const content = new FsContentStore(dataRoot, { clock: () => input.now });
  const ref = await content.put(input.bytes, {
    kind: 'archive',
    runId: run.id,
    name,
    ...(channel.archivePath ? { folder: channel.archivePath } : {}),
  });
  const transactionId = newId();
  const fileId = newId();
  const common = {
    runId: run.id,
    routeId: part.id,
    fromChannel: channel.id,
    contentPath: ref.path,
    contentOffset: ref.offset ?? null,
    contentLength: ref.bytes,
  };
  await store.ta.insertMany(
    [
      {
        ...common,
        id: transactionId,
        status: 'EXTERNIN',
        result: 'DONE',
        filename: `${API_SOURCE_PREFIX}${name}`,
      },
      {
        ...common,
        id: fileId,
        parent: transactionId,
        status: 'FILEIN',
        result: 'RESEND',
        fromPartner: part.fromPartner ?? null,
        toPartner: part.toPartner ?? null,
        editype: part.fromEditype ?? null,
        messagetype: part.fromMessagetype ?? null,
        filename: name,
      },
    ],
    input.now,
  );
  await store.runs.finish(run.id, 'done', { received: 1 }, null, input.now);
  return { transactionId, fileId, runId: run.id };
}
