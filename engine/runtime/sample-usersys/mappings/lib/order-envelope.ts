/** The fields every sample XML order starts with: who sent it to whom (as the envelope says), test or not. */
import type { MappingInput } from 'bots-edi/mapping';

export function envelopeFields(inn: MappingInput): { sender?: string; receiver?: string; test: string } {
  const envelope = inn.info.envelope;
  return {
    sender: envelope?.sender.id,
    receiver: envelope?.receiver.id,
    test: inn.info.testindicator ? 'true' : 'false',
  };
}
