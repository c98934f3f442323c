// The sample flows end to end on real temporary workspaces (sample configuration, scripts and input files from
// `bots init`), with the fixed clock: X12 850 -> XML + CSV + 997; JSON invoice/shipment -> 810/856; EDIFACT ORDERS
// -> XML + CONTRL; inbound 997 matched to what was sent. Acknowledgements are compared segment by segment with
// hand-written expected files (test/fixtures/engine/README.md). Time budget: about 10 seconds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EdiReader } from '../../../engine/core/edi-reader.js';
import type { Message } from '../../../engine/core/envelope.js';
import { engineWorkspace, FIXED_NOW, segmentsOf, type EngineWorkspace } from './engine-workspace.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'engine');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'latin1');

function messagesOf(text: string): Message[] {
  const messages: Message[] = [];
  const reader = new EdiReader({ message: (m) => messages.push(m) });
  reader.push(Buffer.from(text, 'latin1'));
  const summary = reader.end();
  expect(summary.issues.errorCount, JSON.stringify(summary.issues.items)).toBe(0);
  return messages;
}

let ws: EngineWorkspace;
beforeEach(async () => {
  ws = await engineWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

describe('sample flow (a): X12 850 to XML and CSV, with a 997 back', () => {
  it('writes one XML order with the envelope, BEG, CUR, DTM, N1 and PO1 fields, a CSV of its lines and the 997', async () => {
    ws.drop('x12-in', 'po-850.x12', ws.sample('po-850.x12'));
    const report = await ws.run(['x12-orders']);
    expect(report).toMatchObject({ status: 'done', fileErrors: false });
    expect(report.counts).toMatchObject({ received: 1, messages: 1, translated: 1, errors: 0, sent: 3 });

    const [xml] = ws.files('xml-out');
    expect(xml!.name).toBe('order_retailer_1.xml');
    for (const part of [
      '<sender>RETAILER</sender>',
      '<receiver>SUPPLIER</receiver>',
      '<test>false</test>',
      '<type>SA</type>',
      '<number>PO76397250</number>',
      '<date>2024-02-09</date>',
      '<currency>USD</currency>',
      '<deliveryRequested>2025-04-04</deliveryRequested>',
      '<shipNotBefore>2025-08-01</shipNotBefore>',
      '<shipNotAfter>2025-07-14</shipNotAfter>',
      '<party role="ST">\n    <name>DISTRIBUTION CENTER 75</name>\n    <idQualifier>UL</idQualifier>\n    <id>1799356236450</id>\n    <name2>ATTN RECEIVING DOCK 10</name2>\n    <address1>502 MAIN ST</address1>\n    <address2>SUITE 14</address2>\n    <city>DENVER</city>\n    <state>CO</state>\n    <postcode>80202</postcode>\n    <country>US</country>',
      '<line>\n    <number>1</number>\n    <quantity>15</quantity>\n    <unit>CA</unit>\n    <price>540.28</price>\n    <upc>783533740680</upc>\n    <vendorItem>SKU-966984</vendorItem>\n    <buyerItem>BP1677726</buyerItem>\n    <description>HOUSING BLUE COVER</description>\n  </line>',
    ])
      expect(xml!.content).toContain(part);
    expect(xml!.content.match(/<line>/g)).toHaveLength(
      messagesOf(ws.sample('po-850.x12'))[0]!.segments.filter((s) => s.tag === 'PO1').length,
    );

    const [csv] = ws.files('csv-out');
    expect(csv!.name).toBe('order-lines_retailer_1.csv');
    const lines = csv!.content.trimEnd().split('\n');
    expect(lines[0]).toBe('order_number,line,quantity,unit,price,upc,vendor_item,buyer_item,description');
    expect(lines[1]).toBe('PO76397250,1,15,CA,540.28,783533740680,SKU-966984,BP1677726,HOUSING BLUE COVER');

    const [ack] = ws.files('x12-out');
    expect(segmentsOf(ack!.content, '~')).toEqual(segmentsOf(fixture('997-accepted.x12'), '~'));
  });

  it('isolates a bad message: the good one is translated, the bad one is an error with its location, the 997 says which', async () => {
    ws.drop('x12-in', 'po-two.x12', fixture('po-two.x12'));
    const report = await ws.run(['x12-orders']);
    expect(report.counts).toMatchObject({ messages: 2, translated: 1, errors: 1 });
    expect(report.fileErrors).toBe(true);
    expect(ws.files('xml-out').map((f) => f.name)).toEqual(['order_retailer_1.xml']);
    expect(ws.files('xml-out')[0]!.content).toContain('<number>PO-1</number>');
    const [ack] = ws.files('x12-out');
    expect(segmentsOf(ack!.content, '~')).toEqual(segmentsOf(fixture('997-partial.x12'), '~'));

    const rows = await ws.rows();
    const bad = rows.find((r) => r.status === 'SPLITUP' && r.result === 'ERROR');
    expect(bad).toMatchObject({ reference: '0002', messagetype: '850004010' });
    expect(bad!.error).toMatch(/^po-two\.x12:9:\d+: ELEMENT_MISSING BEG: mandatory BEG03/);
    expect(rows.find((r) => r.status === 'FILEIN')).toMatchObject({ result: 'ERROR' });
    expect(rows.filter((r) => r.result === 'OPEN')).toEqual([]);
  });

  it('translates 99 messages of a file of 100 and puts the bad one in error with its location', async () => {
    const sample = ws.sample('po-850.x12');
    const st = sample.indexOf('ST*850*0001~');
    const se = sample.indexOf('GE*1*1~');
    const body = sample.slice(st, se); // ST ... SE of the sample order
    const sets = Array.from({ length: 100 }, (_, i) => {
      const n = String(i + 1).padStart(4, '0');
      const set = body
        .replace('ST*850*0001~', `ST*850*${n}~`)
        .replace('SE*60*0001~', `SE*60*${n}~`)
        .replace('BEG*00*SA*PO76397250*', `BEG*00*SA*PO-${i + 1}*`);
      // Message 57 lacks its mandatory BEG03.
      return i === 56 ? set.replace(`BEG*00*SA*PO-57*`, 'BEG*00*SA**') : set;
    });
    const file = sample.slice(0, st) + sets.join('') + 'GE*100*1~\nIEA*1*000000001~\n';
    ws.drop('x12-in', 'hundred.x12', file);
    const report = await ws.run(['x12-orders']);
    expect(report.counts).toMatchObject({ messages: 100, translated: 99, errors: 1 });
    expect(ws.files('xml-out')).toHaveLength(99);
    const numbers = ws.files('xml-out').map((f) => /<number>(PO-\d+)<\/number>/.exec(f.content)![1]);
    expect(numbers).not.toContain('PO-57');
    const bad = (await ws.rows()).filter((r) => r.status === 'SPLITUP' && r.result === 'ERROR');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ reference: '0057' });
    const line = file.slice(0, file.indexOf('BEG*00*SA**')).split('\n').length;
    expect(bad[0]!.error).toMatch(
      new RegExp(`^hundred\\.x12:${line}:\\d+: ELEMENT_MISSING BEG: mandatory BEG03`),
    );
  });

  it('records every step in the transaction log with parent links and the run id', async () => {
    ws.drop('x12-in', 'po-850.x12', ws.sample('po-850.x12'));
    const report = await ws.run(['x12-orders']);
    const rows = await ws.rows();
    expect(rows.every((r) => r.runId === report.runId)).toBe(true);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const chain = (row: (typeof rows)[number]): string[] => {
      const steps = [row.status];
      for (let p = row.parent; p; p = byId.get(p)?.parent ?? null) steps.unshift(byId.get(p)!.status);
      return steps;
    };
    const xmlOut = rows.find((r) => r.status === 'EXTERNOUT' && r.editype === 'xml')!;
    expect(xmlOut).toMatchObject({
      result: 'DONE',
      filename: 'xml-out/order_retailer_1.xml',
      reference: 'PO76397250',
    });
    expect(chain(xmlOut)).toEqual([
      'EXTERNIN',
      'FILEIN',
      'PARSED',
      'SPLITUP',
      'TRANSLATED',
      'MERGED',
      'FILEOUT',
      'EXTERNOUT',
    ]);
    // The 997 was merged: its TRANSLATED row names the MERGED row as child, with its control numbers.
    const ackTranslated = rows.find((r) => r.status === 'TRANSLATED' && r.messagetype === '997004010')!;
    expect(ackTranslated).toMatchObject({ result: 'DONE', control: '1:0001' });
    expect(byId.get(ackTranslated.child!)).toMatchObject({ status: 'MERGED', control: '000000001' });
    expect(rows.filter((r) => r.result === 'OPEN')).toEqual([]);
    const reports = await ws.store.fileReports.byRun(report.runId);
    expect(reports).toEqual([
      expect.objectContaining({
        filename: 'x12-in/po-850.x12',
        status: 'DONE',
        counts: { messages: 1, translated: 1, errors: 0 },
      }),
    ]);
    expect(await ws.store.runs.get(report.runId)).toMatchObject({ status: 'done', counts: report.counts });
  });

  it('removes what it read, and a second run on the same folder produces nothing new', async () => {
    ws.drop('x12-in', 'po-850.x12', ws.sample('po-850.x12'));
    await ws.run();
    expect(ws.files('x12-in')).toEqual([]);
    const before = (await ws.rows()).length;
    const second = await ws.run();
    expect(second.counts).toMatchObject({ received: 0, sent: 0 });
    expect((await ws.rows()).length).toBe(before);
    expect(ws.files('xml-out')).toHaveLength(1);
  });
});

