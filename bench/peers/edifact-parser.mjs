#!/usr/bin/env node
/**
 * Whole-process peer: node-edifact's event Parser fed from a file read stream (64 KiB latin1 chunks), callbacks
 * set as methods (its README's fast path) that only count. Keeps nothing, validates nothing.
 *   node bench/peers/edifact-parser.mjs FILE   -> {"segments": N}
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';

const { Parser } = createRequire(import.meta.url)('edifact');

const parser = new Parser();
let segments = 0;
parser.onopensegment = () => segments++;
parser.onelement = () => {};
parser.oncomponent = () => {};
parser.onclosesegment = () => {};
createReadStream(process.argv[2], { encoding: 'latin1', highWaterMark: 64 * 1024 })
  .on('data', (chunk) => parser.write(chunk))
  .on('end', () => {
    parser.end();
    console.log(JSON.stringify({ segments }));
  });
