/**
 * In-process adapters of the parse benchmark: ours (tokenize-only, validate), the peers and the String.split
 * floor. Each adapter receives the input already in memory and returns what it counted, so the caller can check
 * that every adapter really read the whole file.
 *
 * Input shapes, as in ../shared/research/peers.md: string APIs get the whole file as a latin1 string decoded
 * before timing; stream APIs get 64 KiB Buffer chunks (subarrays of the preloaded file) and do their own decoding
 * inside the timed region, as they would when reading a file.
 *
 * Counts: `segments` excludes the EDIFACT service string advice (UNA), which is not a segment (node-edifact does
 * not report it). `values` and `chars` (ours and the floor only) count the element values after splitting: a
 * simple element is one value, a composite counts as its components (each one value), an empty element or
 * component is one empty value; X12 ISA elements are not split at the component separator (ISA16 is that
 * separator). `chars` sums the values' lengths after removing EDIFACT release characters, so equal counts mean
 * both sides cut and unescaped the same text.
 */
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { InputDecoder } from '../dist/core/input-decoder.js';
import { IssueList } from '../dist/core/issue.js';
import { X12Lexer } from '../dist/core/x12-lexer.js';
import { EdifactLexer } from '../dist/core/edifact-lexer.js';
import { Repeated } from '../dist/core/segment.js';
import { validateInput } from '../dist/runtime/file-validator.js';
import { GrammarCatalog } from '../dist/runtime/grammar-catalog.js';

const require = createRequire(import.meta.url);
const { X12Parser } = require('node-x12');
const { X12parser } = require('x12-parser');
const edifact = require('edifact');

export const CHUNK = 64 * 1024;

/** Ours, tokenize only: the lexer of the syntax, fed through the input decoder; no envelopes, no grammar. */
function oursTokenize({ chunks, syntax }) {
  const counts = { segments: 0, values: 0, chars: 0 };
  const sink = (segment) => {
    if (segment.tag === 'UNA') return;
    counts.segments++;
    for (const element of segment.elements) countValue(element, counts);
  };
  const issues = new IssueList();
  const lexer = syntax === 'x12' ? new X12Lexer(sink, issues) : new EdifactLexer(sink, issues);
  const decoder = new InputDecoder();
  for (const chunk of chunks) lexer.push(decoder.push(chunk));
  lexer.push(decoder.end());
  lexer.end();
  if (issues.errorCount > 0) throw new Error(`lexer errors: ${issues.items[0].message}`);
  return counts;
}

function countValue(element, counts) {
  if (typeof element === 'string') {
    counts.values++;
    counts.chars += element.length;
  } else if (element instanceof Repeated) {
    for (const value of element.values) countValue(value, counts);
  } else {
    for (const component of element) countValue(component, counts);
  }
}

/** Ours, everything `bots validate` does per file: envelopes, grammar lookup, every message validated. */
function oursValidate({ chunks }) {
  const result = validateInput((push) => chunks.forEach(push), new GrammarCatalog(undefined));
  if (!result.valid) throw new Error(`not valid: ${result.issues.items[0]?.message}`);
  return { messages: result.messages, errors: result.issues.errorCount };
}

/**
 * The floor: String.split at the segment terminator, then the element separator, then (where present) the
 * component separator; values are counted and dropped. X12 only; see splitFloorEdifact for EDIFACT.
 */
function splitFloorX12({ text }) {
  const counts = { segments: 0, values: 0, chars: 0 };
  const element = text[3];
  const component = text[104];
  const terminator = text[105];
  for (let segment of text.split(terminator)) {
    segment = segment.trimStart();
    if (segment === '') continue;
    counts.segments++;
    const parts = segment.split(element);
    const isa = parts[0] === 'ISA';
    for (let i = 1; i < parts.length; i++) {
      const value = parts[i];
      if (!isa && value.includes(component)) for (const c of value.split(component)) addValue(c, counts);
      else addValue(value, counts);
    }
  }
  return counts;
}

function addValue(value, counts) {
  counts.values++;
  counts.chars += value.length;
}

/**
 * The EDIFACT floor, correct about the release character: split at `'`, glue back pieces whose `'` was
 * released, then split at `+` and `:` directly when the segment holds no `?` (most do), else by a char loop.
 * Uses the UNA separators when present.
 */
