// renderOutput: XML/JSON as whole files, CSV/fixed only with a grammar, X12/EDIFACT as bodies waiting for their
// envelope (no ST/SE, UNH/UNT) with the parties from the receiving partner's configuration; layoutFor's
// repetition separator by version.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageInfo } from '../../../engine/core/mapping-api.js';
import { MappingOutputTree } from '../../../engine/core/mapping-output.js';
import { GrammarCatalog } from '../../../engine/runtime/grammar-catalog.js';
import {
  layoutFor,
  renderBody,
  RenderError,
  renderOutput,
  type EnvelopedBody,
  type RenderedOutput,
} from '../../../engine/runtime/output-renderer.js';
import { PartnerDirectory } from '../../../engine/runtime/partner-directory.js';
import { usersysPaths } from '../../../engine/runtime/workspace.js';
import { ident, messageInfo, partner, tempFolder } from './engine-helpers.js';

const catalog = new GrammarCatalog(undefined);
const home = tempFolder('bots-renderer-');
const partners = new PartnerDirectory({
  partners: [
    partner('acme', { identifiers: [ident('01', 'ACMEFROM')] }),
    partner('shop', {
      identifiers: [ident('ZZ', 'SHOP', false), ident('ZZ', 'SHOPTEST', true)],
      envelope: { ISA05: '12', ISA06: 'OURID', GS02: 'APP' },
    }),
    partner('plain', { identifiers: [ident('ZZ', 'PLAIN')] }),
    partner('noid'),
    partner('eushop', {
      identifiers: [ident('14', '8712345000014')],
      envelope: { 'UNB.S002.0004': '5412345000013', 'UNB.S002.0007': '14', 'UNB.S001.0002': '4' },
    }),
  ],
});
const deps = { catalog, partners };

function output(editype: string, messagetype: string, more: Partial<MessageInfo> = {}): MappingOutputTree {
  return new MappingOutputTree(
    messageInfo(editype, messagetype, { frompartner: 'acme', topartner: 'shop', ...more }),
  );
}

function x12Order(more: Partial<MessageInfo> = {}, messagetype = '850004010'): MappingOutputTree {
  const out = output('x12', messagetype, more);
  out.put({ BOTSID: 'ST', ST01: '850' });
  out.put({ BOTSID: 'ST' }, { BOTSID: 'BEG', BEG01: '00', BEG02: 'SA', BEG03: 'PO-1', BEG05: '20240305' });
  out.put({ BOTSID: 'ST' }, { BOTSID: 'PO1', PO101: '1', PO102: '5', PO103: 'EA' });
  return out;
}

function enveloped(rendered: RenderedOutput): EnvelopedBody {
  if (rendered.kind !== 'message') throw new Error(`expected a message, got ${rendered.kind}`);
  return rendered;
}

function file(rendered: RenderedOutput): string {
  if (rendered.kind !== 'file') throw new Error(`expected a file, got ${rendered.kind}`);
  if (typeof rendered.content !== 'string') throw new Error('expected text, got bytes');
  return rendered.content;
}

function renderError(call: () => unknown): RenderError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(RenderError);
    return error as RenderError;
  }
  throw new Error('no RenderError');
}

