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

const PAIRS = [
  ['PO106', 'PO107'],
  ['PO108', 'PO109'],
  ['PO110', 'PO111'],
  ['PO112', 'PO113'],
  ['PO114', 'PO115'],
] as const;

export function orderLine(po1: MappingInput): OrderLine {
  const ids = new Map<string, string>();
  for (const [qualifier, value] of PAIRS) {
    const q = po1.get({ BOTSID: 'PO1', [qualifier]: null });
    const v = po1.get({ BOTSID: 'PO1', [value]: null });
    if (q && v && !ids.has(q)) ids.set(q, v);
  }
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