describe('sample flow (b): ERP JSON to X12 810 and 856', () => {
  it('turns the invoice into an 810 and the shipment into an 856 with the HL hierarchy, asking for a 997', async () => {
    ws.drop('erp-in', 'invoice-1001.json', ws.sample('invoice-1001.json'));
    ws.drop('erp-in', 'shipment-5001.json', ws.sample('shipment-5001.json'));
    const report = await ws.run(['erp-invoices', 'erp-shipments']);
    expect(report.counts).toMatchObject({ received: 2, translated: 2, errors: 0, sent: 2 });
    const files = ws.files('x12-out');
    expect(files.map((f) => f.name)).toEqual(['retailer_810004010_1.x12', 'retailer_856004010_2.x12']);
    const invoice = segmentsOf(files[0]!.content, '~');
    expect(invoice).toEqual([
      'ISA*00*          *00*          *ZZ*SUPPLIER       *ZZ*RETAILER       *261120*1000*U*00401*000000001*1*P*:',
      'GS*IN*SUPPLIER*RETAILER*20261120*1000*1*X*004010',
      'ST*810*0001',
      'BIG*20261120*INV-1001**PO76397250',
      'CUR*SE*USD',
      'N1*BT*ACCOUNTS PAYABLE*92*478230859',
      'IT1*1*15*CA*540.28**UP*783533740680',
      'PID*F****HOUSING BLUE COVER',
      'IT1*2*459*BX*738.91**UP*683449786904',
      'PID*F****VALVE LARGE PLASTIC',
      'TDS*34726389',
      'CTT*2',
      'SE*11*0001',
      'GE*1*1',
      'IEA*1*000000001',
    ]);
    const shipment = messagesOf(files[1]!.content)[0]!;
    const hl = shipment.segments.filter((s) => s.tag === 'HL').map((s) => s.raw);
    expect(hl).toEqual(['HL*1**S', 'HL*2*1*O', 'HL*3*2*I', 'HL*4*2*I']);
    expect(shipment.segments.map((s) => s.tag)).toEqual([
      'ST',
      'BSN',
      'HL',
      'TD1',
      'TD5',
      'N1',
      'HL',
      'PRF',
      'HL',
      'LIN',
      'SN1',
      'HL',
      'LIN',
      'SN1',
      'CTT',
      'SE',
    ]);
    const asked = (await ws.rows()).filter((r) => r.status === 'MERGED' && r.confirmAsked);
    expect(asked).toHaveLength(2);
    // No 997 came: a day and an hour later both are overdue (engine.ackOverdueHours, 24 by default).
    const later = new Date(FIXED_NOW.getTime() + 25 * 3_600_000);
    expect((await ws.run(['erp-invoices', 'erp-shipments'], { clock: () => later })).counts.ackOverdue).toBe(
      2,
    );
    expect((await ws.run(['erp-invoices'])).counts.ackOverdue).toBe(0);
  });
});

