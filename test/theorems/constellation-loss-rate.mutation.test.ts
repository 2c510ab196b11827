import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { simplexEtf } from '../../constructions/simplex-etf.js';
import { exact, hpContext } from '../../src/numeric/hp/decimal.js';
import {
  check,
  decimalSlacks,
  floorPair,
  floorSharpCases,
  infLoss,
  lnLossTolerance,
  measureRate,
  type RateCase,
  rateDomain,
  rateHp,
} from '../../theorems/constellation-loss-rate.js';

// The antipodal pair U = V = (1), (-1): m* = 1 and, by symmetry in b, inf_b L = L(b = 0) =
// 4 ln(1 + e^{-t}) (sum normalisation): the upper bound N^2 ln(1 + e^{-t m*}) is attained.
// Constants from mpmath 1.3 at 30 digits, rounded to doubles.
const pair = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
const square = (n: number) => n * n;

describe('measureRate by hand', () => {
  it('antipodal pair, t = 3: ln inf L = ln(4 ln(1 + e^-3)), slacks ln 4 (lower), 0 (upper), rate', () => {
    const r = measureRate(pair, pair, 3, square);
    const d = r.detail as {
      lnInfL: number;
      lnLower: number;
      rate: number;
      slacks: Record<string, number>;
      tolerance: number;
    };
    const tol = lnLossTolerance(2, 1, 3, 0);
    expect(Math.abs(d.tolerance - tol)).toBeLessThan(1e-20);
    expect(d.lnInfL).toBeCloseTo(-1.638097676512506, 14);
    expect(d.lnLower).toBeCloseTo(-3.0243920376323965, 14);
    expect(d.slacks.lower!).toBeCloseTo(Math.log(4) + tol, 14);
    expect(Math.abs(d.slacks.upper! - tol)).toBeLessThan(1e-14);
    const rate = 1.638097676512506 / 3;
    expect(d.rate).toBeCloseTo(rate, 14);
    expect(d.slacks.rate!).toBeCloseTo((Math.log(4) - Math.log(Math.LN2) + tol) / 3 - (1 - rate), 14);
    expect(r.slack).toBe(Math.min(d.slacks.lower!, d.slacks.upper!, d.slacks.rate!));
  });

  it('antipodal pair, t = 1000 (the decimal route): ln inf L = ln 4 - 1000 + ln(1 + e^-1000), upper attained', () => {
    const r = measureRate(pair, pair, 1000, square);
    const d = r.detail as {
      lnInfL: number;
      slacks: Record<string, number>;
      tolerance: number;
      decimal?: object;
    };
    expect(d.decimal).toBeDefined();
    expect(d.lnInfL).toBeCloseTo(Math.log(4) - 1000, 10);
    expect(Math.abs(d.slacks.upper! - d.tolerance)).toBeLessThan(1e-12);
    expect(r.slack).toBeGreaterThanOrEqual(0);
    // a smaller upper constant than N^2 fails here by its log ratio
    const loose = measureRate(pair, pair, 1000, (n) => n * n - 0.5);
    expect(loose.slack).toBeCloseTo(Math.log(3.5 / 4), 10);
  });

  it('m* = 0 (all four vectors equal): inf_b L = 4 ln 2 at b = t, slack ln(4 ln 2) - ln(2 ln 2) = ln 2', () => {
    const z = { rows: 2, cols: 1, data: new Float64Array([1, 1]) };
    const r = measureRate(z, z, 3, square);
    const d = r.detail as { lnInfL: number; tolerance: number };
    expect(d.lnInfL).toBeCloseTo(1.0197814405382264, 13);
    expect(r.slack).toBeCloseTo(Math.LN2 + d.tolerance, 13);
  });
});

describe('the property check', () => {
  it('runs its pinned simplex at t = 1e4 before the random cases', () => {
    let total = 0;
    check(
      { seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) },
      'constellation-loss-rate',
      square,
    );
    expect(total).toBe(4);
  });
});

/** inf_b L by bisection on dL/db = sum_i sigma(b - t G_ii) - sum_{i != j} sigma(t G_ij - b) (L is convex in b). */
function infByDerivative(u: { rows: number; cols: number; data: Float64Array }, v: typeof u, t: number) {
  const n = u.rows;
  const d = u.cols;
  const g = (i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += u.data[i * d + k]! * v.data[j * d + k]!;
    return s;
  };
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const slope = (b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) s += i === j ? sig(b - t * g(i, i)) : -sig(t * g(i, j) - b);
    return s;
  };
  let lo = -1e3;
  let hi = 1e3;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (slope(mid) > 0) hi = mid;
    else lo = mid;
  }
  const b = (lo + hi) / 2;
  const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
  let loss = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) loss += softplus(i === j ? b - t * g(i, i) : t * g(i, j) - b);
  return { b, lnL: Math.log(loss) };
}

