import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyPartnerLayer,
  PartnerLayerError,
  type PartnerLayer,
} from '../../../engine/core/partner-layer.js';
import { validateInput } from '../../../engine/runtime/file-validator.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';
import { usersysPaths } from '../../../engine/runtime/workspace.js';
import { shipped } from '../../helpers/grammars.js';
import { interchange, isa } from '../../helpers/x12.js';

const layer: PartnerLayer = {
  format: 'bots-partner-layer/1',
  partner: 'ACME',
  messagetype: '850004010',
  description: 'ACME accepts two parties, needs the unit of measure and only stand-alone or new orders',
  structure: { N1: { max: 2 } },
  elements: { PO103: { mandatory: true }, BEG02: { codes: ['SA', 'NE'] } },
};

const home = mkdtempSync(join(tmpdir(), 'bots-partner-'));
mkdirSync(join(home, 'usersys', 'partners', 'ACME'), { recursive: true });
writeFileSync(join(home, 'usersys', 'partners', 'ACME', '850004010.json'), JSON.stringify(layer));
const catalog = new GrammarCatalog(usersysPaths(home));

// Valid against the standard 850, but with three N1 loops, no PO103 and BEG02 = DS.
const order = interchange([
  [
    'BEG*00*DS*PO1**20240101',
    'N1*ST*Store 1*92*0001',
    'N1*BT*Head office*92*0002',
    'N1*VN*Vendor*92*0003',
    'PO1*1*10**2.5**VP*X1',
    'CTT*1',
  ],
]);

function run(text: string, partner?: string) {
  return validateInput((push) => push(Buffer.from(text)), catalog, partner === undefined ? {} : { partner });
}

describe('partner layers', () => {
  it('an 850 valid against the standard fails against the partner with exactly the three narrowed rules', () => {
    const standard = run(order);
    expect(standard.issues.items.filter((i) => i.severity === 'error')).toEqual([]);
    expect(standard.grammars[0]!.grammar).toMatchObject({ id: '850004010', origin: 'shipped' });
    expect(standard.grammars[0]!.grammar!.partner).toBeUndefined();

    const narrowed = run(order.replace('ZZ*SENDER         ', 'ZZ*ACME           '));
    expect(narrowed.grammars[0]!.grammar).toMatchObject({ id: '850004010', partner: 'ACME' });
    const found = narrowed.issues.items
      .map((i) => `${i.code} ${i.location.segmentId}${i.location.element ?? ''}`)
      .sort();
    expect(found).toEqual(['CODE_INVALID BEG2', 'ELEMENT_MISSING PO13', 'GROUP_TOO_MANY N1']);
    expect(narrowed.valid).toBe(false);
  });

  it('is found from the receiver too, and by --partner whatever the envelope says', () => {
    const toAcme = order.replace('ZZ*RECEIVER       ', 'ZZ*ACME           ');
    expect(run(toAcme).grammars[0]!.grammar!.partner).toBe('ACME');
    expect(run(order, 'ACME').issues.errorCount).toBe(3);
    expect(run(order, 'OTHER').issues.errorCount).toBe(0);
  });

  it('sanitises envelope ids before they reach a path', () => {
    const sneaky = order.replace(isa(), isa().replace('SENDER         ', '../ACME        '));
    expect(run(sneaky).grammars[0]!.grammar!.partner).toBeUndefined();
  });

  it('may only narrow the standard, and names what does not resolve', () => {
    const base = shipped('x12', '850004010').grammar;
    const widen = (change: Partial<PartnerLayer>) => () => applyPartnerLayer(base, { ...layer, ...change });
    expect(widen({ structure: { N1: { max: 999999 } } })).toThrow(PartnerLayerError);
    expect(widen({ structure: { N1: { max: 999999 } } })).toThrow(/would not narrow the standard's max 200/);
    expect(widen({ structure: { XX9: { max: 1 } } })).toThrow(
      /structure path "XX9" matches nothing in 850004010/,
    );
    expect(widen({ elements: { BEG99: { mandatory: true } } })).toThrow(/element "BEG99" is not defined/);
    expect(widen({ elements: { BEG01: { mandatory: false } } })).toThrow(/cannot become optional/);
    const narrowed = applyPartnerLayer(base, layer);
    expect(base.segments.PO1!.fields[2]!.mandatory).toBe(false);
    expect(narrowed.segments.PO1!.fields[2]!.mandatory).toBe(true);
  });
});
