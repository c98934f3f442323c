/**
 * The translation lookup (Bots' lookup_translation): for a message of (editype, message type) with an
 * alternative key and partners, which mapping script makes what. Candidates are the active translations of the
 * same from-editype and from-messagetype whose alt equals the asked one and whose partner columns are empty or
 * match (a partner or a group it belongs to). Precedence, first wins: a specific from-partner, then a specific
 * to-partner (a partner named directly before a group), then configuration order.
 * Unlike Bots, a chained lookup (alt set by a mapping) does not fall back to the plain translation: that
 * fallback re-runs the same script and needs a loop guard; here a missing alt translation is an error.
 */
import type { ConfigDocument, TranslationConfig } from '../core/config-model.js';
import type { PartnerDirectory } from './partner-directory.js';

export interface TranslationQuery {
  editype: string;
  messagetype: string;
  alt: string;
  frompartner: string;
  topartner: string;
}

export class TranslationTable {
  private readonly byType = new Map<string, TranslationConfig[]>();

  constructor(
    config: Pick<ConfigDocument, 'translations'>,
    private readonly partners: PartnerDirectory,
  ) {
    for (const t of config.translations) {
      if (!t.active) continue;
      const key = `${t.fromEditype}\u0000${t.fromMessagetype}`;
      const list = this.byType.get(key) ?? [];
      list.push(t);
      this.byType.set(key, list);
    }
  }

  find(query: TranslationQuery): TranslationConfig | undefined {
    const candidates = this.byType.get(`${query.editype}\u0000${query.messagetype}`);
    if (!candidates) return undefined;
    let best: TranslationConfig | undefined;
    let bestScore = -1;
    for (const t of candidates) {
      const alt = t.alt ?? '';
      if (alt !== query.alt) continue;
      const from = this.partnerScore(t.fromPartner, query.frompartner);
      const to = this.partnerScore(t.toPartner, query.topartner);
      if (from < 0 || to < 0) continue;
      const score = from * 10 + to;
      if (score > bestScore) [best, bestScore] = [t, score];
    }
    return best;
  }

  /** -1 no match, 0 no partner column, 1 via a group, 2 the partner itself. */
  private partnerScore(column: string | undefined, partner: string): number {
    if (column === undefined || column === '') return 0;
    if (column === partner) return 2;
    return partner !== '' && this.partners.matches(partner, column) ? 1 : -1;
  }
}
