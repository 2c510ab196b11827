import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  ccemIsConstellation,
  feasibility,
  rhoExactOf,
  rhoPartsOf,
} from '../../../src/bounds/constellation.js';
import { lowerReaches, upperAllows } from '../../../src/bounds/decide.js';
import { cancellationDigits, HP_MAX_GUARD_DIGITS } from '../../../src/bounds/hp/levenshtein.js';
import { forwardRowHp, logUpperHp } from '../../../src/bounds/hp/table.js';
import { dimensionForN } from '../../../src/bounds/table.js';
import { levenshteinIndex, logBestUpper } from '../../../src/bounds/levenshtein.js';
import { rat, typedDecimal } from '../../../src/bounds/rational.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

/**
 * Single values of the bounds at points the other value tests do not reach: the fields of the
 * Levenshtein walk on the plain-recurrence side (1 - s >= 1/2), and the best upper bound where
 * Levenshtein's degree passes the cap. Expected values are closed forms.
 */
function near(got: number, want: number, ulps: number, what: string): void {
  const tol = ulps * EPS * Math.max(1, Math.abs(want));
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}, tol ${tol}`).toBeLessThanOrEqual(tol);
}

describe('levenshteinIndex: diff is P_next - P_prev on the plain three-term side too', () => {
  it('1 - s >= 1/2 (s <= 1/2), past the first step: diff = p1 - p0 to rounding', () => {
    // n = 5, s = 0.3 ends past degree 1; n = 5, s = -0.1 is I_2 (P_1 = s, P_2 = (5 s^2 - 1)/4)
    for (const [n, s] of [
      [5, 0.3],
      [8, 0.45],
      [3, 0.2],
      [5, -0.1],
    ] as const) {
      const pt = levenshteinIndex(n, s)!;
      expect(pt.m, `n = ${n}, s = ${s}`).toBeGreaterThanOrEqual(2);
      near(pt.diff, pt.p1 - pt.p0, 4, `diff at n = ${n}, s = ${s}`);
    }
    // I_2 at n = 5, s = -1/10: P_1 = -1/10, P_2 = (5/100 - 1)/4 = -19/80, P_2 - P_1 = -11/80
    const pt = levenshteinIndex(5, -0.1)!;
    expect(pt.m).toBe(2);
    near(pt.p0, -0.1, 2, 'P_1');
    near(pt.p1, -19 / 80, 4, 'P_2');
    near(pt.diff, -11 / 80, 4, 'P_2 - P_1');
  });
});

describe('logBestUpper beyond the Levenshtein degree cap', () => {
  it('n = 2, s = 1 - 2^-52: the circle packing bound 2 pi / theta, theta = arccos s', () => {
    // Levenshtein's degree would be about 2.9 / sqrt(2 (1 - s)) > 2 * 10^7: the cap-packing bound is
    // taken. On S^1 the cap of angular radius theta/2 is the fraction (theta/2)/pi of the circle.
    const w = 2 ** -52;
    const theta = 2 * Math.asin(Math.sqrt(w / 2));
    const b = logBestUpper(2, 1 - w);
    expect(b.kind).toBe('packing');
    near(b.value, Math.log((2 * Math.PI) / theta), 8, 'ln(2 pi / theta)');
  });
});

describe('where the decimal Levenshtein route gives up (cancellation beyond its guard digits)', () => {
  // n = 30000, rho = 99/100: the float walk ends at I_183303; the series of degree 91653 has a
  // largest term of about 10^1452, beyond the 1200 guard digits the decimal route may carry
  const n = 30000;
  const r = { rho: rat(99n, 100n), oneMinus: rat(1n, 100n) };
  it('the cancellation estimate is above the cap at the float index and its neighbours', () => {
    const m = levenshteinIndex(n, 0.99)!.m;
    const alpha = (n - 3) / 2;
    for (const mm of [m - 1, m, m + 1]) {
      const k = Math.ceil(mm / 2);
      expect(cancellationDigits(k + 1, alpha + 1, alpha, 0.005)).toBeGreaterThan(HP_MAX_GUARD_DIGITS);
    }
  });
  it('logUpperHp is null there, and so is the decimal row upper column (its lower columns are not)', () => {
    expect(logUpperHp(n, r, 40)).toBeNull();
    // b_rel = 'best': rho = 1 - 2m = 0.99
    const row = forwardRowHp(n, 0.005, 'best');
    expect(row.log10NUpper).toBeNull();
    expect(row.log10NLower).not.toBeNull();
  });
  it('upperAllows with N = 10^29508 (beyond the double range, so no float decision): undecided, digits null', () => {
    // ln L(30000, 0.99) is about 67945 (log10 about 29508.2); neither decimal step gives a value
    expect(upperAllows(n, r, typedDecimal('1e29508'))).toEqual({
      value: null,
      route: 'undecided',
      digits: null,
    });
  });
});

describe('the decimal decision at 40 digits, just outside its margin', () => {
  it('n = 4, rho = 9/13: N with ln N = ln(1/Omega_4) +- (1 + 1e-6) 1e-25 (1 + ln N) is decided at 40 digits', () => {
    // Omega_4(theta) = (theta - sin theta cos theta) / pi on S^3, evaluated here at 90 digits; the
    // 40-digit step is trusted to 1e-25 (1 + |ln N|), and a point 1e-6 of that margin outside it
    // (3e-31 in ln N) is within reach of its 50 working digits
    const D = Decimal.clone({ precision: 90 });
    const s = new D(9).div(13);
    const omega = s
      .acos()
      .minus(s.times(new D(1).minus(s.pow(2)).sqrt()))
      .div(D.acos(-1));
    const lnBound = omega.ln().neg();
    const r = rhoExactOf(0.1, 0.2);
    for (const side of [1, -1]) {
      const lnN = lnBound.plus(new D(side).times('1.000001').times(lnBound.plus(1)).times('1e-25'));
      const N = typedDecimal(lnN.exp().toSignificantDigits(75).toString());
      // above the bound: N pairs are not certain to fit (false); below: they are (true)
      expect(lowerReaches(4, r, N), `side ${side}`).toEqual({
        value: side < 0,
        route: 'decimal',
        digits: 40,
      });
    }
  });
});

describe('feasibility messages: exact values that 21 digits cannot tell apart are written with their difference', () => {
  // expected texts from Python's fractions.Fraction on the typed decimals, rounded to 21 digits
  it('3m and 1 + b_rel agree to 21 digits: 3m is written as 1 + b_rel plus the difference', () => {
    // m = 0.444444444444444444444444444445, b_rel = 0.333333333333333333333333333333:
    // 3m - (1 + b_rel) = 2e-30 and 4m/(3m - 1 - b_rel) = 888888888888888888888888888890
    const f = feasibility(
      typedDecimal('0.444444444444444444444444444445'),
      typedDecimal('0.333333333333333333333333333333'),
    );
    expect(f.message).toBe(
      '3m = 1.33333333333333333333 + 2e-30 > 1 + b_rel = 1.33333333333333333333: N <= 4m/(3m-1-b_rel) = 8.88888888888888888889e+29 for every d',
    );
  });
  it('short exact forms stay exact (up to 24 characters); longer ones get 21 digits', () => {
    // m = 1/2, b_rel = 1e-11: 4m/(3m - 1 - b_rel) = 200000000000/49999999999 (24 characters) and
    // 1 + b_rel = 100000000001/100000000000 (25 characters, so 1.00000000001)
    expect(feasibility(0.5, typedDecimal('0.00000000001')).message).toBe(
      '3m = 3/2 > 1 + b_rel = 1.00000000001: N <= 4m/(3m-1-b_rel) = 200000000000/49999999999 for every d',
    );
  });
  it('a two-digit integer that 21 digits round to: the bound 12 - 2.56e-28 at m = 3/8 + 1e-30, b_rel = 0', () => {
    // 4m/(3m - 1) - 12 = -32/125000000000000000000000000003; 3m = 1.125 + 3e-30 prints as 1.125
    expect(feasibility(typedDecimal('0.375000000000000000000000000001'), 0).message).toBe(
      '3m = 1.125 > 1 + b_rel = 1: N <= 4m/(3m-1-b_rel) = 12 - 2.56e-28 for every d',
    );
  });
  it('m + b_rel = 1 + 1e-30 reads so, not "1 > 1"; a bound just below 4 reads 4 - 6e-30', () => {
    const f = feasibility(typedDecimal('0.500000000000000000000000000001'), typedDecimal('0.5'));
    expect(f.message).toBe(
      'm + b_rel = 1 + 1e-30 > 1: positives would need G_ii > 1, no constellation exists',
    );
    // m = 0.666666666666666666666666666667, b_rel = 0.333333333333333333333333333333: 3m - 2 = 1e-30
    // and 4m/(3m - 1 - b_rel) = 4 - 6e-30
    const g = feasibility(
      typedDecimal('0.666666666666666666666666666667'),
      typedDecimal('0.333333333333333333333333333333'),
    );
    expect(g.message).toBe(
      '3m = 2 + 1e-30 > 1 + b_rel = 1.33333333333333333333: N <= 4m/(3m-1-b_rel) = 4 - 6e-30 for every d',
    );
  });
});

describe('constellation.ts: the CCEM test at its tight point, ln(1 - rho) below the normal range', () => {
  it('CCEM, m = 0.4, b_rel = 0.1: N = 16 fits at delta^2 = 1/3 (c1 = 1/2, c2 = -3/10); N = 17 needs delta^2 > 1/3', () => {
    // c1 = (1 - u)/(1 + u) >= b + m = 1/2 iff u <= 1/3; for N = 17, c2 = -(1/16 + u)/(1 + u) <= -3/10
    // iff u >= 19/56 > 1/3: no u does both
    expect(ccemIsConstellation(16, 0.4, 0.1)).toBe(true);
    expect(ccemIsConstellation(17, 0.4, 0.1)).toBe(false);
  });
  it('1 - rho = 2.5356e-316 (subnormal): ln(1 - rho) is the double nearest the exact logarithm', () => {
    // b_rel = 'best': 1 - rho = 2m exactly. The 40-digit value rounds to ...905; a 20-digit one would
    // round to ...906 (the exact value lies within 1e-20 of a midpoint between doubles)
    const D = Decimal.clone({ precision: 40 });
    const want = new D('2.5356e-316').ln().toNumber();
    expect(rhoPartsOf(rhoExactOf(typedDecimal('1.2678e-316'), 'best')).lnOneMinus).toBe(want);
  });
});

describe('dimensionForN beyond the feasible region', () => {
  it('N = 1 at m = 1/2, b_rel = 0.2 (3m > 1 + b_rel): one pair U = V fits, in the smallest dimension d = 2', () => {
    // the d-free bound 4m/(3m - 1 - b_rel) = 20/3 admits N = 1; the CCEM of one pair is U = V
    expect(dimensionForN(1, 0.5, 0.2)).toMatchObject({ dSufficient: 2, dNecessary: 2 });
  });
});
