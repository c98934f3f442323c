/**
 * The copied sources under grammars/sources/ and the order in which the generator consults them.
 * Element numbers at a position are the same in 004010 and 005010 for the segments these sources describe, so
 * both versions consult every source; the sources of the grammar's own version come first, which decides the
 * one position that changed (ISA11: I10 in 00401, I65 in 00501).
 */
import { join } from 'node:path';
import { readElementDictionary, type DictionaryElement } from './element-dictionary.js';
import { readPyx12Map, readStaediSchemas, type PositionSource } from './segment-element-ids.js';

export interface X12Sources {
  dictionary: Map<string, DictionaryElement>;
  /** Position sources, most authoritative first, for one version. */
  positions(version: string): PositionSource[];
  /** Sources whose segment, element and composite names are the standard's (not an implementation guide's). */
  standardNames: PositionSource[];
  /** Sources whose code lists are the standard's or a subset of them, for envelope and acknowledgment elements. */
  codeSources: PositionSource[];
}

export const SOURCE_LINES = [
  'Loop and segment structure, element positions, requirement designators, lengths and types: the Bots X12 ' +
    'tables (github bots-edi/bots-grammars, no licence), read at generation time from a reference directory as ' +
    'facts of the X12 standard and not copied (docs/decisions/0006)',
  'Data element numbers, names and types: pyx12 map/dataele.xml and maps (BSD-3-Clause, grammars/sources/pyx12)',
  'Element numbers and envelope code lists: StAEDI X12 schemas (Apache-2.0, grammars/sources/staedi)',
];

export function loadX12Sources(root: string): X12Sources {
  const pyx12 = (file: string): PositionSource =>
    readPyx12Map(join(root, 'grammars', 'sources', 'pyx12', 'map', file), `pyx12/map/${file}`);
  const staedi = (...files: string[]): PositionSource =>
    readStaediSchemas(
      files.map((file) => join(root, 'grammars', 'sources', 'staedi', file)),
      files.map((file) => `staedi/${file}`).join(' + '),
    );
  const control4010 = pyx12('x12.control.00401.xml');
  const control5010 = pyx12('x12.control.00501.xml');
  const ack997 = pyx12('997.4010.xml');
  const ack999 = pyx12('999.5010.xml');
  const staediControl = staedi('X12/common.xml', 'X12/v00402.xml');
  const staedi997 = staedi('x12-test/EDISchema997.xml');
  const staedi999 = staedi('x12-test/EDISchema999.xml');
  const hipaa = [pyx12('835.5010.X221.A1.xml'), pyx12('837.5010.X222.A1.xml')];
  const v4010 = [control4010, ack997, staediControl, staedi997, control5010, ack999, staedi999, ...hipaa];
  const v5010 = [control5010, ack999, staediControl, staedi999, staedi997, control4010, ack997, ...hipaa];
  return {
    dictionary: readElementDictionary(join(root, 'grammars', 'sources', 'pyx12', 'map', 'dataele.xml')),
    positions: (version) => (version < '005010' ? v4010 : v5010),
    standardNames: [staediControl, control5010, control4010, ack997, ack999],
    codeSources: [staediControl, staedi997, staedi999, control4010, control5010, ack997, ack999],
  };
}
