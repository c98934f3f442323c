/**
 * Reads the Bots X12 tables (converted to JSON) from the reference directory. They are not copied into the
 * repository (docs/decisions/0006): the generator takes from them only the facts of the standard, that is the
 * loop and segment structure and each segment's element positions with requirement, lengths and type.
 *
 * Layout: <reference>/x12/<version without leading 00>/records<version>.json holds `recorddefs`
 * (tag -> fields, the first field being BOTSID) and <message><version>.json holds `structure`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorError } from '../generator.js';

/** A Bots element: [name, 'M' | 'C', maxLength | [minLength, maxLength], type]. */
export interface BotsElement {
  kind: 'element';
  name: string;
  mandatory: boolean;
  min: number;
  max: number;
  /** AN, R, DT, TM, B or N0..N9. */
  type: string;
}

/** A Bots composite: [name, 'M' | 'C', [component fields]]. */
export interface BotsComposite {
  kind: 'composite';
  name: string;
  mandatory: boolean;
  components: BotsElement[];
}

export type BotsField = BotsElement | BotsComposite;

export interface BotsNode {
  id: string;
  min: number;
  max: number;
  level: BotsNode[];
}

export interface BotsVersion {
  version: string;
  /** Segment tag -> fields in position order, BOTSID left out (fields[0] is element 01). */
  records: Map<string, BotsField[]>;
  /** Transaction set codes the reference directory has a structure for, sorted. */
  messages: string[];
  /** The structure of one transaction set: the ST node, whose level holds everything up to SE. */
  structure(message: string): BotsNode;
}

const BOTS_TYPES = /^(AN|R|DT|TM|B|N\d)$/;

/**
 * The reference directory: BOTS_GRAMMARS_REF, else dictionaries/bots-grammars in the shared folder
 * (BOTS_SHARED_DIR, else <root>/../shared).
 */
export function botsReferenceDir(root: string): string {
  const shared = process.env.BOTS_SHARED_DIR ?? join(root, '..', 'shared');
  return process.env.BOTS_GRAMMARS_REF ?? join(shared, 'dictionaries', 'bots-grammars');
}

function versionDir(reference: string, version: string): string {
  return join(reference, 'x12', version.replace(/^00/, ''));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new GeneratorError(`${file} could not be read as JSON: ${(error as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseElement(raw: unknown, file: string, where: string): BotsElement {
  if (!Array.isArray(raw) || raw.length !== 4)
    throw new GeneratorError(`${file}: ${where} is not a Bots field.`);
  const [name, requirement, length, type] = raw as unknown[];
  const lengths = Array.isArray(length) ? (length as unknown[]) : [1, length];
  const [min, max] = lengths;
  if (
    typeof name !== 'string' ||
    (requirement !== 'M' && requirement !== 'C') ||
    typeof min !== 'number' ||
    typeof max !== 'number' ||
    lengths.length !== 2 ||
    typeof type !== 'string' ||
    !BOTS_TYPES.test(type)
  ) {
    throw new GeneratorError(`${file}: ${where} (${JSON.stringify(raw)}) is not a Bots element.`);
  }
  // A single length is a maximum; X12 elements that are present have at least one character.
  return { kind: 'element', name, mandatory: requirement === 'M', min, max, type };
}

function parseField(raw: unknown, file: string, where: string): BotsField {
  if (Array.isArray(raw) && raw.length === 3 && Array.isArray(raw[2])) {
    const [name, requirement, components] = raw as [unknown, unknown, unknown[]];
    if (typeof name !== 'string' || (requirement !== 'M' && requirement !== 'C') || components.length === 0) {
      throw new GeneratorError(`${file}: ${where} (${JSON.stringify(raw)}) is not a Bots composite.`);
    }
    return {
      kind: 'composite',
      name,
      mandatory: requirement === 'M',
      components: components.map((c, i) => parseElement(c, file, `${where} component ${i + 1}`)),
    };
  }
  return parseElement(raw, file, where);
}

function readRecords(file: string): Map<string, BotsField[]> {
  const json = readJson(file);
  if (!isRecord(json) || !isRecord(json.recorddefs)) throw new GeneratorError(`${file} has no recorddefs.`);
  const records = new Map<string, BotsField[]>();
  for (const [tag, fields] of Object.entries(json.recorddefs)) {
    if (
      !Array.isArray(fields) ||
      fields.length === 0 ||
      !Array.isArray(fields[0]) ||
      fields[0][0] !== 'BOTSID'
    ) {
      throw new GeneratorError(`${file}: segment ${tag} does not start with BOTSID.`);
    }
    records.set(
      tag,
      fields.slice(1).map((field: unknown, i) => parseField(field, file, `${tag} field ${i + 1}`)),
    );
  }
  return records;
}

function parseNode(raw: unknown, file: string): BotsNode {
  if (!isRecord(raw)) throw new GeneratorError(`${file}: a structure node is not an object.`);
  const { ID: id, MIN: min, MAX: max, LEVEL: level = [] } = raw;
  if (typeof id !== 'string' || typeof min !== 'number' || typeof max !== 'number' || !Array.isArray(level)) {
    throw new GeneratorError(`${file}: the structure node ${JSON.stringify(raw).slice(0, 80)} is malformed.`);
  }
  return { id, min, max, level: level.map((child: unknown) => parseNode(child, file)) };
}

function readStructure(file: string): BotsNode {
  const json = readJson(file);
  if (!isRecord(json) || !Array.isArray(json.structure) || json.structure.length !== 1) {
    throw new GeneratorError(`${file} does not have one root structure node.`);
  }
  const root = parseNode(json.structure[0], file);
  if (root.id !== 'ST' || root.level.at(-1)?.id !== 'SE') {
    throw new GeneratorError(`${file}: the root node is not ST with SE as its last child.`);
  }
  return root;
}

/**
 * Opens one version of the Bots tables. Throws GeneratorError when the reference directory or the version is
 * missing, saying where it looked and how to point BOTS_GRAMMARS_REF elsewhere.
 */
export function openBotsVersion(reference: string, version: string): BotsVersion {
  if (!existsSync(join(reference, 'x12'))) {
    throw new GeneratorError(
      `The Bots reference tables were not found in ${reference}: the X12 generator needs them (docs/decisions/0006); ` +
        'set BOTS_GRAMMARS_REF to the directory that holds x12/4010 and x12/5010.',
    );
  }
  const dir = versionDir(reference, version);
  const recordsFile = join(dir, `records${version}.json`);
  if (!/^\d{6}$/.test(version) || !existsSync(recordsFile)) {
    throw new GeneratorError(`X12 version ${version} is not available: ${recordsFile} does not exist.`);
  }
  const pattern = new RegExp(`^(\\w+)${version}\\.json$`);
  const messages = readdirSync(dir)
    .map((name) => pattern.exec(name)?.[1])
    .filter((message): message is string => message !== undefined && message !== 'records')
    .sort();
  let records: Map<string, BotsField[]> | undefined;
  return {
    version,
    get records() {
      records ??= readRecords(recordsFile);
      return records;
    },
    messages,
    structure(message) {
      if (!messages.includes(message)) {
        throw new GeneratorError(
          `X12 ${version} transaction set ${message} is not available: ${dir} has no ${message}${version}.json.`,
        );
      }
      return readStructure(join(dir, `${message}${version}.json`));
    },
  };
}
