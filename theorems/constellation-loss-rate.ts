import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import {
  buildConstellation,
  type ConstellationSpec,
  constellationSpecArbitrary,
} from '../constructions/random-constellation.js';
import { type ClaimDomain, paramArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import { type SharpCase, type SharpnessSpec, withSharpness } from '../src/claims/sharpness.js';
import type { CheckContext, Claim } from '../src/claims/types.js';
import { gramExtremes } from '../src/geometry/margins.js';
import { crossGram } from '../src/numeric/float/gram.js';
import { Rng } from '../src/numeric/float/rng.js';
import { goldenSectionMin } from '../src/numeric/float/golden-section.js';
import { lnSoftplus } from '../src/numeric/float/softplus.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { randomUnitRows } from '../src/numeric/float/vectors.js';
import { exact, hpContext } from '../src/numeric/hp/decimal.js';
import { softplus as softplusHp } from '../src/numeric/hp/softplus.js';

/** log10 range of t in the random cases: t in [1e-2, 1e6], log-uniform, both ends drawn. */
export const LOG10_T_RANGE = [-2, 6] as const;
/** Largest N and d of the random configurations with m* <= 0. */
export const MAX_RANDOM_N = 16;
export const MAX_RANDOM_D = 8;
/** Beyond this t m* the loss underflows float64 (e^-745): the case is re-evaluated in decimal.js. */
export const UNDERFLOW_TM = 600;
/** Significant digits of the decimal.js evaluation. */
export const HP_DIGITS = 30;
/** Golden-section iterations of the minimisation over b (the bracket shrinks by 0.618 each). */
export const GOLDEN_ITERATIONS = 200;

/** ln L_Sig(t, b) (sum normalisation) from the cross-Gram g, by log-sum-exp of ln softplus terms. */
export function lnLossAt(g: Float64Array, n: number, t: number, b: number): number {
  let max = Number.NEGATIVE_INFINITY;
  const terms = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const z = t * g[i * n + j]! - b;
      const x = lnSoftplus(i === j ? -z : z);
      terms[i * n + j] = x;
      if (x > max) max = x;
    }
  }
  let s = 0;
  for (let k = 0; k < n * n; k++) s += Math.exp(terms[k]! - max);
  return max + Math.log(s);
}

/** inf over b of L_Sig(t, b), in log space: the minimiser, ln inf L, and m*. */
export interface InfLoss {
  readonly b: number;
  readonly lnL: number;
  readonly mStar: number;
  readonly bStar: number;
}

/**
 * inf_b L_Sig(t, b) (sum normalisation) by golden section on b, in log space so that nothing
 * underflows. L is convex in b and its minimiser lies in [t min(p, q), t max(p, q)] widened by
 * ln(2 N^2) + 1 (p = min positive, q = max negative). The value at b = t b* is also tried.
 */
export function infLoss(u: Matrix, v: Matrix, t: number): InfLoss {
  const n = u.rows;
  const g = crossGram(u, v);
  const { minPos: p, maxNeg: q } = gramExtremes(g, n);
  const pad = Math.log(2 * n * n) + 1;
  const lo = t * Math.min(p, q) - pad;
  const hi = t * Math.max(p, q) + pad;
  const f = (b: number) => lnLossAt(g, n, t, b);
  const min = goldenSectionMin(f, lo, hi, GOLDEN_ITERATIONS);
  let best = { b: min.x, lnL: min.fx };
  const bStar = (p + q) / 2;
  const atStar = f(t * bStar);
  if (atStar < best.lnL) best = { b: t * bStar, lnL: atStar };
  return { ...best, mStar: (p - q) / 2, bStar };
}

/** The decimal.js evaluation of the rate bounds at (t, b). */
export interface RateHp {
  /** L_Sig(t, b) (sum), from the exact values of the doubles. */
  readonly loss: Decimal;
  /** m* of the exact Gram. */
  readonly mStar: Decimal;
  /** ln(1 + e^{-t m*}) and N^2 times it. */
  readonly lower: Decimal;
  readonly upper: Decimal;
  /** -ln(L)/t. */
  readonly rate: Decimal;
}

