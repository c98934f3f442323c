import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  isComposite,
  isGroup,
  type ElementDef,
  type Grammar,
  type GroupNode,
  type StructureNode,
} from '../../../engine/core/grammar.js';
import { edifactGenerator } from '../../../scripts/grammar-gen/edifact/edifact-generator.js';
import { GeneratorError } from '../../../scripts/grammar-gen/generator.js';
import { grammarPath, serializeGrammar } from '../../../scripts/grammar-gen/grammar-file.js';

const root = join(import.meta.dirname, '..', '..', '..');
const generator = edifactGenerator(root);
const shipped = generator.generateShipped();

function grammar(id: string): Grammar {
  const found = shipped.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no grammar ${id}`);
  return found;
}

function group(nodes: StructureNode[], name: string): GroupNode {
  for (const node of nodes) {
    if (!isGroup(node)) continue;
    if (node.group === name) return node;
    const inner = node.content.filter(isGroup);
    const found = inner.length > 0 ? tryGroup(inner, name) : undefined;
    if (found) return found;
  }
  throw new Error(`no group ${name}`);
}

function tryGroup(nodes: StructureNode[], name: string): GroupNode | undefined {
  try {
    return group(nodes, name);
  } catch {
    return undefined;
  }
}

function field(grammarId: string, tag: string, position: number) {
  const found = grammar(grammarId).segments[tag]?.fields[position];
  if (!found) throw new Error(`no field ${position} in ${tag}`);
  return found;
}

describe('EDIFACT grammar generator', () => {
  it('ships CONTRL:D:3:UN as the same message as CONTRL:2:2:UN', () => {
    expect({ ...grammar('CONTRLD3UN'), id: 'CONTRL22UN' }).toEqual(grammar('CONTRL22UN'));
  });

  it('ships the D96A and D01B messages, CONTRL for syntax 3 and 4 and both envelopes', () => {
    expect(shipped.map((g) => g.id).sort()).toEqual(
      [
        'APERAKD96AUN',
        'CONTRL22UN',
        'CONTRL41UN',
        'CONTRLD3UN',
        'DESADVD01BUN',
        'DESADVD96AUN',
        'INVOICD01BUN',
        'INVOICD96AUN',
        'ORDERSD01BUN',
        'ORDERSD96AUN',
        'ORDRSPD01BUN',
        'ORDRSPD96AUN',
        'edifact-envelope-3',
        'edifact-envelope-4',
      ].sort(),
    );
  });

  it('reads the ORDERS D96A segment table with its nested groups', () => {
    const orders = grammar('ORDERSD96AUN');
    expect(orders.structure[0]).toEqual({ segment: 'UNH', min: 1, max: 1 });
    expect(orders.structure.at(-1)).toEqual({ segment: 'UNT', min: 1, max: 1 });
    const sg2 = group(orders.structure, 'SG2');
    expect(sg2).toMatchObject({ min: 0, max: 99 });
    expect(sg2.content[0]).toEqual({ segment: 'NAD', min: 1, max: 1 });
    expect(sg2.content.find((node) => isGroup(node) && node.group === 'SG3')).toMatchObject({
      content: [
        { segment: 'RFF', min: 1, max: 1 },
        { segment: 'DTM', min: 0, max: 5 },
      ],
    });
    const sg25 = group(orders.structure, 'SG25');
    expect(sg25).toMatchObject({ min: 0, max: 200000 });
    expect(sg25.content[0]).toEqual({ segment: 'LIN', min: 1, max: 1 });
    expect(orders.structure.filter(isGroup).map((node) => node.group)).toContain('SG25');
    expect(orders.structure).toContainEqual({ segment: 'UNS', min: 1, max: 1 });
  });

  it('defines BGM from the segment, composite and element directories', () => {
    const c002 = field('ORDERSD96AUN', 'BGM', 0);
    expect(isComposite(c002) && c002.id).toBe('C002');
    expect(isComposite(c002) && c002.components[0]).toEqual({
      id: '1001',
      name: 'Document/message name, coded',
      mandatory: false,
      format: 'an',
      min: 1,
      max: 3,
      codes: '1001',
    });
    expect(field('ORDERSD96AUN', 'BGM', 1)).toEqual({
      id: '1004',
      name: 'Document/message number',
      mandatory: false,
      format: 'an',
      min: 1,
      max: 35,
    });
    expect(grammar('ORDERSD96AUN').codes['1001']?.values).toContain('220');
  });

  it('keeps fixed lengths, numeric formats and the repeat counts of the D01B directory', () => {
    const unb = grammar('edifact-envelope-3').segments.UNB;
    const s001 = unb?.fields[0];
    expect(s001 && isComposite(s001) && s001.components[0]).toMatchObject({ id: '0001', format: 'a', min: 4, max: 4 });
    const qty = field('ORDERSD96AUN', 'QTY', 0);
    expect(isComposite(qty) && qty.components[1]).toMatchObject({ id: '6060', format: 'n', min: 1, max: 15 });
    expect(field('ORDERSD01BUN', 'COM', 0)).toMatchObject({ id: 'C076', repeat: 3 });
    expect(field('ORDERSD96AUN', 'COM', 0).repeat).toBeUndefined();
    const moa = field('INVOICD01BUN', 'MOA', 0);
    expect(isComposite(moa) && moa.components[0]?.id).toBe('5025');
  });

  it('includes only the code lists its elements reference', () => {
    for (const g of shipped) {
      const referenced = new Set<string>();
      const visit = (element: ElementDef): void => {
        if (element.codes) referenced.add(element.codes);
      };
      for (const segment of Object.values(g.segments)) {
        for (const f of segment.fields) (isComposite(f) ? f.components : [f]).forEach(visit);
      }
      expect(Object.keys(g.codes).sort()).toEqual([...referenced].sort());
    }
    expect(grammar('edifact-envelope-3').codes['0035']?.values).toContain('1');
    // Unknown syntax identifiers are a reader warning (CHARSET_UNKNOWN), not a code list error.
    expect(grammar('edifact-envelope-4').codes['0001']).toBeUndefined();
  });

  it('generates CONTRL and the envelopes from the service segments', () => {
    const contrl = grammar('CONTRL22UN');
    expect(contrl.version).toBe('3');
    expect(contrl.structure.map((node) => (isGroup(node) ? node.group : node.segment))).toEqual([
      'UNH',
      'UCI',
      'SG1',
      'SG3',
      'UNT',
    ]);
    expect(grammar('CONTRL41UN').syntax.separators?.repetition).toBe('*');
    expect(contrl.syntax.separators?.repetition).toBeUndefined();
    const envelope = grammar('edifact-envelope-4');
    expect(envelope).toMatchObject({ kind: 'envelope', version: '4', structure: [] });
    expect(Object.keys(envelope.segments)).toEqual(['UNB', 'UNG', 'UNH', 'UNT', 'UNE', 'UNZ']);
  });

  it('gives the CONTRL service elements 0083 and 0085 the UNSL.96A code lists', () => {
    const contrl = grammar('CONTRL22UN');
    expect(contrl.codes['0085']?.values).toEqual(expect.arrayContaining(['12', '38']));
    expect(contrl.codes['0083']?.values).toEqual(expect.arrayContaining(['4', '7']));
    const ucd = contrl.segments.UCD?.fields[0];
    expect(ucd && !isComposite(ucd) && ucd.codes).toBe('0085');
    expect(field('CONTRL22UN', 'UCI', 3)).toMatchObject({ id: '0083', codes: '0083' });
    // An invalid entry is not in the list, so a CONTRL using it is reported CODE_INVALID.
    expect(contrl.codes['0085']?.values).not.toContain('99');
    expect(contrl.codes['0085']?.values).not.toContain('44');
    expect(contrl.codes['0083']?.values).not.toContain('9');
    // Syntax 4 takes the same lists: no source here carries syntax 4's 0085 values 45 to 48.
    expect(grammar('CONTRL41UN').codes['0085']?.values).toEqual(contrl.codes['0085']?.values);
    const unsl = expect.stringContaining('grammars/sources/unece/D96A/UNSL.96A');
    for (const id of ['CONTRL22UN', 'CONTRL41UN', 'edifact-envelope-3', 'ORDERSD96AUN'])
      expect(grammar(id).sources, id).toContainEqual(unsl);
    for (const id of ['edifact-envelope-4', 'DESADVD96AUN'])
      expect(grammar(id).sources, id).not.toContainEqual(unsl);
  });

  it('lists only code values that fit the format and length of the elements using them', () => {
    const misfits: string[] = [];
    for (const g of [...shipped, generator.generate('D96A', 'IFTMIN')]) {
      const check = (element: ElementDef): void => {
        for (const value of (element.codes && g.codes[element.codes]?.values) || []) {
          const fits =
            value.length <= element.max && (element.format !== 'n' || /^\d+$/.test(value)) && !/\s/.test(value);
          if (!fits) misfits.push(`${g.id} ${element.id} "${value}"`);
        }
      };
      for (const segment of Object.values(g.segments)) {
        for (const f of segment.fields) (isComposite(f) ? f.components : [f]).forEach(check);
      }
    }
    expect(misfits).toEqual([]);
  });

  it('validates every generated grammar against the grammar JSON Schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'docs/schemas/grammar.v1.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    for (const g of [...shipped, generator.generate('D96A', 'IFTMIN')]) {
      const valid = validate(JSON.parse(serializeGrammar(g)));
      expect(validate.errors ?? [], g.id).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('matches the committed grammar files byte for byte', () => {
    for (const g of shipped) {
      expect(readFileSync(join(root, grammarPath(g)), 'utf8'), g.id).toBe(serializeGrammar(g));
    }
    expect(serializeGrammar(edifactGenerator(root).generate('D96A', 'ORDERS'))).toBe(
      serializeGrammar(grammar('ORDERSD96AUN')),
    );
  });

  it('generates any D96A message from d96a.zip, D01B only from the supplied files', () => {
    const iftmin = generator.generate('D96A', 'IFTMIN');
    expect(iftmin.id).toBe('IFTMIND96AUN');
    expect(iftmin.title).toContain('Instruction message');
    expect(iftmin.structure.at(-1)).toEqual({ segment: 'UNT', min: 1, max: 1 });
    expect(() => generator.generate('D01B', 'IFTMIN')).toThrow(GeneratorError);
    expect(() => generator.generate('D01B', 'IFTMIN')).toThrow(/no message IFTMIN/);
    expect(() => generator.generate('D96A', 'NOSUCH')).toThrow(GeneratorError);
    expect(() => generator.generate('D99Z', 'ORDERS')).toThrow(/no UN\/EDIFACT directory D99Z/);
  });
});
