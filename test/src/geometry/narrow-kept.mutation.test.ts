import { describe, expect, it } from 'vitest';
import { BUCKETS, narrowKept } from '../../../src/geometry/scan-core.js';

// narrowKept at the edges of its histogram: bucket(x) = floor(x) (hlo 0, hscale 1). Each expected
// kept window is worked out from the rule in its doc: the estimate's rank r = floor(p (visited - 1))
// located by cumulative counts from the entries below the window, then the buckets of the ranks
// r -+ floor(inKept / 4), widened to at least minHalf buckets each side of the estimate's bucket,
// clipped to the kept window; unchanged when that is empty or the same.

function state(entries: readonly number[], wlo: number, whi: number, belowWindow = 0) {
  const hist = new Float64Array(BUCKETS);
  for (const g of entries) hist[Math.floor(g)]!++;
  return {
    hist,
    kept: Float64Array.from(entries),
    keptIdx: Float64Array.from(entries, (_, e) => e),
    hlo: 0,
    hscale: 1,
    wlo,
    whi,
    belowWindow,
  };
}

const open = { klo: Number.NEGATIVE_INFINITY, khi: Number.POSITIVE_INFINITY };

describe('narrowKept at the edges', () => {
  it('a window open below: an estimate above every entry of the histogram leaves the state', () => {
    // entries 10.5 .. 19.5 below whi = 30.5; 40 visited (the rest above the window): r = 20
    const entries = Array.from({ length: 10 }, (_, q) => 10.5 + q);
    const a = state(entries, Number.NEGATIVE_INFINITY, 30.5);
    const st = { ...open, inKept: 10 };
    expect(narrowKept(st, a, 0.52, 40, 2)).toBe(st);
  });

  it('the lowest ranked bucket is bucket 0: the kept window starts there', () => {
    // 10 entries in bucket 0, one in each of 40 .. 49; r = floor(0.75 * 19) = 14 in bucket 44;
    // quarter 5: ranks 9 (bucket 0) .. 19 (bucket 49): kept window [0, 50), all 20 entries
    const entries = [
      ...Array.from({ length: 10 }, (_, q) => 0.05 + q / 20),
      ...Array.from({ length: 10 }, (_, q) => 40.5 + q),
    ];
    const a = state(entries, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect(narrowKept({ ...open, inKept: 20 }, a, 0.75, 20, 2)).toEqual({ klo: 0, khi: 50, inKept: 20 });
  });

  it('every entry in the top bucket of an open window: the kept window is around it', () => {
    // 8 entries in bucket 2^20 - 1; r = 3; quarter 2; minHalf 2: buckets 2^20 - 3 .. 2^20 + 1
    const top = BUCKETS - 1;
    const entries = Array.from({ length: 8 }, (_, q) => top + q / 8);
    const a = state(entries, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect(narrowKept({ ...open, inKept: 8 }, a, 0.5, 8, 2)).toEqual({
      klo: top - 2,
      khi: top + 3,
      inKept: 8,
    });
  });

  it('ranks past the last entry of an open window: the kept window ends with the top bucket', () => {
    // the same 8 entries; r = floor(0.9 * 7) = 6, quarter 2: rank 8 is past them; minHalf 0
    const top = BUCKETS - 1;
    const entries = Array.from({ length: 8 }, (_, q) => top + q / 8);
    const a = state(entries, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect(narrowKept({ ...open, inKept: 8 }, a, 0.9, 8, 0)).toEqual({ klo: top, khi: top + 1, inKept: 8 });
  });

  it('a new kept window that would be empty (its bottom on the old top) leaves the state', () => {
    // kept window [0, 30) holds none of the entries 30.5 .. 39.5 (window [29.5, 40.5)); r = 2 in
    // bucket 32, quarter 0, minHalf 2: buckets 30 .. 34, so [30, 35) clipped to [30, 30): empty
    const entries = Array.from({ length: 10 }, (_, q) => 30.5 + q);
    const a = state(entries, 29.5, 40.5);
    const st = { klo: 0, khi: 30, inKept: 0 };
    expect(narrowKept(st, a, 0.25, 10, 2)).toBe(st);
  });
});
