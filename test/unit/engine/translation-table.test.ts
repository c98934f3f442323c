// TranslationTable.find (Bots' lookup_translation): candidates by from-editype and from-messagetype, alt matched
// exactly, partner columns empty or matching (partner or group), precedence from-partner > to-partner, partner
// named directly > group, then configuration order; inactive translations ignored.
import { describe, expect, it } from 'vitest';
import type { TranslationConfig } from '../../../engine/core/config-model.js';
import { PartnerDirectory } from '../../../engine/runtime/partner-directory.js';
import { TranslationTable, type TranslationQuery } from '../../../engine/runtime/translation-table.js';
import { partner, translation } from './engine-helpers.js';

const partners = new PartnerDirectory({
  partners: [
    partner('acme', { groups: ['retail'] }),
    partner('shop', { groups: ['retail'] }),
    partner('mill', { groups: ['industry'] }),
    partner('gone', { active: false, groups: ['retail'] }),
  ],
});

function table(translations: TranslationConfig[]): TranslationTable {
  return new TranslationTable({ translations }, partners);
}

function query(more: Partial<TranslationQuery> = {}): TranslationQuery {
  return { editype: 'x12', messagetype: '850004010', alt: '', frompartner: '', topartner: '', ...more };
}

const mapping = (t: TranslationTable, q: Partial<TranslationQuery> = {}): string | undefined =>
  t.find(query(q))?.mapping;

describe('TranslationTable', () => {
  it('finds by editype and message type only', () => {
    const t = table([
      translation({ mapping: 'x12/850', fromMessagetype: '850004010' }),
      translation({ mapping: 'x12/810', fromMessagetype: '810004010' }),
      translation({ mapping: 'edi/orders', fromEditype: 'edifact', fromMessagetype: '850004010' }),
    ]);
    expect(mapping(t)).toBe('x12/850');
    expect(mapping(t, { messagetype: '810004010' })).toBe('x12/810');
    expect(mapping(t, { editype: 'edifact' })).toBe('edi/orders');
    expect(mapping(t, { messagetype: '856004010' })).toBeUndefined();
    expect(mapping(t, { editype: 'csv' })).toBeUndefined();
  });

  it('prefers a specific from-partner over a specific to-partner, whatever the order', () => {
    const translations = [
      translation({ mapping: 'plain' }),
      translation({ mapping: 'to-shop', toPartner: 'shop' }),
      translation({ mapping: 'from-acme', fromPartner: 'acme' }),
    ];
    expect(mapping(table(translations), { frompartner: 'acme', topartner: 'shop' })).toBe('from-acme');
    expect(mapping(table([...translations].reverse()), { frompartner: 'acme', topartner: 'shop' })).toBe(
      'from-acme',
    );
    // Without the from-partner, the to-partner one wins over the plain one.
    expect(mapping(table(translations), { frompartner: 'mill', topartner: 'shop' })).toBe('to-shop');
    expect(mapping(table(translations), { frompartner: 'mill', topartner: 'mill' })).toBe('plain');
  });

  it('prefers a from-partner reached through a group over any to-partner', () => {
    const t = table([
      translation({ mapping: 'to-shop', toPartner: 'shop' }),
      translation({ mapping: 'from-retail', fromPartner: 'retail' }),
    ]);
    expect(mapping(t, { frompartner: 'acme', topartner: 'shop' })).toBe('from-retail');
  });

  it('prefers the partner named directly before its group, on either side', () => {
    const from = [
      translation({ mapping: 'from-retail', fromPartner: 'retail' }),
      translation({ mapping: 'from-acme', fromPartner: 'acme' }),
    ];
    expect(mapping(table(from), { frompartner: 'acme' })).toBe('from-acme');
    expect(mapping(table(from), { frompartner: 'shop' })).toBe('from-retail');
    expect(mapping(table(from), { frompartner: 'mill' })).toBeUndefined();
    const to = [
      translation({ mapping: 'to-retail', toPartner: 'retail' }),
      translation({ mapping: 'to-shop', toPartner: 'shop' }),
    ];
    expect(mapping(table(to), { topartner: 'shop' })).toBe('to-shop');
    expect(mapping(table(to), { topartner: 'acme' })).toBe('to-retail');
  });

  it('takes the first in configuration order among equals', () => {
    const t = table([
      translation({ mapping: 'first', toPartner: 'retail' }),
      translation({ mapping: 'second', toPartner: 'retail' }),
    ]);
    expect(mapping(t, { topartner: 'acme' })).toBe('first');
  });

  it('does not match a partner column against an unknown or empty partner', () => {
    const t = table([translation({ mapping: 'from-acme', fromPartner: 'acme' })]);
    expect(mapping(t)).toBeUndefined();
    expect(mapping(t, { frompartner: 'shop' })).toBeUndefined();
    // An inactive partner is not a member of its groups any more.
    const groups = table([translation({ mapping: 'from-retail', fromPartner: 'retail' })]);
    expect(mapping(groups, { frompartner: 'gone' })).toBeUndefined();
  });

  it('matches alt exactly: no fallback from an alt to the plain translation, nor the other way', () => {
    const t = table([
      translation({ mapping: 'plain' }),
      translation({ mapping: 'chained', alt: 'step2' }),
      translation({ mapping: 'empty-alt', alt: '', fromPartner: 'acme' }),
    ]);
    expect(mapping(t)).toBe('plain');
    expect(mapping(t, { alt: 'step2' })).toBe('chained');
    expect(mapping(t, { alt: 'step3' })).toBeUndefined();
    expect(mapping(t, { alt: 'STEP2' })).toBeUndefined();
    // alt '' equals an absent alt.
    expect(mapping(t, { frompartner: 'acme' })).toBe('empty-alt');
  });

  it('ignores inactive translations, however specific', () => {
    const t = table([
      translation({ mapping: 'plain' }),
      translation({ mapping: 'from-acme', fromPartner: 'acme', active: false }),
    ]);
    expect(mapping(t, { frompartner: 'acme' })).toBe('plain');
    expect(mapping(table([translation({ active: false })]))).toBeUndefined();
  });

  it('treats an empty partner column like an absent one', () => {
    const t = table([translation({ mapping: 'blank', fromPartner: '', toPartner: '' })]);
    expect(mapping(t, { frompartner: 'acme', topartner: 'shop' })).toBe('blank');
    expect(mapping(t)).toBe('blank');
  });
});