describe('renderOutput, whole files', () => {
  it('writes XML and JSON outputs as one file each, without a grammar', () => {
    const xml = output('xml', 'orders');
    xml.put({ BOTSID: 'order', number: 'PO-1' }, { BOTSID: 'line', qty: '5' });
    const xmlText = file(renderOutput(xml, deps));
    expect(xmlText).toContain('<order');
    expect(xmlText).toContain('PO-1');
    expect(xmlText).toContain('<line');
    const json = output('json', 'orders');
    json.put({ BOTSID: 'order', number: 'PO-1' });
    const parsed = JSON.parse(file(renderOutput(json, deps))) as unknown;
    expect(JSON.stringify(parsed)).toContain('PO-1');
  });

  it('refuses CSV and fixed outputs without a grammar, naming the file to add', () => {
    const csv = output('csv', 'orders');
    csv.put({ BOTSID: 'HEA', order_number: '1' });
    expect(renderError(() => renderOutput(csv, deps)).message).toBe(
      'csv output "orders" needs a grammar for its layout: add usersys/grammars/csv/orders.json',
    );
    const fixed = output('fixed', 'invoice');
    fixed.put({ BOTSID: 'HDR' });
    expect(renderError(() => renderOutput(fixed, deps)).message).toContain(
      'usersys/grammars/fixed/invoice.json',
    );
  });

  it('writes a CSV output by its user grammar', () => {
    const paths = usersysPaths(home);
    mkdirSync(join(paths.grammars, 'csv'), { recursive: true });
    copyFileSync(
      new URL('../../fixtures/grammars/csv-orders.json', import.meta.url),
      join(paths.grammars, 'csv', 'ORDERS_CSV.json'),
    );
    const csv = output('csv', 'ORDERS_CSV');
    const order = csv.putloop({
      BOTSID: 'HEA',
      record: 'HEA',
      order_number: 'PO-1',
      order_date: '20240305',
      buyer: 'Shop',
    });
    order.put({ BOTSID: 'HEA' }, { BOTSID: 'LIN', record: 'LIN' });
    const text = file(renderOutput(csv, { catalog: new GrammarCatalog(paths), partners }));
    expect(text).toContain('HEA,PO-1,20240305');
    expect(text).toContain('Shop');
  });

  it('refuses an editype it cannot write', () => {
    const out = output('pdf', 'x');
    out.put({ BOTSID: 'A' });
    expect(renderError(() => renderOutput(out, deps)).message).toMatch(
      /^The output editype "pdf" cannot be written/,
    );
  });
});

describe('renderOutput, X12 bodies', () => {
  it('renders the body without ST and SE, with the ST values kept for the envelope', () => {
    const out = x12Order();
    out.put({ BOTSID: 'ST' }, { BOTSID: 'SE', SE01: '99', SE02: '0001' });
    const body = enveloped(renderOutput(out, deps));
    expect(body.editype).toBe('x12');
    expect(body.body).toBe('BEG*00*SA*PO-1**20240305~\nPO1*1*5*EA~\n');
    expect(body.segments).toBe(2);
    expect(body.x12).toEqual({ set: '850', version: '004010', st03: '' });
  });

  it('takes the sender from the partner envelope values ISA05/ISA06 and the receiver from its identifier', () => {
    const body = enveloped(renderOutput(x12Order(), deps));
    expect(body.sender).toEqual({ qualifier: '12', id: 'OURID' });
    expect(body.receiver).toEqual({ qualifier: 'ZZ', id: 'SHOP' });
    expect(body.values).toEqual({ ISA05: '12', ISA06: 'OURID', GS02: 'APP' });
    const test = enveloped(renderOutput(x12Order({ testindicator: true }), deps));
    expect(test.receiver).toEqual({ qualifier: 'ZZ', id: 'SHOPTEST' });
  });

  it('takes the sender from the from-partner identifier when the partner has no ISA06', () => {
    const body = enveloped(renderOutput(x12Order({ topartner: 'plain' }), deps));
    expect(body.sender).toEqual({ qualifier: '01', id: 'ACMEFROM' });
    expect(body.receiver).toEqual({ qualifier: 'ZZ', id: 'PLAIN' });
    expect(body.values).toEqual({});
  });

  it('uses parties given up front instead of the configured ones', () => {
    const parties = { sender: { qualifier: 'ZZ', id: 'ME' }, receiver: { qualifier: 'ZZ', id: 'YOU' } };
    const body = enveloped(renderOutput(x12Order({ topartner: '' }), deps, parties));
    expect(body.sender).toEqual(parties.sender);
    expect(body.receiver).toEqual(parties.receiver);
  });

  it('is a RenderError without a to-partner, for an unknown one, or without a sender id', () => {
    expect(renderError(() => renderOutput(x12Order({ topartner: '' }), deps)).message).toBe(
      'The mapping set no to-partner (out.info.topartner), so the interchange has no receiver',
    );
    expect(renderError(() => renderOutput(x12Order({ topartner: 'nobody' }), deps)).message).toBe(
      'Partner "nobody" is not configured or has no identifier to address it with',
    );
    expect(renderError(() => renderOutput(x12Order({ topartner: 'noid' }), deps)).message).toBe(
      'Partner "noid" is not configured or has no identifier to address it with',
    );
    expect(
      renderError(() => renderOutput(x12Order({ topartner: 'plain', frompartner: '' }), deps)).message,
    ).toBe('No sender id for the interchange to "plain": set ISA06 in that partner\'s envelope values');
  });

  it('refuses a message that does not start with ST (a type without a shipped grammar)', () => {
    const out = output('x12', '940004010');
    out.put({ BOTSID: 'BEG', BEG01: '00' });
    expect(renderError(() => renderOutput(out, deps)).message).toMatch(
      /^The mapping wrote no ST record first/,
    );
  });

  it('has a repetition separator only from 005010 on', () => {
    const four = enveloped(renderOutput(x12Order(), deps));
    expect(four.layout.separators.repetition).toBe('');
    expect(four.layout.repeats).toBe(false);
    const five = enveloped(renderOutput(x12Order({}, '850005010'), deps));
    expect(five.layout.separators.repetition).toBe('^');
    expect(five.layout.repeats).toBe(true);
    expect(five.x12?.version).toBe('005010');
  });
});

