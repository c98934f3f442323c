// The write side of the mapping API (MappingOutputTree): put and putloop creating and following records,
// Bots' rules for null/undefined values, change, delete, sort, and the read lookups on what was written.
import { describe, expect, it } from 'vitest';
import type { MappingSelector } from '../../../engine/core/mapping-api.js';
import { MappingPathError, MappingValueError } from '../../../engine/core/mapping-error.js';
import { MappingOutputTree, type PutSelector } from '../../../engine/core/mapping-output.js';
import type { MappingRecord } from '../../../engine/core/mapping-record.js';
import { info, thrown } from './messages.js';

const ORDER = { BOTSID: 'order' };

/** The records as nested lists: [tag, fields, ...children]. */
function shape(record: MappingRecord): unknown[] {
  return [record.tag, Object.fromEntries(record.fields()), ...record.children.map(shape)];
}

function tree(out: MappingOutputTree): unknown[] {
  return out.roots.map(shape);
}

describe('put', () => {
  it('creates the records of the path, follows them on the next put, and writes numbers as strings', () => {
    const out = new MappingOutputTree(info('xml', 'order'));
    expect(out.isEmpty()).toBe(true);
    expect(out.root).toBeUndefined();
    expect(out.put({ BOTSID: 'order', number: 'PO-1' })).toBe(true);
    expect(out.put(ORDER, { BOTSID: 'buyer', name: 'Acme' })).toBe(true);
    expect(out.put(ORDER, { BOTSID: 'buyer', gln: 8712345000004 })).toBe(true);
    expect(out.put({ BOTSID: 'order', date: '20240101' })).toBe(true);
    expect(out.put(ORDER, { BOTSID: 'total', amount: 12.5, currency: 'EUR' })).toBe(true);
    expect(out.isEmpty()).toBe(false);
    expect(out.root?.tag).toBe('order');
    expect(tree(out)).toEqual([
      [
        'order',
        { number: 'PO-1', date: '20240101' },
        ['buyer', { name: 'Acme', gln: '8712345000004' }],
        ['total', { amount: '12.5', currency: 'EUR' }],
      ],
    ]);
    // Fields keep the order they were first written in.
    expect(out.root!.fields().map(([name]) => name)).toEqual(['number', 'date']);
  });

  it('follows a record whose fields do not conflict (Bots: same occurrence), else adds one', () => {
    const out = new MappingOutputTree(info('x12', '850004010'));
    out.put({ BOTSID: 'ST' }, { BOTSID: 'N1', N101: 'BY', N102: 'Buyer' });
    out.put({ BOTSID: 'ST' }, { BOTSID: 'N1', N101: 'ST', N102: 'Ship to' });
    out.put({ BOTSID: 'ST' }, { BOTSID: 'N1', N101: 'ST' }, { BOTSID: 'N3', N301: 'Main St 1' });
    out.put({ BOTSID: 'ST' }, { BOTSID: 'N1', N101: 'SE' }, { BOTSID: 'N3', N301: 'Other St 2' });
    expect(tree(out)).toEqual([
      [
        'ST',
        {},
        ['N1', { N101: 'BY', N102: 'Buyer' }],
        ['N1', { N101: 'ST', N102: 'Ship to' }, ['N3', { N301: 'Main St 1' }]],
        ['N1', { N101: 'SE' }, ['N3', { N301: 'Other St 2' }]],
      ],
    ]);
    expect(out.getcountoccurrences({ BOTSID: 'ST' }, { BOTSID: 'N1' })).toBe(3);
  });

  it('skips null and undefined values; writes nothing (no records either) when all values of the last selector are', () => {
    const out = new MappingOutputTree(info('xml', 'order'));
    const absent: string | undefined = undefined;
    expect(out.put(ORDER, { BOTSID: 'line', qty: absent, price: null })).toBe(false);
    expect(out.isEmpty()).toBe(true);
    expect(out.put(ORDER, { BOTSID: 'line', qty: absent, sku: 'A' })).toBe(true);
    expect(tree(out)).toEqual([['order', {}, ['line', { sku: 'A' }]]]);
    // A selector with no fields at all creates (or finds) its record.
    expect(out.put(ORDER, { BOTSID: 'note' })).toBe(true);
    expect(out.getcount()).toBe(3);
  });

  it('rejects values that are neither strings nor numbers, and paths without BOTSID', () => {
    const out = new MappingOutputTree(info('xml', 'order'));
    const error = thrown(() => out.put(ORDER, { BOTSID: 'line', qty: true } as unknown as PutSelector));
    expect(error).toBeInstanceOf(MappingValueError);
    expect(error.message).toBe('order/line/qty: put() writes strings and numbers; got boolean');
    expect(thrown(() => out.put(ORDER, { BOTSID: 'line', qty: Number.NaN })).message).toBe(
      'order/line/qty: put() writes strings and numbers; got NaN',
    );
    expect(thrown(() => out.put({ qty: '1' } as unknown as PutSelector))).toBeInstanceOf(MappingPathError);
    expect(thrown(() => out.put())).toBeInstanceOf(MappingPathError);
    expect(out.isEmpty()).toBe(true);
  });
});

