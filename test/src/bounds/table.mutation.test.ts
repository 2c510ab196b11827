import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { lowerReaches, upperAllows } from '../../../src/bounds/decide.js';
import { klExponent, shannonExponent, thm35Exponent } from '../../../src/bounds/exponents.js';
import { logLevenshtein } from '../../../src/bounds/levenshtein.js';
import { cmp, rat, ratOf } from '../../../src/bounds/rational.js';
import {
  dimensionForN,
  forwardRow,
  log10CodeLower,
  log10Rational,
  MAX_DIMENSION,
  marginFor,
} from '../../../src/bounds/table.js';
import { UsageError } from '../../../src/errors.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

/**
 * Fast value tests of the forward row and the two inversions, at points where the cap areas have
 * closed forms (Omega_1 = 1/2, Omega_2(theta) = theta/pi, Omega_3 = (1 - cos theta)/2,
 * Omega_4(theta) = (theta - sin theta cos theta)/pi, Omega_5 = (2 - 3c + c^3)/4) and the code sizes
 * are known (Rankin: A(n, 0) = 2n, n + 1 on [-1/n, 0); L(3, 1/2) = 93/7, L(4, 1/2) = 26).
 */
function near(got: number | null, want: number, ulps: number): void {
  expect(got).not.toBeNull();
  expect(Math.abs(got! - want)).toBeLessThanOrEqual(ulps * EPS * Math.max(1, Math.abs(want)));
}

function nextUp(v: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  buf.setBigUint64(0, buf.getBigUint64(0) + 1n);
  return buf.getFloat64(0);
}

describe('forwardRow at closed forms', () => {
  it('d = 3, (m, b_rel) = (0.1, 0.2): rho = 9/13, lower pi/arccos rho, paper lower Omega_1 = 1/2, upper Levenshtein', () => {
    const row = forwardRow(3, 0.1, 0.2);
    const rho = 9 / 13;
    near(row.rho, rho, 2);
    near(row.oneMinusRho, 4 / 13, 2);
    expect(row.feasible).toBe(true);
    near(row.log10NLower, Math.log10(Math.PI / Math.acos(rho)), 16);
    near(row.log10NLowerPaper, Math.log10(2), 4);
    near(row.log10NUpper, logLevenshtein(3, rho)! / Math.LN10, 64);
    expect(row.upperKind).toBe('levenshtein');
    expect(row.upperNote).toBeNull();
    expect(row.reason).toBeNull();
    near(row.exponentLowerShannon, shannonExponent(rho), 64);
    near(row.exponentUpperPaper, thm35Exponent(rho), 64);
    near(row.exponentUpperKL, klExponent(rho), 64);
    expect(row.d).toBe(3);
    expect(row.m).toBe(0.1);
    expect(row.bRel).toBe(0.2);
  });
  it("d = 4, b_rel = 'best' = 0.9 at m = 0.1: rho = 4/5, lower 1/Omega_3 = 10, paper 1/Omega_2 = pi/arccos(4/5)", () => {
    const row = forwardRow(4, 0.1, 'best');
    expect(row.bRel).toBe(0.9);
    near(row.log10NLower, 1, 16);
    near(row.log10NLowerPaper, Math.log10(Math.PI / Math.acos(0.8)), 16);
    near(row.log10NUpper, logLevenshtein(4, 0.8)! / Math.LN10, 64);
    // d = 2 has no paper lower bound (a code in R^0)
    expect(forwardRow(2, 0.1, 0.2).log10NLowerPaper).toBeNull();
    near(forwardRow(2, 0.1, 0.2).log10NLower, Math.log10(2), 4);
  });
  it('rho = 1/2 at (0.25, 0.75): lower at d = 5 is 1/Omega_4(60 deg), at d = 6 is 1/Omega_5 = 6.4', () => {
    const t = Math.PI / 3;
    near(forwardRow(5, 0.25, 0.75).log10NLower, -Math.log10((t - Math.sin(t) * Math.cos(t)) / Math.PI), 32);
    near(forwardRow(6, 0.25, 0.75).log10NLower, Math.log10(6.4), 32);
    near(log10CodeLower(3, 0.5), Math.log10(4), 16);
  });
  it('m = 0: rho = 1 and no bound; m + b > 1: infeasible without a bound', () => {
    const z = forwardRow(5, 0, 0.5);
    expect([z.rho, z.oneMinusRho, z.feasible, z.log10NUpper, z.upperKind, z.log10NLower]).toEqual([
      1,
      0,
      true,
      null,
      null,
      null,
    ]);
    expect(z.reason).not.toBeNull();
    const out = forwardRow(5, 0.6, 0.5);
    expect([out.feasible, out.log10NUpper, out.upperKind, out.log10NLower]).toEqual([
      false,
      null,
      null,
      null,
    ]);
    expect(out.reason).not.toBeNull();
  });
  it('3m > 1 + b_rel: the d-free bound 4m/(3m - 1 - b) = 16, or A(d, rho) = d + 1 = 11 when smaller; rho < -1 gives 1', () => {
    // (0.4, 0.1): rho = -1/15; in R^20 Rankin's floor(1 + 15) = 16 equals the d-free bound
    const r20 = forwardRow(20, 0.4, 0.1);
    expect(r20.feasible).toBe(false);
    near(r20.log10NUpper, Math.log10(16), 2);
    expect(r20.upperKind).toBe('finite');
    const r10 = forwardRow(10, 0.4, 0.1);
    near(r10.log10NUpper, Math.log10(11), 2);
    expect(r10.upperKind).toBe('exact');
    expect(r10.reason).toMatch(/A\(d, rho\) = 11/);
    // (0.5, -1): rho = -3, not even two unit vectors: one point (the d-free bound is 4/3)
    const r = forwardRow(5, 0.5, -1);
    expect(r.log10NUpper).toBe(0);
    expect(r.upperKind).toBe('exact');
    // b = 0 at m = 0.35: 4m/(3m - 1) = 28; rho = -1/27 >= -1/30: A(30, rho) = 31 > 28
    near(forwardRow(30, 0.35, 0).log10NUpper, Math.log10(28), 2);
    expect(forwardRow(30, 0.35, 0).upperKind).toBe('finite');
  });
  it('log10Rational: to the last place of the double, also beyond the double range (digits of p and q)', () => {
    near(log10Rational(rat(16n)), Math.log10(16), 1);
    near(log10Rational(rat(4n, 3n)), Math.log10(4 / 3), 2);
    near(log10Rational(rat(10n ** 400n, 3n)), 400 - Math.log10(3), 4);
    near(log10Rational(rat(7n * 10n ** 350n + 1n, 10n ** 20n)), 330 + Math.log10(7), 4);
    near(log10Rational(rat(1n, 7n * 10n ** 400n)), -400 - Math.log10(7), 4);
    near(log10Rational(rat(123456789n, 10n ** 400n)), -400 + Math.log10(123456789), 4);
  });
  it('d outside [2, MAX_DIMENSION] or not an integer is a usage error', () => {
    for (const d of [1, 0, 2.5, MAX_DIMENSION + 1, Number.NaN])
      expect(() => forwardRow(d, 0.1, 0.2)).toThrow(UsageError);
  });
});

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
