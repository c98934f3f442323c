// The store contract on SQLite: each test gets a temporary database file; concurrent workers are separate Store
// instances (separate connections) on that file. Time budget: about 2 seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../engine/store/store.js';
import { defineStoreContract } from './store.contract.js';

defineStoreContract('sqlite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'bots-store-'));
    const file = join(dir, 'bots.sqlite');
    return {
      open: () => openStore({ kind: 'sqlite', file }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});