describe('putloop', () => {
  it('appends a new record per call and returns an output rooted at it', () => {
    const out = new MappingOutputTree(info('xml', 'order'));
    out.put({ BOTSID: 'order', number: 'PO-1' });
    for (const [sku, qty] of [
      ['A', 1],
      ['A', 1],
      ['B', 2],
    ] as const) {
      const line = out.putloop(ORDER, { BOTSID: 'line', sku });
      expect(line.put({ BOTSID: 'line', qty })).toBe(true);
      line.put({ BOTSID: 'line' }, { BOTSID: 'note', text: `${sku}${qty}` });
      expect(line.getcount()).toBe(2);
      expect(line.info).toBe(out.info);
    }
    expect(tree(out)).toEqual([
      [
        'order',
        { number: 'PO-1' },
        ['line', { sku: 'A', qty: '1' }, ['note', { text: 'A1' }]],
        ['line', { sku: 'A', qty: '1' }, ['note', { text: 'A1' }]],
        ['line', { sku: 'B', qty: '2' }, ['note', { text: 'B2' }]],
      ],
    ]);
  });

  it('adds root records at the top (one per CSV order); a putloop output must be addressed from its root', () => {
    const out = new MappingOutputTree(info('csv', 'ORDERS_CSV'));
    const first = out.putloop({ BOTSID: 'HEA', order_number: 'PO-1' });
    out.putloop({ BOTSID: 'HEA', order_number: 'PO-2' });
    first.putloop({ BOTSID: 'HEA' }, { BOTSID: 'LIN', line_number: '1' });
    expect(tree(out)).toEqual([
      ['HEA', { order_number: 'PO-1' }, ['LIN', { line_number: '1' }]],
      ['HEA', { order_number: 'PO-2' }],
    ]);
    expect(thrown(() => first.put({ BOTSID: 'LIN', line_number: '2' })).message).toBe(
      'LIN: this output (from putloop) is rooted at HEA (order_number=PO-1); the path must start with it',
    );
    expect(thrown(() => first.put({ BOTSID: 'HEA', order_number: 'PO-9' }))).toBeInstanceOf(MappingPathError);
    expect(thrown(() => first.putloop({ BOTSID: 'HEA' }))).toBeInstanceOf(MappingPathError);
  });
});

