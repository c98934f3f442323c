/**
 * What resend, retry and recovery need of a file that was (to be) sent: its content, read back from the range
 * of the content store its FILEOUT row names, and its name inside its out-channel folder.
 */
import type { ChannelConfig } from '../core/config-model.js';
import type { TaRow } from '../store/store.js';
import { refOfRow, type ContentStore } from './content-store.js';

export function fileoutContent(content: ContentStore, fileout: TaRow): Promise<Buffer> {
  return content.read(refOfRow(fileout));
}

/** An EXTERNOUT row's filename (`<channel path>/<name>`) as the name inside the channel folder. */
export function nameInChannel(channel: ChannelConfig, filename: string): string {
  return filename.startsWith(`${channel.path}/`) ? filename.slice(channel.path.length + 1) : filename;
}
