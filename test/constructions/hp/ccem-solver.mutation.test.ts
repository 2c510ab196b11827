import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ccemInteriorRoot } from '../../../constructions/ccem.js';
import { agreeingDigits, ccemOptimumHp, locateTransitionHp } from '../../../constructions/hp/ccem.js';
import { UsageError } from '../../../src/errors.js';
import { hpContext } from '../../../src/numeric/hp/decimal.js';

// The decimal CCEM solver's work and results against routes of the test's own: the sign of f'
// from exp alone, a plain bisection on it, closed forms where t dwarfs every other term.

/** Working precision of the test's own route: 70 digits resolve widths of 1e-50 near y ~ 0.3. */
const Z70 = hpContext(70);
type Ctor = typeof Z70;

/** sign f'(x) = sign(((N-2)/2) sigma(t c2(x) - b) - sigma(b - t x)), sigma(z) = 1 / (1 + e^-z). */
function derivativeSign(Z: Ctor, n: number, t: string, b: string, x: Decimal): number {
  const tt = new Z(t);
  const bb = new Z(b);
  const c2 = x
    .times(n - 2)
    .minus(n)
    .div(2 * (n - 1));
  const sigma = (z: Decimal) => new Z(1).div(new Z(1).plus(z.neg().exp()));
  const v = new Z(n - 2)
    .div(2)
    .times(sigma(tt.times(c2).minus(bb)))
    .minus(sigma(bb.minus(tt.times(x))));
  return v.isZero() ? 0 : v.isNegative() ? -1 : 1;
}

/** h(y) = -e sign f'(e (1 - y)) increases with y (f is convex). */
function hSign(Z: Ctor, n: number, t: string, b: string, e: 1 | -1, y: Decimal): number {
  return -e * derivativeSign(Z, n, t, b, new Z(1).minus(y).times(e));
}

/** The root of h in (lo, hi) by plain bisection to an absolute width. */
function rootY(
  n: number,
  t: string,
  b: string,
  e: 1 | -1,
  lo0: string,
  hi0: string,
  width: string,
  Z: Ctor = Z70,
): Decimal {
  let lo = new Z(lo0);
  let hi = new Z(hi0);
  while (hi.minus(lo).gt(width)) {
    const mid = lo.plus(hi).div(2);
    if (hSign(Z, n, t, b, e, mid) < 0) lo = mid;
    else hi = mid;
  }
  return lo.plus(hi).div(2);
}

/**
 * A cap on the solver's evaluations where the test pins no count: a Newton solve takes under 10 at
 * the points below, a bisection from [0, 2] to tol about 3.4 a digit of 2 / tol (under 150). A broken
 * solve stops there in milliseconds instead of running to the default cap of 20 (P + 400).
 */
const CAP = 200;

/** Precision levels of the Newton phase: 30 digits, doubled up to P (30, 60, 120, ..., P). */
function levels(P: number): number {
  let k = 1;
  for (let p = 30; p < P; p = Math.min(2 * p, P)) k++;
  return k;
}