describe('infLoss against the root of dL/db (bisection, plain sums)', () => {
  it('simplex of 16 points at t = 0.01: the minimiser b = ln 15 + O(t) lies outside [t q, t p]', () => {
    const x = simplexEtf(16);
    const want = infByDerivative(x, x, 0.01);
    expect(want.b).toBeCloseTo(Math.log(15), 1);
    const got = infLoss(x, x, 0.01);
    expect(Math.abs(got.lnL - want.lnL)).toBeLessThan(1e-13);
  });
  it('16 pairs, G_ii = 1 except G_11 = -1/2, G_ij = 0, t = 100: the minimiser near ln(16 * 15) past t max(p, q)', () => {
    // U_i = V_i = e_i except V_1 = -e_1/2 + (sqrt 3/2) e_17
    const n = 16;
    const d = n + 1;
    const u = { rows: n, cols: d, data: new Float64Array(n * d) };
    const v = { rows: n, cols: d, data: new Float64Array(n * d) };
    for (let i = 0; i < n; i++) {
      u.data[i * d + i] = 1;
      v.data[i * d + i] = 1;
    }
    v.data[0] = -0.5;
    v.data[n] = Math.sqrt(0.75);
    const want = infByDerivative(u, v, 100);
    expect(want.b).toBeCloseTo(Math.log(240), 2);
    const got = infLoss(u, v, 100);
    expect(Math.abs(got.lnL - want.lnL)).toBeLessThan(1e-13);
    expect(got.mStar).toBe(-0.25);
  });
});

describe('the decimal route where float64 underflows (t m* > 600)', () => {
  // U = (e1, e2), V = (e1, (0.6, 0.8)): G_11 = 1, G_22 = 0.8, G_12 = 0.6, G_21 = 0: m* = (0.8 - 0.6)/2
  const u = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
  const v = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0.6, 0.8]) };
  it('m* from the smallest positive and the largest negative, lower bound ln(1 + e^{-t m*}) ~ -t m*', () => {
    const h = rateHp(u, v, 1e4, 7e3);
    expect(Math.abs(h.mStar.toNumber() - 0.1)).toBeLessThan(1e-15);
    expect(Math.abs(h.lower.ln().toNumber() + 1000)).toBeLessThan(1e-9);
  });
  it('30 significant digits: the antipodal pair at t = 1e4 has rate 1 - ln(4)/1e4 (e^-1e4 terms are below 1e-4000)', () => {
    const D = Decimal.clone({ precision: 50 });
    const want = new D(1).minus(new D(4).ln().div(1e4));
    const r = rateHp(pair, pair, 1e4, 0);
    expect(new D(r.rate).minus(want).abs().toNumber()).toBeLessThan(1e-28);
  });
  it('t m* = 10 (t = 100, m* = 0.1) stays in log space: no decimal evaluation', () => {
    expect((measureRate(u, v, 100, square).detail as { decimal?: object }).decimal).toBeUndefined();
  });
  it('the rate slack there is the agreement of the two evaluations, inside the tolerance', () => {
    const r = measureRate(u, v, 1e4, square);
    const d = r.detail as { slacks: Record<string, number>; tolerance: number; decimal?: object };
    expect(d.decimal).toBeDefined();
    // tol - |ln L (decimal) - ln L (float)|: below tol unless the two agree to the last bit
    expect(d.slacks.rate!).toBeLessThan(d.tolerance);
    expect(d.slacks.rate!).toBeGreaterThan(d.tolerance - 1e-12);
  });
});

describe('the floor sharp cases', () => {
  it('at each t: the log-space value and the decimal.js value, labelled', () => {
    const cases = floorSharpCases(square);
    expect(cases.map((c) => c.input)).toEqual(
      [1e3, 3e3, 1e4].flatMap((t) => [
        { configuration: 'm* = 0 pair', t },
        { configuration: 'm* = 0 pair (decimal.js)', t },
      ]),
    );
  });
});

describe('the declared boundary picks exactly its cases', () => {
  it('t = 1e6 on a constellation', () => {
    const [b] = rateDomain.boundaries!;
    const spec = {
      family: 'simplex',
      p: 4,
      dim: 2,
      form: 'identity',
      delta: 1,
      phiShare: 0,
      noise: 0,
      seed: 1,
    } as const;
    const c: RateCase = { kind: 'constellation', spec, log10t: 6 };
    expect(b!.on(c)).toBe(true);
    expect(b!.on({ ...c, log10t: 5 })).toBe(false);
    expect(b!.on({ kind: 'random', n: 4, d: 2, seed: 1, log10t: 6 })).toBe(false);
  });
  it('a random case reports exactly t, n and d; a constellation exactly t (no undefined fields)', () => {
    expect(rateDomain.values({ kind: 'random', n: 4, d: 2, seed: 1, log10t: 3 })).toStrictEqual({
      log10t: 3,
      n: 4,
      d: 2,
    });
    const spec = {
      family: 'simplex',
      p: 4,
      dim: 2,
      form: 'identity',
      delta: 1,
      phiShare: 0,
      noise: 0,
      seed: 1,
    } as const;
    expect(rateDomain.values({ kind: 'constellation', spec, log10t: 3 })).toStrictEqual({ log10t: 3 });
  });
});

