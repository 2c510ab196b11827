import { Decimal } from 'decimal.js';
import { type DecimalCtor, exactDecimalString, hpContext } from '../../src/numeric/hp/decimal.js';
import { lnHp } from '../../src/numeric/hp/log.js';
import { sigmoid, softplus } from '../../src/numeric/hp/softplus.js';
import { UsageError } from '../../src/errors.js';
import { ccemInteriorRoot } from '../ccem.js';
import {
  type CcemRegime,
  ccemRegimeCertified,
  decisionErrorBound,
  logDerivativeRatioHp,
} from '../ccem-regime.js';

/**
 * decimal.js twins of the CCEM loss along x = c1 (docs/theory.md §1), with the same names as the
 * float64 functions in `ccem.ts` plus `Hp` (STYLE rule 4). Every function takes the Decimal
 * constructor `D` whose precision it works at; callers add guard digits.
 */

/** A real input: a Decimal, a decimal string (exact), or a double (converted exactly). */
export type HpReal = Decimal | string | number;

/** c2(x) = ((N-2) x - N) / (2(N-1)) in decimal. */
export function c2OfC1Hp(_D: DecimalCtor, n: number, x: Decimal): Decimal {
  return x
    .times(n - 2)
    .minus(n)
    .div(2 * (n - 1));
}

/** f'(x) = t [ -sigma(b - t x) + ((N-2)/2) sigma(t c2(x) - b) ] in decimal. */
export function ccemLossDerivativeHp(D: DecimalCtor, n: number, t: Decimal, b: Decimal, x: Decimal): Decimal {
  const a = sigmoid(D, b.minus(t.times(x)));
  const c = sigmoid(D, t.times(c2OfC1Hp(D, n, x)).minus(b));
  return t.times(
    c
      .times(n - 2)
      .div(2)
      .minus(a),
  );
}

/** The t = b thresholds in decimal: T_ETF = ((N-1)/N) ln(N-3), T_ANTI = (1/2) ln((N-2)/2). */
export interface CcemThresholdsHp {
  readonly etf: Decimal;
  readonly antipodal: Decimal;
}

/**
 * The LCS24 closed forms evaluated in decimal, as `ccemThresholds` (T_ETF(3) = -Infinity).
 * @remarks LCS24 thresholds; docs/theory.md §1.
 */
export function ccemThresholdsHp(D: DecimalCtor, n: number): CcemThresholdsHp {
  if (n === 3) return { etf: new D(Number.NEGATIVE_INFINITY), antipodal: lnHp(D, new D(0.5)).div(2) };
  return {
    etf: new D(n - 1).div(n).times(lnHp(D, new D(n - 3))),
    antipodal: lnHp(D, new D(n - 2).div(2)).div(2),
  };
}

/** The CCEM optimum in decimal. */
export interface CcemOptimumHp {
  readonly regime: CcemRegime;
  readonly c1: Decimal;
  /** 1 - c1*, to full relative precision (c1* rounds to 1 near the ETF threshold). */
  readonly oneMinusC1: Decimal;
  readonly c2: Decimal;
  readonly delta: Decimal;
  /** Per-anchor loss f(c1*). */
  readonly loss: Decimal;
  /** log10 f(c1*). */
  readonly log10Loss: Decimal;
  /** Root-finder evaluations of the sign of f' (0 at an endpoint or in closed form). */
  readonly iterations: number;
  /**
   * Whether the interior root's bracket closed to the requested digits (always so at an endpoint and
   * in closed form). False only with `uncertified: 'return'`, when the solve stopped at its cap or
   * at its precision ceiling: the point is then the last iterate.
   */
  readonly certified: boolean;
}

