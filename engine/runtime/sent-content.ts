/**
 * What resend, retry and recovery need of a file that was (to be) sent: its content, read back from the range
 * of the content store its FILEOUT row names, and its name inside its out-channel folder.
 */
import type { ChannelConfig } from '../core/config-model.js';
import type { TaRow } from '../store/store.js';
import type { ContentStore } from './content-store.js';

export function fileoutContent(content: ContentStore, fileout: TaRow): Promise<Buffer> {
  if (!fileout.contentPath) throw new Error(`Transaction ${fileout.id} names no content`);
  return content.read(
    { path: fileout.contentPath, bytes: fileout.contentLength ?? 0, sha256: '' },
    { offset: fileout.contentOffset ?? 0, length: fileout.contentLength ?? 0 },
  );
}

/** An EXTERNOUT row's filename (`<channel path>/<name>`) as the name inside the channel folder. */
export function nameInChannel(channel: ChannelConfig, filename: string): string {
  return filename.startsWith(`${channel.path}/`) ? filename.slice(channel.path.length + 1) : filename;
}
