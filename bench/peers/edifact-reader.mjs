#!/usr/bin/env node
/**
 * Whole-process peer: node-edifact's Reader, its documented way to read a document: the whole file as one
 * string, returned as an array of `{name, elements[][]}`. Checks element formats against its bundled
 * definitions, not message structure.
 *   node bench/peers/edifact-reader.mjs FILE   -> {"segments": N}
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { Reader } = createRequire(import.meta.url)('edifact');

const segments = new Reader().parse(readFileSync(process.argv[2], 'latin1'));
console.log(JSON.stringify({ segments: segments.length }));