/** Options of {@link ccemOptimumHp}. */
export interface CcemOptimumHpOptions {
  /** Root finder for the interior case. @defaultValue 'newton' */
  readonly method?: 'newton' | 'bisection';
  /** Guard digits added to the requested precision (more are added near an endpoint). @defaultValue 12 */
  readonly guard?: number;
  /**
   * Evaluations the interior solve may take before it stops, its bracket then uncertified. A converging
   * solve takes tens; tests pass a tight cap, so that a broken one fails in milliseconds.
   * @defaultValue 20 times the largest working precision (digits + guard + y's leading zeros + 400)
   */
  readonly maxIterations?: number;
  /**
   * A solve that stops before its bracket closes (the cap, or the working precision's ceiling):
   * 'refuse' throws a {@link UsageError} saying so, 'return' gives the last iterate with
   * `certified: false` (tests that cap the solve read it). @defaultValue 'refuse'
   */
  readonly uncertified?: 'refuse' | 'return';
}

/** Precision of the first Newton steps; it doubles up to the working precision. */
const FIRST_DIGITS = 30;
/** Extra digits the working precision may grow by when the root is not yet certified. */
const MAX_EXTRA_DIGITS = 400;

/** A decimal string of `x` (exact for doubles). */
function decimalText(x: HpReal): string {
  if (typeof x === 'number') return exactDecimalString(x);
  return typeof x === 'string' ? x : x.toString();
}

/** Digits a decimal string spans (from its leading digit to its last one). */
function span(x: Decimal): number {
  return x.isZero() ? 1 : x.e - (x.e - x.sd() + 1) + 1;
}

/**
 * The CCEM quantities at x = e (1 - y), y = 1 - e x, each formed without cancellation in y:
 * c1 = e (1 - y), c2 = -1/(N-1) - k or -1 + k with k = (N-2) y / (2(N-1)), delta^2 = y / (2 - y)
 * (e = 1) or (2 - y) / y (e = -1), A = t c2 - b, B = b - t x.
 */
function pointHp(D: DecimalCtor, n: number, t: Decimal, b: Decimal, e: 1 | -1, y: Decimal) {
  const k = y.times(n - 2).div(2 * (n - 1));
  const c2 = e === 1 ? new D(-1).div(n - 1).minus(k) : k.minus(1);
  const c1 = e === 1 ? new D(1).minus(y) : y.minus(1);
  const x = e === 1 ? y.neg().plus(1) : y.minus(1);
  return { c1, c2, a: t.times(c2).minus(b), bb: b.minus(t.times(x)) };
}

/**
 * min over x in [-1, 1] of f(x) at `digits` significant digits. The regime is decided exactly or
 * from a certified enclosure ({@link ccemRegimeCertified}); N = 4 has the closed form
 * c1* = (1 + 3b/t)/2. Otherwise the root of f' is found in the offset y = 1 - e x from the nearer
 * endpoint e = +-1 (so 1 -+ c1 and delta keep all their digits near the thresholds), on the
 * log-space sign g = ln((N-2)/2) + logsigma(A) - logsigma(B) of f', which never underflows, by a
 * safeguarded root finder: the bracket [lo, hi] (g of opposite certified signs) is always kept;
 * Newton steps (g' at half the digits) at a precision that doubles up to the working one, a bisection
 * whenever a step leaves the bracket or the steps stop halving; near the root, probes at
 * +-tol/2 certify the bracket. Signs count only when |g| clears its error bound
 * ({@link decisionErrorBound}); if the working precision cannot certify the bracket it grows.
 * `method: 'bisection'` uses bisection only (the independent route the tests compare against).
 * Results are rounded to `digits`.
 * @remarks LCS24 optimality theorem; docs/theory.md §1.
 */
