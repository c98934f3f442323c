/**
 * The partners of the configuration, looked up the ways the engine needs: by an envelope identifier (qualifier +
 * value, test or production), by id, and by membership of a partner group (translations and out-channel filters
 * name "a partner or a group").
 *
 * Identifier rule: a partner matches an envelope party when one of its identifiers has the same value and either
 * the same qualifier or no qualifier (''). Among matches, an identifier for the interchange's mode (test or
 * production) wins; then an exact qualifier wins over an empty one. Inactive partners are not found.
 */
import type { ConfigDocument, PartnerConfig } from '../core/config-model.js';

/** The partner id given to senders and receivers that match no partner when the policy accepts them. */
export const UNKNOWN_PARTNER = 'unknown';

export class PartnerDirectory {
  private readonly byId = new Map<string, PartnerConfig>();
  private readonly byValue = new Map<string, PartnerConfig[]>();

  constructor(config: Pick<ConfigDocument, 'partners'>) {
    for (const partner of config.partners) {
      if (!partner.active) continue;
      this.byId.set(partner.id, partner);
      for (const identifier of partner.identifiers) {
        const list = this.byValue.get(identifier.value) ?? [];
        if (!list.includes(partner)) list.push(partner);
        this.byValue.set(identifier.value, list);
      }
    }
  }

  get(id: string): PartnerConfig | undefined {
    return this.byId.get(id);
  }

  /** The partner known by this envelope identifier, or undefined. */
  identify(qualifier: string, value: string, test: boolean): PartnerConfig | undefined {
    const candidates = this.byValue.get(value.trim());
    if (!candidates) return undefined;
    let best: PartnerConfig | undefined;
    let bestScore = -1;
    for (const partner of candidates) {
      for (const identifier of partner.identifiers) {
        if (identifier.value !== value.trim()) continue;
        if (identifier.qualifier !== '' && identifier.qualifier !== qualifier.trim()) continue;
        const score = (identifier.test === test ? 2 : 0) + (identifier.qualifier !== '' ? 1 : 0);
        if (score > bestScore) [best, bestScore] = [partner, score];
      }
    }
    return best;
  }

  /** The identifier to address a partner with in an envelope: the one for the mode (test or production), else
   * any. Undefined for an unknown partner or one without identifiers. */
  identifierFor(id: string, test: boolean): { qualifier: string; value: string } | undefined {
    const partner = this.byId.get(id);
    if (!partner) return undefined;
    return partner.identifiers.find((i) => i.test === test) ?? partner.identifiers[0];
  }

  /** True when `partnerId` is `partnerOrGroup` itself or a member of the group of that id. */
  matches(partnerId: string, partnerOrGroup: string): boolean {
    if (partnerId === partnerOrGroup) return true;
    return this.byId.get(partnerId)?.groups.includes(partnerOrGroup) ?? false;
  }
}
