import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, dotsOf, interleavedDots, narrowKept } from '../../../src/geometry/scan-core.js';
import { Rng } from '../../../src/numeric/float/rng.js';

// The exact-dot batches against one naive left-to-right sum at a time (the same bits), for every
// remainder of the four-way interleaving, and the histogram bucket's clamps.

describe('exact dots in batches', () => {
  const rng = new Rng(12);
  const d = 7;
  const a = Float64Array.from({ length: 9 * d }, () => rng.normal());
  const b32 = Float32Array.from({ length: 6 * d }, () => rng.normal());
  const naive = (i: number, j: number) => {
    let s = 0;
    for (let q = 0; q < d; q++) s += a[i * d + q]! * b32[j * d + q]!;
    return s;
  };
  it('interleavedDots equals the naive sums for count 0..9, float32 V widened exactly', () => {
    const dots = interleavedDots(a, b32, d);
    for (let count = 0; count <= 9; count++) {
      const is = Int32Array.from({ length: count }, (_, e) => (e * 5 + 3) % 9);
      const js = Int32Array.from({ length: count }, (_, e) => (e * 7 + 1) % 6);
      const out = new Float64Array(count + 2).fill(Number.NaN);
      dots(is, js, out, count);
      for (let e = 0; e < count; e++) expect(out[e], `count ${count}, e ${e}`).toBe(naive(is[e]!, js[e]!));
      expect(out[count]).toBeNaN();
      expect(out[count + 1]).toBeNaN();
      // only the first `count` of longer index arrays are used
      const out2 = new Float64Array(count + 1).fill(Number.NaN);
      dots(Int32Array.from([...is, 0]), Int32Array.from([...js, 0]), out2, count);
      expect(out2[count]).toBeNaN();
    }
  });
  it('dotsOf batches a single dot', () => {
    const out = new Float64Array(4).fill(Number.NaN);
    dotsOf(naive)(Int32Array.of(1, 8, 0), Int32Array.of(5, 0, 2), out, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([naive(1, 5), naive(8, 0), naive(0, 2)]);
    expect(out[3]).toBeNaN();
  });
});

describe('bucketOf', () => {
  it('floor((x - lo) scale) clamped to [0, BUCKETS - 1]', () => {
    expect(bucketOf(0.5, 0, 4)).toBe(2);
    expect(bucketOf(0.499, 0, 4)).toBe(1);
    expect(bucketOf(-1, 0, 4)).toBe(0);
    expect(bucketOf(-0.25, 0, 4)).toBe(0);
    expect(bucketOf(0, 0, 4)).toBe(0);
    expect(bucketOf(1, -1, BUCKETS / 2)).toBe(BUCKETS - 1);
    expect(bucketOf(1 - 4 / BUCKETS, -1, BUCKETS / 2)).toBe(BUCKETS - 2);
    expect(bucketOf(5, -1, BUCKETS / 2)).toBe(BUCKETS - 1);
  });
});

describe('narrowKept', () => {
  // bucket(x) = floor(x) (hlo 0, hscale 1). Window [9.5, 40.5): one entry in each bucket 9 .. 40
  // (9.7, 10.5, 11.5, ..., 39.5, 40.2), 100 negatives below it, 200 visited.
  const entries = [9.7, ...Array.from({ length: 30 }, (_, q) => 10.5 + q), 40.2];
  const make = (klo = 9.5, khi = 40.5) => {
    const hist = new Float64Array(BUCKETS);
    for (const g of entries) hist[Math.floor(g)]!++;
    const mine = entries.map((g, e) => [g, e] as const).filter(([g]) => g >= klo && g < khi);
    const kept = Float64Array.from(mine, ([g]) => g);
    const keptIdx = Float64Array.from(mine, ([, e]) => 1000 + e);
    return { hist, kept, keptIdx, hlo: 0, hscale: 1, wlo: 9.5, whi: 40.5, belowWindow: 100 };
  };
  const st = { klo: 9.5, khi: 40.5, inKept: entries.length };

  function expectKept(a: ReturnType<typeof make>, out: ReturnType<typeof narrowKept>) {
    const inside = entries.map((g, e) => [g, e] as const).filter(([g]) => g >= out.klo && g < out.khi);
    expect(Array.from(a.kept.subarray(0, out.inKept))).toEqual(inside.map(([g]) => g));
    expect(Array.from(a.keptIdx.subarray(0, out.inKept))).toEqual(inside.map(([, e]) => 1000 + e));
    // the histogram of the whole window is left as it was
    for (let b = 0; b < 50; b++)
      expect(a.hist[b], `bucket ${b}`).toBe(entries.filter((g) => Math.floor(g) === b).length);
  }

  it('p = 0.6: rank 119 is in bucket 28; a quarter of 32 each side gives buckets 20 .. 36', () => {
    // r = floor(0.6 * 199) = 119; cumulative counts 100 + (b - 8) pass 119 at b = 28; ranks
    // 111 .. 127 lie in buckets 20 .. 36, wider than 28 -+ 2: kept window [20, 37)
    const a = make();
    const out = narrowKept(st, a, 0.6, 200, 2);
    expect(out).toEqual({ klo: 20, khi: 37, inKept: 17 });
    expectKept(a, out);
  });

  it('minHalf 12 widens it to buckets 16 .. 40 (then clipped to the old upper bound 40.5)', () => {
    const a = make();
    const out = narrowKept(st, a, 0.6, 200, 12);
    expect(out).toEqual({ klo: 16, khi: 40.5, inKept: 25 });
    expectKept(a, out);
  });

  it('ranks count every window entry, the kept ones are a quarter of the kept count each side', () => {
    // kept window [15, 35): 20 entries; ranks 119 -+ 5 lie in buckets 23 .. 33 (of the histogram)
    const a = make(15, 35);
    const out = narrowKept({ klo: 15, khi: 35, inKept: 20 }, a, 0.6, 200, 2);
    expect(out).toEqual({ klo: 23, khi: 34, inKept: 11 });
    expectKept(a, out);
  });

  it('an unbounded window: rank 15 of 32 in bucket 24, buckets 16 .. 32', () => {
    const a = { ...make(), wlo: Number.NEGATIVE_INFINITY, whi: Number.POSITIVE_INFINITY, belowWindow: 0 };
    const open = { klo: Number.NEGATIVE_INFINITY, khi: Number.POSITIVE_INFINITY, inKept: 32 };
    const out = narrowKept(open, a, 0.5, 32, 2);
    expect(out).toEqual({ klo: 16, khi: 33, inKept: 17 });
  });

  it('unchanged when the estimate is below, in the edge bucket, beyond the window, or the bounds would not move', () => {
    for (const [p, visited, minHalf] of [
      [0.4, 200, 2], // r = 79 < 100 below the window
      [0.5, 201, 2], // r = 100: bucket 9, the window's own lower edge bucket
      [0.99, 200, 2], // r = 197: past every entry of the window
      [0.6, 200, 40], // buckets -12 .. 68 hold the whole window
    ] as const) {
      const a = make();
      expect(narrowKept(st, a, p, visited, minHalf), `p ${p}`).toBe(st);
      expect(Array.from(a.kept)).toEqual(entries);
    }
  });
});

describe('narrowKept at its edges', () => {
  const windowOf = (entries: number[], wlo: number, whi: number, belowWindow: number) => {
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
  };
  const ramp = (from: number) => Array.from({ length: 30 }, (_, q) => from + q);

  it('the estimate is the first entry of the window (rank = the count below it): it narrows', () => {
    // window [9.5, 40.5), entries 10.5 .. 39.5, 100 below; visited 101, p = 1: rank 100, bucket 10
    const a = windowOf(ramp(10.5), 9.5, 40.5, 100);
    const out = narrowKept({ klo: 9.5, khi: 40.5, inKept: 30 }, a, 1, 101, 2);
    // ranks 100 .. 107 (a quarter of 30 above), buckets 10 .. 17
    expect(out).toEqual({ klo: 9.5, khi: 18, inKept: 8 });
  });

  it('entries on the new bounds: the lower one stays, the upper one leaves', () => {
    // entries 10, 11, ..., 39 (on bucket edges); p = 0.6 of 200 visited, 100 below: rank 119 in
    // bucket 29; ranks 112 .. 126 in buckets 22 .. 36: [22, 37)
    const a = windowOf(ramp(10), 9.5, 40.5, 100);
    const out = narrowKept({ klo: 9.5, khi: 40.5, inKept: 30 }, a, 0.6, 200, 2);
    expect(out).toEqual({ klo: 22, khi: 37, inKept: 15 });
    expect(Array.from(a.kept.subarray(0, 15))).toEqual(Array.from({ length: 15 }, (_, q) => 22 + q));
  });

  it('an open window whose estimate is in bucket 0 narrows (bucket 0 is not an edge)', () => {
    const a = windowOf(ramp(0.5), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0);
    const open = { klo: Number.NEGATIVE_INFINITY, khi: Number.POSITIVE_INFINITY, inKept: 30 };
    const out = narrowKept(open, a, 0, 30, 2);
    // rank 0 in bucket 0; ranks 0 .. 7 in buckets 0 .. 7, widened by 2 below: [-2, 8)
    expect(out).toEqual({ klo: -2, khi: 8, inKept: 8 });
  });

  it("a finite window's top edge bucket holds the estimate: unchanged", () => {
    // window [9.5, 40.5): rank 131 of 200 (p = 0.66) in bucket 40, the window's top edge bucket
    const entries = [9.7, ...Array.from({ length: 30 }, (_, q) => 10.5 + q), 40.2];
    const a = windowOf(entries, 9.5, 40.5, 100);
    const st = { klo: 9.5, khi: 40.5, inKept: 32 };
    expect(narrowKept(st, a, 0.66, 200, 2)).toBe(st);
  });
});

describe('narrowKept at the top of the histogram', () => {
  it('an unbounded window whose estimate is in the last bucket narrows around it', () => {
    // 40 entries in buckets B - 40 .. B - 1; p = 1: rank 39, the last bucket; ranks 29 .. 39 lie in
    // buckets B - 11 .. B - 1, widened by minHalf 2 above: [B - 11, B + 2)
    const top = Array.from({ length: 40 }, (_, q) => BUCKETS - 40 + q + 0.5);
    const hist = new Float64Array(BUCKETS);
    for (const g of top) hist[Math.floor(g)]!++;
    const kept = Float64Array.from(top);
    const keptIdx = new Float64Array(40);
    const open = { klo: Number.NEGATIVE_INFINITY, khi: Number.POSITIVE_INFINITY, inKept: 40 };
    const a = {
      hist,
      kept,
      keptIdx,
      hlo: 0,
      hscale: 1,
      wlo: Number.NEGATIVE_INFINITY,
      whi: Number.POSITIVE_INFINITY,
      belowWindow: 0,
    };
    const out = narrowKept(open, a, 1, 40, 2);
    expect(out).toEqual({ klo: BUCKETS - 11, khi: BUCKETS + 2, inKept: 11 });
    expect(Array.from(kept.subarray(0, 11))).toEqual(top.slice(29));
  });
});