describe('sample flow (c): EDIFACT D96A ORDERS to XML with a CONTRL back', () => {
  it('writes the XML order and a CONTRL that acknowledges the interchange and the message', async () => {
    ws.drop('edifact-in', 'orders-d96a.edi', ws.sample('orders-d96a.edi'));
    const report = await ws.run(['edifact-orders']);
    expect(report.counts).toMatchObject({ received: 1, translated: 1, errors: 0, sent: 2 });
    const [xml] = ws.files('xml-out');
    expect(xml!.name).toBe('order_eu-retailer_1.xml');
    for (const part of [
      '<number>ORD-7001</number>',
      '<date>2026-11-20</date>',
      '<currency>EUR</currency>',
      '<gtin>5412345678908</gtin>',
      '<price>14.5</price>',
    ])
      expect(xml!.content).toContain(part);
    const [contrl] = ws.files('edifact-out');
    expect(contrl!.name).toBe('eu-retailer_CONTRLD3UN_1.edi');
    expect(segmentsOf(contrl!.content, "'")).toEqual(segmentsOf(fixture('contrl-accepted.edi'), "'"));
  });

  it('rejects a message with an unknown segment in the CONTRL and translates nothing of it', async () => {
    ws.drop('edifact-in', 'orders-bad.edi', fixture('orders-bad.edi'));
    const report = await ws.run(['edifact-orders']);
    expect(report.counts).toMatchObject({ messages: 1, translated: 0, errors: 1 });
    expect(ws.files('xml-out')).toEqual([]);
    const [contrl] = ws.files('edifact-out');
    expect(segmentsOf(contrl!.content, "'")).toEqual(segmentsOf(fixture('contrl-rejected.edi'), "'"));
  });
});

