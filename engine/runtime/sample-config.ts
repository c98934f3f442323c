/**
 * The sample configuration `bots init` installs (and the README quick start walks through). Folders are relative
 * to the workspace data folder. The flows:
 * - x12-orders: an X12 850 from `x12-in` becomes an XML order per order in `xml-out` and a CSV of its lines in
 *   `csv-out` (a chained translation, alt "order-lines"); the 997 goes back to `x12-out`.
 * - erp-invoices / erp-shipments: JSON invoices and shipments from `erp-in` become an X12 810 / 856 in
 *   `x12-out`; the retailer is asked for a 997, which arrives in `x12-in` and is matched.
 * - edifact-orders: an EDIFACT D96A ORDERS from `edifact-in` becomes an XML order in `xml-out`; the CONTRL goes
 *   back to `edifact-out`. CONTRL messages that arrive in `edifact-in` are matched the same way.
 * The mapping scripts and the CSV grammar the flows use are in sample-usersys/ and input files to try them in
 * sample-files/; installSampleFiles puts them into the workspace.
 * In-channels remove what they read and do not wait (settleSeconds 0) so a dropped file is read on the next run.
 */
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChannelConfig, ConfigDocument, RouteConfig } from '../core/config-model.js';

/** The sample's mapping scripts and grammars, shipped as sources (the same path from engine/ and dist/). */
export const SAMPLE_USERSYS = fileURLToPath(new URL('../../engine/runtime/sample-usersys', import.meta.url));
/** Input files for the sample flows (an X12 850, an EDIFACT ORDERS, a JSON invoice and shipment). */
export const SAMPLE_FILES = fileURLToPath(new URL('../../engine/runtime/sample-files', import.meta.url));

/**
 * Copies the sample's usersys files into the workspace's usersys and the sample input files into
 * `<workspace>/samples`; files that exist are kept. Returns the files copied, relative to the workspace.
 */
export function installSampleFiles(home: string): string[] {
  return [...copyMissing(SAMPLE_USERSYS, home, 'usersys'), ...copyMissing(SAMPLE_FILES, home, 'samples')];
}

function copyMissing(source: string, home: string, target: string): string[] {
  const copied: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const from = join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(from);
        continue;
      }
      const rel = join(target, relative(source, from));
      const to = join(home, rel);
      if (existsSync(to)) continue;
      cpSync(from, to);
      copied.push(rel.split(sep).join('/'));
    }
  };
  walk(source);
  return copied;
}

