/**
 * Reads a new password (`bots user add|passwd`) or secret (`bots secret set`): from a terminal, asked twice without
 * echo; otherwise the first line of standard input (`echo "$PASSWORD" | bots user add ...` in containers and
 * scripts). Never from a flag, so they stay out of shell history and process lists.
 */
import { createInterface } from 'node:readline';
import { UsageError } from './usage-error.js';

export async function readNewPassword(
  what: 'password' | 'secret' = 'password',
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<string> {
  if (!stdin.isTTY) {
    const line = await firstLine(stdin);
    if (line === undefined || line === '')
      throw new UsageError(`no ${what} on standard input: pipe it in, or run the command in a terminal`);
    return line;
  }
  const first = await askHidden(stdin, `New ${what}: `);
  const second = await askHidden(stdin, 'Repeat it: ');
  if (first !== second) throw new UsageError(`the two ${what}s differ; nothing was changed`);
  return first;
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string | undefined> {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return undefined;
}

function askHidden(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let text = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(text);
          return;
        }
        if (char === '\u0003') process.exit(130);
        text = char === '\u007f' ? text.slice(0, -1) : text + char;
      }
    };
    stdin.on('data', onData);
  });
}
