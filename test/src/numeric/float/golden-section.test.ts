import { describe, expect, it } from 'vitest';
import { goldenSectionMin } from '../../../../src/numeric/float/golden-section.js';

const R = (Math.sqrt(5) - 1) / 2;

describe('goldenSectionMin', () => {
  it('finds the kink of |x - 1/3| on [-2, 5] to within the final bracket (4 ulps of max(1, |lo|))', () => {
    // |x - c| is computed exactly near c (Sterbenz), so every comparison is exact and c stays bracketed.
    const c = 1 / 3;
    const r = goldenSectionMin((x) => Math.abs(x - c), -2, 5);
    const tol = 4 * Number.EPSILON;
    expect(Math.abs(r.x - c), `x ${r.x}, expected ${c}, tol ${tol}`).toBeLessThanOrEqual(tol);
    expect(r.fx).toBe(Math.abs(r.x - c));
    expect(r.iterations).toBeLessThan(200);
  });

  it('finds the minimiser 2.5 of cosh(x - 2.5) + 3 on [-10, 40] to within sqrt(eps) scale', () => {
    // f is flat to second order: values differ from the minimum by (x - c)^2 / 2, so x is only
    // resolved to about sqrt(2 u f(c)) = 3e-8; allow 4 times that.
    const r = goldenSectionMin((x) => Math.cosh(x - 2.5) + 3, -10, 40);
    expect(Math.abs(r.x - 2.5)).toBeLessThanOrEqual(4 * Math.sqrt(2 * (Number.EPSILON / 2) * 4));
    expect(r.fx).toBeGreaterThanOrEqual(4);
  });

  it('stops after maxIterations with the minimiser inside the shrunk bracket 0.618^k (hi - lo)', () => {
    const c = 7.25;
    const r = goldenSectionMin((x) => (x - c) ** 2, 0, 100, 10);
    expect(r.iterations).toBe(10);
    expect(Math.abs(r.x - c)).toBeLessThanOrEqual(R ** 10 * 100);
    // ten steps cannot reach float64 resolution from a bracket of width 100
    expect(Math.abs(r.x - c)).toBeGreaterThan(1e-6);
  });

  it('a minimiser at the end of the bracket is approached from inside', () => {
    const r = goldenSectionMin((x) => x, 1, 2);
    expect(r.x - 1).toBeLessThanOrEqual(4 * Number.EPSILON * 1);
    expect(r.x).toBeGreaterThanOrEqual(1);
  });
});