/**
 * The Thm 3.2 quantities in decimal.js at `digits` digits: the exact Gram of the doubles, the loss
 * at (t, b), m*, and the two bounds ln(1 + e^{-t m*}) and N^2 ln(1 + e^{-t m*}), where float64
 * underflows (t m* > 745).
 */
export function rateHp(u: Matrix, v: Matrix, t: number, b: number, digits = HP_DIGITS): RateHp {
  const D = hpContext(digits + 10);
  const n = u.rows;
  const d = u.cols;
  const eu = Array.from(u.data, (x) => exact(D, x));
  const ev = Array.from(v.data, (x) => exact(D, x));
  const T = exact(D, t);
  const B = exact(D, b);
  let loss = new D(0);
  let p: Decimal | null = null;
  let q: Decimal | null = null;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = new D(0);
      for (let k = 0; k < d; k++) s = s.plus(eu[i * d + k]!.times(ev[j * d + k]!));
      const z = T.times(s).minus(B);
      if (i === j) {
        loss = loss.plus(softplusHp(D, z.neg()));
        if (p === null || s.lt(p)) p = s;
      } else {
        loss = loss.plus(softplusHp(D, z));
        if (q === null || s.gt(q)) q = s;
      }
    }
  }
  const mStar = p!.minus(q!).div(2);
  const lower = softplusHp(D, T.times(mStar).neg());
  const out = hpContext(digits);
  return {
    loss: new out(loss),
    mStar: new out(mStar),
    lower: new out(lower),
    upper: new out(lower.times(n * n)),
    rate: new out(loss.ln().neg().div(T)),
  };
}

/** One case: a constellation (m* > 0 before noise) or an unstructured random configuration. */
export type RateCase =
  | { readonly kind: 'constellation'; readonly spec: ConstellationSpec; readonly log10t: number }
  | {
      readonly kind: 'random';
      readonly n: number;
      readonly d: number;
      readonly seed: number;
      readonly log10t: number;
    };

const rateParams = {
  log10t: { min: LOG10_T_RANGE[0], max: LOG10_T_RANGE[1], scale: 'linear', corners: [0, 4] },
  n: { min: 2, max: MAX_RANDOM_N, scale: 'log', integer: true },
  d: { min: 1, max: MAX_RANDOM_D, scale: 'linear', integer: true },
} as const;

const log10t = paramArbitrary('log10t', rateParams.log10t);

/** The random cases: exact constellations (the rate law) and random configurations (m* <= 0 law). */
export const rateCaseArbitrary: fc.Arbitrary<RateCase> = fc.oneof(
  fc.record({ kind: fc.constant('constellation' as const), spec: constellationSpecArbitrary(0), log10t }),
  fc.record({
    kind: fc.constant('random' as const),
    n: paramArbitrary('n', rateParams.n),
    d: paramArbitrary('d', rateParams.d),
    seed: fc.integer(),
    log10t,
  }),
);

/** t log-uniform over [1e-2, 1e6] (log10 t uniform) with both ends; random configurations to N = 16. */
export const rateDomain: ClaimDomain<RateCase> = {
  params: rateParams,
  arbitrary: rateCaseArbitrary,
  values: (c) => (c.kind === 'random' ? { log10t: c.log10t, n: c.n, d: c.d } : { log10t: c.log10t }),
  boundaries: [
    { name: 't = 1e6 on a constellation', on: (c) => c.kind === 'constellation' && c.log10t === 6 },
  ],
};

function buildCase(c: RateCase): { u: Matrix; v: Matrix } {
  if (c.kind === 'constellation') return buildConstellation(c.spec);
  const rng = new Rng(c.seed);
  return { u: randomUnitRows(c.n, c.d, rng), v: randomUnitRows(c.n, c.d, rng) };
}

