#!/usr/bin/env node
/**
 * Deterministic generator of UN/EDIFACT D.96A ORDERS interchanges for the parse benchmark.
 *
 *   node bench/edifact-orders-gen.mjs OUTFILE (--bytes N | --messages N) [--seed 1]
 *
 * Writes one interchange: UNA, UNB (UNOA syntax 3), then ORDERS messages until the file holds at least N bytes
 * (or exactly N messages), then UNZ. Each segment is followed by a line break, like the X12 850 generator in
 * ../shared/bench. The same seed always gives the same messages, and a smaller target gives a prefix of a bigger
 * one (only UNZ differs).
 *
 * Each message: UNH, BGM, 2 DTM, one header FTX, RFF (SG1), 3 NAD (SG2), CUX (SG7), then 10..50 line items
 * (SG25: LIN, PIA, IMD, QTY, an FTX on every 4th line, PRI in SG28), UNS, CNT, UNT. Every message is valid
 * against the shipped ORDERSD96AUN grammar; UNT and UNZ counts are correct.
 *
 * Release characters, a fixed share: the header FTX of every message holds exactly one each of `?:` `?+` `?'`
 * `??`, and the FTX of every 4th line item holds one more (cycling through the four kinds). The text uses only
 * UNOA characters (upper case, digits, space and . , - /), so node-edifact's default UNOA check accepts it too.
 * Prints a one-line summary (messages, segments, line items, release characters, bytes).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** mulberry32: a small seeded PRNG, good enough for test data and identical on every platform. */
export function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['WIDGET', 'BRACKET', 'STEEL', 'BLUE', 'RED', 'LARGE', 'SMALL', 'CABLE', 'ASSEMBLY', 'HOUSING'];
const CITIES = ['SPRINGFIELD', 'COLUMBUS', 'AUSTIN', 'DENVER', 'PORTLAND', 'ATLANTA'];
/** Free texts with one released char each, as they appear in the file (the value read back has no `?`). */
const RELEASED = {
  colon: ['ATTN?: RECEIVING', 'NOTE?: FRAGILE GOODS', 'REF?: SEE CONTRACT'],
  plus: ['CALL ?+1 555 0100', 'PALLETS ?+ CARTONS', 'PRICE ?+ FREIGHT'],
  apostrophe: ["DON?'T STACK", "SUPPLIER?'S LABEL", "BUYER?'S DOCK"],
  release: ['WHY?? ASK DESK', 'QTY?? CONFIRM', 'DATE?? CHECK'],
};
const KINDS = Object.keys(RELEASED);

class Orders {
  constructor(seed) {
    this.random = prng(seed);
    this.released = 0;
    this.lineItems = 0;
  }

  int(min, max) {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick(list) {
    return list[this.int(0, list.length - 1)];
  }

  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  date(year) {
    return `${year}${String(this.int(1, 12)).padStart(2, '0')}${String(this.int(1, 28)).padStart(2, '0')}`;
  }

  /** Segments of message `ref` (without terminators), UNH to UNT. */
  message(ref) {
    const nlines = this.int(10, 50);
    this.lineItems += nlines;
    const segments = [
      `UNH+${ref}+ORDERS:D:96A:UN`,
      `BGM+220+PO${this.digits(8)}+9`,
      `DTM+137:${this.date(2024)}:102`,
      `DTM+2:${this.date(2025)}:102`,
      // one of each released char in the header text: two components of C108 (4440, max 70 each)
      `FTX+AAI+++${RELEASED.colon[this.int(0, 2)]} ${RELEASED.plus[this.int(0, 2)]}:${RELEASED.apostrophe[this.int(0, 2)]} ${RELEASED.release[this.int(0, 2)]}`,
      `RFF+ON:ORD${this.digits(7)}`,
      `NAD+BY+${this.digits(13)}::9++BUYER COMPANY ${this.int(0, 99)}`,
      `NAD+SU+${this.digits(13)}::9++SUPPLIER COMPANY`,
      `NAD+DP+${this.digits(13)}::9++DISTRIBUTION CENTER ${this.int(0, 99)}+${this.int(1, 9999)} MAIN ST+${this.pick(CITIES)}++${this.digits(5)}`,
      'CUX+2:USD:9',
    ];
    this.released += 4;
    for (let line = 1; line <= nlines; line++) {
      const qty = this.int(1, 500);
      segments.push(
        `LIN+${line}++${this.digits(13)}:EN`,
        `PIA+1+SKU-${this.digits(6)}:SA`,
        `IMD+F++:::${this.words()}`,
        `QTY+21:${qty}`,
      );
      if (line % 4 === 0) {
        const kind = KINDS[(line / 4 - 1) % KINDS.length];
        segments.push(`FTX+ZZZ+++${this.pick(RELEASED[kind])}`);
        this.released++;
      }
      segments.push(`PRI+AAA:${this.int(0, 999)}.${String(this.int(0, 99)).padStart(2, '0')}`);
    }
    segments.push('UNS+S', `CNT+2:${nlines}`);
    // UNT counts UNH to UNT, both included
    segments.push(`UNT+${segments.length + 1}+${ref}`);
    return segments;
  }

  words() {
    const n = this.int(2, 4);
    const words = [];
    for (let i = 0; i < n; i++) words.push(this.pick(WORDS));
    return words.join(' ');
  }
}

/**
 * Writes the interchange to `file`; stops after `messages` messages, or once `bytes` bytes are written.
 * Returns the summary figures.
 */
export function generateOrders(file, { bytes = Infinity, messages = Infinity, seed = 1 }) {
  if (bytes === Infinity && messages === Infinity) throw new Error('give --bytes or --messages');
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const fd = openSync(file, 'w');
  const orders = new Orders(seed);
  const stats = { messages: 0, segments: 0, lineItems: 0, released: 0, bytes: 0 };
  const write = (segments) => {
    const text = segments.map((s) => `${s}'\n`).join('');
    stats.bytes += writeSync(fd, text, null, 'latin1');
    stats.segments += segments.length;
  };
  try {
    writeSync(fd, "UNA:+.? '\n");
    stats.bytes += 10;
    write(['UNB+UNOA:3+BUYERCO:14+SUPPLIERCO:14+240115:1200+1']);
    let batch = [];
    let pending = 0;
    while (stats.messages < messages && stats.bytes + pending < bytes) {
      stats.messages++;
      for (const segment of orders.message(String(stats.messages))) {
        batch.push(segment);
        pending += segment.length + 2;
      }
      // written in batches of messages: one writeSync per message would dominate the run time
      if (batch.length > 5000) {
        write(batch);
        batch = [];
        pending = 0;
      }
    }
    write(batch);
    write([`UNZ+${stats.messages}+1`]);
  } finally {
    closeSync(fd);
  }
  stats.lineItems = orders.lineItems;
  stats.released = orders.released;
  return stats;
}

function main(argv) {
  const [file, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 2) {
    const value = Number(rest[i + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${rest[i]}: give a whole number >= 1`);
    if (rest[i] === '--bytes') options.bytes = value;
    else if (rest[i] === '--messages') options.messages = value;
    else if (rest[i] === '--seed') options.seed = value;
    else throw new Error(`unknown option ${rest[i]}`);
  }
  if (!file) throw new Error('usage: edifact-orders-gen.mjs OUTFILE (--bytes N | --messages N) [--seed 1]');
  const stats = generateOrders(file, options);
  console.log(
    Object.entries(stats)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
