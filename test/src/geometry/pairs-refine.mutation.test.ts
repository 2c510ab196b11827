import { describe, expect, it } from 'vitest';
import { exactResolver, scanPairs } from '../../../src/geometry/pairs.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { expectFallbackAtRanks, naiveScan, refQuantile } from './reference.js';

// The exact fallback's refinement when the first histogram level cannot hold the ranks: every
// negative lies within 2^-26 of 1, so all of them share the top bucket of the scan's histogram
// (width 2 B / 2^20 with B about 1), and the buckets holding the ranks keep more than `cap` entries
// until the interval is histogrammed again, over [min, max] of the kept values. Expected values: the
// sorted naive negatives (crossGram) at the numpy-linear ranks, independent of the histograms.

/** N rows of dimension 1: 1 + i 2^-30 for U, 1 + (N - 1 - i) 2^-29 for V (distinct products, some tied). */
function clustered(n: number): { u: Matrix; v: Matrix } {
  const u = Float64Array.from({ length: n }, (_, i) => 1 + i * 2 ** -30);
  const v = Float64Array.from({ length: n }, (_, i) => 1 + (n - 1 - i) * 2 ** -29);
  return { u: { rows: n, cols: 1, data: u }, v: { rows: n, cols: 1, data: v } };
}

describe('the exact fallback refines a level that holds more than the cap', () => {
  const n = 9;
  const { u, v } = clustered(n);
  const ref = naiveScan(u, v);
  const negs = ref.neg.length;

  it('fallback(): the order statistics at the ranks of each trim, for caps below the tie groups', () => {
    // the negatives span less than one bucket of the scan's histogram
    expect(ref.neg[negs - 1]! - ref.neg[0]!).toBeLessThan(2 / 2 ** 20);
    expect(new Set(ref.neg).size).toBeGreaterThan(negs / 3);
    for (const trim of [0.05, 0.25, 0.5]) {
      for (const cap of [1, 2, 3]) {
        const got = expectFallbackAtRanks(u, v, ref.neg, trim, cap);
        // the first histogram, at least one more level, then the collecting pass
        expect(got.passes, `trim ${trim}, cap ${cap}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('scanPairs with a cap below the band: the trimmed quantiles of the sorted negatives', () => {
    for (const trim of [0.05, 0.25]) {
      const got = scanPairs(u, v, { kernel: 'js', trim, collectCap: 2 }).trimmed!;
      expect(got.negQuantile, `trim ${trim}`).toBe(refQuantile(ref.neg, 1 - trim));
      expect(got.posQuantile, `trim ${trim}`).toBe(refQuantile(ref.pos, trim));
    }
  });

  it('two groups of distinct values split by the ranks: the top of the lower, the bottom of the upper', () => {
    // d = 1, V all ones: row i's negatives are u_i five times. Rows 0..2 (descending) within 2 ulps
    // of 1, rows 3..5 (ascending) 2^-27 above: refined over [min, max], the lower group fills bucket
    // 0 and the upper one the top bucket, and trim 0.5 puts ranks 14, 15 of 30 on either side (the
    // loop this fallback once made: the next level would be [min, max] again). Rows visited in that
    // order make the last value seen in each group not the one wanted.
    const ulp = 2 ** -52;
    const rows = [1 + 2 * ulp, 1 + ulp, 1, 1 + 2 ** -27, 1 + 2 ** -27 + 4 * ulp, 1 + 2 ** -27 + 8 * ulp];
    const u2: Matrix = { rows: 6, cols: 1, data: Float64Array.from(rows) };
    const v2: Matrix = { rows: 6, cols: 1, data: new Float64Array(6).fill(1) };
    const sorted = naiveScan(u2, v2).neg;
    expect(sorted.length).toBe(30);
    expect([sorted[14], sorted[15]]).toEqual([1 + 2 * ulp, 1 + 2 ** -27]);
    const got = exactResolver(u2, v2, { kernel: 'js', trim: 0.5, collectCap: 2 }).fallback();
    expect([got.x0, got.x1]).toEqual([sorted[14], sorted[15]]);
  });
});