/**
 * Rounding bound on ln L, in log units: d ln softplus(z)/dz <= 1, and z = t G - b carries
 * t gamma_d + |b| u (so do t m* and the bounds); the N^2-term sum adds N^2 u relative. We allow 4x
 * (t (2d + 4) + |b| + N^2 + 2) u.
 */
export function lnLossTolerance(n: number, d: number, t: number, b: number): number {
  return 4 * (t * (2 * d + 4) + Math.abs(b) + n * n + 2) * UNIT_ROUNDOFF;
}

/**
 * The slacks of the two bounds from the decimal.js values (where float64 underflows), and the
 * agreement of the decimal and log-space values of ln inf L (`lnInfL`), each with tolerance `tol`.
 */
export function decimalSlacks(
  r: RateHp,
  n: number,
  upperFactor: (n: number) => number,
  lnInfL: number,
  tol: number,
): { lower: number; upper: number; rate: number } {
  const lnHp = r.loss.ln().toNumber();
  return {
    lower: lnHp - r.lower.ln().toNumber() + tol,
    // r.upper is N^2 times the lower bound: rescale to upperFactor(N)
    upper: r.upper.ln().toNumber() + Math.log(upperFactor(n) / (n * n)) - lnHp + tol,
    rate: tol - Math.abs(lnHp - lnInfL),
  };
}

/** Slack of the three laws on one configuration at one t (`upperFactor` is N^2 in the theorem). */
export function measureRate(
  u: Matrix,
  v: Matrix,
  t: number,
  upperFactor: (n: number) => number,
): { slack: number; detail: Record<string, unknown> } {
  const n = u.rows;
  const inf = infLoss(u, v, t);
  const tol = lnLossTolerance(n, u.cols, t, inf.b);
  if (inf.mStar <= 0) {
    const slack = inf.lnL - Math.log(2 * Math.LN2) + tol;
    return {
      slack,
      detail: { law: 'm* <= 0: inf_b L >= 2 ln 2', t, mStar: inf.mStar, lnInfL: inf.lnL, tolerance: tol },
    };
  }
  const lnLower = lnSoftplus(-t * inf.mStar);
  const lnUpper = Math.log(upperFactor(n)) + lnLower;
  const rate = -inf.lnL / t;
  // From the bounds: ln2 e^{-x} <= ln(1 + e^{-x}) <= e^{-x}, so |rate - m*| <= (2 ln N + ln(1/ln 2)) / t.
  const rateTol = (Math.log(upperFactor(n)) - Math.log(Math.LN2) + tol) / t;
  const slacks = {
    lower: inf.lnL - lnLower + tol,
    upper: lnUpper - inf.lnL + tol,
    rate: rateTol - Math.abs(rate - inf.mStar),
  };
  let hp: Record<string, string> | undefined;
  if (t * inf.mStar > UNDERFLOW_TM) {
    const r = rateHp(u, v, t, inf.b);
    const dec = decimalSlacks(r, n, upperFactor, inf.lnL, tol);
    slacks.lower = Math.min(slacks.lower, dec.lower);
    slacks.upper = Math.min(slacks.upper, dec.upper);
    slacks.rate = Math.min(slacks.rate, dec.rate);
    hp = {
      loss: r.loss.toString(),
      lower: r.lower.toString(),
      upper: r.upper.toString(),
      rate: r.rate.toString(),
    };
  }
  const slack = Math.min(slacks.lower, slacks.upper, slacks.rate);
  return {
    slack,
    detail: {
      law: 'ln(1+e^{-t m*}) <= inf_b L <= N^2 ln(1+e^{-t m*})',
      t,
      mStar: inf.mStar,
      bOpt: inf.b,
      lnInfL: inf.lnL,
      lnLower,
      lnUpper,
      rate,
      slacks,
      tolerance: tol,
      ...(hp ? { decimal: hp } : {}),
    },
  };
}

