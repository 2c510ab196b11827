import { describe, expect, it } from 'vitest';
import { goldenSectionMin } from '../../../../src/numeric/float/golden-section.js';

// The golden-section points of [lo, hi] are hi - R (hi - lo) and lo + R (hi - lo) (Kiefer 1953).
const R = (Math.sqrt(5) - 1) / 2;
const EPS = Number.EPSILON;

describe('goldenSectionMin: ties, the final pick and the stopping width', () => {
  it('with no iteration it returns the better of the two interior points, the left one on a tie', () => {
    const left = 1 - R;
    const right = R;
    // increasing f: the left point is better; decreasing: the right one; constant: a tie keeps the left
    expect(goldenSectionMin((x) => x, 0, 1, 0)).toEqual({ x: left, fx: left, iterations: 0 });
    expect(goldenSectionMin((x) => -x, 0, 1, 0)).toEqual({ x: right, fx: -right, iterations: 0 });
    expect(goldenSectionMin(() => 7, 0, 1, 0)).toEqual({ x: left, fx: 7, iterations: 0 });
  });

  it('a constant f keeps the left point at every step, so the search ends at lo', () => {
    const r = goldenSectionMin(() => 0, 2, 3);
    // the bracket [2, hi] shrinks to 4 ulps of max(1, |lo|) = 8 eps
    expect(r.x - 2, `x ${r.x}`).toBeGreaterThanOrEqual(0);
    expect(r.x - 2, `x ${r.x}`).toBeLessThanOrEqual(8 * EPS);
  });

  it('stops by width, not by the iteration cap, on a bracket far from 0 ([1000, 2000]: 4 ulps of |lo|)', () => {
    // width 1000 -> 4 eps 1000 takes ln(1000 / (4 eps 1000)) / ln(1/R) = 72.0 steps; the resolution
    // of doubles near 1000 is 1.1e-13, so a tolerance scaled by 1/|lo| or by min(1, |lo|) is never met
    const r = goldenSectionMin((x) => Math.abs(x - 1234.5), 1000, 2000);
    const steps = Math.log(1 / (4 * EPS)) / Math.log(1 / R);
    expect(r.iterations).toBeGreaterThanOrEqual(Math.floor(steps));
    expect(r.iterations).toBeLessThanOrEqual(Math.ceil(steps) + 2);
    expect(Math.abs(r.x - 1234.5)).toBeLessThanOrEqual(4 * EPS * 1000);
  });

  it('a bracket exactly 4 ulps of max(1, |lo|) wide is already resolved: no iteration', () => {
    expect(goldenSectionMin((x) => x, 0, 4 * EPS).iterations).toBe(0);
    expect(goldenSectionMin((x) => x, 0, 8 * EPS).iterations).toBeGreaterThan(0);
  });
});
