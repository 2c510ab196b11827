import type { Decimal } from 'decimal.js';
import { exact, hpContext, type DecimalCtor } from '../src/numeric/hp/decimal.js';
import { sigmoid, softplus } from '../src/numeric/hp/softplus.js';
import { ccemOptimum } from './ccem.js';

/**
 * decimal.js twins of the CCEM loss along x = c1 (THEORY.md section 1), with the same names as the
 * float64 functions in `ccem.ts` plus `Hp` (STYLE rule 4). Every function takes the Decimal
 * constructor `D` whose precision it works at; callers add guard digits.
 */

/** A real input: a Decimal, a decimal string (exact), or a double (converted exactly). */
export type HpReal = Decimal | string | number;

/** `x` as a Decimal of `D`: doubles exactly (never the shortest round-trip string). */
export function toHp(D: DecimalCtor, x: HpReal): Decimal {
  if (typeof x === 'number') return exact(D, x);
  return new D(x);
}

/** c2(x) = ((N-2) x - N) / (2(N-1)) in decimal. */
export function c2OfC1Hp(_D: DecimalCtor, n: number, x: Decimal): Decimal {
  return x
    .times(n - 2)
    .minus(n)
    .div(2 * (n - 1));
}

/** f(x) = softplus(b - t x) + (N-1) softplus(t c2(x) - b), per-anchor, in decimal. */
export function ccemLossHp(D: DecimalCtor, n: number, t: Decimal, b: Decimal, x: Decimal): Decimal {
  const pos = softplus(D, b.minus(t.times(x)));
  const neg = softplus(D, t.times(c2OfC1Hp(D, n, x)).minus(b));
  return pos.plus(neg.times(n - 1));
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

/**
 * f''(x) = t^2 [ s'(b - t x) + ((N-2)^2 / (4(N-1))) s'(t c2(x) - b) ] with s' = s(1 - s) > 0, so
 * f is strictly convex on the whole real line (used by the Newton solve).
 */
export function ccemLossSecondDerivativeHp(
  D: DecimalCtor,
  n: number,
  t: Decimal,
  b: Decimal,
  x: Decimal,
): Decimal {
  const a = sigmoid(D, b.minus(t.times(x)));
  const c = sigmoid(D, t.times(c2OfC1Hp(D, n, x)).minus(b));
  const one = new D(1);
  const k = new D((n - 2) * (n - 2)).div(4 * (n - 1));
  return t.times(t).times(a.times(one.minus(a)).plus(k.times(c).times(one.minus(c))));
}

/** delta(x) = sqrt((1 - x)/(1 + x)) in decimal (Infinity at x = -1). */
export function deltaOfC1Hp(D: DecimalCtor, x: Decimal): Decimal {
  const one = new D(1);
  if (x.lte(-1)) return new D(Infinity);
  return one.minus(x).div(one.plus(x)).sqrt();
}

/** The t = b thresholds in decimal: T_ETF = ((N-1)/N) ln(N-3), T_ANTI = (1/2) ln((N-2)/2). */
export interface CcemThresholdsHp {
  readonly etf: Decimal;
  readonly antipodal: Decimal;
}

/**
 * The LCS24 closed forms evaluated in decimal (0 for N = 3, 4, as `ccemThresholds`: ETF for every
 * t > 0, never antipodal).
 * @remarks LCS24 thresholds; THEORY.md section 1.
 */
export function ccemThresholdsHp(D: DecimalCtor, n: number): CcemThresholdsHp {
  if (n <= 4) return { etf: new D(0), antipodal: new D(0) };
  return {
    etf: new D(n - 1).div(n).times(new D(n - 3).ln()),
    antipodal: new D(n - 2).div(2).ln().div(2),
  };
}

/** The CCEM optimum in decimal. */
export interface CcemOptimumHp {
  readonly regime: 'etf' | 'interior' | 'antipodal';
  readonly c1: Decimal;
  readonly c2: Decimal;
  readonly delta: Decimal;
  /** Per-anchor loss f(c1*). */
  readonly loss: Decimal;
  /** Newton iterations used (0 at an endpoint). */
  readonly iterations: number;
}

/** Options of {@link ccemOptimumHp}. */
export interface CcemOptimumHpOptions {
  /** Root finder for the interior case. @defaultValue 'newton' */
  readonly method?: 'newton' | 'bisection';
  /** Guard digits added to the requested precision. @defaultValue 12 */
  readonly guard?: number;
}

const MAX_NEWTON = 200;

/**
 * min over x in [-1, 1] of f(x) at `digits` significant digits. Regime from the sign of f'(+-1)
 * (ETF iff f'(1) <= 0, antipodal iff f'(-1) >= 0: f is strictly convex); otherwise the root of f':
 * safeguarded Newton (default; started from the float64 bisection and kept inside a shrinking
 * bracket) or plain bisection (the independent route the tests compare against). Results are
 * rounded to `digits`; the work is done at `digits + guard`.
 * @remarks LCS24 optimality theorem; THEORY.md section 1.
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
  const W = hpContext(digits + guard);
  const tw = toHp(W, t);
  const bw = toHp(W, b);
  if (!tw.isPositive() || tw.isZero())
    throw new RangeError(`ccemOptimumHp: t must be > 0, got ${tw.toString()}`);
  const one = new W(1);
  const out = (regime: CcemOptimumHp['regime'], x: Decimal, iterations: number): CcemOptimumHp => {
    const R = hpContext(digits);
    // the Decimal constructor does not round: round explicitly to `digits`
    const round = (y: Decimal) => new R(y.isFinite() ? y.toSignificantDigits(digits) : y);
    return {
      regime,
      c1: round(x),
      c2: round(c2OfC1Hp(W, n, x)),
      delta: round(deltaOfC1Hp(W, x)),
      loss: round(ccemLossHp(W, n, tw, bw, x)),
      iterations,
    };
  };
  if (ccemLossDerivativeHp(W, n, tw, bw, one).lte(0)) return out('etf', one, 0);
  if (ccemLossDerivativeHp(W, n, tw, bw, one.neg()).gte(0)) return out('antipodal', one.neg(), 0);
  let lo = one.neg();
  let hi = one;
  // stop when the bracket (or the Newton step) is below half an ulp of the working precision
  const eps = new W(10).pow(-(digits + guard - 2));
  if (method === 'bisection') {
    let k = 0;
    while (hi.minus(lo).gt(eps)) {
      const mid = lo.plus(hi).div(2);
      if (ccemLossDerivativeHp(W, n, tw, bw, mid).lt(0)) lo = mid;
      else hi = mid;
      k++;
    }
    return out('interior', lo.plus(hi).div(2), k);
  }
  const start = ccemOptimum(n, Number(tw.toString()), Number(bw.toString())).c1;
  let x = exact(W, Math.min(Math.max(start, -1 + 2 ** -52), 1 - 2 ** -53));
  for (let k = 1; k <= MAX_NEWTON; k++) {
    const g = ccemLossDerivativeHp(W, n, tw, bw, x);
    if (g.isZero()) return out('interior', x, k);
    if (g.lt(0)) lo = x;
    else hi = x;
    const h = ccemLossSecondDerivativeHp(W, n, tw, bw, x);
    let next = x.minus(g.div(h));
    if (!(next.gt(lo) && next.lt(hi))) next = lo.plus(hi).div(2);
    const step = next.minus(x).abs();
    x = next;
    if (step.lte(eps)) return out('interior', x, k);
  }
  throw new RangeError(`ccemOptimumHp: Newton did not converge for N = ${n}, t = ${tw}, b = ${bw}`);
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