describe('ccemOptimumHp: Newton from the float root', () => {
  // The float root is good to about 1e-16; one Newton step per precision level squares the error,
  // so each level (30, 60, ... digits up to P = digits + guard + the leading zeros of y) takes one
  // evaluation; closing the bracket then takes two probes at +-tol/2 (three when the first pair
  // lands on one side of tol's rounding). At least one probe follows the last Newton evaluation.
  const cases = [
    { n: 8, t: '1.125', b: '1.125', digits: 40, e: 1 as const, P: 40 + 12 + 1 },
    { n: 8, t: '1.125', b: '1.125', digits: 200, e: 1 as const, P: 200 + 12 + 1 },
    { n: 8, t: '0.6', b: '0.6', digits: 40, e: -1 as const, P: 40 + 12 + 1 },
    { n: 16, t: '1.5', b: '1.5', digits: 100, e: 1 as const, P: 100 + 12 + 1 },
  ];
  for (const c of cases) {
    it(`N = ${c.n}, t = ${c.t}, b = ${c.b} at ${c.digits} digits: levels(P) + 1 <= iterations <= levels(P) + 3, c1 from a plain bisection`, () => {
      // the cap is one above the pinned count: a solve that needs more stops at once and fails
      const o = ccemOptimumHp(c.n, c.t, c.b, c.digits, { maxIterations: levels(c.P) + 4 });
      expect(o.regime).toBe('interior');
      expect(o.iterations).toBeGreaterThanOrEqual(levels(c.P) + 1);
      expect(o.iterations).toBeLessThanOrEqual(levels(c.P) + 3);
      if (c.digits <= 40) {
        const y = rootY(c.n, c.t, c.b, c.e, '0', '1', '1e-50');
        expect(agreeingDigits(o.oneMinusC1, c.e === 1 ? y : new Z70(2).minus(y))).toBeGreaterThanOrEqual(
          c.digits - 1,
        );
        expect(agreeingDigits(o.c1, new Z70(1).minus(y).times(c.e))).toBeGreaterThanOrEqual(c.digits - 1);
      }
    });
  }
});

describe("ccemOptimumHp method 'bisection': the evaluations of a plain bisection", () => {
  // From the float start y0 (one evaluation), then midpoints of the bracket [0, 2] until it is
  // within tol = 10^-(digits + 2) min(y, max(|1 - y|, 10^-guard)) at the last point; every point
  // is far enough from the root for its sign to be certified at P digits.
  function bisectionCount(n: number, t: string, b: string, digits: number, guard: number): number {
    const Z = Z70;
    const r = ccemInteriorRoot(n, Number(t), Number(b));
    let lo = new Z(0);
    let hi = new Z(2);
    let y = new Z(r.y.toPrecision(17));
    const floor = new Z(10).pow(-guard);
    for (let count = 1; ; count++) {
      if (hSign(Z, n, t, b, r.e, y) < 0) lo = y;
      else hi = y;
      const c = new Z(1).minus(y).abs();
      const tol = new Z(10).pow(-(digits + 2)).times(Z.min(y.abs(), c.gt(floor) ? c : floor));
      if (hi.minus(lo).lte(tol)) return count;
      y = lo.plus(hi).div(2);
    }
  }
  for (const [n, t, b, e] of [
    [8, '1.125', '1.125', 1],
    [8, '0.6', '0.6', -1],
    // y = 0.74 > 1/2: tol scales with 1 - y = c1
    [16, '1.5', '1.5', 1],
  ] as const) {
    it(`N = ${n}, t = ${t}, b = ${b}: the same count as the test's bisection, and its c1`, () => {
      const count = bisectionCount(n, t, b, 30, 12);
      const o = ccemOptimumHp(n, t, b, 30, { method: 'bisection', maxIterations: count + 1 });
      expect(o.iterations).toBe(count);
      const y = rootY(n, t, b, e, '0', '1', '1e-40');
      expect(agreeingDigits(o.c1, new Z70(1).minus(y).times(e))).toBeGreaterThanOrEqual(29);
    });
  }
});

