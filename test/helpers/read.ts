import { EdiReader, type ReadOptions, type ReadSummary } from '../../engine/core/edi-reader.js';
import type { Group, Interchange, Message } from '../../engine/core/envelope.js';
import type { Segment } from '../../engine/core/segment.js';

export interface ReadResult {
  summary: ReadSummary;
  interchanges: Interchange[];
  groups: Group[];
  messages: Message[];
  other: Segment[];
  codes: string[];
}

/** Reads text (or bytes) through the real reader, optionally in small chunks to exercise chunk boundaries. */
export function read(input: string | Uint8Array, options: ReadOptions = {}, chunkSize = 0): ReadResult {
  const result: Omit<ReadResult, 'summary' | 'codes'> = {
    interchanges: [],
    groups: [],
    messages: [],
    other: [],
  };
  const reader = new EdiReader(
    {
      interchangeStart: (i) => result.interchanges.push(i),
      groupStart: (g) => result.groups.push(g),
      message: (m) => result.messages.push(m),
      otherSegment: (s) => result.other.push(s),
    },
    options,
  );
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  if (chunkSize > 0)
    for (let i = 0; i < bytes.length; i += chunkSize) reader.push(bytes.subarray(i, i + chunkSize));
  else reader.push(bytes);
  const summary = reader.end();
  return { ...result, summary, codes: summary.issues.items.map((i) => i.code) };
}

export function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
