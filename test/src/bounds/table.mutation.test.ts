import { describe, expect, it } from 'vitest';
import { klExponent, shannonExponent, thm35Exponent } from '../../../src/bounds/exponents.js';
import { logLevenshtein } from '../../../src/bounds/levenshtein.js';
import { rat } from '../../../src/bounds/rational.js';
import { forwardRow, log10CodeLower, log10Rational, MAX_DIMENSION } from '../../../src/bounds/table.js';
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

function _nextUp(v: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  buf.setBigUint64(0, buf.getBigUint64(0) + 1n);
  return buf.getFloat64(0);
}

describe('forwardRow at closed forms', () => {
  it('d = 3, (m, b_rel) = (0.1, 0.2): rho = 9/13, lower 2n = 4 above pi/arccos rho = 3.9, paper lower 2, upper Levenshtein', () => {
    const row = forwardRow(3, 0.1, 0.2);
    const rho = 9 / 13;
    near(row.rho, rho, 2);
    near(row.oneMinusRho, 4 / 13, 2);
    expect(row.feasible).toBe(true);
    near(log10CodeLower(2, rho), Math.log10(Math.PI / Math.acos(rho)), 16);
    near(row.log10NLower, Math.log10(4), 1);
    expect(row.lowerKind).toBe('cross-polytope');
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
    expect(row.lowerKind).toBe('covering');
    near(row.log10NLowerPaper, Math.log10(Math.PI / Math.acos(0.8)), 16);
    near(row.log10NUpper, logLevenshtein(4, 0.8)! / Math.LN10, 64);
    // d = 2 has no paper lower bound (a code in R^0)
    expect(forwardRow(2, 0.1, 0.2).log10NLowerPaper).toBeNull();
    near(forwardRow(2, 0.1, 0.2).log10NLower, Math.log10(2), 4);
    expect(forwardRow(2, 0.1, 0.2).lowerKind).toBe('exact');
  });
  it('rho = 1/2 at (0.25, 0.75): 1/Omega_4(60 deg) = 5.11 and 1/Omega_5 = 6.4 lose to the cross-polytope 8 and 10', () => {
    const t = Math.PI / 3;
    near(log10CodeLower(4, 0.5), -Math.log10((t - Math.sin(t) * Math.cos(t)) / Math.PI), 32);
    near(log10CodeLower(5, 0.5), Math.log10(6.4), 32);
    near(log10CodeLower(3, 0.5), Math.log10(4), 16);
    near(forwardRow(5, 0.25, 0.75).log10NLower, Math.log10(8), 1);
    near(forwardRow(6, 0.25, 0.75).log10NLower, Math.log10(10), 1);
    near(forwardRow(6, 0.25, 0.75).log10NLowerPaper, Math.log10(8), 1);
  });
  it('the lower bound does not fall past rho = 0: 2n at 3m = 1 + b and just inside it, the covering bound once it exceeds 2n', () => {
    // rho = 0 exactly (1/3 as the decimal 0.333333333333333 is below 1/3: read the boundary from b instead)
    const edge = forwardRow(768, 0.25, -0.25);
    near(edge.log10NLower, Math.log10(2 * 767), 1);
    expect(edge.lowerKind).toBe('exact');
    const inside = forwardRow(768, 0.2499999, -0.25);
    expect(inside.rho).toBeGreaterThan(0);
    near(inside.log10NLower, Math.log10(2 * 767), 1);
    expect(inside.lowerKind).toBe('cross-polytope');
    // rho = 1/2 at n = 767: 1/Omega_767(60 deg) = (2/sqrt 3)^767 roughly, far above 1534
    const far = forwardRow(768, 0.25, 0.75);
    expect(far.lowerKind).toBe('covering');
    near(far.log10NLower, log10CodeLower(767, 0.5), 1);
    expect(far.log10NLower!).toBeGreaterThan(Math.log10(1534));
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
