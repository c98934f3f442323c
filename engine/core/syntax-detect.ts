/** Recognises the syntax of an input from its first non-blank chars (after any BOM). */

/** What an input is: detected from its first characters, or given (csv and fixed are never detected). */
export type DetectedSyntax = 'x12' | 'edifact' | 'tradacoms' | 'xml' | 'json' | 'csv' | 'fixed' | 'unknown';

/** Chars needed to decide; fewer are enough at the end of input. */
export const DETECT_LENGTH = 4;

export function detectSyntax(text: string): DetectedSyntax {
  const head = text.trimStart();
  if (/^ISA[^A-Za-z0-9]/.test(head)) return 'x12';
  if (/^UN[ABH][^A-Za-z0-9]/.test(head)) return 'edifact';
  if (head.startsWith('STX=')) return 'tradacoms';
  if (head.startsWith('<')) return 'xml';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return 'unknown';
}
