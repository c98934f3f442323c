// The `bots` bin must be executable after `npm run build` on a fresh clone (tsc does not set modes).
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
