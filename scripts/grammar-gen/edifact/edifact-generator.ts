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
import { parseCodeLists } from './code-lists.js';
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
  /** The element ids whose code list in `codes` comes from UNSL.96A rather than StAEDI. */
  unslCodes: Set<string>;
  contrl: StructureNode[];
  sources: string[];
}

const SERVICE_FILES: Record<SyntaxVersion, { php: string; staedi: string }> = {
  '3': { php: 'Service_V3', staedi: 'v3.xml' },
  '4': { php: 'Service_V4', staedi: 'v4r02.xml' },
};

/**
 * The UN service code list of D.96A (syntax 3), byte-identical from d96a.zip. StAEDI stays the source of the service
 * code values wherever it lists any: its schemas are per syntax version and later than D.96A (UNOG and later in
 * syntax 4's 0001; newer 0007, 0051 and 0065 values), while UNSL.96A is a 1995 snapshot; where both list an element,
 * StAEDI's list holds every UNSL value still in use. UNSL fills the elements StAEDI leaves without values: for syntax
 * 3 all of them (0031 and 0035 in UNB, 0081 in UNS of the message grammars, 0083 and 0085 in CONTRL), since it is
 * that syntax's own list. For syntax 4 only 0083 (action) and 0085 (syntax error), which CONTRL needs and no syntax 4
 * source here lists: syntax 4 (ISO 9735:2002) gave 0031 and 0035 more values than syntax 3's single `1`, so those
 * lists would reject valid syntax 4 interchanges. UNSL's 0085 ends at 43; syntax 4 adds 45 to 48, which no source
 * here carries, so a syntax 4 CONTRL using them is reported CODE_INVALID until one does.
 */
const UNSL_FILE = 'grammars/sources/unece/D96A/UNSL.96A';
const UNSL_ELEMENTS: Record<SyntaxVersion, (id: string) => boolean> = {
  '3': () => true,
  '4': (id) => id === '0083' || id === '0085',
};
const SYNTAX_IDENTIFIER = '0001';
const UNSL_SOURCE = `UN/EDIFACT service code list D.96A (UNECE), ${UNSL_FILE}, licence LICENAGR.TXT`;

/**
 * CONTRL ids in Bots' form: syntax 3 CONTRL is identified as CONTRL:2:2:UN and, by partners following the service
 * directory as php-edifact-mapping's source does, as CONTRL:D:3:UN (the same message: one grammar per id, same
 * content); syntax 4 as CONTRL:4:1:UN.
 */
const CONTRL_IDS: Record<SyntaxVersion, readonly string[]> = {
  '3': ['CONTRL22UN', 'CONTRLD3UN'],
  '4': ['CONTRL41UN'],
};

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
    const staediFile = `grammars/sources/staedi/${staedi}`;
    const codes = parseServiceCodes(text(staediFile), staediFile);
    // The syntax identifier is judged by the reader: an id it does not know is read as Latin-1 with the warning
    // CHARSET_UNKNOWN (DESIGN.md), so the grammar does not also reject it as a code.
    codes.delete(SYNTAX_IDENTIFIER);
    const unslCodes = new Set<string>();
    for (const [id, list] of parseCodeLists(readFileSync(join(root, UNSL_FILE)))) {
      if (codes.has(id) || id === SYNTAX_IDENTIFIER || !UNSL_ELEMENTS[version](id)) continue;
      // Without the directory's name (`Syntax Error, coded`): service code lists are named after their element.
      codes.set(id, { values: list.values });
      unslCodes.add(id);
    }
    const loaded: ServiceSources = {
      segments: parseServiceSegments(text(`${phpFolder}/segments.xml`), `${phpFolder}/segments.xml`),
      codes,
      unslCodes,
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

  /** The service sources of a grammar, naming UNSL.96A when one of its code lists came from there. */
  const serviceSources = (version: SyntaxVersion, codes: Record<string, CodeList>): string[] => {
    const { sources, unslCodes } = service(version);
    return Object.keys(codes).some((id) => unslCodes.has(id)) ? [...sources, UNSL_SOURCE] : sources;
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
    const codes = attachCodes(segments, (id) => un.codeLists().get(id) ?? service('3').codes.get(id));
    const serviceCodes = Object.fromEntries(Object.entries(codes).filter(([id]) => !un.codeLists().has(id)));
    return {
      format: GRAMMAR_FORMAT,
      id: `${type}${version}UN`,
      kind: 'message',
      editype: 'edifact',
      version,
      title: `${type} ${table.title} (UN/EDIFACT ${un.label})`,
      sources: [
        `UN/EDIFACT ${un.label} directory (UNECE), ${un.folder}, licence LICENAGR.TXT`,
        ...serviceSources('3', serviceCodes),
      ],
      syntax: syntax('3'),
      structure: table.structure,
      segments,
      codes,
    };
  };

  const contrl = (version: SyntaxVersion, id: string): Grammar => {
    const structure = service(version).contrl;
    const segments = Object.fromEntries(
      [...segmentTags(structure)].sort().map((tag) => [tag, serviceSegment(version, tag)]),
    );
    const codes = attachCodes(segments, (id) => service(version).codes.get(id));
    return {
      format: GRAMMAR_FORMAT,
      id,
      kind: 'message',
      editype: 'edifact',
      version,
      title: `CONTRL Syntax and service report message (syntax ${version})`,
      sources: serviceSources(version, codes),
      syntax: syntax(version),
      structure,
      segments,
      codes,
    };
  };

  const envelope = (version: SyntaxVersion): Grammar => {
    const segments = Object.fromEntries(ENVELOPE_SEGMENTS.map((tag) => [tag, serviceSegment(version, tag)]));
    const codes = attachCodes(segments, (id) => service(version).codes.get(id));
    return {
      format: GRAMMAR_FORMAT,
      id: `edifact-envelope-${version}`,
      kind: 'envelope',
      editype: 'edifact',
      version,
      title: `UN/EDIFACT interchange envelope, syntax ${version} (UNA is the service string advice, not a segment with data elements, and is not described)`,
      sources: serviceSources(version, codes),
      syntax: syntax(version),
      structure: [],
      segments,
      codes,
    };
  };

  return {
    editype: 'edifact',
    generateShipped: () => [
      ...Object.entries(SHIPPED).flatMap(([version, types]) => types.map((type) => message(version, type))),
      ...(['3', '4'] as const).flatMap((version) => CONTRL_IDS[version].map((id) => contrl(version, id))),
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
