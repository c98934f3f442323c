/**
 * Reading the UNTDID text files: CP437 bytes with CRLF line ends, entries separated by a rule of box-drawing
 * dashes, and representation strings such as `an..35` (variable length) and `an3` (fixed length).
 */
import type { EdifactFormat } from '../../../engine/core/grammar.js';
import { GeneratorError } from '../generator.js';

// The upper half of code page 437; the lower half is ASCII.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥\u20a7ƒáíóúñÑªº¿\u2310¬½¼¡«»\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580αßΓπΣσµτΦΘΩδ\u221eφε\u2229\u2261±\u2265\u2264\u2320\u2321÷\u2248°\u2219·\u221a\u207f²\u25a0\u00a0';

export function decodeCp437(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH.charAt(byte - 0x80);
  return text;
}

const DOS_END_OF_FILE = String.fromCharCode(0x1a);

/** Lines without line ends or trailing blanks; the DOS end-of-file mark (Ctrl-Z) is dropped. */
export function textLines(bytes: Uint8Array): string[] {
  return decodeCp437(bytes)
    .replaceAll(DOS_END_OF_FILE, '')
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
}

/** One entry of a directory file; `firstLine` is the 1-based line number of lines[0]. */
export interface DirectoryRecord {
  firstLine: number;
  lines: string[];
}

const RULE = /^\u2500{10,}/;

/** Splits a directory file at its separator rules; the text before the first rule is the file's preface. */
export function splitRecords(lines: string[]): DirectoryRecord[] {
  const records: DirectoryRecord[] = [];
  let current: DirectoryRecord = { firstLine: 1, lines: [] };
  lines.forEach((line, index) => {
    if (RULE.test(line)) {
      records.push(current);
      current = { firstLine: index + 2, lines: [] };
    } else {
      current.lines.push(line);
    }
  });
  records.push(current);
  return records;
}

export interface Representation {
  format: EdifactFormat;
  min: number;
  max: number;
}

export function sourceError(file: string, line: number, sentence: string): GeneratorError {
  return new GeneratorError(`${file} line ${line}: ${sentence}`);
}

/** `an..35` allows 1 to 35 characters, `an3` exactly 3. */
export function parseRepresentation(text: string, file: string, line: number): Representation {
  const match = /^(an|a|n)(\.\.)?(\d+)$/.exec(text);
  if (!match) throw sourceError(file, line, `"${text}" is not a representation such as an..35 or n3.`);
  const format = match[1] as EdifactFormat;
  const max = Number(match[3]);
  return { format, min: match[2] ? 1 : max, max };
}

/** Change indicators (+ * # | X -) stand in the first columns of an entry; they are blanked before parsing. */
export function withoutIndicators(line: string, width: number): string {
  return line.slice(0, width).replace(/[+*#|X-]/g, ' ') + line.slice(width);
}

/** What a directory line such as `010   C817  ADDRESS USAGE   C    5` says about one position. */
export interface PositionEntry {
  position: string;
  id: string;
  name: string;
  mandatory: boolean;
  /** The repeat column of syntax 4 directories (D.01B); 1 where the directory has none. */
  repeat: number;
  repr: string | undefined;
  line: number;
}

const POSITION = /^(\d{3})[ +*#|X-]+([A-Z]\d{3}|\d{4}) +(.*)$/;
const STATUS = /^(.*?) +([MC])(?: +(\d+))?(?: +((?:an|a|n)(?:\.\.)?\d+))?$/;

/**
 * The numbered positions of a directory entry, in order. A long name wraps onto the next line, which then holds
 * the status; lines without a position number (components listed under a composite) are skipped.
 */
export function positionEntries(record: DirectoryRecord, file: string): PositionEntry[] {
  const entries: PositionEntry[] = [];
  record.lines.forEach((text, index) => {
    const position = POSITION.exec(text);
    if (!position) return;
    const [, pos = '', id = '', tail = ''] = position;
    const line = record.firstLine + index;
    let status = STATUS.exec(tail);
    let name = status?.[1] ?? tail;
    if (!status) {
      status = STATUS.exec(` ${(record.lines[index + 1] ?? '').trim()}`);
      if (!status) throw sourceError(file, line, `position ${pos} (${id}) has no status M or C.`);
      name = `${tail.trim()} ${status[1]?.trim() ?? ''}`.trim();
    }
    entries.push({
      position: pos,
      id,
      name: name.trim(),
      mandatory: status[2] === 'M',
      repeat: status[3] === undefined ? 1 : Number(status[3]),
      repr: status[4],
      line,
    });
  });
  return entries;
}
