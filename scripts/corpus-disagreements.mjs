#!/usr/bin/env node
// Rewrites the "disagrees with INDEX.md" section of test/fixtures/corpus/EXPECTATIONS.md from expectations.json
// and index.json, so the list stays in step with the rows. Run it after changing expectations.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'corpus');
const rows = JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8'));
const index = new Map(
  JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).map((entry) => [
    `${entry.folder}/${entry.path}`,
    entry,
  ]),
);
const labelValid = (row) => index.get(row.file)?.validity.startsWith('valid') ?? false;
const isValid = (row) => row.outcome === 'valid' || row.outcome === 'valid-with-warnings';
const line = (row) =>
  `- \`${row.file}\` — ${row.outcome}${row.errors.length ? ` [${row.errors.join(', ')}]` : ''}: ${row.reason}`;
const groups = [
  ['Index says valid, outcome is invalid', rows.filter((r) => labelValid(r) && r.outcome === 'invalid')],
  ['Index says invalid/edge, outcome is valid', rows.filter((r) => !labelValid(r) && isValid(r))],
  [
    'Index says valid, outcome is unsupported',
    rows.filter((r) => labelValid(r) && r.outcome === 'unsupported'),
  ],
];
const heading = "## Rows whose outcome disagrees with INDEX.md's validity label";
const path = join(dir, 'EXPECTATIONS.md');
const text = readFileSync(path, 'utf8');
const start = text.indexOf(heading);
const intro = text.slice(start, text.indexOf('### ', start));
const body = groups.map(
  ([title, list]) => `### ${title} (${list.length} rows)\n\n${list.map(line).join('\n')}\n`,
);
writeFileSync(path, `${text.slice(0, start)}${intro}${body.join('\n')}`);
console.log(groups.map(([title, list]) => `${title}: ${list.length}`).join('\n'));
