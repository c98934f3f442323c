#!/usr/bin/env node
/**
 * One in-process measurement, run in a fresh process by parse-bench.mjs:
 *
 *   node bench/measure.mjs ADAPTER FILE SYNTAX
 *
 * Loads the adapter's modules and reads FILE into memory before the clock starts (no module loading, no disk
 * I/O is timed), prepares the input shape the adapter takes (latin1 string or 64 KiB chunks), then times one
 * run and prints one JSON line: {adapter, ms, bytes, counts}.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ADAPTERS, CHUNK } from './adapters.mjs';

async function main([name, file, syntax]) {
  const adapter = ADAPTERS[name];
  if (!adapter || !file || (syntax !== 'x12' && syntax !== 'edifact'))
    throw new Error('usage: measure.mjs ADAPTER FILE x12|edifact');
  const bytes = readFileSync(file);
  const input = { syntax };
  if (adapter.input === 'text') input.text = bytes.toString('latin1');
  else {
    input.chunks = [];
    for (let at = 0; at < bytes.length; at += CHUNK) input.chunks.push(bytes.subarray(at, at + CHUNK));
  }
  const start = performance.now();
  const counts = await adapter.run(input);
  const ms = performance.now() - start;
  process.stdout.write(`${JSON.stringify({ adapter: name, ms, bytes: bytes.length, counts })}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
