/** Sample flow (a), chained from x12/850-to-xml (alt "order-lines"): the lines of the 850 as CSV. */
import type { MappingInput, MappingOutput } from 'bots-edi/mapping';
import { orderLine } from './po-lines.js';

export default function map(inn: MappingInput, out: MappingOutput): void {
  const st = { BOTSID: 'ST' };
  const number = inn.get(st, { BOTSID: 'BEG', BEG03: null });
  out.info.reference = number ?? '';
  for (const po1 of inn.getloop(st, { BOTSID: 'PO1' })) {
    const line = orderLine(po1);
    out.putloop({ BOTSID: 'line' }).put({
      BOTSID: 'line',
      order_number: number,
      line: line.line,
      quantity: line.quantity,
      unit: line.unit,
      price: line.price,
      upc: line.upc,
      vendor_item: line.vendorItem,
      buyer_item: line.buyerItem,
      description: line.description,
    });
  }
}
