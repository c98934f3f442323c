/**
 * Confirm rules (Bots' confirmrule): which acknowledgement is sent or asked for, for what. A rule of a type
 * (`997`, `CONTRL`, `ask-997`, ...) matches by its rule type: `all`; `route` (route id); `channel` (in-channel
 * for sending an acknowledgement, out-channel for asking one); `frompartner` / `topartner` (a partner or a group
 * it belongs to); `messagetype`. The acknowledgement applies when at least one positive rule matches and no
 * negative rule does (a negative rule switches it off where it matches). Inactive rules are ignored.
 */
import type { ConfigDocument, ConfirmRuleConfig, ConfirmType } from '../core/config-model.js';
import type { PartnerDirectory } from './partner-directory.js';

export interface ConfirmSubject {
  route: string;
  channel: string;
  frompartner: string;
  topartner: string;
  messagetype: string;
}

export class ConfirmRules {
  private readonly byType = new Map<ConfirmType, ConfirmRuleConfig[]>();

  constructor(
    config: Pick<ConfigDocument, 'confirmRules'>,
    private readonly partners: PartnerDirectory,
  ) {
    for (const rule of config.confirmRules) {
      if (!rule.active) continue;
      const list = this.byType.get(rule.confirmType) ?? [];
      list.push(rule);
      this.byType.set(rule.confirmType, list);
    }
  }

  /** Whether any active rule asks partners for acknowledgements (ask-997, ask-999, ask-CONTRL). */
  asksAny(): boolean {
    return [...this.byType.keys()].some((type) => type.startsWith('ask-'));
  }

  wants(type: ConfirmType, subject: ConfirmSubject): boolean {
    const rules = this.byType.get(type);
    if (!rules) return false;
    let positive = false;
    for (const rule of rules) {
      if (!this.matches(rule, subject)) continue;
      if (rule.negative) return false;
      positive = true;
    }
    return positive;
  }

  private matches(rule: ConfirmRuleConfig, s: ConfirmSubject): boolean {
    const value = rule.value ?? '';
    switch (rule.ruleType) {
      case 'all':
        return true;
      case 'route':
        return value === s.route;
      case 'channel':
        return value === s.channel;
      case 'frompartner':
        return s.frompartner !== '' && this.partners.matches(s.frompartner, value);
      case 'topartner':
        return s.topartner !== '' && this.partners.matches(s.topartner, value);
      case 'messagetype':
        return value === s.messagetype;
    }
  }
}
