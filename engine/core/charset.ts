/**
 * Charset rules of DESIGN.md. Lexers work on "byte strings" (every byte one char, as latin1 decoding gives),
 * so offsets are byte offsets and separators are found without decoding; the text of a segment is decoded to
 * Unicode only when it holds bytes above 0x7F.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type CharsetCheck = 'strict' | 'warn' | 'replace';

export interface CharsetInfo {
  /** Name reported to users: `utf-8`, `iso-8859-1`, ... */
  name: string;
  /** TextDecoder label, or 'latin1' for a byte-for-byte decode, or 'x12-auto' (UTF-8 when valid, else latin1). */
  decoder: string;
  /** Characters allowed by a restricted EDIFACT set (UNOA/UNOB); undefined when any character is allowed. */
  allowed?: RegExp;
  /** Set when the declared charset was not recognised. */
  unknown?: boolean;
}

// ISO 9735 character set repertoires A and B (level A: upper case only; level B adds lower case and a few marks).
const UNOA = /^[A-Z0-9 .,\-()/='+:?!"%&*;<>\r\n]*$/;
const UNOB = /^[A-Za-z0-9 .,\-()/='+:?!"%&*;<>@[\]_{}\\|~#$\r\n]*$/;

const EDIFACT_CHARSETS: Record<string, CharsetInfo> = {
  UNOA: { name: 'UNOA (ISO 646 level A)', decoder: 'latin1', allowed: UNOA },
  UNOB: { name: 'UNOB (ISO 646 level B)', decoder: 'latin1', allowed: UNOB },
  UNOC: { name: 'iso-8859-1', decoder: 'latin1' },
  UNOD: { name: 'iso-8859-2', decoder: 'iso-8859-2' },
  UNOE: { name: 'iso-8859-5', decoder: 'iso-8859-5' },
  UNOF: { name: 'iso-8859-7', decoder: 'iso-8859-7' },
  UNOG: { name: 'iso-8859-3', decoder: 'iso-8859-3' },
  UNOH: { name: 'iso-8859-4', decoder: 'iso-8859-4' },
  UNOI: { name: 'iso-8859-6', decoder: 'iso-8859-6' },
  UNOJ: { name: 'iso-8859-8', decoder: 'iso-8859-8' },
  UNOK: { name: 'iso-8859-9', decoder: 'iso-8859-9' },
  UNOW: { name: 'utf-8', decoder: 'utf-8' },
  UNOY: { name: 'utf-8', decoder: 'utf-8' },
};

export const X12_AUTO: CharsetInfo = { name: 'utf-8 or iso-8859-1', decoder: 'x12-auto' };
export const LATIN1: CharsetInfo = { name: 'iso-8859-1', decoder: 'latin1' };
export const UTF8: CharsetInfo = { name: 'utf-8', decoder: 'utf-8' };

/** The charset an EDIFACT syntax identifier (UNB 0001) declares; unknown ids read as Latin-1. */
export function edifactCharset(syntaxId: string): CharsetInfo {
  return EDIFACT_CHARSETS[syntaxId.toUpperCase()] ?? { ...LATIN1, unknown: true };
}

/** A charset given by name on a channel, partner or the command line. */
export function charsetByName(name: string): CharsetInfo | undefined {
  const lower = name.toLowerCase();
  if (lower === 'utf-8' || lower === 'utf8') return UTF8;
  if (lower === 'latin1' || lower === 'iso-8859-1') return LATIN1;
  const edifact = EDIFACT_CHARSETS[name.toUpperCase()];
  if (edifact) return edifact;
  try {
    new TextDecoder(lower);
    return { name: lower, decoder: lower };
  } catch {
    return undefined;
  }
}

const decoders = new Map<string, TextDecoder>();

export interface DecodeResult {
  text: string;
  /** The bytes were not valid in the declared charset and were read as Latin-1 instead. */
  fellBack: boolean;
}

/** Decodes a byte string that holds at least one byte above 0x7F. */
export function decodeByteString(bytes: string, charset: CharsetInfo): DecodeResult {
  if (charset.decoder === 'latin1') return { text: bytes, fellBack: false };
  const buffer = Buffer.from(bytes, 'latin1');
  if (charset.decoder === 'utf-8' || charset.decoder === 'x12-auto') {
    if (isUtf8(buffer)) return { text: buffer.toString('utf8'), fellBack: false };
    return { text: bytes, fellBack: true };
  }
  let decoder = decoders.get(charset.decoder);
  if (!decoder) {
    decoder = new TextDecoder(charset.decoder);
    decoders.set(charset.decoder, decoder);
  }
  return { text: decoder.decode(buffer), fellBack: false };
}

const HIGH_BYTE = /[\x80-\xff]/;

export function hasHighBytes(bytes: string): boolean {
  return HIGH_BYTE.test(bytes);
}

const encoders = new Map<string, Map<string, number>>();

/**
 * Encodes text for output in a charset. A character the charset cannot hold is reported through `unencodable`
 * (the caller decides: error, or a replacement); it returns the byte to write instead.
 */
export function encodeText(
  text: string,
  charset: CharsetInfo,
  unencodable: (char: string) => number,
): Buffer {
  if (charset.decoder === 'utf-8' || charset.decoder === 'x12-auto') return Buffer.from(text, 'utf8');
  const table = charset.decoder === 'latin1' ? undefined : encoderTable(charset.decoder);
  const bytes = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const byte = table ? (code < 0x80 ? code : table.get(char)) : code <= 0xff ? code : undefined;
    bytes[n++] = byte ?? unencodable(char);
  }
  return bytes.subarray(0, n);
}

function encoderTable(label: string): Map<string, number> {
  let table = encoders.get(label);
  if (!table) {
    const decoded = new TextDecoder(label).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
    table = new Map();
    let i = 0;
    for (const char of decoded) table.set(char, i++);
    encoders.set(label, table);
  }
  return table;
}
