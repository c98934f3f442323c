/**
 * The EDIFACT grammar generator: message grammars from the UN directories D.96A and D.01B, CONTRL and the
 * envelope grammars from the service-segment sources. Sources are parsed only when a method needs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GRAMMAR_FORMAT,
  isGroup,
  type CodeList,
  type ElementDef,
  type FieldDef,
  type Grammar,
  type GrammarSyntax,
  type SegmentDef,
  type StructureNode,
} from '../../../engine/core/grammar.js';
import { GeneratorError, type GrammarGenerator } from '../generator.js';
import { parseServiceCodes, parseServiceMessage, parseServiceSegments } from './service-segments.js';
import { unDirectory, type UnDirectory } from './un-directory.js';

/** The messages shipped per directory; other D.96A messages are generated on request. */
const SHIPPED: Record<string, string[]> = {
  D96A: ['ORDERS', 'ORDRSP', 'DESADV', 'INVOIC', 'APERAK'],
  D01B: ['ORDERS', 'ORDRSP', 'DESADV', 'INVOIC'],
};

type SyntaxVersion = '3' | '4';

interface ServiceSources {
  segments: Map<string, SegmentDef>;
  codes: Map<string, CodeList>;
  contrl: StructureNode[];
  sources: string[];
}

const SERVICE_FILES: Record<SyntaxVersion, { php: string; staedi: string }> = {
  '3': { php: 'Service_V3', staedi: 'v3.xml' },
  '4': { php: 'Service_V4', staedi: 'v4r02.xml' },
};

/** CONTRL ids in Bots' form: syntax 3 CONTRL is identified as CONTRL:2:2:UN, syntax 4 as CONTRL:4:1:UN. */
const CONTRL_IDS: Record<SyntaxVersion, string> = { '3': 'CONTRL22UN', '4': 'CONTRL41UN' };

const ENVELOPE_SEGMENTS = ['UNB', 'UNG', 'UNH', 'UNT', 'UNE', 'UNZ'];

function syntax(version: SyntaxVersion): GrammarSyntax {
  const separators = { segment: "'", element: '+', component: ':', release: '?', decimal: '.' };
  return {
    envelope: 'edifact',
    charset: 'UNOA',
    separators: version === '4' ? { ...separators, repetition: '*' } : separators,
  };
}

export function edifactGenerator(root: string): GrammarGenerator {
  const directories = new Map<string, UnDirectory>();
  const services = new Map<SyntaxVersion, ServiceSources>();

  const directory = (version: string): UnDirectory => {
    const found = directories.get(version) ?? unDirectory(root, version);
    directories.set(version, found);
    return found;
  };

  const service = (version: SyntaxVersion): ServiceSources => {
    const cached = services.get(version);
    if (cached) return cached;
    const { php, staedi } = SERVICE_FILES[version];
    const phpFolder = `grammars/sources/php-edifact-mapping/${php}`;
    const text = (path: string): string => readFileSync(join(root, path), 'utf8');
    const loaded: ServiceSources = {
      segments: parseServiceSegments(text(`${phpFolder}/segments.xml`), `${phpFolder}/segments.xml`),
      codes: parseServiceCodes(text(`grammars/sources/staedi/${staedi}`)),
      contrl: parseServiceMessage(
        text(`${phpFolder}/messages/contrl.xml`),
        `${phpFolder}/messages/contrl.xml`,
      ),
      sources: [
        `UN/EDIFACT service segments, syntax ${version}: php-edifact-mapping ${php} (LGPL-3.0), ${phpFolder}`,
        `UN/EDIFACT service code values, syntax ${version}: StAEDI ${staedi} (Apache-2.0), grammars/sources/staedi`,
      ],
    };
    services.set(version, loaded);
    return loaded;
  };

  const serviceSegment = (version: SyntaxVersion, tag: string): SegmentDef => {
    const segment = service(version).segments.get(tag);
    if (!segment) throw new GeneratorError(`The syntax ${version} service segments have no segment ${tag}.`);
    // A copy: attachCodes marks elements of the grammar being built, and the cached definitions are shared.
    return structuredClone(segment);
  };

  const message = (version: string, type: string): Grammar => {
    const un = directory(version);
    if (!/^[A-Z]{6}$/.test(type))
      throw new GeneratorError(`"${type}" is not an EDIFACT message type such as ORDERS.`);
    const table = un.message(type);
    const segments: Record<string, SegmentDef> = {};
    for (const tag of [...segmentTags(table.structure)].sort()) {
      segments[tag] = un.segments().has(tag) ? directorySegment(un, tag) : serviceSegment('3', tag);
    }
    return {
      format: GRAMMAR_FORMAT,
      id: `${type}${version}UN`,
      kind: 'message',
      editype: 'edifact',
      version,
      title: `${type} ${table.title} (UN/EDIFACT ${un.label})`,
      sources: [
        `UN/EDIFACT ${un.label} directory (UNECE), ${un.folder}, licence LICENAGR.TXT`,
        ...service('3').sources,
      ],
      syntax: syntax('3'),
      structure: table.structure,
      segments,
      codes: attachCodes(segments, (id) => un.codeLists().get(id) ?? service('3').codes.get(id)),
    };
  };

  const contrl = (version: SyntaxVersion): Grammar => {
    const structure = service(version).contrl;
    const segments = Object.fromEntries(
      [...segmentTags(structure)].sort().map((tag) => [tag, serviceSegment(version, tag)]),
    );
    return {
      format: GRAMMAR_FORMAT,
      id: CONTRL_IDS[version],
      kind: 'message',
      editype: 'edifact',
      version,
      title: `CONTRL Syntax and service report message (syntax ${version})`,
      sources: service(version).sources,
      syntax: syntax(version),
      structure,
      segments,
      codes: attachCodes(segments, (id) => service(version).codes.get(id)),
    };
  };

  const envelope = (version: SyntaxVersion): Grammar => {
    const segments = Object.fromEntries(ENVELOPE_SEGMENTS.map((tag) => [tag, serviceSegment(version, tag)]));
    return {
      format: GRAMMAR_FORMAT,
      id: `edifact-envelope-${version}`,
      kind: 'envelope',
      editype: 'edifact',
      version,
      title: `UN/EDIFACT interchange envelope, syntax ${version} (UNA is the service string advice, not a segment with data elements, and is not described)`,
      sources: service(version).sources,
      syntax: syntax(version),
      structure: [],
      segments,
      codes: attachCodes(segments, (id) => service(version).codes.get(id)),
    };
  };

  return {
    editype: 'edifact',
    generateShipped: () => [
      ...Object.entries(SHIPPED).flatMap(([version, types]) => types.map((type) => message(version, type))),
      contrl('3'),
      contrl('4'),
      envelope('3'),
      envelope('4'),
    ],
    generate: (version, type) => message(version.toUpperCase(), type.toUpperCase()),
  };
}

