// The product as a user runs it: `bots serve` on a fresh workspace (SQLite, the sample configuration). Create the
// first admin with the printed setup link, listen on /api/events, drop the sample X12 order into the sample
// inbound folder, and see the directory monitor queue it, a worker translate it, the XML order appear, the
// received file in /api/incoming and its events on the stream. Polls with a 60 s ceiling and reports the
// latencies. Needs the build (dist/). Time budget: about 20 seconds.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bots, CLI } from '../../helpers/cli.js';
import { freePort } from '../../helpers/processes.js';

const CEILING_MS = 60_000;

describe('bots serve end to end', () => {
  it('turns a dropped file into output, an API transaction and events', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'bots-smoke-')), 'ws');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { BOTS_HOME: home, BOTS_WEB_PORT: String(port) };
    expect(bots(['init'], { env }).code).toBe(0);
    const serve = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    serve.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => serve.on('close', resolve));
    const until = async <T>(
      what: string,
      check: () => T | undefined | false | Promise<T | undefined | false>,
    ): Promise<T> => {
      for (const end = Date.now() + CEILING_MS; ;) {
        const value = await check();
        if (value) return value;
        if (Date.now() > end) throw new Error(`${what} did not happen within ${CEILING_MS} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const events: { event: string; data: Record<string, unknown>; at: number }[] = [];
    const stream = new AbortController();
    try {
      await until('all roles ready', () =>
        ['web', 'worker', 'scheduler', 'dirmonitor'].every((r) => output.includes(`serve: ${r} ready`)),
      );
      const link = await until('the setup link', () => /no admin yet: open (\S+) within/.exec(output)?.[1]);
      const setup = await fetch(`${base}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: link.split('#token=')[1],
          username: 'owner',
          password: 'a long enough secret',
        }),
      });
      expect(setup.status).toBe(201);
      const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;

      const response = await fetch(`${base}/api/events`, { headers: { cookie }, signal: stream.signal });
      expect(response.status).toBe(200);
      void (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of response.body!) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (event && data)
              events.push({ event, data: JSON.parse(data) as Record<string, unknown>, at: Date.now() });
          }
        }
      })().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const dropped = Date.now();
      copyFileSync(
        join(home, 'samples', 'po-850.x12'),
        join(home, 'botssys', 'data', 'x12-in', 'po-850.x12'),
      );
      const xmlOut = join(home, 'botssys', 'data', 'xml-out');
      await until(
        'the XML order',
        () => existsSync(xmlOut) && readdirSync(xmlOut).some((name) => name.endsWith('.xml')),
      );
      const outputMs = Date.now() - dropped;
      const incoming = await until('the received file in the API', async () => {
        const page = (await (await fetch(`${base}/api/incoming`, { headers: { cookie } })).json()) as {
          items: { result: string; source: string }[];
        };
        return page.items.find((item) => item.result === 'DONE' && item.source.endsWith('po-850.x12'));
      });
      expect(incoming).toBeDefined();
      const sentEvent = await until('the events', () =>
        events.find((e) => e.event === 'transaction' && e.data['status'] === 'EXTERNOUT'),
      );
      expect(events.some((e) => e.event === 'transaction' && e.data['status'] === 'FILEIN')).toBe(true);
      expect(events.some((e) => e.event === 'job' && e.data['status'] === 'done')).toBe(true);
      console.log(
        `bots serve: dropped file to XML output in ${outputMs} ms, to its sent event on /api/events in ${sentEvent.at - dropped} ms`,
      );

      stream.abort();
      serve.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      stream.abort();
      if (serve.exitCode === null) serve.kill('SIGKILL');
    }
  }, 90_000);
});