describe('sample flow (d): inbound acknowledgements matched to what was sent', () => {
  it('marks the sent 810 rejected by the 997 that names its group and set', async () => {
    ws.drop('erp-in', 'invoice-1001.json', ws.sample('invoice-1001.json'));
    await ws.run(['erp-invoices']);
    ws.drop(
      'x12-in',
      '997.x12',
      [
        'ISA*00*          *00*          *ZZ*RETAILER       *ZZ*SUPPLIER       *261121*0900*U*00401*000000077*0*P*>',
        'GS*FA*RETAILER*SUPPLIER*20261121*0900*77*X*004010',
        'ST*997*0001',
        'AK1*IN*1',
        'AK2*810*0001',
        'AK5*R*5',
        'AK9*R*1*1*0',
        'SE*6*0001',
        'GE*1*77',
        'IEA*1*000000077',
      ].join('~\n') + '~\n',
    );
    const report = await ws.run(['x12-orders']);
    expect(report.counts).toMatchObject({ messages: 1, errors: 0 });
    const rows = await ws.rows();
    const sent = rows.find((r) => r.status === 'TRANSLATED' && r.messagetype === '810004010')!;
    const ack = rows.find((r) => r.status === 'SPLITUP' && r.messagetype === '997004010')!;
    expect(sent).toMatchObject({
      confirmAsked: true,
      confirmed: 'rejected',
      confirmTa: ack.id,
      control: '1:0001',
    });
    expect(ack).toMatchObject({ result: 'DONE', error: null, messages: 1 });
    // No acknowledgement of an acknowledgement.
    expect(ws.files('x12-out').map((f) => f.name)).toEqual(['retailer_810004010_1.x12']);
  });

  it('marks our CONTRL interchange as received when the CONTRL of the partner names it', async () => {
    ws.drop('edifact-in', 'orders-d96a.edi', ws.sample('orders-d96a.edi'));
    await ws.run(['edifact-orders']);
    const [ours] = ws.files('edifact-out');
    // The partner acknowledges our CONTRL interchange (UNB 0020 1) as received: the UCI names it.
    ws.drop(
      'edifact-in',
      'contrl-back.edi',
      [
        'UNA:+.? ',
        'UNB+UNOC:3+5412345000013:14+5412345000020:14+261121:0900+2001',
        'UNH+1+CONTRL:D:3:UN',
        'UCI+1+5412345000020:14+5412345000013:14+8',
        'UNT+3+1',
        'UNZ+1+2001',
      ].join("'\n") + "'\n",
    );
    expect(ours!.content).toContain("+1'\nUNH");
    await ws.run(['edifact-orders']);
    const rows = await ws.rows();
    const merged = rows.find((r) => r.status === 'MERGED' && r.messagetype === 'CONTRLD3UN')!;
    expect(merged).toMatchObject({ control: '1', confirmed: 'received' });
  });
});
