import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  bestBRel,
  ccemIsConstellation,
  feasibility,
  aboveEdge,
  inFeasibleRegion,
  rho,
  rhoExactOf,
  rhoParts,
  withinFiniteBound,
} from '../../../src/bounds/constellation.js';
import {
  exponentsSplit,
  klExponent,
  shannonExponent,
  thm33Exponent,
  thm35Exponent,
} from '../../../src/bounds/exponents.js';
import {
  add,
  cmp,
  div,
  floor,
  mul,
  type Rational,
  rat,
  ratOf,
  ratOfBinary,
  ratString,
  sign,
  sub,
  toDecimal,
  toNumber,
} from '../../../src/bounds/rational.js';
import { UsageError } from '../../../src/errors.js';

// Expected values are worked by hand (fractions, closed forms) or taken from decimal.js.
const EPS = Number.EPSILON;
const s = (a: Rational): string => ratString(a);
/** |got - want| <= k eps |want|. */
function near(got: number, want: number, k: number, what: string): void {
  const tol = k * EPS * Math.abs(want);
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}, tol ${tol}`).toBeLessThanOrEqual(tol);
}

describe('exact rationals', () => {
  it('rat reduces and puts the sign on p', () => {
    expect(s(rat(6n, -4n))).toBe('-3/2');
    expect(s(rat(-6n, 4n))).toBe('-3/2');
    expect(s(rat(-4n, -6n))).toBe('2/3');
    expect(rat(0n, 5n)).toEqual({ p: 0n, q: 1n });
    expect(rat(7n)).toEqual({ p: 7n, q: 1n });
    expect(() => rat(1n, 0n)).toThrow(RangeError);
  });

  it('ratOf reads the decimal a double prints as; more than 15 digits: its binary value', () => {
    expect(s(ratOf(0.4))).toBe('2/5');
    expect(s(ratOf(-0.125))).toBe('-1/8');
    expect(s(ratOf(1e21))).toBe(`1${'0'.repeat(21)}`);
    expect(s(ratOf(1.5e-7))).toBe('3/20000000');
    expect(s(ratOf(-123))).toBe('-123');
    expect(s(ratOf(0.123456789012345))).toBe('24691357802469/200000000000000'); // 15 digits
    // 0.30000000000000004 (17 digits): the double's exact value, k / 2^52 with k from decimal.js
    const x = 0.1 + 0.2;
    const k = new Decimal(x.toPrecision(100)).times(new Decimal(2).pow(52));
    expect(k.isInteger()).toBe(true);
    expect(s(ratOf(x))).toBe(`${k.toFixed()}/${2n ** 52n}`);
    expect(() => ratOf(Number.NaN)).toThrow(RangeError);
    expect(() => ratOf(Infinity)).toThrow(RangeError);
  });

  it('ratOfBinary: normal, subnormal, negative and large doubles exactly', () => {
    expect(s(ratOfBinary(0.5))).toBe('1/2');
    expect(s(ratOfBinary(-3))).toBe('-3');
    expect(s(ratOfBinary(2 ** 60))).toBe(`${2n ** 60n}`);
    expect(s(ratOfBinary(5e-324))).toBe(`1/${2n ** 1074n}`);
    expect(s(ratOfBinary(1.5 * 2 ** -1022))).toBe(`3/${2n ** 1023n}`);
    expect(s(ratOfBinary(0))).toBe('0');
  });

  it('arithmetic, comparison, sign and floor', () => {
    const h = rat(1n, 2n);
    const t = rat(1n, 3n);
    expect(s(add(h, t))).toBe('5/6');
    expect(s(sub(h, t))).toBe('1/6');
    expect(s(sub(t, h))).toBe('-1/6');
    expect(s(mul(rat(2n, 3n), rat(3n, 4n)))).toBe('1/2');
    expect(s(div(h, t))).toBe('3/2');
    expect(s(div(t, rat(-2n)))).toBe('-1/6');
    expect(() => div(h, rat(0n))).toThrow(RangeError);
    expect([cmp(t, h), cmp(h, t), cmp(rat(2n, 4n), h)]).toEqual([-1, 1, 0]);
    expect([sign(rat(-1n, 2n)), sign(rat(0n)), sign(h)]).toEqual([-1, 0, 1]);
    expect([
      floor(rat(7n, 2n)),
      floor(rat(-7n, 2n)),
      floor(rat(-4n, 2n)),
      floor(rat(0n)),
      floor(rat(-1n, 3n)),
    ]).toEqual([3n, -4n, -2n, 0n, -1n]);
  });

  it('toNumber rounds to the nearest double; toDecimal keeps the context precision', () => {
    expect(toNumber(t3())).toBe(1 / 3);
    expect(toNumber(rat(-2n, 3n))).toBe(-2 / 3);
    expect(toNumber(rat(1n, 10n ** 400n))).toBe(0);
    const D = Decimal.clone({ precision: 30 });
    expect(toDecimal(rat(1n, 3n), D).toString()).toBe(`0.${'3'.repeat(30)}`);
    expect(ratString(rat(3n))).toBe('3');
  });
});

function t3(): Rational {
  return rat(1n, 3n);
}

describe('rho and the feasibility region, decided on the decimal inputs', () => {
  it('rho(m, b) = (1 + b - 3m)/(1 + b + m): 7/11 at (0.1, 0), 1/2 at (0.25, 0.75), 1 at m = 0, -3 at (1, -1)', () => {
    near(rho(0.1, 0), 7 / 11, 1, 'rho(0.1, 0)');
    expect(rho(0.25, 0.75)).toBe(0.5);
    expect(rho(0, 0.5)).toBe(1);
    expect(rho(0, -1)).toBe(1);
    expect(rho(1, -1)).toBe(-3);
  });

  it('rhoParts: 1 - rho, 1 + rho and ln(1 - rho), also where 1 - rho is subnormal', () => {
    const p = rhoParts(0.25, 0.75);
    expect([p.rho, p.oneMinus, p.onePlus]).toEqual([0.5, 0.5, 1.5]);
    expect(p.lnOneMinus).toBe(Math.log(0.5));
    // 1 - rho = 4e-310 / (1 + 1e-310): ln = ln 4 - 310 ln 10 (decimal.js, 40 digits)
    const q = rhoParts(1e-310, 0);
    const D = Decimal.clone({ precision: 40 });
    const want = new D(4).ln().minus(new D(10).ln().times(310)).toNumber();
    near(q.lnOneMinus, want, 2, 'ln(1 - rho) at m = 1e-310');
    expect(q.oneMinus).toBe(4e-310);
    // 1 - rho = 4 (5e-324) / 1.5 is a few subnormal steps: its double is 11% off, the decimal ln is not
    const r = rhoParts(5e-324, 0.5);
    const wantR = new D(8).div(3).ln().plus(new D(5).ln()).minus(new D(10).ln().times(324)).toNumber();
    near(r.lnOneMinus, wantR, 2, 'ln(1 - rho) at m = 5e-324, b = 0.5');
    expect(q.onePlus).toBe(2);
    expect(s(rhoExactOf(0.25, 'best').rho)).toBe('1/2');
    expect(s(rhoExactOf(0.1, 0).oneMinus)).toBe('4/11');
    expect(() => rhoExactOf(0, -1)).toThrow(UsageError);
  });

  it('arguments outside m in [0, 1], b_rel in [-1, 1] are usage errors; the ends are accepted', () => {
    for (const [m, b] of [
      [-0.1, 0],
      [1.1, 0],
      [0.5, 1.5],
      [0.5, -1.01],
      [Number.NaN, 0],
      [0.5, Number.NaN],
    ] as const) {
      expect(() => rho(m, b), `${m}, ${b}`).toThrow(UsageError);
      expect(() => feasibility(m, b), `${m}, ${b}`).toThrow(UsageError);
      expect(() => ccemIsConstellation(2, m, b), `${m}, ${b}`).toThrow(UsageError);
      expect(() => rhoParts(m, b), `${m}, ${b}`).toThrow(UsageError);
    }
    expect(() => bestBRel(1.1)).toThrow(UsageError);
    expect(() => bestBRel(-0.1)).toThrow(UsageError);
    expect(() => feasibility(1, 'best')).not.toThrow();
    expect(() => feasibility(0, 1)).not.toThrow();
  });

  it("feasibility: reasons and bounds; 'best' is b_rel = 1 - m exactly", () => {
    expect(feasibility(0.5, 0.2).reason).toBe('three-m-above-one-plus-bias');
    expect(feasibility(0.6, 0.5).reason).toBe('margin-plus-bias-above-one');
    expect(feasibility(0.5, 0.2).feasible).toBe(false);
    expect(feasibility(0.5, 0.2).finiteBound).toBe(20 / 3);
    expect(feasibility(0.6, 0.5).finiteBound).toBe(0);
    expect(feasibility(0.6, 0.5).finiteBoundExact).toEqual({ p: 0n, q: 1n });
    expect(feasibility(0.3, 'best')).toMatchObject({ feasible: true, reason: null, finiteBound: null });
    // m = 0.6, b = 0.4: 3m = 1.8 > 1.4, bound 2.4 / 0.4 = 6
    expect(feasibility(0.6, 'best').finiteBound).toBe(6);
    expect(feasibility(0.4, 0.2)).toMatchObject({ feasible: true, reason: null, message: null });
  });

  it('withinFiniteBound: N <= 4m/(3m - 1 - b) exactly, always inside the region, never for m + b > 1', () => {
    expect(withinFiniteBound(16, 0.4, 0.1)).toBe(true);
    expect(withinFiniteBound(17, 0.4, 0.1)).toBe(false);
    expect(withinFiniteBound(6, 0.6, 'best')).toBe(true);
    expect(withinFiniteBound(7, 0.6, 'best')).toBe(false);
    expect(withinFiniteBound(1e9, 0.1, 0)).toBe(true);
    expect(withinFiniteBound(1, 0.6, 0.5)).toBe(false);
  });

  it('ccemIsConstellation: N = 1, the antipodal limit and the coefficient 1 + b - m = 0', () => {
    expect(ccemIsConstellation(1, 0.5, 0.5)).toBe(true);
    expect(ccemIsConstellation(1, 0.6, 0.5)).toBe(false);
    expect(ccemIsConstellation(1000, 0, -1)).toBe(true);
    // m = 1/2, b = -1/2: c1 >= 0 and c2 = -(1/(N-1) + u)/(1 + u) <= -1 iff N <= 2
    expect(ccemIsConstellation(2, 0.5, -0.5)).toBe(true);
    expect(ccemIsConstellation(3, 0.5, -0.5)).toBe(false);
    // m = 0.6, b = -0.8: 1 + b - m = -0.4 < 0; c2 <= -1.4 is impossible
    expect(ccemIsConstellation(2, 0.6, -0.8)).toBe(false);
    // 'best' at m = 0.25 (b = 0.75): u <= 0, so delta = 0 (the ETF), c2 = -1/(N-1) <= 0.5 always
    expect(ccemIsConstellation(50, 0.25, 'best')).toBe(true);
    expect(() => ccemIsConstellation(1.5, 0.1, 0)).toThrow(UsageError);
    expect(() => ccemIsConstellation(0, 0.1, 0)).toThrow(UsageError);
  });

  it('aboveEdge and inFeasibleRegion decide the two edges exactly on rationals', () => {
    // m + b = 1 exactly is on the edge (not above); one part in 10^30 more is above
    expect(aboveEdge(rat(1n, 4n), rat(3n, 4n))).toBe(false);
    expect(aboveEdge(rat(1n, 4n), add(rat(3n, 4n), rat(1n, 10n ** 30n)))).toBe(true);
    // 3m = 1 + b exactly (m = 2/5, b = 1/5) is inside; m = 2/5 + 10^-30 is outside
    expect(inFeasibleRegion(rat(2n, 5n), rat(1n, 5n))).toBe(true);
    expect(inFeasibleRegion(add(rat(2n, 5n), rat(1n, 10n ** 30n)), rat(1n, 5n))).toBe(false);
    // m + b = 1 with 3m <= 1 + b: (1/4, 3/4) inside; (1/2, 1/2) on both edges, inside
    expect(inFeasibleRegion(rat(1n, 4n), rat(3n, 4n))).toBe(true);
    expect(inFeasibleRegion(rat(1n, 2n), rat(1n, 2n))).toBe(true);
    expect(inFeasibleRegion(rat(3n, 5n), rat(1n, 2n))).toBe(false);
  });
});

describe('asymptotic exponents (closed forms at cos theta = 0.6, sin theta = 0.8)', () => {
  // A = (1 + u)/(2u) = 1.125, B = (1 - u)/(2u) = 0.125 at u = 0.8
  const kl06 = 1.125 * Math.log(1.125) - 0.125 * Math.log(0.125);

  it('Shannon, Thm 3.3, Thm 3.5 and Kabatiansky-Levenshtein', () => {
    near(shannonExponent(0.6), Math.log(1.25), 2, 'shannon(0.6)');
    near(thm33Exponent(0.6), Math.log(1.25), 2, 'thm33(0.6)');
    near(thm35Exponent(0.5), 0.5 * Math.LN2, 2, 'thm35(0.5)');
    near(klExponent(0.6), kl06, 4, 'kl(0.6)');
    expect(klExponent(0)).toBe(0);
    expect(shannonExponent(0)).toBe(0);
    expect(thm35Exponent(0)).toBe(0);
  });

  it('cos theta outside [0, 1) is a usage error', () => {
    for (const f of [shannonExponent, thm33Exponent, thm35Exponent, klExponent]) {
      expect(() => f(1)).toThrow(UsageError);
      expect(() => f(-0.1)).toThrow(UsageError);
      expect(() => f(Number.NaN)).toThrow(UsageError);
    }
  });

  it('exponentsSplit from ln(1 - s) and 1 + s: the same values, s = 0, and u -> 0', () => {
    const e = exponentsSplit(Math.log(0.4), 1.6);
    near(e.shannon, Math.log(1.25), 4, 'shannon');
    near(e.thm35, -0.5 * Math.log(0.4), 2, 'thm35');
    near(e.kl, kl06, 8, 'kl');
    expect(exponentsSplit(0, 1)).toEqual({ shannon: -0, thm35: -0, kl: 0 });
    // u = sin theta = e^-499.65...: A ln A - B ln B = -ln(2u) + 1 + O(u^2)
    const lnSin2 = -1000 + Math.log(1.99);
    const tiny = exponentsSplit(-1000, 1.99);
    near(tiny.kl, -Math.LN2 - 0.5 * lnSin2 + 1, 4, 'kl as u -> 0');
    expect(exponentsSplit(-Infinity, 2).kl).toBe(Infinity);
  });

  it('exponentsSplit rejects ln(1 - s) > 0 and 1 + s outside [1, 2]', () => {
    expect(() => exponentsSplit(0.1, 1.5)).toThrow(UsageError);
    expect(() => exponentsSplit(-1, 0.99)).toThrow(UsageError);
    expect(() => exponentsSplit(-1, 2.01)).toThrow(UsageError);
    expect(() => exponentsSplit(Number.NaN, 1.5)).toThrow(UsageError);
    expect(() => exponentsSplit(-1, 2)).not.toThrow();
  });
});