/** A fresh copy on each call: callers may change it. */
export function sampleConfig(): ConfigDocument {
  return {
    version: 1,
    settings: { unknownSenders: 'error' },
    channels: [
      inChannel('x12-in', 'x12-in', '*', 'X12 from trading partners: 850 orders, 997 acknowledgements'),
      inChannel('erp-invoices-in', 'erp-in', 'invoice*.json', 'Invoices exported by the ERP as JSON'),
      inChannel('erp-shipments-in', 'erp-in', 'shipment*.json', 'Shipments exported by the ERP as JSON'),
      inChannel('edifact-in', 'edifact-in', '*', 'EDIFACT from trading partners: ORDERS, CONTRL'),
      outChannel(
        'xml-out',
        'xml-out',
        '{messagetype}_{frompartner}_{unique}.xml',
        'Orders as XML for the ERP',
      ),
      outChannel('csv-out', 'csv-out', '{messagetype}_{frompartner}_{unique}.csv', 'Order lines as CSV'),
      outChannel('x12-out', 'x12-out', '{topartner}_{messagetype}_{unique}.x12', 'X12 to trading partners'),
      outChannel(
        'edifact-out',
        'edifact-out',
        '{topartner}_{messagetype}_{unique}.edi',
        'EDIFACT to trading partners',
      ),
    ],
    routes: [
      route('x12-orders', 1, {
        fromChannel: 'x12-in',
        monitor: true,
        fromEditype: 'x12',
        translate: 'translate',
        toChannel: 'xml-out',
        toEditype: 'xml',
        description: 'X12 850 orders to XML; incoming 997s are matched to what was sent',
      }),
      route('x12-orders', 2, {
        translate: 'none',
        toChannel: 'csv-out',
        toEditype: 'csv',
        description: 'The order lines as CSV',
      }),
      route('x12-orders', 3, {
        translate: 'none',
        toChannel: 'x12-out',
        toEditype: 'x12',
        description: 'The 997 acknowledgements back to the sender',
      }),
      route('erp-invoices', 1, {
        fromChannel: 'erp-invoices-in',
        monitor: true,
        fromEditype: 'json',
        fromMessagetype: 'invoice',
        translate: 'translate',
        toChannel: 'x12-out',
        description: 'ERP invoices to X12 810',
      }),
      route('erp-shipments', 1, {
        fromChannel: 'erp-shipments-in',
        monitor: true,
        fromEditype: 'json',
        fromMessagetype: 'shipment',
        translate: 'translate',
        toChannel: 'x12-out',
        description: 'ERP shipments to X12 856 ship notices',
      }),
      route('edifact-orders', 1, {
        fromChannel: 'edifact-in',
        monitor: true,
        fromEditype: 'edifact',
        translate: 'translate',
        toChannel: 'xml-out',
        toEditype: 'xml',
        description: 'EDIFACT D96A ORDERS to XML; incoming CONTRLs are matched to what was sent',
      }),
      route('edifact-orders', 2, {
        translate: 'none',
        toChannel: 'edifact-out',
        toEditype: 'edifact',
        description: 'The CONTRL acknowledgements back to the sender',
      }),
    ],
    translations: [
      translation('x12', '850004010', 'x12/850-to-xml', 'xml', 'order', {
        description: 'One XML order per 850; the mapping then asks for alt "order-lines"',
      }),
      translation('x12', '850004010', 'x12/850-to-csv', 'csv', 'order-lines', {
        alt: 'order-lines',
        description: 'The lines of the 850 as CSV',
      }),
      translation('json', 'invoice', 'json/invoice-to-810', 'x12', '810004010', {}),
      translation('json', 'shipment', 'json/shipment-to-856', 'x12', '856004010', {}),
      translation('edifact', 'ORDERSD96AUN', 'edifact/orders-to-xml', 'xml', 'order', {}),
    ],
    partners: [
      {
        id: 'retailer',
        name: 'Retailer (X12)',
        active: true,
        identifiers: [
          { qualifier: 'ZZ', value: 'RETAILER', test: false },
          { qualifier: 'ZZ', value: 'RETAILERTEST', test: true },
        ],
        groups: ['retail'],
        envelope: { ISA05: 'ZZ', ISA06: 'SUPPLIER', GS02: 'SUPPLIER' },
        duplicates: 'warn',
        description: 'Sends 850 orders, receives 810 invoices and 856 ship notices; we are ZZ SUPPLIER',
      },
      {
        id: 'eu-retailer',
        name: 'Retailer (EDIFACT)',
        active: true,
        identifiers: [
          { qualifier: '14', value: '5412345000013', test: false },
          { qualifier: '14', value: '5412345000013', test: true },
        ],
        groups: ['retail'],
        envelope: { 'UNB.S002.0004': '5412345000020', 'UNB.S002.0007': '14' },
        duplicates: 'warn',
        description: 'Sends D96A ORDERS; identified by GLN 5412345000013 (qualifier 14)',
      },
    ],
    partnerGroups: [{ id: 'retail', name: 'Retail customers' }],
    codeLists: [
      { list: 'uom', code: 'CA', value: 'CT', attributes: ['case'] },
      { list: 'uom', code: 'EA', value: 'PCE', attributes: ['each'] },
    ],
    confirmRules: [
      {
        id: 'x12-orders-997',
        active: true,
        confirmType: '997',
        ruleType: 'route',
        value: 'x12-orders',
        negative: false,
      },
      {
        id: 'edifact-orders-contrl',
        active: true,
        confirmType: 'CONTRL',
        ruleType: 'route',
        value: 'edifact-orders',
        negative: false,
      },
      {
        id: 'retailer-ask-997',
        active: true,
        confirmType: 'ask-997',
        ruleType: 'topartner',
        value: 'retailer',
        negative: false,
      },
    ],
  };
}

function inChannel(id: string, path: string, filename: string, description: string): ChannelConfig {
  return {
    id,
    type: 'file',
    direction: 'in',
    path,
    filename,
    remove: true,
    tempThenRename: false,
    settleSeconds: 0,
    description,
  };
}

function outChannel(id: string, path: string, filename: string, description: string): ChannelConfig {
  return {
    id,
    type: 'file',
    direction: 'out',
    path,
    filename,
    remove: false,
    tempThenRename: true,
    settleSeconds: 0,
    description,
  };
}

type RouteParts = Omit<
  RouteConfig,
  'id' | 'seq' | 'active' | 'notInDefaultRun' | 'defer' | 'zipIn' | 'zipOut'
>;

function route(id: string, seq: number, parts: RouteParts): RouteConfig {
  return {
    id,
    seq,
    active: true,
    notInDefaultRun: false,
    defer: false,
    zipIn: false,
    zipOut: false,
    ...parts,
  };
}

function translation(
  fromEditype: string,
  fromMessagetype: string,
  mapping: string,
  toEditype: string,
  toMessagetype: string,
  extra: { alt?: string; description?: string },
): ConfigDocument['translations'][number] {
  return { fromEditype, fromMessagetype, mapping, toEditype, toMessagetype, active: true, ...extra };
}
