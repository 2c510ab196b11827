import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { lowerReaches, upperAllows } from '../../../src/bounds/decide.js';
import { cmp, rat, ratOf } from '../../../src/bounds/rational.js';
import { dimensionForN, MAX_DIMENSION, marginFor } from '../../../src/bounds/table.js';
import { UsageError } from '../../../src/errors.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

/**
 * dimensionForN and marginFor at closed forms (see table.mutation.test.ts). Each inversion probes
 * the certified comparisons up to the boundary, where the decimal twin decides: too slow for the
 * mutation run's instrumented code, so these run in npm test only.
 */
function nextUp(v: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  buf.setBigUint64(0, buf.getBigUint64(0) + 1n);
  return buf.getFloat64(0);
}

describe('dimensionForN at rho = 1/2 (m = 0.25, b_rel = 0.75)', () => {
  it('dSufficient: 1/Omega_{d-1}(60 deg) = 3, 4, 5.11, 6.4 for d = 3..6 (closed forms)', () => {
    expect(dimensionForN(5, 0.25, 0.75).dSufficient).toBe(5);
    expect(dimensionForN(6, 0.25, 0.75).dSufficient).toBe(6);
    expect(dimensionForN(5.2, 0.25, 0.75).dSufficient).toBe(6);
  });
  it('dNecessary: A(2, 1/2) = 6, L(3, 1/2) = 93/7, L(4, 1/2) = 26; equality at 6 and 26 is undecided', () => {
    expect(dimensionForN(5, 0.25, 0.75).dNecessary).toBe(2);
    expect(dimensionForN(7, 0.25, 0.75).dNecessary).toBe(3);
    expect(dimensionForN(13, 0.25, 0.75).dNecessary).toBe(3);
    expect(dimensionForN(14, 0.25, 0.75).dNecessary).toBe(4);
    expect(dimensionForN(27, 0.25, 0.75).dNecessary).toBe(5);
    const six = dimensionForN(6, 0.25, 0.75);
    expect(six.dNecessary).toBeNull();
    expect(six.reason).toBe('dNecessary: undecided at 80 digits at d = 2');
    expect(dimensionForN(26, 0.25, 0.75).reason).toBe('dNecessary: undecided at 80 digits at d = 4');
    expect(dimensionForN(5, 0.25, 0.75).reason).toBeNull();
  });
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
  it('3m > 1 + b_rel: CCEM dimension N, Rankin d >= N - 1; beyond the bound nothing; m = 0 nothing', () => {
    expect(dimensionForN(16, 0.4, 0.1)).toMatchObject({ dSufficient: 16, dNecessary: 15, bRel: 0.1 });
    expect(dimensionForN(3, 0.4, 0.1)).toMatchObject({ dSufficient: 3, dNecessary: 2 });
    expect(dimensionForN(2, 0.4, 0.1)).toMatchObject({ dSufficient: 2, dNecessary: 2 });
    expect(dimensionForN(1.5, 0.4, 0.1)).toMatchObject({ dSufficient: null, dNecessary: 2 });
    expect(dimensionForN(17, 0.4, 0.1)).toMatchObject({ dSufficient: null, dNecessary: null });
    expect(dimensionForN(3, 0.6, 0.5)).toMatchObject({ dSufficient: null, dNecessary: null });
    expect(dimensionForN(3, 0, 0.5)).toMatchObject({ dSufficient: null, dNecessary: null });
    expect(dimensionForN(3, 0, 0.5).reason).not.toBeNull();
    expect(dimensionForN(3, 0.1, 'best').bRel).toBe(0.9);
  });
  it('N < 1, NaN or infinite is a usage error', () => {
    for (const N of [0, 0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => dimensionForN(N, 0.25, 0.75)).toThrow(UsageError);
  });
});

describe('marginFor', () => {
  it('N = 3, d = 3, b = 0: mGuaranteed = 1/7 (pi/arccos rho = 3 at rho = 1/2), mMax = 3/5 (Thm 3.4: 5m <= 3)', () => {
    const row = marginFor(3, 3, 0);
    // the largest double whose decimal is <= 1/7
    expect(cmp(ratOf(row.mGuaranteed!), rat(1n, 7n))).toBeLessThanOrEqual(0);
    expect(cmp(ratOf(nextUp(row.mGuaranteed!)), rat(1n, 7n))).toBeGreaterThan(0);
    expect(row.mMax).toBe(0.6);
    expect(row.bRel).toBe(0);
    expect(row.reason).toBeNull();
  });
  it('N = 2, d = 2, b = 0: the whole branch m <= 1/3 (1/Omega_1 = 2), mMax = min(1 - b, N(1 + b)/(3N - 4)) = 1', () => {
    const row = marginFor(2, 2, 0);
    expect(row.mGuaranteed).toBe(0.3333333333333333);
    expect(row.mMax).toBe(1);
    // b = 0.2: mMax = min(0.8, 2 * 1.2 / 2) = 0.8
    expect(marginFor(2, 2, 0.2).mMax).toBe(0.8);
    // b = -0.2, N = 4: min(1.2, 4 * 0.8 / 8 = 0.4) = 0.4; the branch end (0.8/3) allows N = 4 = 2d
    expect(marginFor(4, 2, -0.2).mMax).toBe(0.4);
  });
  it("b_rel = 'best': rho = 1 - 2m; at m = 1/2, rho = 0 and A(2, 0) = 4 >= 3; mMax = N/(2(N - 1)) = 3/4", () => {
    const row = marginFor(3, 3, 'best');
    expect(row.mGuaranteed).toBe(0.5);
    expect(row.mMax).toBe(0.75);
    expect(row.bRel).toBe(0.5);
    expect(marginFor(2, 3, 'best').mMax).toBe(1);
    // N = 5 > A(2, 0) = 4: pi/arccos(1 - 2m) >= 5 iff m <= (1 - cos 36 deg)/2
    const g = marginFor(5, 3, 'best').mGuaranteed!;
    const want = (1 - Math.cos(Math.PI / 5)) / 2;
    expect(Math.abs(g - want)).toBeLessThanOrEqual(4 * EPS * want);
  });
  it('N <= 1: any m <= 1 - b (one pair U = V)', () => {
    expect(marginFor(1, 3, 0.3)).toMatchObject({ mGuaranteed: 0.7, mMax: 0.7 });
    expect(marginFor(1, 3, 'best')).toMatchObject({ mGuaranteed: 1, mMax: 1, bRel: 0 });
  });
  it('N = 5 > 2d at d = 2: mMax by bisection is the last m whose upper bound allows 5', () => {
    const row = marginFor(5, 2, 0);
    expect(row.mGuaranteed).toBe(0);
    const m = row.mMax!;
    // the circle: a code of 5 points needs an angle <= 72 deg, rho >= cos 72 deg: m <= (1 - c)/(3 + c)
    const c = Math.cos((2 * Math.PI) / 5);
    expect(m).toBeLessThanOrEqual((1 - c) / (3 + c) + 1e-5);
    expect(m).toBeGreaterThan(0.2);
    expect(upperAllows(2, rhoExactOf(m, 0), 5).value).toBe(true);
    expect(upperAllows(2, rhoExactOf(nextUp(m), 0), 5).value).toBe(false);
  });
  it('tiny margins: the bisection goes geometrically near 0 (N = 10^4 at d = 3)', () => {
    const row = marginFor(1e4, 3, 0);
    const g = row.mGuaranteed!;
    const r = (m: number) => rhoExactOf(m, 0);
    expect(g).toBeGreaterThan(0);
    expect(g).toBeLessThan(1e-6);
    expect(lowerReaches(2, r(g), 1e4).value).toBe(true);
    expect(lowerReaches(2, r(nextUp(g)), 1e4).value).toBe(false);
    // pi / arccos rho >= N with 1 - rho ~ 4m: m ~ pi^2 / (8 N^2) to O(1/N^2)
    expect(Math.abs(g / (Math.PI ** 2 / (8 * 1e8)) - 1)).toBeLessThan(1e-5);
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