// U = V = simplex of n points: G_ii = 1 = p, G_ij = -1/(n-1) = q. With x = e^b, A = e^{t p},
// B = e^{t q}, dL/db = 0 is x^2 - (n-2) B x - (n-1) A B = 0, so the minimiser is in closed form;
// for t m* large, inf_b L = 2 n sqrt(n-1) e^{-t m*} (1 + O(e^{-t m*})) while L(t b*) = n^2 e^{-t m*}.
describe('inf_b L on the simplex against its closed form', () => {
  const D = hpContext(40);
  /** ln L(b) in decimal.js from the exact Gram of the doubles. */
  function lnLossDecimal(
    x: { rows: number; cols: number; data: Float64Array },
    t: number,
    b: Decimal,
  ): Decimal {
    const n = x.rows;
    const d = x.cols;
    let sum = new D(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let g = new D(0);
        for (let k = 0; k < d; k++)
          g = g.plus(exact(D, x.data[i * d + k]!).times(exact(D, x.data[j * d + k]!)));
        const z = new D(t).times(g).minus(b);
        const arg = i === j ? z.neg() : z;
        sum = sum.plus(arg.exp().plus(1).ln());
      }
    }
    return sum.ln();
  }

  it('n = 3, t = 20: the minimiser lies below t p - (ln(2 N^2) + 1), and ln inf L matches the closed form', () => {
    const n = 3;
    const t = 20;
    const x = simplexEtf(n);
    const A = new D(t).exp();
    const B = new D(-t / (n - 1)).exp();
    const root = B.times(n - 2)
      .plus(
        B.times(n - 2)
          .pow(2)
          .plus(A.times(B).times(4 * (n - 1)))
          .sqrt(),
      )
      .div(2);
    const bOpt = root.ln();
    // the bracket's lower end t max(p, q) - pad would miss it
    expect(bOpt.toNumber()).toBeLessThan(t - (Math.log(2 * n * n) + 1));
    const expected = lnLossDecimal(x, t, bOpt).toNumber();
    const r = infLoss(x, x, t);
    const tol = lnLossTolerance(n, x.cols, t, r.b);
    expect(Math.abs(r.lnL - expected), `ln inf L ${r.lnL}, closed form ${expected}`).toBeLessThanOrEqual(tol);
    // L at t b* is far above: the b* trial alone would not do
    expect(lnLossDecimal(x, t, new D(t * r.bStar)).toNumber() - expected).toBeGreaterThan(0.05);
  });

  it('n = 6, t = 1e4 (the decimal route): the decimal slacks are ln(2 N sqrt(N-1)) and ln(N / (2 sqrt(N-1))) plus tol', () => {
    const n = 6;
    const x = simplexEtf(n);
    const t = 1e4;
    const inf = infLoss(x, x, t);
    expect(t * inf.mStar).toBeGreaterThan(600);
    const tol = lnLossTolerance(n, x.cols, t, inf.b);
    const r = rateHp(x, x, t, inf.b);
    const square = decimalSlacks(r, n, (m) => m * m, inf.lnL, tol);
    // the Gram's rounding (1e-16 an entry) moves ln L by t 1e-16 = 1e-12, far below tol / 4 (1.5e-11)
    const near = tol / 4;
    expect(Math.abs(square.lower - (Math.log(2 * n * Math.sqrt(n - 1)) + tol))).toBeLessThan(near);
    expect(Math.abs(square.upper - (Math.log(n / (2 * Math.sqrt(n - 1))) + tol))).toBeLessThan(near);
    expect(square.rate).toBeGreaterThan(0);
    expect(square.rate).toBeLessThanOrEqual(tol);
    // upper constant N: ln(N e^{-t m*}) - ln(2 N sqrt(N-1) e^{-t m*}) = -ln(2 sqrt(N-1)) < 0
    const linear = decimalSlacks(r, n, (m) => m, inf.lnL, tol);
    expect(Math.abs(linear.upper - (-Math.log(2 * Math.sqrt(n - 1)) + tol))).toBeLessThan(near);
    expect(linear.lower).toBe(square.lower);
    // measureRate takes the smaller of the log-space and decimal slacks
    const m = measureRate(x, x, t, (k) => k * k).detail as { slacks: Record<string, number> };
    expect(m.slacks.upper!).toBeLessThanOrEqual(square.upper);
    expect(m.slacks.lower!).toBeLessThanOrEqual(square.lower);
  });

  it('rateHp takes m* from the smallest positive and the largest negative (G_11 = 0.6 < G_22 = 0.8)', () => {
    const { u, v } = floorPair();
    // G_11 = G_12 = 0.6, G_22 = 0.8, G_21 = -0.8: m* = (0.6 - 0.6)/2 = 0 exactly
    expect(rateHp(u, v, 10, 6).mStar.isZero()).toBe(true);
    const swapped = {
      rows: 2,
      cols: 2,
      data: new Float64Array([v.data[2]!, v.data[3]!, v.data[0]!, v.data[1]!]),
    };
    const us = { rows: 2, cols: 2, data: new Float64Array([u.data[2]!, u.data[3]!, u.data[0]!, u.data[1]!]) };
    expect(rateHp(us, swapped, 10, 6).mStar.isZero()).toBe(true);
  });
});
