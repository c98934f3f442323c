/**
 * Envelope and acknowledgment code lists. X12 code lists are copyrighted content of the standard and no free
 * source has them all, so grammars carry codes only for the envelope segments and the acknowledgment segments
 * of 997/999, where pyx12's control and acknowledgment maps and StAEDI's control schemas list them.
 * A list is the union of what those sources allow, keyed by element number: pyx12's maps are HIPAA
 * implementation guides and list subsets (GS01 without PO), which alone would reject valid interchanges.
 */
import type { PositionSource } from './segment-element-ids.js';

/** The segments of the X12 envelope grammars, in interchange order. */
export const ENVELOPE_SEGMENTS = ['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'TA1'];

/** The 997/999 acknowledgment segments (AK1...AK9, IK3...IK5), whose codes message grammars carry. */
export function isAcknowledgmentSegment(tag: string): boolean {
  return /^(AK|IK)\d$/.test(tag);
}

/** Segments whose ID elements get code lists: envelope segments and the acknowledgment segments. */
export function hasEnvelopeCodes(tag: string): boolean {
  return ENVELOPE_SEGMENTS.includes(tag) || isAcknowledgmentSegment(tag);
}

/** Element number -> the union of the codes the sources allow at any envelope or acknowledgment position. */
export function envelopeCodeLists(sources: PositionSource[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const source of sources) {
    for (const [tag, segment] of source.segments) {
      if (!hasEnvelopeCodes(tag)) continue;
      for (const position of segment.positions.values()) {
        if (position.codes.length === 0) continue;
        const list = lists.get(position.id) ?? [];
        for (const code of position.codes) if (!list.includes(code)) list.push(code);
        lists.set(position.id, list);
      }
    }
  }
  return lists;
}
