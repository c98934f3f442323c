/**
 * Compares every shipped X12 grammar with the Bots table it came from (docs/decisions/0006): structure (tags,
 * nesting, min, max) and segments (number of fields, composites, mandatory, lengths, format). Every difference
 * must be listed, with its reason, in test/fixtures/grammars/x12-bots-differences.json; a listed difference
 * that no longer occurs fails too, so the list stays true.
 *
 * The Bots tables are read here directly, not through the generator, so a mistake in the generator's reading
 * shows up. Reading of the tables: a single length is a maximum with minimum 1; Bots writes ID elements as AN
 * and N0 elements as R, so a grammar's ID matches AN and its N with 0 decimals matches R.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isComposite,
  isGroup,
  type ElementDef,
  type Grammar,
  type StructureNode,
} from '../../../engine/core/grammar.js';
import { botsReferenceDir } from '../../../scripts/grammar-gen/x12/bots-tables.js';
import { SHIPPED_X12, envelopeId } from '../../../scripts/grammar-gen/x12/x12-generator.js';

const root = join(import.meta.dirname, '..', '..', '..');
const reference = botsReferenceDir(root);
const available = existsSync(join(reference, 'x12'));

interface Difference {
  grammar: string;
  path: string;
  difference: string;
}

interface AllowedDifference extends Difference {
  reason: string;
}

type BotsRaw = [string, 'M' | 'C', number | [number, number], string] | [string, 'M' | 'C', BotsRaw[]];

interface BotsRawNode {
  ID: string;
  MIN: number;
  MAX: number;
  LEVEL?: BotsRawNode[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function botsDir(version: string): string {
  return join(reference, 'x12', version.replace(/^00/, ''));
}

function compareStructure(grammar: string, bots: BotsRawNode[], ours: StructureNode[], path: string): Difference[] {
  const differences: Difference[] = [];
  const add = (where: string, difference: string): void => {
    differences.push({ grammar, path: where, difference });
  };
  if (bots.length !== ours.length) add(path, `${ours.length} nodes where Bots has ${bots.length}`);
  bots.slice(0, ours.length).forEach((node, index) => {
    const mine = ours[index]!;
    const where = `${path}/${index}:${node.ID}`;
    if (node.MIN !== mine.min || node.MAX !== mine.max) {
      add(where, `occurs ${mine.min}..${mine.max} where Bots has ${node.MIN}..${node.MAX}`);
    }
    const children = node.LEVEL ?? [];
    if (children.length === 0) {
      if (isGroup(mine) || mine.segment !== node.ID) add(where, `is not the segment ${node.ID}`);
      return;
    }
    if (!isGroup(mine) || !new RegExp(`^${node.ID}(_\\d+)?$`).test(mine.group)) {
      add(where, `is not a loop triggered by ${node.ID}`);
      return;
    }
    const trigger = mine.content[0]!;
    if (isGroup(trigger) || trigger.segment !== node.ID || trigger.min !== 1 || trigger.max !== 1) {
      add(where, `does not start with ${node.ID} once`);
    }
    differences.push(...compareStructure(grammar, children, mine.content.slice(1), where));
  });
  return differences;
}

function formatMatches(botsType: string, element: ElementDef): boolean {
  const numeric = /^N(\d)$/.exec(botsType);
  if (numeric) return element.format === 'N' && element.decimals === Number(numeric[1]);
  if (botsType === 'AN') return element.format === 'AN' || element.format === 'ID';
  if (botsType === 'R') return element.format === 'R' || (element.format === 'N' && element.decimals === 0);
  return element.format === botsType;
}

function compareElement(botsField: BotsRaw, element: ElementDef): string[] {
  const [, requirement, length, type] = botsField;
  if (typeof type !== 'string') return ['is an element where Bots has a composite'];
  const [min, max] = Array.isArray(length) ? length : [1, length];
  const differences: string[] = [];
  if (element.mandatory !== (requirement === 'M')) differences.push(`mandatory is ${element.mandatory}`);
  if (element.min !== min || element.max !== max) {
    differences.push(`length ${element.min}..${element.max} where Bots has ${min}..${max}`);
  }
  if (!formatMatches(type, element)) {
    differences.push(`format ${element.format}${element.decimals ?? ''} where Bots has ${type}`);
  }
  return differences;
}

function compareSegments(grammar: Grammar, records: Record<string, BotsRaw[]>): Difference[] {
  const differences: Difference[] = [];
  const add = (path: string, difference: string): void => {
    differences.push({ grammar: grammar.id, path, difference });
  };
  for (const [tag, segment] of Object.entries(grammar.segments)) {
    const botsFields = records[tag]?.slice(1);
    if (!botsFields) {
      add(`segments/${tag}`, 'is not in the Bots records');
      continue;
    }
    if (botsFields.length !== segment.fields.length) {
      add(`segments/${tag}`, `${segment.fields.length} fields where Bots has ${botsFields.length}`);
    }
    segment.fields.slice(0, botsFields.length).forEach((field, index) => {
      const botsField = botsFields[index]!;
      const path = `segments/${tag}/${String(index + 1).padStart(2, '0')}`;
      if (!isComposite(field)) {
        for (const difference of compareElement(botsField, field)) add(path, difference);
        return;
      }
      if (botsField.length !== 3) {
        add(path, 'is a composite where Bots has an element');
        return;
      }
      const [, requirement, components] = botsField;
      if (field.mandatory !== (requirement === 'M')) add(path, `mandatory is ${field.mandatory}`);
      if (components.length !== field.components.length) {
        add(path, `${field.components.length} components where Bots has ${components.length}`);
      }
      field.components.slice(0, components.length).forEach((component, i) => {
        for (const difference of compareElement(components[i]!, component)) {
          add(`${path}-${String(i + 1).padStart(2, '0')}`, difference);
        }
      });
    });
  }
  return differences;
}

function shippedDifferences(): Difference[] {
  const differences: Difference[] = [];
  for (const [version, messages] of Object.entries(SHIPPED_X12)) {
    const records = readJson<{ recorddefs: Record<string, BotsRaw[]> }>(
      join(botsDir(version), `records${version}.json`),
    ).recorddefs;
    for (const id of [envelopeId(version), ...messages.map((message) => `${message}${version}`)]) {
      const grammar = readJson<Grammar>(join(root, 'grammars', 'x12', `${id}.json`));
      differences.push(...compareSegments(grammar, records));
      if (grammar.kind === 'envelope') continue;
      const message = id.slice(0, 3);
      const [top] = readJson<{ structure: BotsRawNode[] }>(join(botsDir(version), `${message}${version}.json`)).structure;
      const { LEVEL: body = [], ...st } = top!;
      differences.push(...compareStructure(id, [st, ...body], grammar.structure, 'structure'));
    }
  }
  return differences;
}

const key = (d: Difference): string => `${d.grammar} ${d.path}: ${d.difference}`;

describe('X12 grammars against the Bots tables', () => {
  if (!available && process.env.CI === 'true') {
    it('needs the Bots reference tables in CI', () => {
      throw new Error(`The Bots reference tables are missing from ${reference}; set BOTS_GRAMMARS_REF.`);
    });
  }

  it.skipIf(!available)(
    `differ only where test/fixtures/grammars/x12-bots-differences.json says why${available ? '' : ` (skipped: no Bots tables in ${reference}; set BOTS_GRAMMARS_REF)`}`,
    () => {
      const allowed = readJson<AllowedDifference[]>(
        join(root, 'test', 'fixtures', 'grammars', 'x12-bots-differences.json'),
      );
      for (const entry of allowed) expect(entry.reason.trim(), key(entry)).not.toBe('');
      const found = shippedDifferences().map(key);
      const listed = allowed.map(key);
      expect(found.filter((d) => !listed.includes(d)), 'differences not in the allow-list').toEqual([]);
      expect(listed.filter((d) => !found.includes(d)), 'allow-list entries that no longer occur').toEqual([]);
    },
  );
});