/** The claim's check with upper constant upperFactor(N): property cases, then the floor where it is attained. */
export function check(ctx: CheckContext, id: string, upperFactor: (n: number) => number) {
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: rateCaseArbitrary,
    metric:
      'min(ln inf L - ln lower, ln upper - ln inf L, rate tol - |rate - m*|) + tol (m* > 0); ln inf L - ln(2 ln 2) + tol (m* <= 0)',
    measure: (c) => {
      const { u, v } = buildCase(c);
      return measureRate(u, v, 10 ** c.log10t, upperFactor);
    },
    examples: [
      // simplex U = V at t = 1e4: all negatives equal, the upper bound N^2 is tight at b = t b*
      {
        kind: 'constellation',
        spec: { family: 'simplex', p: 6, dim: 2, form: 'identity', delta: 1, phiShare: 0, noise: 0, seed: 1 },
        log10t: 4,
      },
    ],
  });
  return withSharpness(ctx, property, rateSharpness(id, upperFactor));
}

/**
 * A configuration with m* = 0 exactly where the floor 2 ln 2 is attained as t grows: U_1 = (1, 0),
 * V_1 = (0.6, 0.8), U_2 = (0, -1), V_2 = (0.6, -0.8) give G_11 = G_12 = 0.6 (the same products),
 * G_22 = 0.8, G_21 = -0.8. At b = 0.6 t, L = 2 ln 2 + softplus(-0.2 t) + softplus(-1.4 t), so
 * 0 <= ln inf_b L - ln(2 ln 2) <= e^{-0.2 t} / ln 2 (below 1e-86 at t >= 1e3).
 */
export function floorPair(): { u: Matrix; v: Matrix } {
  return {
    u: { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, -1]) },
    v: { rows: 2, cols: 2, data: new Float64Array([0.6, 0.8, 0.6, -0.8]) },
  };
}

/** Values of t at which the floor is checked as attained (the remainder e^{-0.2 t} is far below u). */
export const FLOOR_T = [1e3, 3e3, 1e4] as const;

/**
 * The tight side of the floor: at the m* = 0 pair, ln inf_b L must meet the claim's own floor to
 * within its tolerance, and the decimal.js value of L at b = 0.6 t must meet 2 ln 2 evaluated in
 * decimal.js (the constant from an independent route). A looser floor (ln 2, say) misses by ln 2.
 */
export function floorSharpCases(upperFactor: (n: number) => number): SharpCase[] {
  const { u, v } = floorPair();
  const out: SharpCase[] = [];
  for (const t of FLOOR_T) {
    const r = measureRate(u, v, t, upperFactor);
    const tol = r.detail.tolerance as number;
    const hp = rateHp(u, v, t, 0.6 * t, HP_DIGITS);
    const D = hpContext(HP_DIGITS);
    const floorHp = new D(2).times(new D(2).ln()).ln();
    const gapHp = hp.loss.ln().minus(floorHp).toNumber();
    out.push({
      input: { configuration: 'm* = 0 pair', t },
      gap: r.slack - tol,
      tolerance: tol,
      applies: true,
      row: { t, lnInfL: r.detail.lnInfL, slack: r.slack, tolerance: tol, gapDecimal: gapHp },
    });
    out.push({
      input: { configuration: 'm* = 0 pair (decimal.js)', t },
      gap: gapHp,
      tolerance: tol,
      applies: true,
      row: { t, lnLossDecimal: hp.loss.ln().toString(), lnFloorDecimal: floorHp.toString() },
    });
  }
  return out;
}

function rateSharpness(id: string, upperFactor: (n: number) => number): SharpnessSpec {
  return {
    claimId: id,
    metric:
      "ln inf_b L - floor (the claim's 2 ln 2) at the m* = 0 pair, t = 1e3, 3e3, 1e4 (attains the floor)",
    cases: () => floorSharpCases(upperFactor),
  };
}