export function ccemOptimumHp(
  n: number,
  t: HpReal,
  b: HpReal,
  digits: number,
  options: CcemOptimumHpOptions = {},
): CcemOptimumHp {
  const method = options.method ?? 'newton';
  const guard = options.guard ?? 12;
  if (!(Number.isInteger(n) && n >= 3))
    throw new RangeError(`ccemOptimumHp: N must be an integer >= 3, got ${n}`);
  const tText = decimalText(t);
  const bText = decimalText(b);
  const X = hpContext(digits + guard);
  if (!new X(tText).isPositive() || new X(tText).isZero())
    throw new RangeError(`ccemOptimumHp: t must be > 0, got ${tText}`);
  const regime = ccemRegimeCertified(n, tText, bText).regime;
  const out = (
    W: DecimalCtor,
    e: 1 | -1,
    y: Decimal,
    iterations: number,
    certified = true,
  ): CcemOptimumHp => {
    const tw = new W(tText).plus(0);
    const bw = new W(bText).plus(0);
    const q = pointHp(W, n, tw, bw, e, y);
    const delta =
      y.isZero() && e === -1
        ? new W(Infinity)
        : e === 1
          ? y.div(new W(2).minus(y)).sqrt()
          : new W(2).minus(y).div(y).sqrt();
    const loss = softplus(W, q.bb).plus(softplus(W, q.a).times(n - 1));
    const R = hpContext(digits);
    const round = (v: Decimal) => new R(v.isFinite() ? v.toSignificantDigits(digits) : v);
    return {
      regime,
      c1: round(q.c1),
      oneMinusC1: round(e === 1 ? y : new W(2).minus(y)),
      c2: round(q.c2),
      delta: round(delta),
      loss: round(loss),
      log10Loss: round(lnHp(W, loss).div(lnHp(W, new W(10)))),
      iterations,
      certified,
    };
  };
  if (regime === 'etf') return out(X, 1, new X(0), 0);
  if (regime === 'antipodal') return out(X, -1, new X(0), 0);
  if (n === 4) {
    // f' = 0 iff t c2(x) - b = b - t x (the sigmoids agree), x = (1 + 3b/t)/2; in y exactly
    const E = hpContext(digits + guard + span(new X(tText)) + span(new X(bText)) + 10);
    const tx = new E(tText);
    const bx = new E(bText);
    const e: 1 | -1 = bx.isNegative() ? -1 : 1;
    const y = e === 1 ? tx.minus(bx.times(3)).div(tx.times(2)) : tx.plus(bx).times(3).div(tx.times(2));
    return out(X, e, new X(y), 0);
  }
  const root = solveInterior(n, tText, bText, digits, guard, method, options.maxIterations);
  if (!root.certified && (options.uncertified ?? 'refuse') === 'refuse')
    throw new UsageError(
      `ccemOptimumHp: the optimum at N = ${n}, t = ${tText}, b = ${bText} could not be certified to ${digits} digits (the solve stopped after ${root.iterations} evaluations at ${root.digits} working digits); ask for fewer digits`,
    );
  return out(hpContext(root.digits), root.e, root.y, root.iterations, root.certified);
}

/** g'(x) = t [ (N-2)/(2(N-1)) sigma(-A) + sigma(-B) ] > 0 at `digits` digits (the Newton slope). */
function slopeHp(n: number, tText: string, bText: string, e: 1 | -1, y: Decimal, digits: number): Decimal {
  const S = hpContext(digits);
  const t = new S(tText).plus(0);
  const q = pointHp(S, n, t, new S(bText).plus(0), e, new S(y));
  const k = new S(n - 2).div(2 * (n - 1));
  return t.times(k.times(sigmoid(S, q.a.neg())).plus(sigmoid(S, q.bb.neg())));
}

