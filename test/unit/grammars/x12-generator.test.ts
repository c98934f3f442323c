/**
 * The X12 grammar generator (scripts/grammar-gen/x12). The committed grammars are checked always; generating
 * needs the Bots reference tables (docs/decisions/0006) and is skipped without them, except in CI.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isComposite, isGroup, type GroupNode, type Grammar } from '../../../engine/core/grammar.js';
import { GeneratorError } from '../../../scripts/grammar-gen/generator.js';
import { grammarPath, serializeGrammar } from '../../../scripts/grammar-gen/grammar-file.js';
import { botsReferenceDir } from '../../../scripts/grammar-gen/x12/bots-tables.js';
import { parseXml } from '../../../scripts/grammar-gen/xml-reader.js';
import { SHIPPED_X12, x12Generator } from '../../../scripts/grammar-gen/x12/x12-generator.js';

const root = join(import.meta.dirname, '..', '..', '..');
const available = existsSync(join(botsReferenceDir(root), 'x12'));
const runGeneration = available || process.env.CI === 'true';
const grammarDir = join(root, 'grammars', 'x12');

function committed(id: string): Grammar {
  return JSON.parse(readFileSync(join(grammarDir, `${id}.json`), 'utf8')) as Grammar;
}

function group(grammar: Grammar, name: string): GroupNode | undefined {
  const find = (nodes: Grammar['structure']): GroupNode | undefined => {
    for (const node of nodes) {
      if (!isGroup(node)) continue;
      if (node.group === name) return node;
      const inner = find(node.content);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(grammar.structure);
}

describe('committed X12 grammars', () => {
  const schema = JSON.parse(readFileSync(join(root, 'docs', 'schemas', 'grammar.v1.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  const files = readdirSync(grammarDir).filter((file) => file.endsWith('.json'));

  it('are the shipped set: two envelopes and the listed transaction sets', () => {
    const expected = Object.entries(SHIPPED_X12).flatMap(([version, codes]) => [
      `x12-envelope-${version.slice(0, 5)}.json`,
      ...codes.map((code) => `${code}${version}.json`),
    ]);
    expect(files.sort()).toEqual(expected.sort());
  });

  it.each(files)('%s validates against grammar.v1.schema.json', (file) => {
    const grammar = JSON.parse(readFileSync(join(grammarDir, file), 'utf8')) as unknown;
    expect(validate(grammar), JSON.stringify(validate.errors)).toBe(true);
  });

  it('850004010 has an N1 loop triggered by N1 and a PO1 loop, and ST first, SE last', () => {
    const grammar = committed('850004010');
    expect(group(grammar, 'N1')?.content[0]).toEqual({ segment: 'N1', min: 1, max: 1 });
    expect(group(grammar, 'PO1')).toMatchObject({ min: 1, max: 100000 });
    expect(group(grammar, 'PO1')?.content[0]).toEqual({ segment: 'PO1', min: 1, max: 1 });
    expect(group(grammar, 'N1_2')?.content[0]).toEqual({ segment: 'N1', min: 1, max: 1 });
    expect(grammar.structure[0]).toEqual({ segment: 'ST', min: 1, max: 1 });
    expect(grammar.structure.at(-1)).toEqual({ segment: 'SE', min: 1, max: 1 });
    expect(grammar.syntax).toEqual({ envelope: 'x12', separators: { segment: '~', element: '*', component: ':' } });
  });

  it('takes element numbers, names and ID types from the sources, positions from the Bots tables', () => {
    const segments = committed('850004010').segments;
    expect(segments.N1?.fields[0]).toEqual({
      id: '98',
      name: 'Entity Identifier Code',
      mandatory: true,
      format: 'ID',
      min: 2,
      max: 3,
    });
    // No free source numbers the elements of BEG: the position keeps the Bots attributes and a plain name.
    expect(segments.BEG?.fields[1]).toEqual({
      id: '',
      name: 'BEG element 02',
      mandatory: true,
      format: 'AN',
      min: 2,
      max: 2,
    });
    expect(segments.PO1?.fields[1]).toMatchObject({ format: 'R', max: 15 });
    expect(committed('850004010').codes).toEqual({});
  });

  it('gives the envelopes their code lists and the 005010 envelope a repetition separator', () => {
    const envelope = committed('x12-envelope-00501');
    expect(Object.keys(envelope.segments)).toEqual(['GE', 'GS', 'IEA', 'ISA', 'SE', 'ST', 'TA1']);
    expect(envelope.structure).toEqual([]);
    expect(envelope.syntax.separators?.repetition).toBe('^');
    expect(envelope.segments.ISA?.fields[10]).toMatchObject({ id: 'I65', format: 'AN' });
    expect(committed('x12-envelope-00401').segments.ISA?.fields[10]).toMatchObject({ id: 'I10', codes: 'I10' });
    expect(envelope.codes.I14?.values).toEqual(expect.arrayContaining(['P', 'T']));
    // GS01 takes StAEDI's full list, not only pyx12's HIPAA subset.
    expect(envelope.codes['479']?.values).toEqual(expect.arrayContaining(['PO', 'IN', 'HC']));
  });

  it('models 999 composites and their repeats', () => {
    const ctx = committed('999005010').segments.CTX?.fields[0];
    expect(ctx && isComposite(ctx) ? { id: ctx.id, repeat: ctx.repeat, n: ctx.components.length } : ctx).toEqual({
      id: 'C998',
      repeat: 10,
      n: 2,
    });
    const ik4 = committed('999005010').segments.IK4?.fields[0];
    expect(ik4 && isComposite(ik4) ? ik4.components.map((c) => c.id) : ik4).toEqual(['722', '1528', '1686']);
    expect(committed('997004010').segments.AK5?.fields[0]).toMatchObject({ id: '717', codes: '717' });
  });
});

describe('X12 generator', () => {
  const saved = process.env.BOTS_GRAMMARS_REF;
  afterEach(() => {
    if (saved === undefined) delete process.env.BOTS_GRAMMARS_REF;
    else process.env.BOTS_GRAMMARS_REF = saved;
  });

  it('reads nothing until asked, then says where the Bots tables were looked for', () => {
    process.env.BOTS_GRAMMARS_REF = join(root, 'no-such-directory');
    const generator = x12Generator(root);
    expect(() => generator.generate('004010', '850')).toThrow(GeneratorError);
    expect(() => generator.generate('004010', '850')).toThrow(/no-such-directory.*BOTS_GRAMMARS_REF/);
  });

  it('rejects malformed versions and transaction set codes with a sentence', () => {
    const generator = x12Generator(root);
    expect(() => generator.generate('4010', '850')).toThrow(/not an X12 version/);
    expect(() => generator.generate('004010', 'ORDERS')).toThrow(/not an X12 transaction set code/);
  });

  it.skipIf(!runGeneration)('regenerates exactly the committed files', () => {
    for (const grammar of x12Generator(root).generateShipped()) {
      expect(serializeGrammar(grammar), grammar.id).toBe(readFileSync(join(root, grammarPath(grammar)), 'utf8'));
    }
  });

  it.skipIf(!runGeneration)('reports the positions that have no element number, and why', () => {
    const generator = x12Generator(root);
    generator.generateShipped();
    expect(generator.uncovered.get('999005010')).toEqual([]);
    expect(generator.uncovered.get('850004010')).toContainEqual({ tag: 'BEG', position: '02', reason: 'no source' });
    // 837's DMG05 is the 005010 composite C056; 004010's DMG05 is a simple element.
    expect(generator.uncovered.get('810004010')).toContainEqual({
      tag: 'DMG',
      position: '05',
      reason: 'structure differs',
    });
  });

  it.skipIf(!runGeneration)('generates other sets the tables have and refuses unknown ones', () => {
    const generator = x12Generator(root);
    const remittance = generator.generate('004010', '820');
    expect(remittance).toMatchObject({ id: '820004010', kind: 'message', version: '004010' });
    expect(remittance.structure[0]).toEqual({ segment: 'ST', min: 1, max: 1 });
    expect(() => generator.generate('004010', '123')).toThrow(GeneratorError);
    expect(() => generator.generate('004010', '123')).toThrow(/transaction set 123 is not available/);
    expect(() => generator.generate('003040', '850')).toThrow(/version 003040 is not available/);
  });
});

describe('XML reader', () => {
  it('reads attributes, text and entities and skips comments', () => {
    const xml = parseXml('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b>&gt;1</b><!-- <b/> --><c/></a>', 'a.xml');
    expect(xml.attributes).toEqual({ x: '1 & 2' });
    expect(xml.children.map((child) => [child.name, child.text])).toEqual([
      ['b', '>1'],
      ['c', ''],
    ]);
  });

  it('rejects malformed XML naming the file and line', () => {
    expect(() => parseXml('<a>\n<b></a>', 'bad.xml')).toThrow(/bad\.xml, line 2: <\/a> closes <b>/);
    expect(() => parseXml('<a>&nbsp;</a>', 'bad.xml')).toThrow(/unknown entity/);
  });
});
