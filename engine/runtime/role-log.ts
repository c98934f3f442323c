/**
 * The log files of the roles under `bots serve` (botssys/logs/<role>.log), one line per output line with a time
 * stamp and the stream, so the admin can read them (GET /api/logs) and nothing is lost when the terminal is gone.
 * A file that reaches `maxBytes` (default 10 MiB) is renamed to `<role>.log.1` (the previous `.1` becomes `.2`, and
 * `keep` old files are kept, default 2). Writes are appended synchronously: a line is on disk before the next.
 */
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';

export const ROLE_LOG_NAME = /^[a-z]+$/;

export class RoleLogs {
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly folder: string,
    private readonly maxBytes = 10 * 1024 * 1024,
    private readonly keep = 2,
  ) {
    mkdirSync(folder, { recursive: true });
  }

  write(role: string, stream: 'stdout' | 'stderr', line: string, at: Date = new Date()): void {
    const file = roleLogFile(this.folder, role);
    const text = `${at.toISOString()} ${stream === 'stderr' ? 'ERR' : 'OUT'} ${line}\n`;
    let size = this.sizes.get(role) ?? (existsSync(file) ? statSync(file).size : 0);
    if (size > 0 && size + text.length > this.maxBytes) {
      this.rotate(file);
      size = 0;
    }
    appendFileSync(file, text);
    this.sizes.set(role, size + Buffer.byteLength(text));
  }

  private rotate(file: string): void {
    rmSync(`${file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--)
      if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    renameSync(file, `${file}.1`);
  }
}

export function roleLogFile(folder: string, role: string): string {
  if (!ROLE_LOG_NAME.test(role)) throw new Error(`"${role}" is not a role name`);
  return join(folder, `${role}.log`);
}

/** The last `lines` lines of a role's log (fewer when the file is shorter; none when there is no file). Reads at
 * most the file's last `maxBytes` bytes, so a long log costs no more than a short one. */
export function tailRoleLog(folder: string, role: string, lines: number, maxBytes = 1024 * 1024): string[] {
  const file = roleLogFile(folder, role);
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const text = readTail(file, size, Math.min(size, maxBytes));
  const all = text.split('\n').filter((line) => line !== '');
  // A cut at the start of the read may have split the first line: drop it unless the whole file was read.
  const whole = size <= maxBytes ? all : all.slice(1);
  return whole.slice(-lines);
}

function readTail(file: string, size: number, bytes: number): string {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, bytes, size - bytes);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}