describe('renderOutput, EDIFACT bodies', () => {
  function orders(messagetype = 'ORDERSD96AUN'): MappingOutputTree {
    const out = output('edifact', messagetype, { topartner: 'eushop' });
    out.put({ BOTSID: 'UNH' });
    out.put({ BOTSID: 'UNH' }, { BOTSID: 'BGM', 'C002.1001': '220', '1004': 'PO-9' });
    return out;
  }

  it('renders the body without UNH, with the UNH type parts and the UNB parties', () => {
    const body = enveloped(renderOutput(orders(), deps));
    expect(body.body).toBe("BGM+220+PO-9'\n");
    expect(body.segments).toBe(1);
    expect(body.edifact).toEqual({
      type: 'ORDERS',
      version: 'D',
      release: '96A',
      agency: 'UN',
      association: '',
    });
    expect(body.sender).toEqual({ qualifier: '14', id: '5412345000013' });
    expect(body.receiver).toEqual({ qualifier: '14', id: '8712345000014' });
    // Syntax version 4 in the partner values: repetitions are written.
    expect(body.layout.repeats).toBe(true);
  });

  it('refuses a message type that is not an EDIFACT id', () => {
    const out = output('edifact', 'orders', { topartner: 'eushop' });
    out.put({ BOTSID: 'UNH' });
    expect(renderError(() => renderOutput(out, deps)).message).toBe(
      '"orders" is not an EDIFACT message type id such as ORDERSD96AUN (type, version, release, agency)',
    );
  });
});

describe('layoutFor and renderBody', () => {
  it('gives X12 the repetition separator for 005010 only, EDIFACT for syntax 4 only', () => {
    expect(layoutFor('x12', {}, '004010').separators).toMatchObject({
      repetition: '',
      element: '*',
      segment: '~',
    });
    expect(layoutFor('x12', {}, '005010X231A1').separators.repetition).toBe('^');
    expect(layoutFor('edifact', {}, '004010')).toMatchObject({
      repeats: false,
      separators: { repetition: '' },
    });
    expect(layoutFor('edifact', { 'UNB.S001.0002': '4' }, '004010')).toMatchObject({
      repeats: true,
      separators: { repetition: '*' },
    });
    expect(layoutFor('x12', {}, '004010').lineBreak).toBe('\n');
  });

  it('renders segments one per line with the layout', () => {
    expect(
      renderBody(
        [
          { tag: 'N1', elements: ['ST', 'Shop'] },
          { tag: 'N3', elements: ['1 Main St', ''] },
        ],
        'x12',
        layoutFor('x12', {}, '004010'),
      ),
    ).toBe('N1*ST*Shop~\nN3*1 Main St~\n');
  });
});
