/**
 * Crash recovery (DESIGN.md "Runs and durability"): a run that ended without finishing (killed, power loss)
 * leaves its run row `running` and some transaction-log rows OPEN. The next run that takes the lease of one of
 * its routes finishes or redoes exactly what is not done, before doing anything new:
 * - EXTERNOUT OPEN (an outgoing file was committed as an intent but maybe not written, or written and not
 *   marked): when the file is in place with the committed content, it is only marked DONE; otherwise it is
 *   written again from the content store and then marked.
 * - FILEIN OPEN (a received file archived and logged, not translated or its translation rolled back): its source
 *   is removed if it is still there with the archived content (the crash came before the removal), and it is
 *   translated again from the archive, as part of this run.
 * A crashed run with no OPEN rows left is finished with status `error` and a note naming the run that recovered
 * it. Leases of crashed processes on this host (their pid is gone) are released at once, so recovery does not
 * wait for them to expire; leases of other hosts expire after BOTS_LEASE_SECONDS.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { LeaseRepository, RunRow, TaRow, TaUpdate } from '../store/store.js';
import { refOfRow, type ContentRef } from './content-store.js';
import type { ReceivedFile } from './file-translator.js';
import { sendFiles } from './file-sender.js';
import type { PlannedRoute } from './route-plan.js';
import { finishSource, translateBatch, type RouteEnv } from './route-runner.js';
import { resolveInside } from './safe-path.js';
import { fileoutContent, nameInChannel } from './sent-content.js';

const BATCH = 200;

/** Releases the leases on `routeIds` held by processes of this host that no longer exist. */
export async function releaseStaleLeases(
  leases: LeaseRepository,
  routeIds: readonly string[],
): Promise<void> {
  const host = hostname();
  for (const lease of await leases.list()) {
    if (!routeIds.includes(lease.routeId)) continue;
    const at = lease.holder.lastIndexOf(':');
    if (lease.holder.slice(0, at) !== host) continue;
    const pid = Number(lease.holder.slice(at + 1));
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) await leases.release(lease.runId);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RecoveryCounts {
  /** Crashed runs touched. */
  runs: number;
  /** Received files translated again. */
  retranslated: number;
  /** Outgoing files written or confirmed in place. */
  resent: number;
}

/** Recovers what crashed runs left on these routes; the caller holds their leases. */
export async function recoverRoutes(plan: readonly PlannedRoute[], env: RouteEnv): Promise<RecoveryCounts> {
  const counts: RecoveryCounts = { runs: 0, retranslated: 0, resent: 0 };
  const routes = new Map(plan.map((r) => [r.id, r]));
  const crashed = (await env.store.runs.unfinished()).filter(
    (run) => run.id !== env.runId && run.routes.some((id) => routes.has(id)),
  );
  for (const run of crashed) {
    counts.runs++;
    const open = (await env.store.ta.open(run.id)).filter((row) => row.routeId && routes.has(row.routeId));
    const sends = open.filter((row) => row.status === 'EXTERNOUT');
    if (sends.length > 0) counts.resent += await completeSends(sends, env);
    for (const route of plan) {
      const files = open.filter((row) => row.status === 'FILEIN' && row.routeId === route.id);
      for (let i = 0; i < files.length; i += BATCH) {
        const received = await receivedAgain(files.slice(i, i + BATCH), route, env);
        await translateBatch(route, received, env);
        counts.retranslated += received.length;
      }
    }
    await finishIfDone(run, env);
  }
  return counts;
}

async function finishIfDone(run: RunRow, env: RouteEnv): Promise<void> {
  if ((await env.store.ta.open(run.id)).length > 0) return;
  await env.store.runs.finish(
    run.id,
    'error',
    run.counts,
    `The run was interrupted; run ${env.runId} recovered what it left unfinished`,
    env.now,
  );
}

/** FILEIN rows as received files again: the source cleaned up if the crash came before its removal. */
async function receivedAgain(rows: TaRow[], route: PlannedRoute, env: RouteEnv): Promise<ReceivedFile[]> {
  const files: ReceivedFile[] = [];
  for (const row of rows) {
    const part = route.parts.find((p) => p.fromChannel === row.fromChannel) ?? route.parts[0]!;
    const externin = row.parent ? await env.store.ta.get(row.parent) : undefined;
    const ref = refOfRow(row);
    const channel = row.fromChannel ? env.channels.get(row.fromChannel) : undefined;
    if (channel && externin?.filename) await removeSourceIfArchived(externin.filename, ref, channel, env);
    files.push({
      fileinId: row.id,
      skip: row.messages,
      ref,
      name: row.filename ?? 'file',
      channel: row.fromChannel ?? '',
      source: externin?.filename ?? row.filename ?? '',
      part,
    });
  }
  return files;
}

async function removeSourceIfArchived(
  source: string,
  ref: ContentRef,
  channel: Parameters<typeof finishSource>[0],
  env: RouteEnv,
): Promise<void> {
  const path = resolveInside(env.dataRoot, source);
  let info;
  try {
    info = await stat(path);
  } catch {
    return; // removed before the crash
  }
  if (info.size !== ref.bytes) return; // a new file under the same name: the next run reads it
  const [current, archived] = await Promise.all([readFile(path), env.content.read(ref)]);
  if (sha256(current) !== sha256(archived)) return;
  const name = source.slice(source.lastIndexOf('/') + 1);
  await finishSource(channel, { name, path, bytes: info.size, mtimeMs: info.mtimeMs }, env);
}

/** EXTERNOUT intents: confirmed when the file is in place with its content, else written from the store. */
async function completeSends(rows: TaRow[], env: RouteEnv): Promise<number> {
  const updates: TaUpdate[] = [];
  let done = 0;
  for (const row of rows) {
    const fileout = row.parent ? await env.store.ta.get(row.parent) : undefined;
    const channel = row.toChannel ? env.channels.get(row.toChannel) : undefined;
    if (!fileout?.contentPath || !channel || !row.filename) {
      updates.push({
        id: row.id,
        changes: {
          result: 'ERROR',
          error: 'The run was interrupted and its outgoing file cannot be found again',
        },
      });
      continue;
    }
    const content = await fileoutContent(env.content, fileout);
    const target = resolveInside(env.dataRoot, row.filename);
    const name = nameInChannel(channel, row.filename);
    let inPlace = false;
    try {
      inPlace = sha256(await readFile(target)) === sha256(content);
    } catch {
      inPlace = false;
    }
    if (!inPlace) {
      const [sent] = await sendFiles([{ channel, name, overwrite: true, content }], env.dataRoot);
      if (sent?.error) {
        updates.push({
          id: row.id,
          changes: {
            result: 'ERROR',
            error: `Could not write ${name} to channel ${channel.id}: ${sent.error.message}`,
          },
        });
        continue;
      }
    }
    done++;
    updates.push(
      { id: row.id, changes: { result: 'DONE' } },
      { id: fileout.id, changes: { result: 'DONE' } },
    );
  }
  await env.store.ta.updateMany(updates, env.now);
  return done;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
