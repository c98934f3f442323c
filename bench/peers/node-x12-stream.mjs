#!/usr/bin/env node
/**
 * Whole-process peer: node-x12's Transform stream over a file read stream, segments counted and dropped
 * (non-strict: its strict mode throws at the end of valid input). Validates nothing.
 *   node bench/peers/node-x12-stream.mjs FILE   -> {"segments": N}
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';

const { X12Parser } = createRequire(import.meta.url)('node-x12');

let segments = 0;
createReadStream(process.argv[2])
  .pipe(new X12Parser())
  .on('data', () => segments++)
  .on('end', () => console.log(JSON.stringify({ segments })));
