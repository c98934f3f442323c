// The desktop's launch token end to end: a supervisor starts `bots web` with BOTS_LAUNCH_TOKEN; the window
// exchanges it once, from loopback, for a session of the desktop user; a second exchange and a token the web role
// was not given are refused. Needs the build (dist/). Time budget: about 5 seconds.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCH_TOKEN_VARIABLE, newLaunchToken } from '../../../engine/server/launch-token.js';
import { bots, CLI } from '../../helpers/cli.js';
import { freePort } from '../../helpers/processes.js';

describe('launch token', () => {
  it('opens one session for the window that was launched with it', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'bots-launch-')), 'ws');
    expect(bots(['init'], { env: { BOTS_HOME: home } }).code).toBe(0);
    const port = await freePort();
    const token = newLaunchToken();
    const web = spawn(process.execPath, [CLI, 'web', '--port', String(port), '--no-setup-link'], {
      env: { ...process.env, BOTS_HOME: home, [LAUNCH_TOKEN_VARIABLE]: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    web.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exchange = (secret: string) =>
      fetch(`http://127.0.0.1:${port}/api/session/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: secret }),
      });
    try {
      for (const end = Date.now() + 15_000; !output.includes('web: serving');) {
        if (Date.now() > end) throw new Error(`bots web did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const first = await exchange(token);
      expect(first.status).toBe(201);
      expect(await first.json()).toMatchObject({
        user: { username: 'desktop', role: 'admin', passwordLogin: false },
      });
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`http://127.0.0.1:${port}/api/users`, { headers: { cookie } })).status).toBe(200);
      expect((await exchange(token)).status).toBe(403);
      expect((await exchange(newLaunchToken())).status).toBe(403);
    } finally {
      web.kill('SIGTERM');
      await new Promise((resolve) => web.on('close', resolve));
    }
  }, 30_000);
});
