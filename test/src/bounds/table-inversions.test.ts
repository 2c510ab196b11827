import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { lowerReaches, upperAllows } from '../../../src/bounds/decide.js';
import { cmp, rat, ratOf } from '../../../src/bounds/rational.js';
import { dimensionForN, marginFor } from '../../../src/bounds/table.js';
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

/** dSufficient at (m, b_rel) for each [N, d] pair. */
function dSufficientAt(m: number, bRel: number, cases: readonly (readonly [number, number])[]): void {
  for (const [N, d] of cases) expect(dimensionForN(N, m, bRel).dSufficient, `N = ${N}`).toBe(d);
}

describe('dimensionForN at rho = 1/2 (m = 0.25, b_rel = 0.75)', () => {
  it('dSufficient: the cross-polytope 2(d-1) beats 1/Omega_{d-1}(60 deg) = 3, 4, 5.11, 6.4 for d = 3..6', () => {
    // [N, d]: N = 2n exactly at n = 3 and 5
    dSufficientAt(0.25, 0.75, [
      [5, 4],
      [6, 4],
      [6.2, 5],
      [10, 6],
      [10.5, 7],
    ]);
  });
  it('dSufficient at rho = 4/5 (m = 0.1, b_rel = 0.9): the covering bound wins, 1/Omega_3 = 2/(1 - rho) = 10', () => {
    // n = 2: pi/arccos(4/5) = 4.88 > 4; n = 3: 10 > 6; n = 4: pi/(theta - sin theta cos theta) = 19.2 > 8
    const t = Math.acos(0.8);
    const omega4 = (t - 0.6 * 0.8) / Math.PI;
    dSufficientAt(0.1, 0.9, [
      [4.8, 3],
      [4.9, 4],
      [10, 4],
      [10.000001, 5],
      [0.999 / omega4, 5],
      [1.001 / omega4, 6],
    ]);
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
});

describe('marginFor', () => {
  it('N = 4, d = 3, b = 0: mGuaranteed = 1/3 (A(2, rho) >= 4 for rho >= 0, i.e. 3m <= 1); N = 3 fits the CCEM: 3/5 = mMax (Thm 3.4: 5m <= 3)', () => {
    const four = marginFor(4, 3, 0);
    // the largest double whose decimal is <= 1/3 (the covering bound alone, pi/arccos rho >= 4, gives less)
    expect(cmp(ratOf(four.mGuaranteed!), rat(1n, 3n))).toBeLessThanOrEqual(0);
    expect(cmp(ratOf(nextUp(four.mGuaranteed!)), rat(1n, 3n))).toBeGreaterThan(0);
    const row = marginFor(3, 3, 0);
    expect(row.mGuaranteed).toBe(0.6);
    expect(row.mMax).toBe(0.6);
    expect(row.bRel).toBe(0);
    expect(row.reason).toBeNull();
  });
  it("b_rel = 'best': rho = 1 - 2m; at m = 1/2, rho = 0 and A(2, 0) = 4 >= 3; mMax = N/(2(N - 1)) = 3/4", () => {
    // d = 3 >= N = 3: the CCEM reaches mMax; d = 2 < N: the branch end m = 1/2 (A(1, 0) = 2 < 3 fails, so N = 2)
    const row = marginFor(3, 3, 'best');
    expect(row.mGuaranteed).toBe(0.75);
    expect(row.mMax).toBe(0.75);
    expect(row.bRel).toBe(0.25);
    expect(marginFor(4, 3, 'best')).toMatchObject({ mGuaranteed: 0.5, mMax: 2 / 3, bRel: 0.5 });
    expect(marginFor(2, 3, 'best').mMax).toBe(1);
    // N = 5 > A(2, 0) = 4: pi/arccos(1 - 2m) >= 5 iff m <= (1 - cos 36 deg)/2
    const g = marginFor(5, 3, 'best').mGuaranteed!;
    const want = (1 - Math.cos(Math.PI / 5)) / 2;
    expect(Math.abs(g - want)).toBeLessThanOrEqual(4 * EPS * want);
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
  it('N = 6 at d = 2, b = 1/2: mMax is the last double with rho >= 1/2 (m <= 3/14, the hexagon); R^1 holds 2', () => {
    const row = marginFor(6, 2, 0.5);
    const m = row.mMax!;
    // rho(m, 1/2) = (3/2 - 3m)/(3/2 + m) = 1/2 at m = 3/14; the largest double whose decimal is <= 3/14
    expect(cmp(ratOf(m), rat(3n, 14n))).toBeLessThanOrEqual(0);
    expect(cmp(ratOf(nextUp(m)), rat(3n, 14n))).toBeGreaterThan(0);
    expect(row.mGuaranteed).toBe(0);
    expect(row.reason).toBeNull();
  });
  it('N = 6 at d = 2, b = 3/4: the branch end m = 1/4 has rho = 1/2 exactly, undecided, and says so', () => {
    const row = marginFor(6, 2, 0.75);
    expect(row.mMax).toBe(0.25);
    expect(row.mGuaranteed).toBe(0);
    expect(row.reason).toBe(
      'some comparisons undecided at 80 digits: mGuaranteed is lower and mMax higher by at most that',
    );
  });
});
