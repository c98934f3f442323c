/**
 * Sample flow (a): an X12 850 purchase order becomes one XML order. Then it asks for the translation with alt
 * "order-lines" (x12/850-to-csv), which writes the same order's lines as CSV.
 */
import type { MappingContext, MappingInput, MappingOutput } from 'bots-edi/mapping';
import { isoDate } from '../lib/dates.js';
import { envelopeFields } from '../lib/order-envelope.js';
import { orderLine } from './po-lines.js';

export default function map(inn: MappingInput, out: MappingOutput, _ctx: MappingContext): string {
  const st = { BOTSID: 'ST' };
  const number = inn.get(st, { BOTSID: 'BEG', BEG03: null });
  out.info.reference = number ?? '';
  const order = { BOTSID: 'order' };
  out.put({
    ...order,
    ...envelopeFields(inn),
    purpose: inn.get(st, { BOTSID: 'BEG', BEG01: null }),
    type: inn.get(st, { BOTSID: 'BEG', BEG02: null }),
    number,
    date: isoDate(inn.get(st, { BOTSID: 'BEG', BEG05: null })),
    currency: inn.get(st, { BOTSID: 'CUR', CUR02: null }),
    deliveryRequested: isoDate(inn.get(st, { BOTSID: 'DTM', DTM01: '002', DTM02: null })),
    shipNotBefore: isoDate(inn.get(st, { BOTSID: 'DTM', DTM01: '064', DTM02: null })),
    shipNotAfter: isoDate(inn.get(st, { BOTSID: 'DTM', DTM01: '063', DTM02: null })),
  });
  for (const n1 of inn.getloop(st, { BOTSID: 'N1' })) {
    const party = out.putloop(order, { BOTSID: 'party' });
    party.put({
      BOTSID: 'party',
      '@role': n1.get({ BOTSID: 'N1', N101: null }),
      name: n1.get({ BOTSID: 'N1', N102: null }),
      idQualifier: n1.get({ BOTSID: 'N1', N103: null }),
      id: n1.get({ BOTSID: 'N1', N104: null }),
      name2: n1.get({ BOTSID: 'N1' }, { BOTSID: 'N2', N201: null }),
      address1: n1.get({ BOTSID: 'N1' }, { BOTSID: 'N3', N301: null }),
      address2: n1.get({ BOTSID: 'N1' }, { BOTSID: 'N3', N302: null }),
      city: n1.get({ BOTSID: 'N1' }, { BOTSID: 'N4', N401: null }),
      state: n1.get({ BOTSID: 'N1' }, { BOTSID: 'N4', N402: null }),
      postcode: n1.get({ BOTSID: 'N1' }, { BOTSID: 'N4', N403: null }),
      country: n1.get({ BOTSID: 'N1' }, { BOTSID: 'N4', N404: null }),
    });
  }
  for (const po1 of inn.getloop(st, { BOTSID: 'PO1' })) {
    const line = orderLine(po1);
    out.putloop(order, { BOTSID: 'line' }).put({
      BOTSID: 'line',
      number: line.line,
      quantity: line.quantity,
      unit: line.unit,
      price: line.price,
      upc: line.upc,
      vendorItem: line.vendorItem,
      buyerItem: line.buyerItem,
      description: line.description,
    });
  }
  return 'order-lines';
}
