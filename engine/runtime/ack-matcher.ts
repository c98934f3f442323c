/**
 * Inbound acknowledgements (997, 999, CONTRL, TA1) marked on what we sent. The messages we send carry their
 * control numbers on their TRANSLATED rows (`GS06:ST02` for X12, `UNB 0020:UNH 0062` for EDIFACT) and the
 * interchange's on its MERGED row (ISA13, UNB 0020); an acknowledgement names those numbers, and its sender is
 * the partner we sent to. Matched rows get `confirmed` (accepted, accepted-with-errors, partially-accepted,
 * rejected, received) and `confirmTa`, the acknowledgement's SPLITUP row.
 * A 997 that acknowledges a group without AK2 detail applies the group's status to every message of the group.
 */
import type { AckResult, AckStatus, Ta1Result } from '../core/ack-reader.js';
import type { Store, TaRow, TaUpdate } from '../store/store.js';

export interface MatchOutcome {
  /** How many of our rows the acknowledgement marked. */
  matched: number;
  /** The references it names that match nothing we sent (for the SPLITUP row's note). */
  unknown: string[];
}

export async function matchAck(
  ack: AckResult,
  partner: string,
  ackTa: string,
  store: Pick<Store, 'ta'>,
  at: Date,
): Promise<MatchOutcome> {
  const updates: TaUpdate[] = [];
  const unknown: string[] = [];
  const mark = (rows: TaRow[], status: AckStatus): void => {
    for (const row of rows) updates.push({ id: row.id, changes: { confirmed: status, confirmTa: ackTa } });
  };
  const sent = (controls: string[]): Promise<TaRow[]> =>
    controls.length === 0
      ? Promise.resolve([])
      : store.ta.find({ status: ['TRANSLATED'], control: controls, toPartner: partner });

  if (ack.kind === 'CONTRL') {
    const interchange = ack.interchange?.reference ?? '';
    const merged = interchange
      ? await store.ta.find({ status: ['MERGED'], control: [interchange], toPartner: partner })
      : [];
    if (ack.interchange) mark(merged, ack.interchange.status);
    if (interchange && merged.length === 0) unknown.push(`interchange ${interchange}`);
    for (const message of ack.messages) {
      const rows = await sent([`${interchange}:${message.reference}`]);
      if (rows.length === 0) unknown.push(`message ${message.reference}`);
      mark(rows, message.status);
    }
    if (ack.messages.length === 0 && ack.interchange) {
      // A UCI without UCMs speaks for every message of the interchange.
      for (const row of merged)
        mark(await store.ta.find({ status: ['TRANSLATED'], child: row.id }), ack.interchange.status);
    }
  } else {
    for (const group of ack.groups) {
      const messages = ack.messages.filter((m) => (m.group ?? group.reference) === group.reference);
      if (messages.length === 0) {
        const rows = await store.ta.find({
          status: ['TRANSLATED'],
          controlPrefix: `${group.reference}:`,
          toPartner: partner,
        });
        if (rows.length === 0) unknown.push(`group ${group.reference}`);
        mark(rows, group.status);
        continue;
      }
      for (const message of messages) {
        const rows = await sent([`${group.reference}:${message.reference.padStart(4, '0')}`]);
        if (rows.length === 0) unknown.push(`group ${group.reference} set ${message.reference}`);
        mark(rows, message.status);
      }
    }
  }
  if (updates.length > 0) await store.ta.updateMany(updates, at);
  return { matched: updates.length, unknown };
}

/** A TA1 marks the interchange (MERGED row) it names. */
export async function matchTa1(
  ta1: Ta1Result,
  partner: string,
  ackTa: string,
  store: Pick<Store, 'ta'>,
  at: Date,
): Promise<MatchOutcome> {
  const rows = await store.ta.find({ status: ['MERGED'], control: [ta1.reference], toPartner: partner });
  if (rows.length > 0)
    await store.ta.updateMany(
      rows.map((row) => ({ id: row.id, changes: { confirmed: ta1.status, confirmTa: ackTa } })),
      at,
    );
  return { matched: rows.length, unknown: rows.length === 0 ? [`interchange ${ta1.reference}`] : [] };
}