describe('ccemOptimumHp: t and b beyond double range (no float start)', () => {
  // For t -> infinity both sigmoids of f' are in their exponential tails, and f'(x) = 0 becomes
  // b - t x = ln((N-2)/2) + t c2(x) - b, x = (N + 2(N-1)(2b - ln((N-2)/2))/t) / (3N - 4), exact up
  // to a relative e^-(t/3): N = 8, b/t = 0 gives 2/5, b/t = 1/10 gives (8 + 2.8)/20 = 0.54.
  it('N = 8, t = 1e400: b = 0 gives c1 = 0.4, b = 1e399 gives c1 = 0.54 (to 30 digits)', () => {
    const a = ccemOptimumHp(8, '1e400', '0', 30, { maxIterations: levels(43) + 5 });
    expect(a.regime).toBe('interior');
    expect(a.c1.eq('0.4')).toBe(true);
    expect(a.oneMinusC1.eq('0.6')).toBe(true);
    const b = ccemOptimumHp(8, '1e400', '1e399', 30, { maxIterations: levels(43) + 5 });
    expect(b.c1.eq('0.54')).toBe(true);
    expect(b.oneMinusC1.eq('0.46')).toBe(true);
    // h is linear in y here: from y = 1/2 one step at 30 digits lands within their rounding, one
    // more may follow at 30 digits, then the levels up to 30 + 12 + 1 digits and the probes.
    // At least: the step from 1/2 is not small (|1/2 - y| >> 10^-11), so 30 digits take two
    // evaluations; one at 43; and the bracket closes only on two certified points tol apart,
    // which neither the 30-digit points nor an evaluation at the root itself (uncertified) are.
    for (const o of [a, b]) {
      expect(o.iterations).toBeGreaterThanOrEqual(2 + 1 + 2);
      expect(o.iterations).toBeLessThanOrEqual(levels(43) + 4);
    }
    // b = 0 exactly: the second step at 30 digits is small, the 43-digit point is the root 3/5 to
    // 43 digits, and the probes 3/5 + tol/2 (certified hi), then 3/5 - tol/2 (lo) close the bracket:
    // tol at the lower probe scales with 1 - y, which is larger there, so hi - lo = tol passes
    expect(a.iterations).toBe(2 + 1 + 2);
  });

  it('N = 8, t = 1e400, b = -3e399 (the root left of 0: c1 = (8 - 8.4)/20 = -0.02)', () => {
    const o = ccemOptimumHp(8, '1e400', '-3e399', 30, { maxIterations: CAP });
    expect(o.regime).toBe('interior');
    expect(o.c1.eq('-0.02')).toBe(true);
    expect(o.oneMinusC1.eq('1.02')).toBe(true);
  });
});

describe('ccemOptimumHp: the root next to the ETF endpoint (y < 1e-10)', () => {
  // t = b = T_ETF(5) - delta with T_ETF(5) = (4/5) ln 2 (docs/theory.md §1): f'(1) > 0 just inside
  // the interior, and the root sits at y of the order of delta. The float root cannot see it, so
  // one decimal Newton step from y = 0 (at digits + guard + 40 digits: h is linear to O(y) there)
  // starts the solve within 10^-(digits + guard + 40) of the root. Levels below the leading zeros of
  // y cannot certify a sign and just double; at P one or two steps, then the probes.
  const Z120 = hpContext(120);
  const tEtf = Z120.ln(2).times(0.8);
  for (const places of [32, 50]) {
    it(`t = b = (4/5) ln 2 cut to ${places} places, 20 digits: 1 - c1 from a plain bisection, one level per doubling`, () => {
      const digits = 20;
      const t = tEtf.toFixed(places, Z120.ROUND_DOWN);
      const y = rootY(5, t, t, 1, '0', `1e-${places - 8}`, `1e-${places + digits + 10}`, Z120);
      // y is of the order of the cut (delta ~ 1e-places)
      expect(y.e).toBeLessThanOrEqual(-(places - 2));
      // P = digits + guard + the leading zeros of y
      const P = digits + 12 - y.e;
      const o = ccemOptimumHp(5, t, t, digits, { maxIterations: levels(P) + 5 });
      expect(o.regime).toBe('interior');
      expect(agreeingDigits(o.oneMinusC1, y)).toBeGreaterThanOrEqual(digits - 1);
      expect(o.c1.eq(1)).toBe(true);
      expect(o.iterations).toBeGreaterThanOrEqual(levels(P) + 1);
      expect(o.iterations).toBeLessThanOrEqual(levels(P) + 4);
    });
  }
});

