// matchAck / matchTa1 against a real SQLite store: acknowledgements read from real 997, CONTRL and TA1 text
// (core reader + readAck/readTa1) mark the TRANSLATED and MERGED rows we sent to that partner by their control
// numbers; a group-only 997 marks the whole group; unknown references are reported; other partners' rows stay.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAck, readTa1, type AckResult, type Ta1Result } from '../../../engine/core/ack-reader.js';
import { matchAck, matchTa1 } from '../../../engine/runtime/ack-matcher.js';
import { newId, openStore, type NewTa, type Store, type TaRow } from '../../../engine/store/store.js';
import { read } from '../../helpers/read.js';
import { isa } from '../../helpers/x12.js';
import { tempFolder } from './engine-helpers.js';

const dir = tempFolder('bots-ack-matcher-');
const AT = new Date(Date.UTC(2024, 2, 6, 8, 0));
const ACK_TA = 'ACK-SPLITUP-1';
let store: Store;
let n = 0;
let runId: string;

beforeEach(async () => {
  n += 1;
  store = await openStore({ kind: 'sqlite', file: join(dir, `store${n}.db`) });
  await store.migrate();
  runId = (await store.runs.start('new', [], new Date(Date.UTC(2024, 2, 5)))).id;
});

afterEach(async () => {
  await store.close();
});

/** Inserts rows (TRANSLATED by default) and returns their ids by the given keys. */
async function rows(
  specs: Record<string, Partial<NewTa> & { control: string; toPartner: string }>,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const insert: NewTa[] = Object.entries(specs).map(([key, spec]) => {
    const id = spec.id ?? newId();
    ids[key] = id;
    return { runId, status: 'TRANSLATED', result: 'DONE', ...spec, id };
  });
  await store.ta.insertMany(insert, new Date(Date.UTC(2024, 2, 5)));
  return ids;
}

async function state(id: string): Promise<[string | null, string | null]> {
  const row = (await store.ta.get(id)) as TaRow;
  return [row.confirmed, row.confirmTa];
}

/** A 997 from SHOP with the given segments between ST and SE, read and interpreted by the core readers. */
function ack997(body: string[]): AckResult {
  const segments = ['ST*997*0001', ...body];
  const text = [
    isa({ control: '5' }),
    'GS*FA*SHOP*ACME*20240306*0800*5*X*004010~',
    ...segments.map((s) => `${s}~`),
    `SE*${segments.length + 1}*0001~`,
    'GE*1*5~',
    'IEA*1*000000005~',
  ].join('\n');
  const result = read(text);
  expect(result.codes).toEqual([]);
  return readAck(result.messages[0]!);
}

/** A CONTRL with the given segments between UNH and UNT. */
function contrl(body: string[]): AckResult {
  const segments = ['UNH+1+CONTRL:D:3:UN', ...body];
  const text = [
    "UNA:+.? '",
    "UNB+UNOC:3+8712345000014:14+5412345000013:14+240306:0800+77'",
    ...segments.map((s) => `${s}'`),
    `UNT+${segments.length + 1}+1'`,
    "UNZ+1+77'",
  ].join('\n');
  const result = read(text);
  expect(result.codes).toEqual([]);
  return readAck(result.messages[0]!);
}

function ta1(reference: string, code: string): Ta1Result {
  const text = [isa({ control: '6' }), `TA1*${reference}*240305*0709*${code}*000~`, 'IEA*0*000000006~'].join(
    '\n',
  );
  const result = read(text);
  expect(result.codes).toEqual([]);
  return readTa1(result.other.find((s) => s.tag === 'TA1')!);
}

describe('matchAck, 997', () => {
  it('marks the messages the AK2s name, by GS06:ST02 and partner, with the 997 SPLITUP row', async () => {
    const ids = await rows({
      first: { control: '7:0003', toPartner: 'shop' },
      second: { control: '7:0004', toPartner: 'shop' },
      notNamed: { control: '7:0005', toPartner: 'shop' },
      otherPartner: { control: '7:0003', toPartner: 'mart' },
      merged: { control: '7:0004', toPartner: 'shop', status: 'MERGED' },
    });
    const ack = ack997(['AK1*PO*7', 'AK2*850*0003', 'AK5*A', 'AK2*850*0004', 'AK5*R*5', 'AK9*P*3*3*1']);
    const outcome = await matchAck(ack, 'shop', ACK_TA, store, AT);
    expect(outcome).toEqual({ matched: 2, unknown: [] });
    expect(await state(ids.first!)).toEqual(['accepted', ACK_TA]);
    expect(await state(ids.second!)).toEqual(['rejected', ACK_TA]);
    expect(await state(ids.notNamed!)).toEqual([null, null]);
    expect(await state(ids.otherPartner!)).toEqual([null, null]);
    expect(await state(ids.merged!)).toEqual([null, null]);
    expect((await store.ta.get(ids.first!))!.updatedAt).toEqual(AT);
  });

  it('matches an ST02 the 997 writes without leading zeros', async () => {
    const ids = await rows({ first: { control: '7:0003', toPartner: 'shop' } });
    const outcome = await matchAck(
      ack997(['AK1*PO*7', 'AK2*850*3', 'AK5*E', 'AK9*E*1*1*1']),
      'shop',
      ACK_TA,
      store,
      AT,
    );
    expect(outcome.matched).toBe(1);
    expect(await state(ids.first!)).toEqual(['accepted-with-errors', ACK_TA]);
  });

  it('reports the sets and groups it names that match nothing sent to the partner', async () => {
    const ids = await rows({ mart: { control: '7:0099', toPartner: 'mart' } });
    const outcome = await matchAck(
      ack997(['AK1*PO*7', 'AK2*850*0099', 'AK5*A', 'AK9*A*1*1*1']),
      'shop',
      ACK_TA,
      store,
      AT,
    );
    expect(outcome).toEqual({ matched: 0, unknown: ['group 7 set 0099'] });
    expect(await state(ids.mart!)).toEqual([null, null]);
    const groupOnly = await matchAck(ack997(['AK1*PO*99', 'AK9*A*1*1*1']), 'shop', ACK_TA, store, AT);
    expect(groupOnly).toEqual({ matched: 0, unknown: ['group 99'] });
  });

  it('marks every message of the group for a 997 without AK2 (by the GS06: prefix), nothing else', async () => {
    const ids = await rows({
      a: { control: '8:0001', toPartner: 'shop' },
      b: { control: '8:0002', toPartner: 'shop' },
      longerGroup: { control: '80:0001', toPartner: 'shop' },
      otherPartner: { control: '8:0001', toPartner: 'mart' },
      otherGroup: { control: '7:0001', toPartner: 'shop' },
    });
    const outcome = await matchAck(ack997(['AK1*PO*8', 'AK9*R*2*2*0']), 'shop', ACK_TA, store, AT);
    expect(outcome).toEqual({ matched: 2, unknown: [] });
    expect(await state(ids.a!)).toEqual(['rejected', ACK_TA]);
    expect(await state(ids.b!)).toEqual(['rejected', ACK_TA]);
    expect(await state(ids.longerGroup!)).toEqual([null, null]);
    expect(await state(ids.otherPartner!)).toEqual([null, null]);
    expect(await state(ids.otherGroup!)).toEqual([null, null]);
  });
});

