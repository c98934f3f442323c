import { isUtf8 } from 'node:buffer';
import { edifactCharset, encodeText } from '../../engine/core/charset.js';
import { EdiReader } from '../../engine/core/edi-reader.js';
import type { Interchange } from '../../engine/core/envelope.js';
import { InterchangeWriter } from '../../engine/core/interchange-writer.js';
import { detectLineBreak } from '../../engine/core/line-break.js';
import type { LineBreak } from '../../engine/core/segment-writer.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** X12 segments read at interchange level, between the ISA and the first GS. */
const INTERCHANGE_SEGMENTS = new Set(['TA1', 'ISB', 'ISE']);

export interface RoundTrip {
  output: Buffer;
  lineBreak: LineBreak;
  /** Segments outside any message or envelope, which a writer cannot place. */
  stray: number;
}

/**
 * Reads an input and writes every interchange back with the InterchangeWriter, using the separators, UNA presence
 * and line-break style found in the input and counts the writer computes itself.
 */
export function roundTrip(input: Buffer): RoundTrip {
  const text = input.toString('latin1');
  const x12Utf8 = isUtf8(input);
  const pieces: Buffer[] = [];
  const layout: { lineBreak: LineBreak } = { lineBreak: '' };
  let stray = 0;
  let writer: InterchangeWriter | undefined;
  let chunks: string[] = [];
  let current: Interchange | undefined;

  const flush = (): void => {
    if (!current || chunks.length === 0) return;
    const charset = current.editype === 'edifact' ? edifactCharset(current.charset) : undefined;
    const joined = chunks.join('');
    pieces.push(
      charset
        ? encodeText(joined, charset, (c) => {
            throw new Error(`cannot encode ${c}`);
          })
        : Buffer.from(joined, x12Utf8 ? 'utf8' : 'latin1'),
    );
    chunks = [];
  };

  const reader = new EdiReader({
    interchangeStart: (interchange) => {
      flush();
      current = interchange;
      const first = interchange.header;
      const separators = interchange.separators;
      if (first)
        layout.lineBreak = detectLineBreak(
          text,
          text.indexOf(separators.segment, first.offset + first.raw.length) + separators.segment.length,
        );
      const editype = interchange.editype;
      if (editype !== 'x12' && editype !== 'edifact')
        throw new Error(`round trip reads X12 and EDIFACT, not ${editype}`);
      writer = new InterchangeWriter(
        editype,
        {
          separators,
          lineBreak: layout.lineBreak,
          keepTrailingEmpty: true,
          repeats:
            interchange.editype === 'edifact'
              ? interchange.syntaxVersion === '4'
              : separators.repetition !== '',
        },
        (piece) => chunks.push(piece),
      );
      if (first) writer.startInterchange(first.elements, interchange.hasUna ? interchange.una : false);
    },
    groupStart: (group) => writer!.startGroup(group.header.elements),
    message: (message) => {
      const [header, ...rest] = message.segments;
      const body = rest.slice(0, -1);
      writer!.message(header!.elements, body);
    },
    groupEnd: () => writer!.endGroup(),
    interchangeEnd: (interchange) => {
      if (interchange.header) writer!.endInterchange();
    },
    otherSegment: (segment, interchange) => {
      if (interchange && INTERCHANGE_SEGMENTS.has(segment.tag)) writer!.segment(segment);
      else stray++;
    },
  });
  reader.push(input);
  reader.end();
  flush();
  const { lineBreak } = layout;
  let output = Buffer.concat(input.subarray(0, 3).equals(UTF8_BOM) ? [UTF8_BOM, ...pieces] : pieces);
  if (lineBreak !== '' && !text.endsWith(lineBreak) && output.toString('latin1').endsWith(lineBreak))
    output = output.subarray(0, output.length - lineBreak.length);
  return { output, lineBreak, stray };
}
