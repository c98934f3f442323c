/**
 * Which grammar a message is read and checked against, as the CLI and the engine decide it: a grammar given
 * directly (`--grammar`), else the catalog's lookup under the message type (`--messagetype` overrides the
 * detected one) with the partner layer of `--partner` or of the envelope's sender and receiver. Lookups are
 * cached per type and partners, so a file of many messages resolves each type once.
 */
import type { Editype, Message } from '../core/envelope.js';
import { isRecordEditype } from '../core/record-format.js';
import type { GrammarCatalog, ResolvedGrammar } from './grammar-catalog.js';

export interface GrammarChoice {
  /** Use this grammar for every message (`--grammar FILE`). */
  grammar?: ResolvedGrammar;
  /** Look grammars up under this message type instead of the detected one (`--messagetype`). */
  messageType?: string;
  /** Partner layer to apply (`--partner`); otherwise the envelope's sender and receiver are tried. */
  partner?: string;
}

export class GrammarResolver {
  private readonly cache = new Map<string, ResolvedGrammar | undefined>();

  constructor(
    private readonly catalog: GrammarCatalog,
    private readonly choice: GrammarChoice = {},
  ) {}

  /** The message type a message is looked up and reported under. */
  messageType(message: Message): string {
    return this.choice.messageType ?? message.type;
  }

  forMessage(message: Message): ResolvedGrammar | undefined {
    if (this.choice.grammar) return this.choice.grammar;
    const type = this.messageType(message);
    const base = this.choice.messageType ?? message.baseType;
    const { sender, receiver } = message.interchange;
    const partners = this.choice.partner
      ? [this.choice.partner]
      : [sender.id, receiver.id].filter((id) => id !== '');
    const key = `${message.interchange.editype}|${type}|${partners.join('|')}`;
    if (!this.cache.has(key))
      this.cache.set(key, this.catalog.find(message.interchange.editype, type, base, partners));
    return this.cache.get(key);
  }

  /**
   * The grammar a record-format input (CSV, fixed, JSON, XML) is read through, known before reading: those
   * formats carry no envelope to name their type.
   */
  forInput(editype: Editype | undefined): ResolvedGrammar | undefined {
    if (this.choice.grammar) return this.choice.grammar;
    const type = this.choice.messageType;
    if (editype === undefined || !isRecordEditype(editype) || type === undefined) return undefined;
    const found = this.catalog.find(editype, type, type, this.choice.partner ? [this.choice.partner] : []);
    if (found) this.cache.set(`${editype}|${type}|${this.choice.partner ?? ''}`, found);
    return found;
  }
}
