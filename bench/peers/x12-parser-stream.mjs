#!/usr/bin/env node
/**
 * Whole-process peer: x12-parser's (tastypackets) Transform stream over a file read stream, segments counted
 * and dropped. It emits an empty `{name: ''}` for the line break after the last terminator; that one is not
 * counted. Validates nothing.
 *   node bench/peers/x12-parser-stream.mjs FILE   -> {"segments": N}
 */
import { createReadStream } from 'node:fs';
import { X12parser } from 'x12-parser';

let segments = 0;
createReadStream(process.argv[2])
  .pipe(new X12parser())
  .on('data', (segment) => {
    if (segment.name !== '') segments++;
  })
  .on('end', () => console.log(JSON.stringify({ segments })));
