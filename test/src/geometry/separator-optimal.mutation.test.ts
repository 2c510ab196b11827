import { describe, expect, it } from 'vitest';
import { contains, SEPARATOR_LIMITS, separatorWith } from '../../../src/geometry/separator.js';
import { bestMargin, separable, separatedBy } from './separator-planar.js';
import { ROUTES, roundsAtOptimum, SEEDS } from './separator-optimal-cases.js';

// The rounds' margin against the brute-force planar optimum on SEEDS, 16 of the 80 seeds that
// npm test sweeps (separator-sweep.test.ts; the choice in separator-optimal-cases.ts).

describe('separator: the margin reaches the planar optimum within the stop rule', () => {
  for (const [name, limits] of ROUTES) {
    it(`${name}: ${SEEDS.length} seeded planar cases, margin >= (1 - eps) x brute-force optimum`, () => {
      for (const seed of SEEDS) roundsAtOptimum(seed, limits);
    });
  }

  it('the iteration cap: a margin short of the optimum, and an upper bound still above it', () => {
    let short = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { u, v } = separable(seed);
      const r = separatorWith(u, v, { relativeGap: 1e-9, maxIterations: 3 }, null, SEPARATOR_LIMITS);
      if (!r.found) continue;
      const sep = separatedBy(r.h, v);
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
