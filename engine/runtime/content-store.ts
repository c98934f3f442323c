/**
 * The content store (DESIGN.md "Data", "Contracts: content"): all file content of the engine (received
 * originals, in-flight content, outbound files) lives under one root (BOTS_DATA_DIR, default
 * `<workspace>/botssys/data`) behind this small interface, so the engine never builds content paths itself.
 *
 * Contracts every implementation keeps:
 * - put is atomic: when it resolves, the content is complete and durable under `ref.path`; when it rejects,
 *   nothing is visible under a final name (and no temporary file is left behind).
 * - a ContentRef is a plain value (it goes into the transaction log): `path` is relative to the store's root,
 *   `/`-separated, and never leaves the root; `bytes` and `sha256` describe the content as written.
 * - read and stream with a range touch only the bytes of that range; a range beyond the end is an error.
 * - a ref with `offset` is a slice of a stored file that holds several contents (a batch of received files,
 *   a batch's outgoing content): read and stream see only the slice, and their ranges count from its start.
 * - remove is idempotent: removing content that is already gone is not an error. A slice cannot be removed
 *   on its own (its file holds other content); cleanup removes it with its day.
 */

/** What the content is for; decides the top folder under the root. */
export type ContentKind = 'archive' | 'inflight' | 'outbound';

export const CONTENT_KINDS: readonly ContentKind[] = ['archive', 'inflight', 'outbound'];

export interface ContentHint {
  kind: ContentKind;
  /** The run that writes the content (becomes a folder; sanitised). */
  runId: string;
  /** A readable name, e.g. the received file name (sanitised to [A-Za-z0-9._-]; never a path). */
  name?: string;
  /** A folder under the root to use instead of the kind's (a channel's archive path, `archive/x12`); each part
   * is sanitised, and the path must stay inside the root. */
  folder?: string;
}

export interface ContentRef {
  /** Relative to the store's root, `/`-separated. */
  path: string;
  /** Size in bytes (of the slice, when `offset` is set). */
  bytes: number;
  /** SHA-256 of the content, lowercase hex ('' when the ref was rebuilt from a transaction-log row). */
  sha256: string;
  /** Set for a slice of the stored file: the byte where the content starts. */
  offset?: number;
}

/** The content a transaction-log row names (its path, and its range when the row has an offset). */
export function refOfRow(row: {
  id: string;
  contentPath: string | null;
  contentOffset: number | null;
  contentLength: number | null;
}): ContentRef {
  if (!row.contentPath) throw new Error(`Transaction ${row.id} names no content`);
  const ref: ContentRef = { path: row.contentPath, bytes: row.contentLength ?? 0, sha256: '' };
  return row.contentOffset === null ? ref : { ...ref, offset: row.contentOffset };
}

/** A byte range: `length` bytes from `offset` (both non-negative integers). */
export interface ByteRange {
  offset: number;
  length: number;
}

export interface ContentStore {
  put(bytes: Uint8Array | AsyncIterable<Uint8Array>, hint: ContentHint): Promise<ContentRef>;
  read(ref: ContentRef, range?: ByteRange): Promise<Buffer>;
  stream(ref: ContentRef, range?: ByteRange): AsyncIterable<Buffer>;
  remove(ref: ContentRef): Promise<void>;
  /** Removes all content written before the day of `before` (UTC days; cleanup), in the kinds' folders and in
   * `folders` (hint folders in use); returns how many days' folders went. */
  removeBefore(before: Date, folders?: readonly string[]): Promise<number>;
}
