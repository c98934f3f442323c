/**
 * Turns the input's byte chunks into byte strings (one char per byte) for the lexers. A UTF-8 byte order mark is
 * skipped; UTF-16 input (with a BOM, or recognised by its zero bytes) is transcoded to UTF-8 first, so that the
 * lexers see one encoding; offsets then count the transcoded bytes, and the reader says so in a warning.
 */
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type InputEncoding = 'bytes' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export class InputDecoder {
  private decided = false;
  private pending: Uint8Array | undefined;
  private utf16: TextDecoder | undefined;
  encoding: InputEncoding = 'bytes';
  /** Bytes skipped at the start (a BOM), so byte offsets of the lexers can be reported in file terms. */
  skipped = 0;

  /** Returns the byte string for this chunk; may hold back up to 3 bytes at the very start to see a BOM. */
  push(chunk: Uint8Array): string {
    let bytes = chunk;
    if (!this.decided) {
      bytes = this.pending ? concat(this.pending, chunk) : chunk;
      if (bytes.length < 4) {
        this.pending = bytes.slice();
        return '';
      }
      this.pending = undefined;
      bytes = this.decide(bytes);
    }
    if (this.utf16) return toByteString(Buffer.from(this.utf16.decode(bytes, { stream: true }), 'utf8'));
    return toByteString(bytes);
  }

  end(): string {
    if (!this.decided && this.pending) {
      const bytes = this.decide(this.pending);
      this.pending = undefined;
      if (this.utf16) return toByteString(Buffer.from(this.utf16.decode(bytes), 'utf8'));
      return toByteString(bytes);
    }
    if (this.utf16) return toByteString(Buffer.from(this.utf16.decode(), 'utf8'));
    return '';
  }

  private decide(bytes: Uint8Array): Uint8Array {
    this.decided = true;
    const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
      this.encoding = 'utf-8-bom';
      this.skipped = 3;
      return bytes.subarray(3);
    }
    if (b0 === 0xff && b1 === 0xfe) return this.startUtf16('utf-16le', bytes.subarray(2), 2);
    if (b0 === 0xfe && b1 === 0xff) return this.startUtf16('utf-16be', bytes.subarray(2), 2);
    if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0)
      return this.startUtf16('utf-16le', bytes, 0);
    if (bytes.length >= 4 && b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0)
      return this.startUtf16('utf-16be', bytes, 0);
    return bytes;
  }

  private startUtf16(encoding: 'utf-16le' | 'utf-16be', rest: Uint8Array, skipped: number): Uint8Array {
    this.encoding = encoding;
    this.skipped = skipped;
    this.utf16 = new TextDecoder(encoding);
    return rest;
  }
}

function toByteString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