describe('change, delete, sort', () => {
  function lines(): MappingOutputTree {
    const out = new MappingOutputTree(info('xml', 'order'));
    out.put({ BOTSID: 'order', number: 'PO-1' });
    for (const [n, sku, qty] of [
      ['1', 'C', '10'],
      ['2', 'A', '9'],
      ['3', 'B', ''],
      ['4', 'D', '-1.5'],
    ])
      out.putloop(ORDER, { BOTSID: 'line', n, sku, qty: qty || undefined });
    out.put(ORDER, { BOTSID: 'total', amount: '1' });
    return out;
  }
  const skus = (out: MappingOutputTree): (string | undefined)[] =>
    [...out.getloop(ORDER, { BOTSID: 'line' })].map((line) => line.get({ BOTSID: 'line', sku: null }));

  it('change sets fields on every record the path selects', () => {
    const out = lines();
    expect(out.change([ORDER, { BOTSID: 'line', sku: 'A' }], { qty: '99', unit: 'PCE' })).toBe(true);
    expect(out.get(ORDER, { BOTSID: 'line', n: '2', qty: null })).toBe('99');
    expect(out.get(ORDER, { BOTSID: 'line', unit: null })).toBe('PCE');
    expect(out.change([ORDER, { BOTSID: 'line' }], { status: 'x' })).toBe(true);
    expect(out.getcountoccurrences(ORDER, { BOTSID: 'line', status: 'x' })).toBe(4);
    expect(out.change([ORDER, { BOTSID: 'line', sku: 'Z' }], { qty: '1' })).toBe(false);
    expect(thrown(() => out.change([ORDER], { BOTSID: 'x' }))).toBeInstanceOf(MappingPathError);
  });

  it('delete removes the selected records with everything under them', () => {
    const out = lines();
    expect(out.delete(ORDER, { BOTSID: 'line', sku: 'A' })).toBe(true);
    expect(skus(out)).toEqual(['C', 'B', 'D']);
    expect(out.delete(ORDER, { BOTSID: 'line', sku: 'A' })).toBe(false);
    expect(out.delete(ORDER, { BOTSID: 'line' })).toBe(true);
    expect(out.getcount()).toBe(2);
    expect(out.delete(ORDER)).toBe(true);
    expect(out.isEmpty()).toBe(true);
    const line = lines().putloop(ORDER, { BOTSID: 'line' });
    expect(thrown(() => line.delete({ BOTSID: 'line' }))).toBeInstanceOf(MappingPathError);
  });

  it('sort orders the selected siblings by a field: as numbers when all are, else as text; absent last', () => {
    const out = lines();
    out.sort({ path: [ORDER, { BOTSID: 'line' }], field: 'sku' });
    expect(skus(out)).toEqual(['A', 'B', 'C', 'D']);
    out.sort({ path: [ORDER, { BOTSID: 'line' }], field: 'sku', reverse: true });
    expect(skus(out)).toEqual(['D', 'C', 'B', 'A']);
    out.sort({ path: [ORDER, { BOTSID: 'line' }], field: 'qty' });
    expect(skus(out)).toEqual(['D', 'A', 'C', 'B']); // -1.5, 9, 10 (numbers, not text), then B without qty
    out.sort({ path: [ORDER, { BOTSID: 'line' }], field: 'qty', reverse: true });
    expect(skus(out)).toEqual(['C', 'A', 'D', 'B']);
    // Only the selected records move; the total stays the last child.
    expect(out.root!.children.map((r) => r.tag)).toEqual(['line', 'line', 'line', 'line', 'total']);
  });
});

describe('reading the output', () => {
  it('get, getloop, getcount and getcountoccurrences see what was written', () => {
    const out = new MappingOutputTree(info('x12', '850004010'));
    out.put({ BOTSID: 'ST', ST01: '850' }, { BOTSID: 'BEG', BEG03: 'PO-1', BEG04: '' });
    out.putloop({ BOTSID: 'ST' }, { BOTSID: 'PO1', PO101: '1' });
    out.putloop({ BOTSID: 'ST' }, { BOTSID: 'PO1', PO101: '2' });
    const ST: MappingSelector = { BOTSID: 'ST' };
    expect(out.get(ST, { BOTSID: 'BEG', BEG03: null })).toBe('PO-1');
    expect(out.get(ST, { BOTSID: 'BEG', BEG04: null })).toBeUndefined();
    expect([...out.getloop(ST, { BOTSID: 'PO1' })].map((l) => l.get({ BOTSID: 'PO1', PO101: null }))).toEqual(
      ['1', '2'],
    );
    expect(out.getcount()).toBe(4);
    expect(out.getcountoccurrences(ST, { BOTSID: 'PO1' })).toBe(2);
    expect(thrown(() => out.get(ST, { BOTSID: 'BEG' }))).toBeInstanceOf(MappingPathError);
  });

  it('asInput: the output as the input of a chained translation; undefined when nothing was written', () => {
    const out = new MappingOutputTree(info('xml', 'order'));
    expect(out.asInput(out.info)).toBeUndefined();
    out.put({ BOTSID: 'order', number: 'PO-1' });
    out.putloop(ORDER, { BOTSID: 'line', qty: '0.50' });
    const inn = out.asInput({ ...out.info, alt: 'next' })!;
    expect(inn.info.alt).toBe('next');
    expect(inn.get(ORDER, { BOTSID: 'line', qty: null })).toBe('0.50');
    expect(inn.getdecimal(ORDER, { BOTSID: 'line', qty: null })).toBe('0.5');
    expect(inn.getcount()).toBe(2);
  });

  it('info is a writable copy of the translation info', () => {
    const given = info('x12', '850004010');
    const out = new MappingOutputTree(given);
    out.info.topartner = 'OTHER';
    out.info.testindicator = true;
    expect(given.topartner).toBe('RECEIVER');
    expect(out.info).toMatchObject({ topartner: 'OTHER', testindicator: true, messagetype: '850004010' });
  });
});