function splitFloorEdifact({ text }) {
  const counts = { segments: 0, values: 0, chars: 0 };
  let [component, element, release, terminator] = [':', '+', '?', "'"];
  let body = text;
  if (text.startsWith('UNA')) {
    [component, element, release, terminator] = [text[3], text[4], text[6], text[8]];
    body = text.slice(9);
  }
  const pieces = body.split(terminator);
  for (let i = 0; i < pieces.length; i++) {
    let segment = pieces[i];
    while (endsReleased(segment, release) && i + 1 < pieces.length) segment += terminator + pieces[++i];
    segment = segment.trimStart();
    if (segment === '') continue;
    counts.segments++;
    if (!segment.includes(release)) {
      const parts = segment.split(element);
      for (let j = 1; j < parts.length; j++)
        for (const value of parts[j].split(component)) addValue(value, counts);
    } else splitReleased(segment, { component, element, release }, counts);
  }
  return counts;
}

/** True when the text ends with an odd number of release chars (the terminator after it was released). */
function endsReleased(text, release) {
  let n = 0;
  while (n < text.length && text[text.length - 1 - n] === release) n++;
  return n % 2 === 1;
}

function splitReleased(segment, seps, counts) {
  let value = '';
  let inTag = true;
  for (let k = 0; k < segment.length; k++) {
    const c = segment[k];
    if (c === seps.release) value += segment[++k] ?? '';
    else if (c === seps.element || c === seps.component) {
      if (!inTag) addValue(value, counts);
      inTag = false;
      value = '';
    } else value += c;
  }
  if (!inTag) addValue(value, counts);
}

/** node-x12 as a Transform stream (non-strict: strict mode throws at the end of valid input, see peers.md). */
function nodeX12Stream({ chunks }) {
  return new Promise((resolve, reject) => {
    let segments = 0;
    const parser = new X12Parser();
    parser.on('data', () => segments++);
    parser.on('error', reject);
    parser.on('end', () => resolve({ segments }));
    Readable.from(chunks).pipe(parser);
  });
}

/** node-x12 full parse: the whole file into its interchange object model. */
function nodeX12Parse({ text }) {
  const interchange = new X12Parser().parse(text);
  let segments = 2;
  for (const group of interchange.functionalGroups) {
    segments += 2;
    for (const transaction of group.transactions) segments += transaction.segments.length + 2;
  }
  return { segments, messages: interchange.functionalGroups[0].transactions.length };
}

/**
 * x12-parser (tastypackets) as a Transform stream, segments emitted as `{name, '1': ...}` objects. It emits an
 * empty `{name: ''}` for the line break after the last terminator; that one is not counted.
 */
function x12ParserStream({ chunks }) {
  return new Promise((resolve, reject) => {
    let segments = 0;
    const parser = new X12parser();
    parser.on('data', (segment) => {
      if (segment.name !== '') segments++;
    });
    parser.on('error', reject);
    parser.on('end', () => resolve({ segments }));
    Readable.from(chunks).pipe(parser);
  });
}

/**
 * node-edifact Parser fed 64 KiB chunks, callbacks set as methods (its README's fast path) that only count.
 * The chunk is decoded to a latin1 string inside the timed region, as a stream user would.
 */
function edifactParser({ chunks }) {
  const parser = new edifact.Parser();
  const counts = { segments: 0, values: 0 };
  parser.onopensegment = () => counts.segments++;
  parser.onelement = () => {};
  parser.oncomponent = () => counts.values++;
  parser.onclosesegment = () => {};
  for (const chunk of chunks) parser.write(chunk.toString('latin1'));
  parser.end();
  return counts;
}

/** node-edifact Reader: the whole file into `{name, elements[][]}` objects, with its default definitions. */
function edifactReader({ text }) {
  const segments = new edifact.Reader().parse(text);
  return { segments: segments.length };
}

/**
 * Adapters by name: `syntax` says which files it reads, `input` which shape it gets, `heap` a larger old-space
 * limit for those that keep the whole file as objects (node-x12 full parse needs ~3 GB for 50 MB).
 */
export const ADAPTERS = {
  'ours-tokenize': { syntax: 'both', input: 'chunks', run: oursTokenize, ours: true },
  'ours-validate': { syntax: 'both', input: 'chunks', run: oursValidate, ours: true },
  'split-floor': {
    syntax: 'both',
    input: 'text',
    run: (input) => (input.syntax === 'x12' ? splitFloorX12(input) : splitFloorEdifact(input)),
  },
  'node-x12-stream': { syntax: 'x12', input: 'chunks', run: nodeX12Stream },
  'node-x12-parse': { syntax: 'x12', input: 'text', run: nodeX12Parse, heap: 8192 },
  'x12-parser-stream': { syntax: 'x12', input: 'chunks', run: x12ParserStream },
  'edifact-parser': { syntax: 'edifact', input: 'chunks', run: edifactParser },
  'edifact-reader': { syntax: 'edifact', input: 'text', run: edifactReader, heap: 8192 },
};
