// ConfirmRules.wants: an acknowledgement type applies when a positive rule of that type matches and no negative
// one does. Rule types all, route, channel, frompartner, topartner (partner or its group), messagetype.
import { describe, expect, it } from 'vitest';
import type { ConfirmRuleConfig } from '../../../engine/core/config-model.js';
import { ConfirmRules, type ConfirmSubject } from '../../../engine/runtime/confirm-rules.js';
import { PartnerDirectory } from '../../../engine/runtime/partner-directory.js';
import { partner, rule } from './engine-helpers.js';

const partners = new PartnerDirectory({
  partners: [partner('acme', { groups: ['retail'] }), partner('mill', { groups: ['industry'] })],
});

function rules(...list: ConfirmRuleConfig[]): ConfirmRules {
  return new ConfirmRules({ confirmRules: list }, partners);
}

function subject(more: Partial<ConfirmSubject> = {}): ConfirmSubject {
  return {
    route: 'x12-in',
    channel: 'x12-in-folder',
    frompartner: 'acme',
    topartner: 'mill',
    messagetype: '850004010',
    ...more,
  };
}

describe('ConfirmRules', () => {
  it('wants nothing without rules', () => {
    expect(rules().wants('997', subject())).toBe(false);
  });

  it('applies an `all` rule to everything, for its confirm type only', () => {
    const r = rules(rule('997', 'all'));
    expect(r.wants('997', subject())).toBe(true);
    expect(r.wants('997', subject({ route: 'other', frompartner: '', topartner: '' }))).toBe(true);
    expect(r.wants('999', subject())).toBe(false);
    expect(r.wants('ask-997', subject())).toBe(false);
    expect(r.wants('CONTRL', subject())).toBe(false);
  });

  it('matches route, channel and message type by value', () => {
    const byRoute = rules(rule('997', 'route', 'x12-in'));
    expect(byRoute.wants('997', subject())).toBe(true);
    expect(byRoute.wants('997', subject({ route: 'x12-in-2' }))).toBe(false);
    const byChannel = rules(rule('ask-CONTRL', 'channel', 'edifact-out'));
    expect(byChannel.wants('ask-CONTRL', subject({ channel: 'edifact-out' }))).toBe(true);
    expect(byChannel.wants('ask-CONTRL', subject())).toBe(false);
    const byType = rules(rule('999', 'messagetype', '850005010'));
    expect(byType.wants('999', subject({ messagetype: '850005010' }))).toBe(true);
    expect(byType.wants('999', subject())).toBe(false);
  });

  it('matches from-partner and to-partner by the partner or a group it belongs to', () => {
    const from = rules(rule('997', 'frompartner', 'acme'));
    expect(from.wants('997', subject())).toBe(true);
    expect(from.wants('997', subject({ frompartner: 'mill' }))).toBe(false);
    const fromGroup = rules(rule('997', 'frompartner', 'retail'));
    expect(fromGroup.wants('997', subject())).toBe(true);
    expect(fromGroup.wants('997', subject({ frompartner: 'mill' }))).toBe(false);
    const to = rules(rule('TA1', 'topartner', 'mill'));
    expect(to.wants('TA1', subject())).toBe(true);
    expect(to.wants('TA1', subject({ topartner: 'acme' }))).toBe(false);
    const toGroup = rules(rule('TA1', 'topartner', 'industry'));
    expect(toGroup.wants('TA1', subject())).toBe(true);
    expect(toGroup.wants('TA1', subject({ topartner: 'acme' }))).toBe(false);
    // The from-partner rule does not look at the to-partner, nor the other way round.
    expect(rules(rule('997', 'frompartner', 'mill')).wants('997', subject())).toBe(false);
    expect(rules(rule('997', 'topartner', 'acme')).wants('997', subject())).toBe(false);
  });

  it('never matches a partner rule when the partner is not known', () => {
    expect(rules(rule('997', 'frompartner', '')).wants('997', subject({ frompartner: '' }))).toBe(false);
    expect(rules(rule('997', 'topartner', '')).wants('997', subject({ topartner: '' }))).toBe(false);
  });

  it('switches the acknowledgement off where a negative rule matches, in any order', () => {
    const positiveFirst = rules(rule('997', 'all'), rule('997', 'frompartner', 'retail', { negative: true }));
    expect(positiveFirst.wants('997', subject())).toBe(false);
    expect(positiveFirst.wants('997', subject({ frompartner: 'mill' }))).toBe(true);
    const negativeFirst = rules(rule('997', 'frompartner', 'retail', { negative: true }), rule('997', 'all'));
    expect(negativeFirst.wants('997', subject())).toBe(false);
    expect(negativeFirst.wants('997', subject({ frompartner: 'mill' }))).toBe(true);
  });

  it('wants nothing from a negative rule alone', () => {
    const r = rules(rule('997', 'route', 'elsewhere', { negative: true }));
    expect(r.wants('997', subject())).toBe(false);
  });

  it('ignores inactive rules, positive and negative', () => {
    expect(rules(rule('997', 'all', undefined, { active: false })).wants('997', subject())).toBe(false);
    const offIgnored = rules(
      rule('997', 'all'),
      rule('997', 'all', undefined, { negative: true, active: false }),
    );
    expect(offIgnored.wants('997', subject())).toBe(true);
  });

  it('lets a negative rule of another type alone', () => {
    const r = rules(rule('997', 'all'), rule('ask-997', 'all', undefined, { negative: true }));
    expect(r.wants('997', subject())).toBe(true);
  });
});
