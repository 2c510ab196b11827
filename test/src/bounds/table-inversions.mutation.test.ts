import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { lowerReaches, upperAllows } from '../../../src/bounds/decide.js';
import { dimensionForN, MAX_DIMENSION, marginFor } from '../../../src/bounds/table.js';
import { UsageError } from '../../../src/errors.js';

/**
 * The inversions where every comparison is decided exactly (rho <= 0: Rankin's code sizes; the
 * region's edges in rationals): cheap enough for the mutation run. The bisections up to a boundary
 * that the decimal twin decides are in table-inversions.test.ts.
 */
function _nextUp(v: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  buf.setBigUint64(0, buf.getBigUint64(0) + 1n);
  return buf.getFloat64(0);
}

describe('dimensionForN at rho = 1/2 (m = 0.25, b_rel = 0.75)', () => {
  it('the exponential search and bisection give the first d where the certified bound reaches N', () => {
    const r = rhoExactOf(0.25, 0.75);
    const row = dimensionForN(1e6, 0.25, 0.75);
    const dS = row.dSufficient!;
    const dN = row.dNecessary!;
    expect(lowerReaches(dS - 1, r, 1e6).value).toBe(true);
    expect(lowerReaches(dS - 2, r, 1e6).value).toBe(false);
    expect(upperAllows(dN, r, 1e6).value).toBe(true);
    expect(upperAllows(dN - 1, r, 1e6).value).toBe(false);
    // N = 2 fits at d = 2 (antipodal pair, 1/Omega_1 = 2)
    expect(dimensionForN(2, 0.25, 0.75).dSufficient).toBe(2);
  });
  it('no d <= MAX_DIMENSION reaches N: null with the reason (rho = 0: A(n, 0) = 2n exactly)', () => {
    // (0.25, -0.25): 3m = 1 + b, rho = 0; the lower bound at d is 2(d - 1), the upper 2d
    const row = dimensionForN(2e7, 0.25, -0.25);
    expect(row.dSufficient).toBeNull();
    expect(row.dNecessary).toBe(MAX_DIMENSION);
    expect(row.reason).toBe(`dSufficient: no d <= ${MAX_DIMENSION} reaches N`);
    expect(dimensionForN(2e7 - 2, 0.25, -0.25).dSufficient).toBe(MAX_DIMENSION);
    expect(dimensionForN(2e7 + 1, 0.25, -0.25)).toMatchObject({ dSufficient: null, dNecessary: null });
    expect(dimensionForN(7, 0.25, -0.25)).toMatchObject({ dSufficient: 5, dNecessary: 4 });
  });
  it('3m > 1 + b_rel: CCEM dimension N, Rankin d >= N - 1; beyond the bound nothing; m = 0 every N in d = 2', () => {
    expect(dimensionForN(16, 0.4, 0.1)).toMatchObject({ dSufficient: 16, dNecessary: 15, bRel: 0.1 });
    expect(dimensionForN(3, 0.4, 0.1)).toMatchObject({ dSufficient: 3, dNecessary: 2 });
    expect(dimensionForN(2, 0.4, 0.1)).toMatchObject({ dSufficient: 2, dNecessary: 2 });
    expect(dimensionForN(1.5, 0.4, 0.1)).toMatchObject({ dSufficient: null, dNecessary: 2 });
    expect(dimensionForN(17, 0.4, 0.1)).toMatchObject({ dSufficient: null, dNecessary: null });
    expect(dimensionForN(3, 0.6, 0.5)).toMatchObject({ dSufficient: null, dNecessary: null });
    // m = 0: G_ii >= b >= G_ij holds for U_i = U, V_i = V with <U, V> = b, any N, in R^2
    for (const [N, b] of [
      [3, 0.5],
      [1e300, -1],
      [1e6, 1],
    ] as const)
      expect(dimensionForN(N, 0, b)).toMatchObject({ dSufficient: 2, dNecessary: 2 });
    expect(dimensionForN(3, 0, 0.5).reason).toMatch(/every N fits in d = 2/);
    expect(dimensionForN(3, 0.1, 'best').bRel).toBe(0.9);
  });
  it('N < 1, NaN or infinite is a usage error', () => {
    for (const N of [0, 0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => dimensionForN(N, 0.25, 0.75)).toThrow(UsageError);
  });
});

describe('marginFor', () => {
  it('N = 2, d = 2, b = 0: two antipodal pairs (the CCEM) give m = 1 = mMax = min(1 - b, N(1 + b)/(3N - 4))', () => {
    const row = marginFor(2, 2, 0);
    expect(row.mGuaranteed).toBe(1);
    expect(row.mMax).toBe(1);
    // N = 3 > d = 2: no CCEM, and A(1, rho) = 2 < 3 for every rho
    expect(marginFor(3, 2, 0).mGuaranteed).toBe(0);
    // b = 0.2: mMax = min(0.8, 2 * 1.2 / 2) = 0.8
    expect(marginFor(2, 2, 0.2).mMax).toBe(0.8);
    // b = -0.2: the branch end (0.8/3) allows N = 4 = 2d; past it at most d + 1 = 3 pairs fit, so
    // N = 4 stays at 0.8/3, and N = 3 reaches Thm 3.4's min(1.2, 3 * 0.8 / 5) = 0.48
    expect(marginFor(4, 2, -0.2).mMax).toBe(0.8 / 3);
    expect(marginFor(3, 2, -0.2).mMax).toBe(0.48);
  });
  it('N <= 1: any m <= 1 - b (one pair U = V)', () => {
    expect(marginFor(1, 3, 0.3)).toMatchObject({ mGuaranteed: 0.7, mMax: 0.7 });
    expect(marginFor(1, 3, 'best')).toMatchObject({ mGuaranteed: 1, mMax: 1, bRel: 0 });
  });
  it('b_rel = -1: the branch is empty (mCap = 0): both margins 0', () => {
    expect(marginFor(3, 3, -1)).toMatchObject({ mGuaranteed: 0, mMax: 0 });
  });
  it('bad N, d or b_rel is a usage error', () => {
    for (const f of [
      () => marginFor(0, 3, 0),
      () => marginFor(Number.NaN, 3, 0),
      () => marginFor(Number.POSITIVE_INFINITY, 3, 0),
      () => marginFor(3, 1, 0),
      () => marginFor(3, 3, 1.5),
      () => marginFor(3, 3, -1.5),
      () => marginFor(3, 3, Number.NaN),
    ])
      expect(f).toThrow(UsageError);
  });
});
