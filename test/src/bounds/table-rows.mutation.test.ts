import { describe, expect, it } from 'vitest';
import { feasibility } from '../../../src/bounds/constellation.js';
import { klExponent, shannonExponent, thm35Exponent } from '../../../src/bounds/exponents.js';
import { cmp, numberOf, type Rational, rat, ratOf, typedDecimal } from '../../../src/bounds/rational.js';
import { dimensionForN, forwardRow, MAX_DIMENSION, marginFor } from '../../../src/bounds/table.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

/**
 * Rows at the corners of the region that the value tests of table.mutation.test.ts do not reach:
 * rho = 0 on the edge 3m = 1 + b_rel (A(n, 0) = 2n exactly, Rankin), rho = -1 beyond it (two
 * antipodal points), the reasons each row and inversion gives, a comparison left undecided at an
 * equality. The margin bisections that end at an equality are in table-inversions.test.ts.
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

/** v is the largest double whose shortest decimal is <= x. */
function largestAtMost(v: number | null, x: Rational): void {
  expect(v).not.toBeNull();
  expect(cmp(ratOf(v!), x)).toBeLessThanOrEqual(0);
  expect(cmp(ratOf(nextUp(v!)), x)).toBeGreaterThan(0);
}

describe('forwardRow on and beyond the edge 3m = 1 + b_rel', () => {
  it('rho = 0 at (0.25, -0.25): upper A(d, 0) = 2d, lower A(d-1, 0) = 2(d-1), paper A(d-2, 0), all exact', () => {
    const row = forwardRow(5, 0.25, -0.25);
    expect(row.rho).toBe(0);
    expect(row.feasible).toBe(true);
    expect(row.upperKind).toBe('exact');
    expect(row.upperNote).toBeNull();
    expect(row.reason).toBeNull();
    near(row.log10NUpper, 1, 2);
    near(row.log10NLower, Math.log10(8), 2);
    near(row.log10NLowerPaper, Math.log10(6), 2);
    near(row.exponentLowerShannon, shannonExponent(0), 2);
    near(row.exponentUpperPaper, thm35Exponent(0), 2);
    near(row.exponentUpperKL, klExponent(0), 2);
    // d = 3: the lower bound is A(2, 0) = 4 (the cap area would give 2); the paper bound is a code
    // in R^1, the two points of S^0: 1/Omega_1 = 2
    const r3 = forwardRow(3, 0.25, -0.25);
    near(r3.log10NUpper, Math.log10(6), 2);
    near(r3.log10NLower, Math.log10(4), 2);
    near(r3.log10NLowerPaper, Math.log10(2), 2);
    // the largest d is accepted: A(10^7, 0) = 2 10^7
    near(forwardRow(MAX_DIMENSION, 0.25, -0.25).log10NUpper, Math.log10(2 * MAX_DIMENSION), 2);
  });
  it('rho = -1 at (0.5, -0.5): the d-free bound 4m/(3m - 1 - b) = 2 equals A(d, -1) = 2 and is kept', () => {
    const row = forwardRow(5, 0.5, -0.5);
    expect(row.rho).toBe(-1);
    expect(row.oneMinusRho).toBe(2);
    expect(row.feasible).toBe(false);
    expect(row.upperKind).toBe('finite');
    near(row.log10NUpper, Math.log10(2), 2);
    expect(row.reason).toBe(feasibility(0.5, -0.5).message);
  });
  it('each row without bounds says why', () => {
    expect(forwardRow(5, 0, 0.5).reason).toMatch(/^m = 0: rho = 1/);
    expect(forwardRow(5, 0.6, 0.5).reason).toBe(feasibility(0.6, 0.5).message);
    expect(forwardRow(20, 0.4, 0.1).reason).toBe(feasibility(0.4, 0.1).message);
  });
});

describe('dimensionForN: reasons and an undecided comparison', () => {
  it('beyond the d-free bound no d; within it the CCEM (integer N) or no known construction', () => {
    const msg = feasibility(0.4, 0.1).message;
    expect(dimensionForN(17, 0.4, 0.1).reason).toBe(`${msg}; N = 17 is impossible for every d`);
    const ccem = dimensionForN(16, 0.4, 0.1).reason!;
    expect(ccem.startsWith(`${msg}; N = 16 is within it, and the CCEM`)).toBe(true);
    expect(ccem.endsWith('so d >= 15')).toBe(true);
    // (0.45, 0.1): 4m/(3m - 1 - b) = 36/5; N = 7.2 meets it with equality but is no number of pairs
    const frac = dimensionForN(7.2, 0.45, 0.1);
    expect(frac).toMatchObject({ dSufficient: null, dNecessary: 7 });
    expect(frac.reason).toBe(
      `${feasibility(0.45, 0.1).message}; N = 7.2 is within it; no construction for it is known here; in R^d at most d + 1 pairs (Rankin), so d >= 7`,
    );
    expect(dimensionForN(3, 0, 0.5).reason).toMatch(/^m = 0: every N fits in d = 2/);
  });
  it('rho = 0: both searches fail past 10^7 (2d < N) and say so, joined; decided rows have no reason; N = 1 fits at d = 2', () => {
    expect(dimensionForN(3e7, 0.25, -0.25)).toMatchObject({
      dSufficient: null,
      dNecessary: null,
      reason: `dSufficient: no d <= ${MAX_DIMENSION} reaches N; dNecessary: no d <= ${MAX_DIMENSION} reaches N`,
    });
    expect(dimensionForN(7, 0.25, -0.25).reason).toBeNull();
    expect(dimensionForN(1, 0.25, 0.75)).toMatchObject({ dSufficient: 2, dNecessary: 2, reason: null });
  });
  it('N = 6 at rho = 1/2: A(2, 1/2) = 6 (the hexagon) equals N, undecided at d = 2; the lower side is decided', () => {
    const row = dimensionForN(6, 0.25, 0.75);
    expect(row.dNecessary).toBeNull();
    // max(1/Omega_{d-1}(60 deg), 2(d-1)): 2n = 6 at n = 3 (1/Omega_3 = 4), 4 at n = 2
    expect(row.dSufficient).toBe(4);
    expect(row.reason).toBe('dNecessary: undecided at 80 digits at d = 2');
  });
});