describe('ccemOptimumHp: a root closer to the ETF endpoint than the decimal step at 0 can see', () => {
  // Cut to 80 places, y is about 5e-81: h(0) is below the error bound at digits + guard + 40 = 72
  // digits, so the start stays at the smallest double 2^-1074 (the float root is 0) and
  // P = 20 + 12 + 324 = 356; levels below y's leading zeros are uncertified and just double.
  it('t = b = (4/5) ln 2 cut to 80 places, 20 digits: 1 - c1 from a plain bisection at 130 digits', () => {
    const Z130 = hpContext(130);
    const t = Z130.ln(2).times(0.8).toFixed(80, Z130.ROUND_DOWN);
    const o = ccemOptimumHp(5, t, t, 20, { maxIterations: levels(356) + 5 });
    expect(o.regime).toBe('interior');
    const y = rootY(5, t, t, 1, '1e-82', '1e-80', '1e-112', Z130);
    expect(y.e).toBe(-81);
    expect(agreeingDigits(o.oneMinusC1, y)).toBeGreaterThanOrEqual(19);
    expect(o.iterations).toBeGreaterThanOrEqual(levels(356) + 1);
    expect(o.iterations).toBeLessThanOrEqual(levels(356) + 4);
  });
});

describe('ccemOptimumHp: beyond double range next to an endpoint', () => {
  // N = 8, t = 7e400, b = 3e400 - 1e395: x = (8 + 14 (2b - ln 3)/t)/20 = 1 - 2e-6 (to 1e-400);
  // the side e = +1 comes from the sign of f'(0), and keeps 1 - c1 = 2e-6 to every digit
  it('N = 8, t = 7e400, b = 2.99999e400: c1 = 0.999998, 1 - c1 = 2e-6, delta = sqrt(2e-6 / 1.999998)', () => {
    const o = ccemOptimumHp(8, '7e400', '2.99999e400', 30, { maxIterations: CAP });
    expect(o.regime).toBe('interior');
    expect(o.c1.eq('0.999998')).toBe(true);
    expect(o.oneMinusC1.eq('2e-6')).toBe(true);
    const delta = new Z70('2e-6').div('1.999998').sqrt();
    expect(agreeingDigits(o.delta, delta)).toBeGreaterThanOrEqual(29);
  });
});

describe('ccemOptimumHp: beyond double range next to the antipodal endpoint', () => {
  // N = 8, t = 1e400, b = -(1e400 - s): x = (8 + 14 (2b - ln 3)/t)/20 = -1 + 1.4 s/t (to a relative
  // 1e-350; both sigmoid arguments are near -0.4 s, deep in their tails); f'(0) > 0 puts the root on
  // the side e = -1, where 1 + c1 and delta = sqrt((1 - c1)/(1 + c1)) keep every digit
  it('s = 1e395: c1 = -0.9999986, 1 - c1 = 1.9999986; s = 1e360: delta = sqrt((2 - 1.4e-40)/1.4e-40)', () => {
    const o = ccemOptimumHp(8, '1e400', '-9.99999e399', 30, { maxIterations: CAP });
    expect(o.regime).toBe('interior');
    expect(o.c1.eq('-0.9999986')).toBe(true);
    expect(o.oneMinusC1.eq('1.9999986')).toBe(true);
    expect(agreeingDigits(o.delta, new Z70('1.9999986').div('1.4e-6').sqrt())).toBeGreaterThanOrEqual(29);
    const far = ccemOptimumHp(8, '1e400', `-9.${'9'.repeat(39)}e399`, 30, { maxIterations: CAP });
    expect(far.regime).toBe('interior');
    expect(far.oneMinusC1.eq(2)).toBe(true);
    const delta = new Z70(2).minus('1.4e-40').div('1.4e-40').sqrt();
    expect(agreeingDigits(far.delta, delta)).toBeGreaterThanOrEqual(29);
  });
});