function segmentTags(nodes: StructureNode[]): Set<string> {
  const tags = new Set<string>();
  const visit = (node: StructureNode): void => {
    if (isGroup(node)) node.content.forEach(visit);
    else tags.add(node.segment);
  };
  nodes.forEach(visit);
  return tags;
}

function directorySegment(un: UnDirectory, tag: string): SegmentDef {
  const segment = un.segments().get(tag);
  if (!segment) throw new GeneratorError(`${un.folder}: the segment directory has no segment ${tag}.`);
  const fields = segment.fields.map((field): FieldDef => {
    // Repeat counts appear only in syntax 4 directories (D.01B); 1 means the field does not repeat.
    const repeat = field.repeat > 1 ? { repeat: field.repeat } : {};
    const composite = un.composites().get(field.id);
    if (!composite) return { ...directoryElement(un, field.id, field.mandatory, tag), ...repeat };
    return {
      id: composite.id,
      name: composite.name,
      mandatory: field.mandatory,
      components: composite.components.map((component) =>
        directoryElement(un, component.id, component.mandatory, tag),
      ),
      ...repeat,
    };
  });
  return { tag, name: segment.name, fields };
}

function directoryElement(un: UnDirectory, id: string, mandatory: boolean, tag: string): ElementDef {
  const element = un.elements().get(id);
  if (!element)
    throw new GeneratorError(
      `${un.folder}: segment ${tag} uses element ${id}, which the element directory lacks.`,
    );
  return { id, name: element.name, mandatory, format: element.format, min: element.min, max: element.max };
}

/** Sets `codes` on every element that has a code list and returns those lists, keyed by element id, sorted. */
function attachCodes(
  segments: Record<string, SegmentDef>,
  lookup: (id: string) => CodeList | undefined,
): Record<string, CodeList> {
  const codes: Record<string, CodeList> = {};
  const attach = (element: ElementDef): void => {
    const list = lookup(element.id);
    if (!list) return;
    element.codes = element.id;
    codes[element.id] = { name: list.name ?? element.name, values: list.values };
  };
  for (const segment of Object.values(segments)) {
    for (const field of segment.fields) {
      if ('components' in field) field.components.forEach(attach);
      else attach(field);
    }
  }
  return Object.fromEntries(Object.entries(codes).sort(([a], [b]) => a.localeCompare(b)));
}
