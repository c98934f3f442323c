/**
 * Sample flow (b): a JSON shipment exported by the ERP (erp-in/shipment*.json) becomes an X12 856 ship notice
 * with the HL hierarchy shipment (S) > order (O) > item (I). The input looks like {"shipment": {"number",
 * "date" (CCYY-MM-DD), "time" (HHMM), "partner", "carrier", "weight", "shipTo": {"name", "gln"},
 * "orders": [{"number", "items": [{"line", "upc", "quantity", "unit"}]}]}}.
 */
import type { MappingInput, MappingOutput } from 'bots-edi/mapping';

const root = { BOTSID: 'root' };
const shipment = { BOTSID: 'shipment' };

export default function map(inn: MappingInput, out: MappingOutput): void {
  const get = (field: string): string | undefined => inn.get(root, { ...shipment, [field]: null });
  out.info.topartner = get('partner') ?? '';
  out.info.reference = get('number') ?? '';
  const st = { BOTSID: 'ST' };
  out.put({ ...st, ST01: '856' });
  out.put(st, {
    BOTSID: 'BSN',
    BSN01: '00',
    BSN02: get('number'),
    BSN03: get('date')?.replace(/-/g, ''),
    BSN04: get('time') ?? '0000',
  });
  let hl = 0;
  const shipmentHl = ++hl;
  const top = out.putloop(st, { BOTSID: 'HL' });
  top.put({ BOTSID: 'HL', HL01: String(shipmentHl), HL03: 'S' });
  top.put(
    { BOTSID: 'HL' },
    { BOTSID: 'TD1', TD106: 'G', TD107: inn.getdecimal(root, { ...shipment, weight: null }), TD108: 'LB' },
  );
  top.put({ BOTSID: 'HL' }, { BOTSID: 'TD5', TD502: '2', TD503: get('carrier') });
  top.put(
    { BOTSID: 'HL' },
    {
      BOTSID: 'N1',
      N101: 'ST',
      N102: inn.get(root, shipment, { BOTSID: 'shipTo', name: null }),
      N103: 'UL',
      N104: inn.get(root, shipment, { BOTSID: 'shipTo', gln: null }),
    },
  );
  for (const order of inn.getloop(root, shipment, { BOTSID: 'orders' })) {
    const orderHl = ++hl;
    const o = out.putloop(st, { BOTSID: 'HL' });
    o.put({ BOTSID: 'HL', HL01: String(orderHl), HL02: String(shipmentHl), HL03: 'O' });
    o.put({ BOTSID: 'HL' }, { BOTSID: 'PRF', PRF01: order.get({ BOTSID: 'orders', number: null }) });
    for (const item of order.getloop({ BOTSID: 'orders' }, { BOTSID: 'items' })) {
      const i = out.putloop(st, { BOTSID: 'HL' });
      i.put({ BOTSID: 'HL', HL01: String(++hl), HL02: String(orderHl), HL03: 'I' });
      i.put(
        { BOTSID: 'HL' },
        {
          BOTSID: 'LIN',
          LIN01: item.get({ BOTSID: 'items', line: null }),
          LIN02: 'UP',
          LIN03: item.get({ BOTSID: 'items', upc: null }),
        },
      );
      i.put(
        { BOTSID: 'HL' },
        {
          BOTSID: 'SN1',
          SN102: item.getdecimal({ BOTSID: 'items', quantity: null }),
          SN103: item.get({ BOTSID: 'items', unit: null }) ?? 'EA',
        },
      );
    }
  }
  // CTT01 of an 856: the number of HL segments.
  out.put(st, { BOTSID: 'CTT', CTT01: String(hl) });
}