describe('ccemOptimumHp at guard 0: probes the working precision cannot certify', () => {
  // At P = 21 digits the error bound of g (about 5e-18) is above |g| at tol/2 from the root (about
  // 1e-23), so the probes fail and P grows by 20 digits; at 41 digits they certify the bracket.
  it('N = 8, t = b = 1.125 at 20 digits: c1 from a plain bisection, one raise of P', () => {
    const o = ccemOptimumHp(8, '1.125', '1.125', 20, { guard: 0, maxIterations: 1 + 2 + 4 + 2 });
    const y = rootY(8, '1.125', '1.125', 1, '0', '1', '1e-30');
    expect(o.c1.eq(new Z70(1).minus(y).toSignificantDigits(20))).toBe(true);
    expect(o.oneMinusC1.eq(y.toSignificantDigits(20))).toBe(true);
    // one evaluation at 21 digits, two failed probes, then at most two probe pairs at 41 digits
    expect(o.iterations).toBeGreaterThanOrEqual(1 + 2 + 2);
    expect(o.iterations).toBeLessThanOrEqual(1 + 2 + 4 + 1);
  });
});

describe('ccemOptimumHp at 5 digits and guard 0: nothing certified at P = 6', () => {
  // P = 5 + 0 + 1: the error bound (t + b + ln 3 + 2) 10^-3 = 5.35e-3 is above |g| anywhere within
  // 1e-3 of the root, so the float root and both probes tol/2 from it are uncertified; P grows to 26,
  // where the two probes certify a bracket tol wide (a third one if tol's rounding moves it).
  for (const method of ['newton', 'bisection'] as const) {
    it(`N = 8, t = b = 1.125, ${method}: c1 = 0.70892, 3 uncertified + 2 certified evaluations`, () => {
      const o = ccemOptimumHp(8, '1.125', '1.125', 5, { guard: 0, method, maxIterations: 3 + 3 + 1 });
      const y = rootY(8, '1.125', '1.125', 1, '0', '1', '1e-12');
      expect(o.c1.eq(new Z70(1).minus(y).toSignificantDigits(5))).toBe(true);
      expect(o.iterations).toBeGreaterThanOrEqual(3 + 2);
      expect(o.iterations).toBeLessThanOrEqual(3 + 3);
    });
  }
});

describe('ccemOptimumHp: N = 3 and N = 4 inputs', () => {
  it('N = 3 is accepted: t = 1, b = -1 is interior with the root of the test bisection', () => {
    // ETF iff ln(1/2) + softplus(2) - softplus(-1/2) <= 0 (it is 0.96 > 0); antipodal iff t + b <= ln(1/2)
    const o = ccemOptimumHp(3, '1', '-1', 20, { maxIterations: CAP });
    expect(o.regime).toBe('interior');
    // f'(0) sign decides the side
    const e = derivativeSign(Z70, 3, '1', '-1', new Z70(0)) < 0 ? 1 : -1;
    const y = rootY(3, '1', '-1', e, '0', '1', '1e-30');
    expect(agreeingDigits(o.c1, new Z70(1).minus(y).times(e))).toBeGreaterThanOrEqual(19);
  });

  // c1* = (1 + 3b/t)/2, 1 - c1* = (t - 3b)/(2t), evaluated exactly enough in the test
  it('N = 4, t = 7, b = 1: 1 - c1 = 2/7 to all 30 digits at guard 0 (and 20 digits at guard 16)', () => {
    const two7 = new Z70(2).div(7);
    expect(ccemOptimumHp(4, '7', '1', 30, { guard: 0 }).oneMinusC1.eq(two7.toSignificantDigits(30))).toBe(
      true,
    );
    expect(ccemOptimumHp(4, '7', '1', 20, { guard: 16 }).oneMinusC1.eq(two7.toSignificantDigits(20))).toBe(
      true,
    );
  });

  it('N = 4, t = 7 + 1e-29 (30 digits), b = 1: 1 - c1 = (t - 3b)/(2t) to all 30 digits at guard 0', () => {
    const t = '7.00000000000000000000000000001';
    const want = new Z70(t).minus(3).div(new Z70(t).times(2));
    expect(ccemOptimumHp(4, t, '1', 30, { guard: 0 }).oneMinusC1.eq(want.toSignificantDigits(30))).toBe(true);
  });
});