describe('argument checks name their function and read the exact input', () => {
  it('d: an integer in [2, MAX_DIMENSION]', () => {
    for (const d of [1, 2.5, MAX_DIMENSION + 1, Number.NaN]) {
      expect(() => forwardRow(d, 0.1, 0), `d = ${d}`).toThrow(/^forwardRow: /);
      expect(() => marginFor(3, d, 0), `d = ${d}`).toThrow(/^marginFor: /);
    }
    expect(forwardRow(MAX_DIMENSION, 0.1, 0).d).toBe(MAX_DIMENSION);
  });
  it('N >= 1 and finite, decided on the typed decimal (1 - 1e-20 is below 1 although its double is 1)', () => {
    for (const N of [0.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => marginFor(N, 3, 0), `N = ${N}`).toThrow(/^marginFor: N/);
      expect(() => dimensionForN(N, 0.1, 0), `N = ${N}`).toThrow(/N/);
    }
    const below = typedDecimal('0.99999999999999999999');
    expect(numberOf(below)).toBe(1);
    expect(() => marginFor(below, 3, 0)).toThrow(/^marginFor: N/);
    expect(() => dimensionForN(below, 0.1, 0)).toThrow(/N/);
    expect(marginFor(1, 3, 0).mGuaranteed).toBe(1);
  });
  it('b_rel in [-1, 1], decided on the typed decimal too', () => {
    for (const b of [1.5, -1.5, Number.NaN])
      expect(() => marginFor(3, 3, b), `b = ${b}`).toThrow(/^marginFor: b_rel/);
    for (const t of ['1.00000000000000000001', '-1.00000000000000000001']) {
      const b = typedDecimal(t);
      expect(Math.abs(numberOf(b))).toBe(1);
      expect(() => marginFor(3, 3, b), t).toThrow(/^marginFor: b_rel/);
    }
    expect(marginFor(3, 3, 1).mGuaranteed).toBe(0);
    expect(marginFor(3, 3, -1).mGuaranteed).toBe(0);
  });
});

describe('forwardRow outside the feasible region', () => {
  it('m + b_rel > 1 has no bound; 3m > 1 + b_rel gives min(A(d, rho), 4m/(3m - 1 - b_rel)), the finite bound on a tie', () => {
    const over = forwardRow(5, 0.3, 0.8);
    expect([over.log10NUpper, over.upperKind, over.lowerKind]).toEqual([null, null, null]);
    expect(over.reason).toMatch(/m \+ b_rel = 11\/10 > 1/);
    // m = 1/2, b = 0: rho = -1/3 and 4m/(3m - 1) = 4 = A(3, -1/3) (the simplex): the tie reports the finite bound
    const tie = forwardRow(3, 0.5, 0);
    expect(tie.upperKind).toBe('finite');
    near(tie.log10NUpper, Math.log10(4), 1);
    // m = 1/2, b = 1/5: 4m/(3m - 1 - b) = 20/3 > A(3, -3/17) = 4 = d + 1
    const tet = forwardRow(3, 0.5, 0.2);
    expect(tet.upperKind).toBe('exact');
    near(tet.log10NUpper, Math.log10(4), 1);
  });
});

