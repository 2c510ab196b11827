import { describe, expect, it } from 'vitest';
import { code, hamming, maxInnerProduct, reedMuller1, rootsD } from '../../constructions/codes.js';
import { crossPolytope } from '../../constructions/cross-polytope.js';
import { normStats } from '../../src/geometry/norms.js';

describe('spherical codes: sizes and largest inner products match the literature', () => {
  // each code is built inside its test (not while the tests are collected): a mutant in a builder
  // then counts as covered by this test, not as a static mutant rerun with every test
  it.each([
    ['hamming(3): 16 words in R^7, rho = 1/7 (MacWilliams-Sloane)', () => hamming(3), 16, 7, 1 / 7],
    ['reed-muller(1,3): 16 words in R^8, rho = 0', () => reedMuller1(3), 16, 8, 0],
    ['roots-d(3): 12 kissing vectors of R^3, rho = 1/2', () => rootsD(3), 12, 3, 0.5],
    ['roots-d(4): 24 kissing vectors of R^4, rho = 1/2', () => rootsD(4), 24, 4, 0.5],
    ['simplex(5): 5 points in R^4, rho = -1/4', () => code('simplex', 5), 5, 4, -0.25],
  ])('%s', (_name, make, n, d, rho) => {
    const k = make();
    expect(k.x.rows).toBe(n);
    expect(k.x.cols).toBe(d);
    expect(k.rho).toBeCloseTo(rho, 15);
    expect(Math.abs(maxInnerProduct(k.x) - rho)).toBeLessThan(1e-15);
    expect(normStats(k.x).maxDeviation).toBeLessThan(1e-15);
  });

  it('the cross-polytope of R^n has 2n unit rows meeting at 0 or -1', () => {
    const x = crossPolytope(4);
    expect(x.rows).toBe(8);
    expect(maxInnerProduct(x)).toBe(0);
  });

  it('out-of-range parameters are refused with the function name', () => {
    expect(() => hamming(9)).toThrow(/hamming/);
    expect(() => reedMuller1(0)).toThrow(/reedMuller1/);
  });
});
