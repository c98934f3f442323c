// Changes made from the command line are audited like the API's, with the actor `cli`: configuration import, job
// queue changes, schedules and monitored folders. Time budget: about 10 seconds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../engine/store/store.js';
import { bots } from '../../helpers/cli.js';

describe('the audit log of command-line changes', () => {
  it('records who did what, with the entity before and after', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bots-cli-audit-'));
    const env = { BOTS_HOME: join(root, 'ws') };
    expect(bots(['init'], { env }).code).toBe(0);
    const exported = join(root, 'config.json');
    for (const args of [
      ['config', 'export', exported],
      ['config', 'import', exported],
      ['job', 'add', 'x12-orders'],
      ['job', 'pause'],
      ['job', 'resume'],
      ['job', 'clear'],
      ['schedule', 'add', 'nightly', '0 2 * * *', 'x12-orders'],
      ['schedule', 'remove', 'nightly'],
      ['monitor', 'add', 'drop', 'drop', 'x12-orders'],
      ['monitor', 'remove', 'drop'],
    ]) {
      const result = bots(args, { env });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const store = await openStore({
      kind: 'sqlite',
      file: join(env.BOTS_HOME, 'botssys', 'db', 'bots.sqlite'),
    });
    try {
      const entries = (await store.audit.list({ limit: 20, actor: 'cli' })).reverse();
      expect(entries.map((e) => `${e.action} ${e.entity}`)).toEqual([
        'import config',
        'run job',
        'pause queue',
        'resume queue',
        'clear job',
        'create schedules',
        'delete schedules',
        'create monitored-folders',
        'delete monitored-folders',
      ]);
      expect(entries[5]!.after).toMatchObject({ id: 'nightly', cron: '0 2 * * *' });
      expect(entries[6]!.before).toMatchObject({ id: 'nightly' });
    } finally {
      await store.close();
    }
  }, 60_000);
});