describe('marginFor: the end of the feasible branch and the Thm 3.4 branch', () => {
  it('3N <= 4 allows every m <= 1 - b; at 3N = 4 exactly too (N = 4/3 as a double rounds 3N to 4)', () => {
    expect(marginFor(1.25, 2, 0.2)).toMatchObject({ mGuaranteed: 0.4, mMax: 0.8 });
    expect(marginFor(4 / 3, 2, 0.2)).toMatchObject({ mGuaranteed: 0.4, mMax: 0.8, reason: null });
    // b_rel = 1: the branch m <= 1 - b is the point m = 0
    expect(marginFor(2, 2, 1)).toMatchObject({ mGuaranteed: 0, mMax: 0, reason: null });
  });
  it('N = 7 at d = 4, b = 0: 1/Omega_3 = 2/(1 - rho) >= 7 iff m <= 1/13 (decided exactly); mMax = 1/3 (the branch end)', () => {
    // the branch end m = 1/3 has rho = 0, where the lower bound is A(3, 0) = 6 < 7: bisection
    const row = marginFor(7, 4, 0);
    largestAtMost(row.mGuaranteed, rat(1n, 13n));
    // rho = 0 at m = 1/3 allows A(4, 0) = 8 >= 7; past it rho < 0 allows at most d + 1 = 5 < 7 pairs
    // (not Thm 3.4's 7/17, which only N <= d + 1 reach)
    largestAtMost(row.mMax, rat(1n, 3n));
    expect(row.reason).toBeNull();
  });
  it('the branch end (1 + b)/3 = 7/15 at b = 0.4 rounds up as a double: the margin is the double below', () => {
    // A(2, rho) >= 4 = N for rho >= 0: the whole branch is guaranteed (d = 3 < N: no CCEM)
    largestAtMost(marginFor(4, 3, 0.4).mGuaranteed, rat(7n, 15n));
  });
  it("b_rel = 'best', N = 26 at d = 4: the probe m = 1/4 lands on L(4, 1/2) = 26, undecided, and counts for mMax", () => {
    // rho = 1 - 2m; the bisection from the branch end 1/2 probes 1/4 first, where the bound equals N
    const row = marginFor(26, 4, 'best');
    expect(row.mMax).toBe(0.25);
    expect(row.reason).toBe(
      'some comparisons undecided at 80 digits: mGuaranteed is lower and mMax higher by at most that',
    );
  });
  it('b_rel = -1: the branch is the point m = 0 (nothing probed); N = 1 allows m <= 1 - b = 2 (one pair)', () => {
    expect(marginFor(3, 5, -1)).toMatchObject({ mGuaranteed: 0, mMax: 0, reason: null });
    expect(marginFor(1, 5, -1)).toMatchObject({ mGuaranteed: 2, mMax: 2, reason: null });
  });
  it('N = 5/2 at d = 64, b = 0: the Thm 3.4 branch with a fractional N, mMax = N/(3N - 4) = 5/7', () => {
    // A(64, 0) = 128 allows 5/2 at the branch end; (3N - 4) m <= N (1 + b) with N = 5/2
    largestAtMost(marginFor(2.5, 64, 0).mMax, rat(5n, 7n));
    largestAtMost(marginFor(2.5, 64, 0.5).mMax, rat(1n, 2n)); // m + b <= 1 binds: min(1/2, 15/14)
    largestAtMost(marginFor(2.5, 64, 'best').mMax, rat(5n, 6n)); // N / (2 (N - 1))
  });
  it('N = 5 > 2d at d = 2: the upper bound at the branch end refuses N, mMax by bisection (the circle: rho >= cos 72 deg)', () => {
    const row = marginFor(5, 2, 0);
    const c = Math.cos((2 * Math.PI) / 5);
    // rho = (1 - 3m)/(1 + m) >= c  iff  m <= (1 - c)/(3 + c)
    const want = (1 - c) / (3 + c);
    expect(Math.abs(row.mMax! - want)).toBeLessThanOrEqual(8 * EPS * want);
    expect(row.mGuaranteed).toBe(0);
  });
  it('N = 10^4 at d = 3, b = 0: a tiny margin, pi/arccos rho >= N iff m <= (1 - cos(pi/N))/(3 + cos(pi/N))', () => {
    const g = marginFor(1e4, 3, 0).mGuaranteed!;
    // 1 - cos(pi/N) without cancellation: 2 sin^2(pi/2N); sin, square and quotient: a few ulps
    const w = 2 * Math.sin(Math.PI / 2e4) ** 2;
    const want = w / (4 - w);
    expect(Math.abs(g - want)).toBeLessThanOrEqual(8 * EPS * want);
  });
  it("b_rel = 'best': at the branch end m = 1/2, rho = 0 and A(2, 0) = 4 >= 3; mMax = N/(2(N - 1)) = 3/4", () => {
    expect(marginFor(4, 3, 'best')).toMatchObject({ mGuaranteed: 0.5, bRel: 0.5, reason: null });
  });
  it('d >= N holds the CCEM: mGuaranteed reaches the Thm 3.4 bound N (1 + b)/(3N - 4) that the simplex attains', () => {
    // N = 10, b = 1/5: 12/26 = 6/13; best: N / (2 (N - 1)) = 5/9; N = 4, b = 0: 1/2
    for (const [N, d, b, want] of [
      [10, 64, 0.2, rat(6n, 13n)],
      [10, 10, 'best', rat(5n, 9n)],
      [4, 4, 0, rat(1n, 2n)],
    ] as const) {
      const row = marginFor(N, d, b);
      largestAtMost(row.mGuaranteed, want);
      expect(row.mGuaranteed, `N = ${N}, d = ${d}`).toBe(row.mMax);
    }
    // one dimension short of N: the cross-polytope's branch end (1 + b)/3 only
    largestAtMost(marginFor(10, 9, 0.2).mGuaranteed, rat(2n, 5n));
  });
});
