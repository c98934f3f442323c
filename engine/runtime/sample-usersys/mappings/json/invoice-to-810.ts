/**
 * Sample flow (b): a JSON invoice exported by the ERP (usersys: erp-in/invoice*.json) becomes an X12 810.
 * The input looks like {"invoice": {"number", "date" (CCYY-MM-DD), "partner" (a partner id), "order",
 * "currency", "billTo": {"name", "id"}, "lines": [{"line", "quantity", "unit", "price", "upc", "description"}]}}.
 * The engine adds ISA/GS/ST/SE/GE/IEA with the partner's envelope values and control numbers.
 */
import type { MappingInput, MappingOutput } from 'bots-edi/mapping';

const root = { BOTSID: 'root' };
const invoice = { BOTSID: 'invoice' };

export default function map(inn: MappingInput, out: MappingOutput): void {
  const number = inn.get(root, { ...invoice, number: null });
  out.info.topartner = inn.get(root, { ...invoice, partner: null }) ?? '';
  out.info.reference = number ?? '';
  const st = { BOTSID: 'ST' };
  out.put({ ...st, ST01: '810' });
  out.put(st, {
    BOTSID: 'BIG',
    BIG01: compactDate(inn.get(root, { ...invoice, date: null })),
    BIG02: number,
    BIG04: inn.get(root, { ...invoice, order: null }),
  });
  out.put(st, { BOTSID: 'CUR', CUR01: 'SE', CUR02: inn.get(root, { ...invoice, currency: null }) });
  out.put(st, {
    BOTSID: 'N1',
    N101: 'BT',
    N102: inn.get(root, invoice, { BOTSID: 'billTo', name: null }),
    N103: '92',
    N104: inn.get(root, invoice, { BOTSID: 'billTo', id: null }),
  });
  let cents = 0n;
  let lines = 0;
  for (const line of inn.getloop(root, invoice, { BOTSID: 'lines' })) {
    const get = (field: string): string | undefined => line.get({ BOTSID: 'lines', [field]: null });
    const quantity = line.getdecimal({ BOTSID: 'lines', quantity: null }) ?? '0';
    const price = line.getdecimal({ BOTSID: 'lines', price: null }) ?? '0';
    const it1 = out.putloop(st, { BOTSID: 'IT1' });
    it1.put({
      BOTSID: 'IT1',
      IT101: get('line'),
      IT102: quantity,
      IT103: get('unit') ?? 'EA',
      IT104: price,
      IT106: get('upc') ? 'UP' : undefined,
      IT107: get('upc'),
    });
    const description = get('description');
    if (description) it1.put({ BOTSID: 'IT1' }, { BOTSID: 'PID', PID01: 'F', PID05: description });
    cents += toCents(quantity, price);
    lines++;
  }
  // TDS01 has two implied decimals: the total in cents.
  out.put(st, { BOTSID: 'TDS', TDS01: cents.toString() });
  out.put(st, { BOTSID: 'CTT', CTT01: String(lines) });
}

function compactDate(value: string | undefined): string | undefined {
  return value?.replace(/-/g, '');
}

/** quantity x price in cents, exact (decimal strings, no floating point), rounded half up. */
function toCents(quantity: string, price: string): bigint {
  const scaled = (value: string): [bigint, number] => {
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    const sign = value.startsWith('-') ? -1n : 1n;
    return [sign * BigInt(whole + fraction || '0'), fraction.length];
  };
  const [q, qs] = scaled(quantity);
  const [p, ps] = scaled(price);
  const scale = qs + ps;
  const product = q * p;
  if (scale <= 2) return product * 10n ** BigInt(2 - scale);
  const divisor = 10n ** BigInt(scale - 2);
  return (product + divisor / 2n) / divisor;
}
