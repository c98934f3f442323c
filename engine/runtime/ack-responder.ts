/**
 * The acknowledgements a received interchange gets, chosen by the confirm rules (confirm-rules.ts) and built by
 * engine/core's builders from what reading and validation found (AckInput):
 * - X12: a 997 per functional group (rule `997`), or a 999 for 005010 groups (rule `999`); never for groups of
 *   acknowledgements (GS01 FA). The version follows the inbound group's.
 * - X12: a TA1 when the interchange asks for one (ISA14 = 1) or rule `TA1` matches; a duplicate interchange is
 *   noted with code 025.
 * - EDIFACT: a CONTRL (rule `CONTRL`) in the inbound syntax version, never for CONTRL or APERAK.
 * The acknowledgement goes back the way the interchange came: its sender and receiver are the inbound receiver
 * and sender as written in the envelope, and the inbound sender's partner gives the envelope values.
 */
import type { AckInput } from '../core/ack-input.js';
import { buildContrl } from '../core/ack-contrl.js';
import { buildTa1 } from '../core/ack-ta1.js';
import { build997, build999 } from '../core/ack-x12.js';
import type { MessageInfo } from '../core/mapping-api.js';
import { edifactTypeParts } from '../core/outbound-envelope.js';
import { elementValue } from '../core/segment.js';
import type { OutSegment, WriteLayout } from '../core/segment-writer.js';
import type { ConfirmRules, ConfirmSubject } from './confirm-rules.js';
import type { GrammarCatalog } from './grammar-catalog.js';
import { ta1Interchange, type Reserve } from './merger.js';
import { layoutFor, renderBody, type RenderedOutput } from './output-renderer.js';
import type { PartnerDirectory } from './partner-directory.js';

export interface AckContext {
  route: string;
  channel: string;
  /** Partner ids of the inbound interchange. */
  frompartner: string;
  topartner: string;
}

export interface AckOutput {
  info: MessageInfo;
  rendered: RenderedOutput;
}

export interface AckDeps {
  confirm: ConfirmRules;
  partners: PartnerDirectory;
  catalog: GrammarCatalog;
  reserve: Reserve;
  now: Date;
}

export async function acknowledgements(
  input: AckInput,
  context: AckContext,
  deps: AckDeps,
): Promise<AckOutput[]> {
  const interchange = input.interchange;
  const values = deps.partners.get(context.frompartner)?.envelope ?? {};
  const parties = { sender: { ...interchange.receiver }, receiver: { ...interchange.sender } };
  const subject = (messagetype: string): ConfirmSubject => ({
    route: context.route,
    channel: context.channel,
    frompartner: context.frompartner,
    topartner: context.topartner,
    messagetype,
  });
  const info = (messagetype: string): MessageInfo => ({
    editype: interchange.editype,
    messagetype,
    frompartner: context.topartner,
    topartner: context.frompartner,
    reference: interchange.controlNumber,
    testindicator: interchange.test,
    alt: '',
  });
  const outputs: AckOutput[] = [];
  if (interchange.editype === 'x12') {
    for (const group of input.groups) {
      if (group.group.functionalId === 'FA') continue;
      const type = group.messages[0]
        ? `${group.messages[0].type}${group.group.version}`
        : group.group.version;
      const five = group.group.version >= '005010';
      const ack =
        five && deps.confirm.wants('999', subject(type))
          ? build999(input, group)
          : deps.confirm.wants('997', subject(type))
            ? build997(input, group)
            : undefined;
      if (!ack) continue;
      const layout = layoutFor('x12', values, ack.version);
      outputs.push({
        info: info(`${ack.transactionSet}${ack.version}`),
        rendered: {
          kind: 'message',
          editype: 'x12',
          ...bodyOf(ack.segments, 'x12', layout),
          layout,
          ...parties,
          values,
          x12: { set: ack.transactionSet, version: ack.version, st03: ack.implementationReference ?? '' },
        },
      });
    }
    const asked = interchange.header !== undefined && elementValue(interchange.header, 14) === '1';
    if (asked || deps.confirm.wants('TA1', subject(''))) {
      const policy = deps.partners.get(context.frompartner)?.duplicates === 'warn' ? 'note' : 'reject';
      const ta1 = buildTa1(input, { duplicate: policy });
      const file = await ta1Interchange(
        ta1,
        parties,
        values,
        interchange.test,
        deps.reserve,
        deps.now,
        deps.catalog,
      );
      outputs.push({
        info: { ...info('TA1'), reference: file.reference },
        rendered: { kind: 'file', content: file.content },
      });
    }
    return outputs;
  }
  if (interchange.editype !== 'edifact') return outputs;
  const types = [...input.messages, ...input.groups.flatMap((g) => g.messages)].map((m) => m.type);
  if (types.some((t) => t === 'CONTRL' || t === 'APERAK')) return outputs;
  if (!types.some((t) => deps.confirm.wants('CONTRL', subject(t)))) return outputs;
  const policy = deps.partners.get(context.frompartner)?.duplicates === 'warn' ? 'note' : 'reject';
  const ack = buildContrl(input, { duplicate: policy });
  const messagetype = ack.identifier.join('');
  const parts = edifactTypeParts(messagetype);
  if (!parts) return outputs;
  const syntax4 = ack.identifier[1] === '4';
  const contrlValues = { ...values, 'UNB.S001.0002': syntax4 ? '4' : '3' };
  const layout = layoutFor('edifact', contrlValues, '');
  outputs.push({
    info: info(messagetype),
    rendered: {
      kind: 'message',
      editype: 'edifact',
      ...bodyOf(ack.segments, 'edifact', layout),
      layout,
      ...parties,
      values: contrlValues,
      edifact: parts,
    },
  });
  return outputs;
}

function bodyOf(
  segments: OutSegment[],
  editype: 'x12' | 'edifact',
  layout: WriteLayout,
): { body: string; segments: number } {
  return { body: renderBody(segments, editype, layout), segments: segments.length };
}
