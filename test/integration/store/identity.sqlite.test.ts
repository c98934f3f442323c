// The identity and audit contract on SQLite: each test gets a temporary database file; replicas are separate
// Store instances (separate connections) on that file. Time budget: about 2 seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../engine/store/store.js';
import { defineIdentityContract } from './identity.contract.js';

defineIdentityContract('sqlite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'bots-identity-'));
    const file = join(dir, 'bots.sqlite');
    return {
      open: () => openStore({ kind: 'sqlite', file }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});