function solveInterior(
  n: number,
  tText: string,
  bText: string,
  digits: number,
  guard: number,
  method: 'newton' | 'bisection',
  maxIterations: number | undefined,
): { e: 1 | -1; y: Decimal; digits: number; iterations: number; certified: boolean } {
  // start: the float64 root (its side e and offset y) when t, b are ordinary doubles
  const tf = Number(tText);
  const bf = Number(bText);
  let e: 1 | -1 = 1;
  let y0 = 0.5;
  if (Number.isFinite(tf) && tf > 0 && Number.isFinite(bf)) {
    const r = ccemInteriorRoot(n, tf, bf);
    e = r.e;
    y0 = r.y > 0 ? r.y : 2 ** -1074;
  } else {
    const S = hpContext(FIRST_DIGITS);
    const q = pointHp(S, n, new S(tText).plus(0), new S(bText).plus(0), 1, new S(1));
    e = logDerivativeRatioHp(S, lnHp(S, new S(n - 2).div(2)), q.a, q.bb).isNegative() ? 1 : -1;
  }
  let yStart = new (hpContext(20))(y0.toPrecision(17));
  if (y0 < 1e-10) {
    // the root hugs the endpoint (the doubles may even fall on the other side of a threshold): h is
    // nearly linear there, so one Newton step from y = 0 in decimal gives its order of magnitude
    const S = hpContext(digits + guard + 40);
    const ts = new S(tText).plus(0);
    const bs = new S(bText).plus(0);
    const L = lnHp(S, new S(n - 2).div(2));
    const q = pointHp(S, n, ts, bs, e, new S(0));
    const h0 = logDerivativeRatioHp(S, L, q.a, q.bb).times(-e);
    if (h0.isNegative() && h0.abs().gt(decisionErrorBound(S, ts, bs, L)))
      yStart = h0.neg().div(slopeHp(n, tText, bText, e, new S(0), 20));
  }
  // the digits of y below its leading one are guard digits for c1 = e (1 - y)
  let P = digits + guard + Math.max(0, -yStart.e);
  const Pmax = P + MAX_EXTRA_DIGITS;
  const Wmax = hpContext(Pmax);
  let lo = new Wmax(0);
  let hi = new Wmax(2);
  let y = new Wmax(yStart);
  let p = method === 'newton' ? Math.min(FIRST_DIGITS, P) : P;
  let iterations = 0;
  let lastStep: Decimal | undefined;
  // points tol/2 either side of a root estimate: certified, they close the bracket
  let probes: Decimal[] = [];
  let center = y;
  let probeFailed = false;
  let probing = false;
  // relative to y near the endpoint; relative to 1 - y (that is to c1) unless c1 is below 10^-guard
  const scaleOf = (v: Decimal) => {
    const floor = new Wmax(10).pow(-guard);
    const c = v.minus(1).abs();
    return Decimal.min(v.abs(), c.gt(floor) ? c : floor);
  };
  const constants = new Map<number, { tw: Decimal; bw: Decimal; L: Decimal }>();
  const constantsAt = (W: DecimalCtor) => {
    let c = constants.get(W.precision);
    if (!c) {
      c = { tw: new W(tText).plus(0), bw: new W(bText).plus(0), L: lnHp(W, new W(n - 2).div(2)) };
      constants.set(W.precision, c);
    }
    return c;
  };
  const startProbes = (c: Decimal, tol: Decimal) => {
    center = c;
    probes = [c.plus(tol.div(2)), c.minus(tol.div(2))];
    probeFailed = false;
    probing = true;
  };
  const cap = maxIterations ?? 20 * Pmax;
  for (let iter = 0; iter < cap; iter++) {
    const W = hpContext(p);
    const { tw, bw, L } = constantsAt(W);
    const q = pointHp(W, n, tw, bw, e, new W(y));
    // h(y) = -e g(x(y)) increases with y
    const h = logDerivativeRatioHp(W, L, q.a, q.bb).times(-e);
    const err = decisionErrorBound(W, tw, bw, L);
    iterations++;
    const certified = h.abs().gt(err);
    if (certified) {
      if (h.isNegative()) lo = y;
      else hi = y;
    }
    const tol = new Wmax(10).pow(-(digits + 2)).times(scaleOf(y));
    if (hi.minus(lo).lte(tol)) break;
    if (!certified && p < P) {
      p = Math.min(2 * p, P);
      continue;
    }
    let next: Decimal | undefined;
    if (probing) {
      if (!certified) probeFailed = true;
      while (probes.length > 0 && next === undefined) {
        const c = probes.shift()!;
        if (c.gt(lo) && c.lt(hi)) next = c;
      }
      if (next === undefined && probeFailed) {
        // the working precision cannot certify tol/2 from the root: more digits, probe again
        if (P >= Pmax) break;
        P = Math.min(P + 20, Pmax);
        p = P;
        startProbes(center, tol);
        next = probes.shift()!;
      }
      if (next !== undefined) {
        y = next;
        continue;
      }
      // both probes certified on one side: the root is further away; Newton again from here
      probing = false;
    }
    if (!certified) {
      // at the working precision y is within the rounding noise of the root
      startProbes(y, tol);
      probes = probes.filter((c) => c.gt(lo) && c.lt(hi));
      if (probes.length === 0) break;
      y = probes.shift()!;
      continue;
    }
    if (method === 'bisection') next = lo.plus(hi).div(2);
    else {
      // the slope to half the digits keeps the convergence quadratic
      const step = new Wmax(h).div(slopeHp(n, tText, bText, e, y, Math.ceil(p / 2) + 5));
      next = y.minus(step);
      const small = step.abs().lt(new Wmax(10).pow(4 - Math.ceil(p / 2)).times(scaleOf(y)));
      if (small && p < P) p = Math.min(2 * p, P);
      else if (small && next.gt(lo) && next.lt(hi)) {
        // quadratic convergence puts the root within tol/4 of next: probe either side
        startProbes(next, tol);
        probes = probes.filter((c) => c.gt(lo) && c.lt(hi));
        if (probes.length > 0) {
          y = probes.shift()!;
          continue;
        }
        probing = false;
      }
      // Newton steps that do not halve are not converging: bisect (the safeguard)
      const stalled = lastStep !== undefined && p === P && step.abs().gt(lastStep.div(2));
      lastStep = stalled ? undefined : step.abs();
      if (!(next.gt(lo) && next.lt(hi)) || stalled) next = lo.plus(hi).div(2);
    }
    y = next;
  }
  const certified = hi.minus(lo).lte(new Wmax(10).pow(-(digits + 2)).times(scaleOf(y)));
  return { e, y: certified ? lo.plus(hi).div(2) : y, digits: P, iterations, certified };
}

