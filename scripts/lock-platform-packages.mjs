#!/usr/bin/env node
// The npm registry reachable here lacks rollup's platform packages for other systems, so `npm install` leaves
// them out of package-lock.json and `npm ci` then refuses the lock file. This adds the missing entries with
// their os/cpu/libc, which `npm ci` skips on non-matching machines. Run it after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [key, meta] of Object.entries({ ...packages })) {
  if (key !== 'node_modules/rollup') continue;
  for (const name of Object.keys(meta.optionalDependencies ?? {})) {
    if (packages[`node_modules/${name}`]) continue;
    const match = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z0-9]+))?$/.exec(name);
    if (!match) continue;
    const [, os, cpu, abi] = match;
    const entry = { version: meta.version, cpu: [cpu], dev: true, license: 'MIT', optional: true, os: [os] };
    if (abi === 'musl' || abi === 'musleabihf') entry.libc = ['musl'];
    if (abi === 'gnu' || abi === 'gnueabihf') entry.libc = ['glibc'];
    packages[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform package entries`);
