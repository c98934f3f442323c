/**
 * Shared by the sample 850 mappings: what one PO1 line carries. PO106/PO107, PO108/PO109, PO110/PO111 are
 * pairs of product id qualifier and value; UP is the UPC, VN the vendor's item number, IN or BP the buyer's.
 */
import type { MappingInput } from 'bots-edi/mapping';

export interface OrderLine {
  line: string | undefined;
  quantity: string | undefined;
  unit: string;
  price: string | undefined;
  upc: string | undefined;
  vendorItem: string | undefined;
  buyerItem: string | undefined;
  description: string | undefined;
}

export function orderLine(po1: MappingInput): OrderLine {
  // PO106/PO107 ... PO114/PO115: qualifier and product id pairs; the first pair with a qualifier wins.
  const pairs: [string | undefined, string | undefined][] = [
    [po1.get({ BOTSID: 'PO1', PO106: null }), po1.get({ BOTSID: 'PO1', PO107: null })],
    [po1.get({ BOTSID: 'PO1', PO108: null }), po1.get({ BOTSID: 'PO1', PO109: null })],
    [po1.get({ BOTSID: 'PO1', PO110: null }), po1.get({ BOTSID: 'PO1', PO111: null })],
    [po1.get({ BOTSID: 'PO1', PO112: null }), po1.get({ BOTSID: 'PO1', PO113: null })],
    [po1.get({ BOTSID: 'PO1', PO114: null }), po1.get({ BOTSID: 'PO1', PO115: null })],
  ];
  const ids = new Map<string, string>();
  for (const [q, v] of pairs) if (q && v && !ids.has(q)) ids.set(q, v);
  return {
    line: po1.get({ BOTSID: 'PO1', PO101: null }),
    quantity: po1.getdecimal({ BOTSID: 'PO1', PO102: null }),
    unit: po1.get({ BOTSID: 'PO1', PO103: null }) ?? 'EA',
    price: po1.getdecimal({ BOTSID: 'PO1', PO104: null }),
    upc: ids.get('UP'),
    vendorItem: ids.get('VN'),
    buyerItem: ids.get('IN') ?? ids.get('BP'),
    description: po1.get({ BOTSID: 'PO1' }, { BOTSID: 'PID', PID01: 'F', PID05: null }),
  };
}
