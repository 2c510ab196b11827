import { describe, expect, it } from 'vitest';
import { contains, separatorWith, SEPARATOR_LIMITS } from '../../../src/geometry/separator.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';
import { bestMargin, planar } from './separator-planar.js';

// In the plane the maximum-margin separator can be found by brute force: the margin of
// h = (cos a, sin a) is min(min_i <h, U_i>, min_j -<h, V_j>), a minimum of sinusoids, maximised
// over a on a fine grid and then by golden section around the best grid point. Gilbert's stop rule
// (||x||^2 - min_p <x, p> <= eps ||x||^2) guarantees the margin of h = x / ||x|| is at least
// (1 - eps) ||x|| >= (1 - eps) times the optimum, when a round ends by that rule.

describe('separator: the margin reaches the planar optimum within the stop rule', () => {
  const eps = 1e-3;
  const batch = { rowCacheBytes: 2 ** 28, rowBatch: 4, blasMinWork: 1 };
  for (const [name, limits] of [
    ['one row at a time', { ...SEPARATOR_LIMITS, blasMinWork: Number.POSITIVE_INFINITY }],
    ['OpenBLAS batches of 4', batch],
  ] as const) {
    it(`${name}: 80 seeded planar cases, margin >= (1 - eps) x brute-force optimum`, () => {
      for (let seed = 1; seed <= 80; seed++) {
        const rng = new Rng(seed);
        const u = planar(rng, 3 + (seed % 9), 1.2, 1);
        const v = planar(rng, 3 + ((seed * 7) % 11), 1.45, -1);
        const r = separatorWith(u, v, { relativeGap: eps, maxIterations: 100000 }, null, limits);
        // the last round maximises the margin over the U's and the V's it separates
        const sep = fromRows(
          Array.from({ length: v.rows }, (_, j) => [v.data[2 * j]!, v.data[2 * j + 1]!]).filter(
            ([x, y]) => r.h[0]! * x! + r.h[1]! * y! < 0,
          ),
        );
        const opt = bestMargin(u, sep);
        expect(r.found, `seed ${seed}`).toBe(true);
        expect(sep.rows, `seed ${seed}`).toBe(r.separatedCount);
        expect(r.margin, `seed ${seed}: margin ${r.margin}, optimum ${opt}`).toBeGreaterThanOrEqual(
          (1 - eps) * opt - 1e-12,
        );
        // and never above it (the optimum bounds every unit h)
        expect(r.margin, `seed ${seed}`).toBeLessThanOrEqual(opt + 1e-12);
        // the reported upper bound is above the optimum, and within the stop rule of the margin
        expect(r.marginUpper, `seed ${seed}: upper ${r.marginUpper}, optimum ${opt}`).toBeGreaterThanOrEqual(
          opt - 1e-12,
        );
        expect(r.margin, `seed ${seed}`).toBeGreaterThanOrEqual((1 - eps) * r.marginUpper - 1e-12);
      }
    });
  }

  it('the iteration cap: a margin short of the optimum, and an upper bound still above it', () => {
    let short = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = new Rng(seed);
      const u = planar(rng, 3 + (seed % 9), 1.2, 1);
      const v = planar(rng, 3 + ((seed * 7) % 11), 1.45, -1);
      const r = separatorWith(u, v, { relativeGap: 1e-9, maxIterations: 3 }, null, SEPARATOR_LIMITS);
      if (!r.found) continue;
      const sep = fromRows(
        Array.from({ length: v.rows }, (_, j) => [v.data[2 * j]!, v.data[2 * j + 1]!]).filter(
          ([x, y]) => r.h[0]! * x! + r.h[1]! * y! < 0,
        ),
      );
      const opt = bestMargin(u, sep);
      expect(r.marginUpper, `seed ${seed}`).toBeGreaterThanOrEqual(opt - 1e-12);
      expect(r.margin, `seed ${seed}`).toBeLessThanOrEqual(opt + 1e-12);
      if (r.margin < (1 - 1e-3) * opt) short++;
    }
    // the cap stops most searches early: the bound is what tells the user
    expect(short).toBeGreaterThan(10);
  });
});

describe('contains: the bound moves to a round only when its V set is still separated', () => {
  it('sorted subsets, gaps and missing ends', () => {
    const a = (xs: number[]) => Int32Array.from(xs);
    expect(contains(a([1, 3, 5, 9]), a([3, 9]))).toBe(true);
    expect(contains(a([1, 3, 5, 9]), a([]))).toBe(true);
    expect(contains(a([1, 3, 5, 9]), a([1, 3, 5, 9]))).toBe(true);
    expect(contains(a([1, 3, 5, 9]), a([4]))).toBe(false);
    expect(contains(a([1, 3, 5, 9]), a([9, 10]))).toBe(false);
    expect(contains(a([1, 3, 5, 9]), a([0, 1]))).toBe(false);
    expect(contains(a([]), a([2]))).toBe(false);
  });
});
