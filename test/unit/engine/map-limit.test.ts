// mapLimit: results in the items' order however the work finishes, never more than `limit` running at once,
// and a rejection rejects the call.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../engine/runtime/map-limit.js';

/** Work that records how many run at once; item i takes delays[i] ms. */
function tracked(delays: readonly number[]): {
  work: (item: number, index: number) => Promise<string>;
  peak: () => number;
  started: number[];
} {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  return {
    started,
    peak: () => peak,
    work: async (item, index) => {
      started.push(index);
      running++;
      peak = Math.max(peak, running);
      await sleep(delays[index]!);
      running--;
      return `r${item}`;
    },
  };
}

describe('mapLimit', () => {
  it('keeps the order of the items although later ones finish first', async () => {
    const delays = [30, 1, 20, 2, 10, 0];
    const t = tracked(delays);
    const items = delays.map((_, i) => i * 10);
    expect(await mapLimit(items, 3, t.work)).toEqual(['r0', 'r10', 'r20', 'r30', 'r40', 'r50']);
    expect(t.started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('runs at most `limit` at once, and uses the limit', async () => {
    const delays = Array.from({ length: 12 }, (_, i) => (i % 3) * 3 + 1);
    const t = tracked(delays);
    await mapLimit(
      delays.map((_, i) => i),
      4,
      t.work,
    );
    expect(t.peak()).toBe(4);
    const one = tracked(delays);
    await mapLimit(
      delays.map((_, i) => i),
      1,
      one.work,
    );
    expect(one.peak()).toBe(1);
  });

  it('runs every item once when the limit exceeds the items', async () => {
    const t = tracked([1, 1]);
    expect(await mapLimit([1, 2], 32, t.work)).toEqual(['r1', 'r2']);
    expect(t.started).toEqual([0, 1]);
    expect(t.peak()).toBe(2);
  });

  it('returns an empty list for no items without calling work', async () => {
    let calls = 0;
    expect(
      await mapLimit([], 4, () => {
        calls++;
        return Promise.resolve(1);
      }),
    ).toEqual([]);
    expect(calls).toBe(0);
  });

  it('passes the index and rejects when one item rejects', async () => {
    const seen: [string, number][] = [];
    await expect(
      mapLimit(['a', 'b', 'c'], 2, async (item, index) => {
        seen.push([item, index]);
        await sleep(1);
        if (item === 'b') throw new Error('b failed');
        return item;
      }),
    ).rejects.toThrow('b failed');
    expect(seen.slice(0, 2)).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });
});
