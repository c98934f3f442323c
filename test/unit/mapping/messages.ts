// Messages for the mapping API tests: real input read by EdiReader, treed by validateMessage, with the shipped
// grammars (or the record-format grammar fixtures), and the MappingInput over them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledGrammar } from '../../../engine/core/compiled-grammar.js';
import type { Editype, Message } from '../../../engine/core/envelope.js';
import { IssueList } from '../../../engine/core/issue.js';
import type { MessageInfo } from '../../../engine/core/mapping-api.js';
import { createMappingInput, type MappingRecordView } from '../../../engine/core/mapping-input.js';
import { validateMessage } from '../../../engine/core/message-validator.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { read, utf8 } from '../../helpers/read.js';

export interface Parsed {
  message: Message;
  inn: MappingRecordView;
  issues: IssueList;
}

/** A corpus file as text (`node-x12/test/test-data/850_2.edi`). */
export function corpus(path: string): string {
  return readFileSync(join(CORPUS_DIR, path), 'latin1');
}

/** The node-x12 sample 850 (VICS 4010): BEG, REF x2, ..., one N1 loop, six PO1 loops with PID and PO4. */
export const X12_850 = 'node-x12/test/test-data/850_2.edi';
/** The pydifact ORDERS D96A (EAN008, decimal comma in UNA): NAD x3, LIN x2 with QTY and RFF. */
export const EDIFACT_ORDERS = 'pydifact/tests/data/order.edi';

export function info(editype: string, messagetype: string): MessageInfo {
  return {
    editype,
    messagetype,
    frompartner: 'SENDER',
    topartner: 'RECEIVER',
    reference: '',
    testindicator: false,
    alt: '',
  };
}

/** Reads the first message of X12/EDIFACT text (or record-format text as UTF-8 with `editype`). */
export function parse(text: string, grammar?: CompiledGrammar, editype?: Editype): Parsed {
  const issues = new IssueList();
  const record = editype !== undefined && editype !== 'x12' && editype !== 'edifact';
  const result = read(record ? utf8(text) : text, record ? { editype, grammar, issues } : { issues });
  const message = result.messages[0];
  if (!message) throw new Error(`no message in test input: ${result.codes.join(', ')}`);
  const tree = validateMessage(message, grammar, issues);
  const inn = createMappingInput(message, tree, info(message.interchange.editype, message.type), grammar);
  return { message, inn, issues };
}

/** The error `call` throws; fails the test when it throws nothing. */
export function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (e) {
    if (e instanceof Error) return e;
  }
  throw new Error('nothing thrown');
}
