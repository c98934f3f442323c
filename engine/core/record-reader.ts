/**
 * Reads a record-format input (CSV, fixed-width, JSON, XML) as one message: it collects the input, decodes it
 * with the charset given (UTF-8 by default), lets the format's parser build the records, and reports one
 * interchange without header holding one message to the envelope handler, as the EDI readers do. The whole
 * input is one message, so memory grows with the input; these formats carry one document per file.
 */
import { decodeByteString, type CharsetInfo } from './charset.js';
import type { CompiledGrammar } from './compiled-grammar.js';
import { parseCsv } from './csv-parser.js';
import type { EnvelopeHandler, Interchange, Message, RecordNode } from './envelope.js';
import { NO_PARTY } from './envelope-syntax.js';
import { parseFixed } from './fixed-parser.js';
import type { IssueList } from './issue.js';
import { parseJson } from './json-parser.js';
import type { RecordEditype, RecordParser } from './record-format.js';
import type { Segment } from './segment.js';
import { parseXml } from './xml-parser.js';

const PARSERS: Record<RecordEditype, RecordParser> = {
  csv: parseCsv,
  fixed: parseFixed,
  json: parseJson,
  xml: parseXml,
};

export interface RecordReaderOptions {
  grammar: CompiledGrammar | undefined;
  /** The message type the records are (the grammar's id when not given). */
  messageType: string | undefined;
  charset: CharsetInfo;
  issues: IssueList;
  /** Bytes before the text the parser sees (a BOM), added to the records' offsets. */
  offsetBase: number;
}

export class RecordReader {
  private readonly chunks: string[] = [];

  constructor(
    private readonly editype: RecordEditype,
    private readonly handler: EnvelopeHandler,
    private readonly options: RecordReaderOptions,
  ) {}

  /** `text` is a byte string (one char per byte), as the EDI lexers receive it. */
  push(text: string): void {
    this.chunks.push(text);
  }

  end(): void {
    const { grammar, issues, charset } = this.options;
    if (!grammar && (this.editype === 'csv' || this.editype === 'fixed')) {
      issues.add(
        'GRAMMAR_REQUIRED',
        'error',
        `${this.editype} input is read through its grammar: give --grammar FILE or --messagetype ID`,
        { line: 1, column: 1 },
      );
      return;
    }
    const bytes = this.chunks.join('');
    const text = decodeByteString(bytes, charset).text;
    const records = PARSERS[this.editype](text, { grammar, issues, charset });
    const segments: Segment[] = [];
    const base = this.options.offsetBase;
    const flatten = (nodes: RecordNode[]): void => {
      for (const node of nodes) {
        node.segment.offset += base;
        segments.push(node.segment);
        flatten(node.children);
      }
    };
    flatten(records);
    const interchange = fileInterchange(this.editype, charset);
    const type = this.options.messageType ?? grammar?.grammar.id ?? this.editype;
    const message: Message = {
      interchange,
      group: undefined,
      index: 1,
      type,
      baseType: type,
      reference: '',
      segments,
      records,
    };
    this.handler.interchangeStart?.(interchange);
    if (segments.length > 0) this.handler.message(message);
    this.handler.interchangeEnd?.(interchange);
  }
}

/** The interchange that stands for a record-format file: no header, no parties, one message. */
function fileInterchange(editype: RecordEditype, charset: CharsetInfo): Interchange {
  return {
    editype,
    index: 1,
    header: undefined,
    separators: { segment: '', element: '', component: '', repetition: '', release: '', decimal: '.' },
    hasUna: false,
    una: '',
    sender: NO_PARTY,
    receiver: NO_PARTY,
    controlNumber: '',
    syntaxVersion: '',
    charset: charset.name,
    test: false,
    groups: 0,
    messages: 1,
  };
}
