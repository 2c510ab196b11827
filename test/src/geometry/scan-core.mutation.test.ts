import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, dotsOf, interleavedDots } from '../../../src/geometry/scan-core.js';
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
