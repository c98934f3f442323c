// The transaction views contract on SQLite: a temporary database file per database the contract asks for.
// Time budget: about 2 seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../engine/store/store.js';
import { defineViewsContract } from './views.contract.js';

defineViewsContract('sqlite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'bots-views-'));
    const file = join(dir, 'bots.sqlite');
    return {
      open: () => openStore({ kind: 'sqlite', file }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});
