// PartnerDirectory: identify by envelope qualifier + value (mode preference, then exact qualifier over an
// empty one; values trimmed), identifierFor by mode, membership of groups, and inactive partners not found.
import { describe, expect, it } from 'vitest';
import { PartnerDirectory, UNKNOWN_PARTNER } from '../../../engine/runtime/partner-directory.js';
import { ident, partner } from './engine-helpers.js';

describe('PartnerDirectory.identify', () => {
  it('finds the partner with the same value and qualifier, and nothing for another qualifier or value', () => {
    const d = new PartnerDirectory({ partners: [partner('acme', { identifiers: [ident('ZZ', 'ACME')] })] });
    expect(d.identify('ZZ', 'ACME', false)?.id).toBe('acme');
    expect(d.identify('01', 'ACME', false)).toBeUndefined();
    expect(d.identify('ZZ', 'ACMEX', false)).toBeUndefined();
    expect(d.identify('ZZ', 'acme', false)).toBeUndefined();
  });

  it('trims the padded envelope values (ISA06 is 15 characters wide)', () => {
    const d = new PartnerDirectory({ partners: [partner('acme', { identifiers: [ident('ZZ', 'ACME')] })] });
    expect(d.identify('ZZ', 'ACME           ', false)?.id).toBe('acme');
    expect(d.identify('ZZ ', ' ACME ', false)?.id).toBe('acme');
  });

  it('matches an identifier without qualifier whatever qualifier the envelope has', () => {
    const d = new PartnerDirectory({
      partners: [partner('acme', { identifiers: [ident('', '5412345000013')] })],
    });
    expect(d.identify('14', '5412345000013', false)?.id).toBe('acme');
    expect(d.identify('', '5412345000013', false)?.id).toBe('acme');
  });

  it('prefers the identifier of the interchange mode (test or production)', () => {
    const d = new PartnerDirectory({
      partners: [
        partner('acme-prod', { identifiers: [ident('ZZ', 'ACME', false)] }),
        partner('acme-test', { identifiers: [ident('ZZ', 'ACME', true)] }),
      ],
    });
    expect(d.identify('ZZ', 'ACME', true)?.id).toBe('acme-test');
    expect(d.identify('ZZ', 'ACME', false)?.id).toBe('acme-prod');
  });

  it('falls back to an identifier of the other mode when none of the mode exists', () => {
    const d = new PartnerDirectory({
      partners: [partner('acme', { identifiers: [ident('ZZ', 'ACME', false)] })],
    });
    expect(d.identify('ZZ', 'ACME', true)?.id).toBe('acme');
  });

  it('prefers an exact qualifier over an empty one, and the mode over the qualifier', () => {
    const d = new PartnerDirectory({
      partners: [
        partner('any-qualifier', { identifiers: [ident('', 'X')] }),
        partner('zz', { identifiers: [ident('ZZ', 'X')] }),
        partner('test-any', { identifiers: [ident('', 'Y', true)] }),
        partner('prod-zz', { identifiers: [ident('ZZ', 'Y', false)] }),
      ],
    });
    expect(d.identify('ZZ', 'X', false)?.id).toBe('zz');
    expect(d.identify('01', 'X', false)?.id).toBe('any-qualifier');
    // Same order reversed in the configuration: still the exact qualifier.
    const reversed = new PartnerDirectory({
      partners: [
        partner('zz', { identifiers: [ident('ZZ', 'X')] }),
        partner('any', { identifiers: [ident('', 'X')] }),
      ],
    });
    expect(reversed.identify('ZZ', 'X', false)?.id).toBe('zz');
    expect(d.identify('ZZ', 'Y', true)?.id).toBe('test-any');
    expect(d.identify('ZZ', 'Y', false)?.id).toBe('prod-zz');
  });

  it('does not find inactive partners, by identifier or by id', () => {
    const d = new PartnerDirectory({
      partners: [partner('old', { active: false, identifiers: [ident('ZZ', 'OLD')], groups: ['retail'] })],
    });
    expect(d.identify('ZZ', 'OLD', false)).toBeUndefined();
    expect(d.get('old')).toBeUndefined();
    expect(d.identifierFor('old', false)).toBeUndefined();
    expect(d.matches('old', 'retail')).toBe(false);
  });

  it('finds an active partner sharing a value with an inactive one', () => {
    const d = new PartnerDirectory({
      partners: [
        partner('old', { active: false, identifiers: [ident('ZZ', 'SAME')] }),
        partner('new', { identifiers: [ident('ZZ', 'SAME')] }),
      ],
    });
    expect(d.identify('ZZ', 'SAME', false)?.id).toBe('new');
  });
});

describe('PartnerDirectory.identifierFor', () => {
  const d = new PartnerDirectory({
    partners: [
      partner('both', { identifiers: [ident('ZZ', 'PROD', false), ident('ZZ', 'TEST', true)] }),
      partner('prod-only', { identifiers: [ident('01', 'P1', false), ident('01', 'P2', false)] }),
      partner('none'),
    ],
  });

  it('gives the identifier of the mode, else the first one', () => {
    expect(d.identifierFor('both', true)).toEqual({ qualifier: 'ZZ', value: 'TEST', test: true });
    expect(d.identifierFor('both', false)).toEqual({ qualifier: 'ZZ', value: 'PROD', test: false });
    expect(d.identifierFor('prod-only', true)?.value).toBe('P1');
  });

  it('is undefined for an unknown partner or one without identifiers', () => {
    expect(d.identifierFor('nobody', false)).toBeUndefined();
    expect(d.identifierFor('none', false)).toBeUndefined();
    expect(d.identifierFor('', false)).toBeUndefined();
  });
});

describe('PartnerDirectory.matches and get', () => {
  const d = new PartnerDirectory({
    partners: [partner('acme', { groups: ['retail', 'eu'] }), partner('mill', { groups: ['industry'] })],
  });

  it('matches the partner itself and the groups it belongs to only', () => {
    expect(d.matches('acme', 'acme')).toBe(true);
    expect(d.matches('acme', 'retail')).toBe(true);
    expect(d.matches('acme', 'eu')).toBe(true);
    expect(d.matches('acme', 'industry')).toBe(false);
    expect(d.matches('acme', 'mill')).toBe(false);
    expect(d.matches('nobody', 'retail')).toBe(false);
  });

  it('gets active partners by id', () => {
    expect(d.get('mill')?.groups).toEqual(['industry']);
    expect(d.get('retail')).toBeUndefined();
    expect(UNKNOWN_PARTNER).toBe('unknown');
  });
});
