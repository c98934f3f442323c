/**
 * Sample flow (c): an EDIFACT D96A ORDERS becomes an XML order of the same shape as the X12 flow's. Field names
 * are the directory's element ids: BGM 1004 is the order number, C507.2005/C507.2380 the DTM qualifier and date,
 * NAD 3035 the party role and C082.3039 its id, LIN C212.7140 the item number, QTY C186.6060 the quantity.
 */
import type { MappingInput, MappingOutput } from 'bots-edi/mapping';
import { isoDate } from '../lib/dates.js';
import { envelopeFields } from '../lib/order-envelope.js';

const unh = { BOTSID: 'UNH' };

export default function map(inn: MappingInput, out: MappingOutput): void {
  const number = inn.get(unh, { BOTSID: 'BGM', '1004': null });
  out.info.reference = number ?? '';
  const order = { BOTSID: 'order' };
  out.put({
    ...order,
    ...envelopeFields(inn),
    type: inn.get(unh, { BOTSID: 'BGM', 'C002.1001': null }),
    number,
    date: isoDate(inn.get(unh, { BOTSID: 'DTM', 'C507.2005': '137', 'C507.2380': null })),
    deliveryRequested: isoDate(inn.get(unh, { BOTSID: 'DTM', 'C507.2005': '2', 'C507.2380': null })),
    currency: inn.get(unh, { BOTSID: 'CUX', 'C504.6345': null }),
  });
  for (const nad of inn.getloop(unh, { BOTSID: 'NAD' })) {
    out.putloop(order, { BOTSID: 'party' }).put({
      BOTSID: 'party',
      '@role': nad.get({ BOTSID: 'NAD', '3035': null }),
      id: nad.get({ BOTSID: 'NAD', 'C082.3039': null }),
      name: nad.get({ BOTSID: 'NAD', 'C080.3036': null }),
      address1: nad.get({ BOTSID: 'NAD', 'C059.3042': null }),
      city: nad.get({ BOTSID: 'NAD', '3164': null }),
      postcode: nad.get({ BOTSID: 'NAD', '3251': null }),
      country: nad.get({ BOTSID: 'NAD', '3207': null }),
    });
  }
  for (const lin of inn.getloop(unh, { BOTSID: 'LIN' })) {
    out.putloop(order, { BOTSID: 'line' }).put({
      BOTSID: 'line',
      number: lin.get({ BOTSID: 'LIN', '1082': null }),
      quantity: lin.getdecimal({ BOTSID: 'LIN' }, { BOTSID: 'QTY', 'C186.6063': '21', 'C186.6060': null }),
      unit: lin.get({ BOTSID: 'LIN' }, { BOTSID: 'QTY', 'C186.6063': '21', 'C186.6411': null }) ?? 'PCE',
      price: lin.getdecimal({ BOTSID: 'LIN' }, { BOTSID: 'PRI', 'C509.5118': null }),
      gtin: lin.get({ BOTSID: 'LIN', 'C212.7140': null }),
      description: lin.get({ BOTSID: 'LIN' }, { BOTSID: 'IMD', 'C273.7008': null }),
    });
  }
}