/**
 * Locates a t = b transition by bisection in t on the sign of f'(x0; t, b = t) with x0 = 1 (ETF
 * edge) or x0 = -1 (antipodal edge): the t where the root of f'(x) = 0 crosses the endpoint.
 * Independent of the closed forms (only sigmoids are evaluated). N >= 5.
 */
export function locateTransitionHp(
  n: number,
  edge: 'etf' | 'antipodal',
  digits: number,
  guard = 12,
): Decimal {
  if (!(Number.isInteger(n) && n >= 5)) throw new RangeError(`locateTransitionHp: needs N >= 5, got ${n}`);
  const W = hpContext(digits + guard);
  const x0 = new W(edge === 'etf' ? 1 : -1);
  // at the ETF edge f'(1; t) goes from > 0 to <= 0 as t grows; at the antipodal edge f'(-1; t)
  // goes from >= 0 to < 0. Both cross once (the closed forms are monotone in t).
  const sign = (t: Decimal) => ccemLossDerivativeHp(W, n, t, t, x0).div(t);
  let lo = new W(0).plus(new W(10).pow(-30));
  let hi = new W(1);
  while (sign(hi).gt(0) || (edge === 'antipodal' && sign(hi).gte(0))) hi = hi.times(2);
  const eps = new W(10).pow(-(digits + guard - 2));
  while (hi.minus(lo).gt(eps.times(hi))) {
    const mid = lo.plus(hi).div(2);
    const s = sign(mid);
    if (s.gt(0) || (edge === 'antipodal' && s.isZero())) lo = mid;
    else hi = mid;
  }
  return new (hpContext(digits))(lo.plus(hi).div(2).toSignificantDigits(digits));
}

/** Precision (significant digits) `a` and `b` agree to: -log10(|a - b| / |b|), capped at 1000. */
export function agreeingDigits(a: Decimal, b: Decimal): number {
  const D = hpContext(Math.max(a.precision(), b.precision()) + 5);
  const diff = new D(a).minus(new D(b)).abs();
  if (diff.isZero()) return 1000;
  const scale = new D(b).abs();
  const rel = scale.isZero() ? diff : diff.div(scale);
  return Math.min(1000, -rel.log(10).toNumber());
}