/** The rate of the antipodal pair U = V = (1), (-1) at t (N = 2, m* = 1, b* = 0): -ln(4 softplus(-t))/t. */
export function antipodalRate(t: number): number {
  const x = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
  const r = rateHp(x, x, t, 0);
  return r.rate.toNumber();
}

const common = {
  source: { paper: 'BBNP25', ref: 'Thm 3.2 (rate form derived, docs/theory.md §2)' },
  tolerance: {
    kind: 'bound',
    value: '4 (t (2d + 4) + |b| + N^2 + 2) u in ln L, u = 2^-53',
    why: 'd ln softplus / dz <= 1 and z = t G - b carries t gamma_d + |b| u; the N^2-term log-sum-exp adds N^2 u',
  },
  defaultRuns: 60,
  domain: rateDomain,
} as const;

/** constellation-loss-rate: inf_b L lies in [ln(1+e^{-t m*}), N^2 ln(1+e^{-t m*})]; m* <= 0 gives >= 2 ln 2. */
export const claim: Claim = {
  id: 'constellation-loss-rate',
  title:
    'Loss rate: ln(1+e^{-t m*}) <= inf_b L <= N^2 ln(1+e^{-t m*}) for m* > 0; inf_b L >= 2 ln 2 for m* <= 0',
  ...common,
  hypotheses: [
    'U_i, V_i unit vectors',
    'normalisation sum',
    't in [1e-2, 1e4]',
    'm* > 0 for the rate, m* <= 0 for the floor',
  ],
  statement:
    'For m* > 0: ln(1+e^{-t m*}) <= inf_b L_Sig(t, b) <= N^2 ln(1+e^{-t m*}) (upper attained at b = t b*), so -ln(inf_b L)/t -> m* with |rate - m*| <= (2 ln N + ln(1/ln 2))/t. For m* <= 0: L >= 2 ln 2 for all t, b. Evaluated in log space, and in decimal.js where float64 underflows.',
  latex:
    '\\ln(1+e^{-t m^*}) \\le \\inf_b L(t,b) \\le N^2 \\ln(1+e^{-t m^*});\\quad m^* \\le 0 \\Rightarrow L \\ge 2\\ln 2',
  examples: [
    {
      name: 'antipodal pair at t = 1e4: rate = 1 - ln(4)/1e4 (decimal.js; e^-1e4 underflows float64)',
      expected: 1 - Math.log(4) / 1e4,
      from: 'by hand: by symmetry b = 0 is optimal, inf L = 4 ln(1 + e^-t), -ln(4 e^-t (1 - e^-t/2))/t',
      tolerance: 1e-15,
      run: () => antipodalRate(1e4),
    },
    {
      name: 'antipodal pair at t = 1: inf_b ln L = ln(4 ln(1 + e^-1))',
      expected: Math.log(4 * Math.log1p(Math.exp(-1))),
      from: 'by hand: L(b) = 2 softplus(b - 1) + 2 softplus(-1 - b), symmetric and convex in b, minimum at b = 0',
      tolerance: 1e-12,
      run: () => {
        const x = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
        return infLoss(x, x, 1).lnL;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'constellation-loss-rate', (n) => n * n),
};

/** Must-refute variant: the upper constant N in place of N^2. */
export const upperN: Claim = {
  id: 'constellation-loss-rate/upper-n',
  title: 'Must refute: inf_b L <= N ln(1+e^{-t m*}) (N in place of N^2)',
  ...common,
  hypotheses: ['as constellation-loss-rate'],
  statement:
    'As constellation-loss-rate with upper constant N: the simplex at large t has inf_b L ~ 2 N sqrt(N-1) e^{-t m*}.',
  latex: '\\inf_b L(t,b) \\overset{?}{\\le} N \\ln(1+e^{-t m^*})',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'constellation-loss-rate', change: 'upper constant N^2 replaced by N' },
  check: (ctx) => check(ctx, 'constellation-loss-rate/upper-n', (n) => n),
};
