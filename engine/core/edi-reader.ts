/**
 * Reads X12 or EDIFACT input chunk by chunk and reports interchanges, groups and messages to a handler, one
 * message at a time: memory grows with the largest message, not with the file. The syntax is detected from the
 * first bytes unless given. Fatal conditions (unknown syntax, a segment that never ends) stop reading and become
 * an error issue; everything else is an issue and reading goes on.
 */
import { UTF8 } from './charset.js';
import { EDIFACT_ENVELOPE } from './edifact-envelope.js';
import { EdifactLexer } from './edifact-lexer.js';
import type { EnvelopeHandler } from './envelope.js';
import { EnvelopeReader } from './envelope-reader.js';
import { InputDecoder } from './input-decoder.js';
import { FatalInputError, IssueList } from './issue.js';
import type { LexerOptions, SegmentLexer } from './segment-lexer.js';
import { detectSyntax, DETECT_LENGTH, type DetectedSyntax } from './syntax-detect.js';
import { X12_ENVELOPE } from './x12-envelope.js';
import { X12Lexer } from './x12-lexer.js';
import { printable } from './printable.js';
import type { CompiledGrammar } from './compiled-grammar.js';
import type { Editype } from './envelope.js';
import { isRecordEditype } from './record-format.js';
import { RecordReader } from './record-reader.js';

export interface ReadOptions extends LexerOptions {
  /** Skip detection and read as this syntax (CSV and fixed cannot be detected). */
  editype?: Editype;
  /** The grammar of a record-format input (CSV, fixed; JSON and XML without one are read no-check). */
  grammar?: CompiledGrammar;
  /** The message type of a record-format input. */
  messageType?: string;
  /** Where issues go; a new list (of up to 1000 issues) when not given. */
  issues?: IssueList;
}

export interface ReadSummary {
  syntax: DetectedSyntax;
  issues: IssueList;
  /** A fatal error stopped reading before the end of the input. */
  fatal: boolean;
  interchanges: number;
  messages: number;
  bytes: number;
}

export class EdiReader {
  readonly issues: IssueList;
  private readonly decoder = new InputDecoder();
  private head = '';
  private lexer: Pick<SegmentLexer, 'push' | 'end'> | undefined;
  private envelopes: EnvelopeReader | undefined;
  private stopped = false;
  private fatal = false;
  private bytes = 0;
  private interchanges = 0;
  private messages = 0;
  syntax: DetectedSyntax | undefined;

  constructor(
    private readonly handler: EnvelopeHandler,
    private readonly options: ReadOptions = {},
  ) {
    this.issues = options.issues ?? new IssueList();
    // Delegates method by method: handlers are often class instances, whose methods a spread would not copy.
    const counting: EnvelopeHandler = {
      interchangeStart: (interchange) => {
        this.interchanges++;
        handler.interchangeStart?.(interchange);
      },
      groupStart: (group, interchange) => handler.groupStart?.(group, interchange),
      message: (message) => {
        this.messages++;
        handler.message(message);
      },
      groupEnd: (group, interchange) => handler.groupEnd?.(group, interchange),
      interchangeEnd: (interchange) => handler.interchangeEnd?.(interchange),
      otherSegment: (segment, interchange) => handler.otherSegment?.(segment, interchange),
    };
    this.handler = counting;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.stopped) return;
    this.feed(this.decoder.push(chunk), false);
  }

  end(): ReadSummary {
    if (!this.stopped) {
      this.feed(this.decoder.end(), true);
      this.guard(() => {
        this.lexer?.end();
        this.envelopes?.end();
      });
    }
    if (this.bytes === 0 || (this.syntax === undefined && this.head.trim() === '')) {
      this.issues.add('INPUT_EMPTY', 'error', 'The input is empty: it holds no EDI data', {});
      this.fatal = true;
    }
    return {
      syntax: this.syntax ?? 'unknown',
      issues: this.issues,
      fatal: this.fatal,
      interchanges: this.interchanges,
      messages: this.messages,
      bytes: this.bytes,
    };
  }

  private feed(text: string, final: boolean): void {
    if (this.stopped) return;
    if (!this.lexer) {
      this.head += text;
      if (this.head.trimStart().length < DETECT_LENGTH && !final) return;
      if (this.head.trim() === '') return;
      if (!this.start()) return;
      text = this.head;
      this.head = '';
    }
    const lexer = this.lexer!;
    this.guard(() => lexer.push(text));
  }

  private start(): boolean {
    const detected = this.options.editype ?? this.options.grammar?.grammar.editype ?? detectSyntax(this.head);
    this.syntax = detected;
    if (this.decoder.encoding === 'utf-16le' || this.decoder.encoding === 'utf-16be') {
      this.issues.add(
        'INPUT_UTF16',
        'warning',
        `The input is ${this.decoder.encoding.toUpperCase()}; it was read as UTF-8 and byte offsets count the converted text`,
        {},
      );
    }
    const options: LexerOptions = { ...this.options, offsetBase: this.decoder.skipped };
    if (this.decoder.encoding.startsWith('utf-16') && !options.charset) options.charset = UTF8;
    if (detected === 'x12') {
      const lexer = new X12Lexer((s) => envelopes.segment(s), this.issues, options);
      const envelopes = new EnvelopeReader(
        X12_ENVELOPE,
        this.handler,
        this.issues,
        () => lexer.currentSeparators,
      );
      this.lexer = lexer;
      this.envelopes = envelopes;
      return true;
    }
    if (
      isRecordEditype(detected) &&
      (this.options.editype !== undefined || this.options.grammar !== undefined)
    ) {
      this.lexer = new RecordReader(detected, this.handler, {
        grammar: this.options.grammar,
        messageType: this.options.messageType,
        charset: options.charset ?? UTF8,
        issues: this.issues,
        offsetBase: this.decoder.skipped,
      });
      return true;
    }
    if (detected === 'edifact') {
      const lexer = new EdifactLexer((s) => envelopes.segment(s), this.issues, options);
      const envelopes = new EnvelopeReader(
        EDIFACT_ENVELOPE,
        this.handler,
        this.issues,
        () => lexer.currentSeparators,
        () => lexer.resetInterchange(),
      );
      this.lexer = lexer;
      this.envelopes = envelopes;
      return true;
    }
    this.stop();
    if (detected === 'tradacoms')
      this.issues.add(
        'UNSUPPORTED_TRADACOMS',
        'error',
        'unsupported: TRADACOMS (STX envelope) is not read by this version',
        { line: 1, column: 1 },
      );
    else if (detected === 'xml' || detected === 'json')
      this.issues.add(
        'SYNTAX_NEEDS_GRAMMAR',
        'error',
        `The input looks like ${detected.toUpperCase()}; give --editype ${detected} and a grammar to read it`,
        { line: 1, column: 1 },
      );
    else
      this.issues.add(
        'SYNTAX_UNKNOWN',
        'error',
        `Unknown syntax: the input starts with "${printable(this.head.trimStart().slice(0, 20))}", not with ISA (X12) or UNA/UNB/UNH (EDIFACT); give --editype for CSV, fixed, JSON or XML`,
        { line: 1, column: 1 },
      );
    return false;
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (!(error instanceof FatalInputError)) throw error;
      this.issues.add(error.code, 'error', error.message, error.location);
      this.stop();
    }
  }

  private stop(): void {
    this.stopped = true;
    this.fatal = true;
  }
}
