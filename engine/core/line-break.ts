/** Which line break follows segment terminators in an input, so output can be written in the same style. */
import type { LineBreak } from './segment-writer.js';

/** `input` is the byte string read; `after` is the index just past a segment terminator. */
export function detectLineBreak(input: string, after: number): LineBreak {
  if (input.startsWith('\r\n', after)) return '\r\n';
  if (input[after] === '\n') return '\n';
  return '';
}