describe('agreeingDigits at mixed precisions', () => {
  it('the difference keeps every digit of the longer input: 1.2345678901234567 vs 1 gives -log10(0.2345678901234567)', () => {
    const got = agreeingDigits(new Z70('1.2345678901234567'), new Z70('1'));
    expect(got).toBeCloseTo(-Math.log10(0.2345678901234567), 12);
  });
});

describe('locateTransitionHp at few digits, where the sign of f at a bisection point rounds to 0', () => {
  // With digits + guard = 9 and 6, f'(+-1; t, t) / t rounds to exactly 0 at a bisection point near
  // the transition; a zero counts as ETF (f'(1) <= 0) and as antipodal (f'(-1) >= 0), so it moves hi
  // at the ETF edge and lo at the antipodal one. The closed forms (docs/theory.md §1) give the digits.
  it('T_ETF(5) = (4/5) ln 2 = 0.5545177 at 7 digits, guard 2; T_ANTI(14) = ln(6)/2 = 0.8959 at 4 digits, guard 2', () => {
    const etf = Z70.ln(2).times(0.8).toSignificantDigits(7);
    expect(locateTransitionHp(5, 'etf', 7, 2).eq(etf)).toBe(true);
    const anti = Z70.ln(6).div(2).toSignificantDigits(4);
    expect(locateTransitionHp(14, 'antipodal', 4, 2).eq(anti)).toBe(true);
  });
});

describe('ccemOptimumHp maxIterations', () => {
  it('N = 8, t = b = 1.125 at 40 digits: a cap of 2 stops the solve after exactly 2 evaluations, at its Newton iterate', () => {
    // converged, the solve takes levels(53) + 1 = 3 or more (above); capped it stops short
    const o = ccemOptimumHp(8, '1.125', '1.125', 40, { maxIterations: 2, uncertified: 'return' });
    expect(o.iterations).toBe(2);
    expect(o.certified).toBe(false);
    // the bracket is still open, so the point returned is the last iterate, not its midpoint: Newton
    // at 30, then 53 digits from the float root (good to 1e-16) is good to about 1e-30 (the bracket's
    // ends, the float root and the first step, are 1e-16 apart)
    const y = rootY(8, '1.125', '1.125', 1, '0', '1', '1e-50');
    expect(agreeingDigits(o.c1, new Z70(1).minus(y))).toBeGreaterThanOrEqual(30);
  });

  it('by default a solve stopped before its bracket closes is refused in one line, not returned', () => {
    const capped = () => ccemOptimumHp(8, '1.125', '1.125', 40, { maxIterations: 2 });
    expect(capped).toThrow(UsageError);
    expect(capped).toThrow(
      'ccemOptimumHp: the optimum at N = 8, t = 1.125, b = 1.125 could not be certified to 40 digits (the solve stopped after 2 evaluations at 53 working digits); ask for fewer digits',
    );
    // one evaluation more than the converged count needs (above) is not refused
    const o = ccemOptimumHp(8, '1.125', '1.125', 40, { maxIterations: levels(53) + 3 });
    expect(o.certified).toBe(true);
  });

  it('without a cap the default lets the same solve converge: c1 from a plain bisection', () => {
    const o = ccemOptimumHp(8, '1.125', '1.125', 20);
    expect(o.certified).toBe(true);
    expect(o.iterations).toBeGreaterThanOrEqual(levels(33) + 1);
    expect(o.iterations).toBeLessThanOrEqual(levels(33) + 3);
    const y = rootY(8, '1.125', '1.125', 1, '0', '1', '1e-30');
    expect(agreeingDigits(o.c1, new Z70(1).minus(y))).toBeGreaterThanOrEqual(19);
  });
});