describe('matchAck, CONTRL', () => {
  it('marks the interchange (MERGED, 0020) and the messages (TRANSLATED, 0020:0062) it names', async () => {
    const ids = await rows({
      interchange: { control: '500', toPartner: 'eushop', status: 'MERGED' },
      first: { control: '500:9', toPartner: 'eushop' },
      second: { control: '500:10', toPartner: 'eushop' },
      otherPartner: { control: '500:9', toPartner: 'shop' },
    });
    const ack = contrl([
      'UCI+500+5412345000013:14+8712345000014:14+4',
      'UCM+9+ORDERS:D:96A:UN+7',
      'UCM+10+ORDERS:D:96A:UN+4+12',
    ]);
    const outcome = await matchAck(ack, 'eushop', ACK_TA, store, AT);
    expect(outcome).toEqual({ matched: 3, unknown: [] });
    expect(await state(ids.interchange!)).toEqual(['rejected', ACK_TA]);
    expect(await state(ids.first!)).toEqual(['accepted', ACK_TA]);
    expect(await state(ids.second!)).toEqual(['rejected', ACK_TA]);
    expect(await state(ids.otherPartner!)).toEqual([null, null]);
  });

  it('applies a UCI without UCMs to every message merged into the interchange', async () => {
    const merged = newId();
    const ids = await rows({
      interchange: { id: merged, control: '501', toPartner: 'eushop', status: 'MERGED' },
      first: { control: '501:1', toPartner: 'eushop', child: merged },
      second: { control: '501:2', toPartner: 'eushop', child: merged },
      elsewhere: { control: '502:1', toPartner: 'eushop', child: newId() },
    });
    const outcome = await matchAck(
      contrl(['UCI+501+5412345000013:14+8712345000014:14+7']),
      'eushop',
      ACK_TA,
      store,
      AT,
    );
    expect(outcome).toEqual({ matched: 3, unknown: [] });
    expect(await state(ids.interchange!)).toEqual(['accepted', ACK_TA]);
    expect(await state(ids.first!)).toEqual(['accepted', ACK_TA]);
    expect(await state(ids.second!)).toEqual(['accepted', ACK_TA]);
    expect(await state(ids.elsewhere!)).toEqual([null, null]);
  });

  it('reports an interchange and messages it does not know', async () => {
    const ids = await rows({ mart: { control: '900', toPartner: 'mart', status: 'MERGED' } });
    const outcome = await matchAck(
      contrl(['UCI+900+5412345000013:14+8712345000014:14+8', 'UCM+1+ORDERS:D:96A:UN+7']),
      'eushop',
      ACK_TA,
      store,
      AT,
    );
    expect(outcome).toEqual({ matched: 0, unknown: ['interchange 900', 'message 1'] });
    expect(await state(ids.mart!)).toEqual([null, null]);
  });
});

describe('matchTa1', () => {
  it('marks the MERGED row of the interchange it names, for that partner only', async () => {
    const ids = await rows({
      interchange: { control: '000000041', toPartner: 'shop', status: 'MERGED' },
      message: { control: '000000041', toPartner: 'shop' },
      otherPartner: { control: '000000041', toPartner: 'mart', status: 'MERGED' },
    });
    const outcome = await matchTa1(ta1('000000041', 'R'), 'shop', ACK_TA, store, AT);
    expect(outcome).toEqual({ matched: 1, unknown: [] });
    expect(await state(ids.interchange!)).toEqual(['rejected', ACK_TA]);
    expect(await state(ids.message!)).toEqual([null, null]);
    expect(await state(ids.otherPartner!)).toEqual([null, null]);
  });

  it('reports an interchange it does not know', async () => {
    const outcome = await matchTa1(ta1('000000099', 'A'), 'shop', ACK_TA, store, AT);
    expect(outcome).toEqual({ matched: 0, unknown: ['interchange 000000099'] });
  });
});
