/**
 * The X12 grammar generator. Message grammars take their structure and segment positions from the Bots tables
 * in the reference directory (docs/decisions/0006) and element numbers, names, types and envelope codes from
 * the pyx12 and StAEDI files under grammars/sources/. Nothing is read until a method is called.
 */
import { GRAMMAR_FORMAT, isComposite, type Grammar, type SegmentDef } from '../../../engine/core/grammar.js';
import { GeneratorError, type GrammarGenerator } from '../generator.js';
import { botsReferenceDir, openBotsVersion, type BotsVersion } from './bots-tables.js';
import { ENVELOPE_SEGMENTS, envelopeCodeLists, isAcknowledgmentSegment } from './envelope-maps.js';
import { buildSegment, type SegmentContext, type UncoveredPosition } from './segments.js';
import { convertStructure, segmentTags } from './structure.js';
import { SOURCE_LINES, loadX12Sources, type X12Sources } from './x12-sources.js';

/** The transaction sets shipped per version. */
export const SHIPPED_X12: Record<string, string[]> = {
  '004010': ['810', '850', '855', '856', '860', '865', '846', '997'],
  '005010': ['810', '850', '856', '997', '999'],
};

/** Envelope grammar id per version: x12-envelope-00401 for 004010 (the ISA12 version). */
export function envelopeId(version: string): string {
  return `x12-envelope-${version.slice(0, 5)}`;
}

export interface X12Generator extends GrammarGenerator {
  /** Positions of the last generated grammars without an element number, by grammar id (for reports and tests). */
  uncovered: Map<string, UncoveredPosition[]>;
}

export function x12Generator(root: string): X12Generator {
  let sources: X12Sources | undefined;
  let codeLists: Map<string, string[]> | undefined;
  const versions = new Map<string, BotsVersion>();
  const uncovered = new Map<string, UncoveredPosition[]>();

  const load = (): { sources: X12Sources; codeLists: Map<string, string[]> } => {
    sources ??= loadX12Sources(root);
    codeLists ??= envelopeCodeLists(sources.codeSources);
    return { sources, codeLists };
  };

  const bots = (version: string): BotsVersion => {
    let tables = versions.get(version);
    if (!tables) {
      tables = openBotsVersion(botsReferenceDir(root), version);
      versions.set(version, tables);
    }
    return tables;
  };

  const build = (
    id: string,
    version: string,
    title: string,
    tags: string[],
    withCodes: (tag: string) => boolean,
  ): Pick<Grammar, 'segments' | 'codes'> => {
    const loaded = load();
    const tables = bots(version);
    const context: SegmentContext = { version, ...loaded, withCodes, uncovered: [] };
    const segments: Record<string, SegmentDef> = {};
    for (const tag of [...tags].sort()) {
      const fields = tables.records.get(tag);
      if (!fields)
        throw new GeneratorError(`The Bots records of ${version} have no segment ${tag}, used by ${title}.`);
      segments[tag] = buildSegment(context, tag, fields);
    }
    uncovered.set(id, context.uncovered);
    // Each list is named after the element that uses it (the key is its element number).
    const names = new Map<string, string>();
    for (const segment of Object.values(segments)) {
      for (const element of segment.fields.flatMap((field) =>
        isComposite(field) ? field.components : [field],
      )) {
        if (element.codes) names.set(element.codes, element.name);
      }
    }
    const codes: Grammar['codes'] = {};
    for (const [key, name] of [...names].sort(([a], [b]) => (a < b ? -1 : 1))) {
      codes[key] = { name, values: loaded.codeLists.get(key) ?? [] };
    }
    return { segments, codes };
  };

  const syntax = (version: string): Grammar['syntax'] => ({
    envelope: 'x12',
    separators:
      version >= '004020'
        ? { segment: '~', element: '*', component: ':', repetition: '^' }
        : { segment: '~', element: '*', component: ':' },
  });

  const message = (version: string, code: string): Grammar => {
    const id = `${code}${version}`;
    const title = `X12 ${code} transaction set, version ${version}`;
    const structure = convertStructure(bots(version).structure(code));
    return {
      format: GRAMMAR_FORMAT,
      id,
      kind: 'message',
      editype: 'x12',
      version,
      title,
      sources: SOURCE_LINES,
      syntax: syntax(version),
      structure,
      ...build(id, version, title, segmentTags(structure), isAcknowledgmentSegment),
    };
  };

  const envelope = (version: string): Grammar => {
    const id = envelopeId(version);
    const title = `X12 envelope (ISA, GS, ST and their trailers, TA1), version ${version}`;
    return {
      format: GRAMMAR_FORMAT,
      id,
      kind: 'envelope',
      editype: 'x12',
      version,
      title,
      sources: SOURCE_LINES,
      syntax: syntax(version),
      structure: [],
      ...build(id, version, title, ENVELOPE_SEGMENTS, () => true),
    };
  };

  return {
    editype: 'x12',
    uncovered,
    generateShipped() {
      return Object.entries(SHIPPED_X12).flatMap(([version, codes]) => [
        envelope(version),
        ...[...codes].sort().map((code) => message(version, code)),
      ]);
    },
    generate(version, code) {
      if (!/^\d{6}$/.test(version)) {
        throw new GeneratorError(
          `"${version}" is not an X12 version; write it with six digits, such as 004010.`,
        );
      }
      if (!/^\d{3}$/.test(code)) {
        throw new GeneratorError(
          `"${code}" is not an X12 transaction set code; write it with three digits, such as 850.`,
        );
      }
      return message(version, code);
    },
  };
}
