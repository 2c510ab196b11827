import type { Matrix } from '../src/numeric/float/vectors.js';
import { zeros } from '../src/numeric/float/vectors.js';
import { exactDecimalString } from '../src/numeric/hp/decimal.js';
import { lnSoftplus, logSigmoid, sigmoid, softplus } from '../src/numeric/float/softplus.js';
import { type CcemRegime, ccemRegimeCertified } from './ccem-regime.js';
import { simplexEtf } from './simplex-etf.js';

/**
 * The double-constant embedding model CCEM(delta): U_i = (w_i, +delta) / sqrt(1 + delta^2),
 * V_i = (w_i, -delta) / sqrt(1 + delta^2), w the simplex ETF in R^{d-1}. delta = 0 is the ETF
 * (U = V); delta = Infinity is antipodal (all U_i = e, all V_i = -e).
 * @remarks LCS24 Definition (double-constant embedding); docs/theory.md §1. Needs d >= N.
 */
export function buildCcem(n: number, d: number, delta: number): { u: Matrix; v: Matrix } {
  if (!(d >= n)) throw new RangeError(`buildCcem: needs d >= N, got N = ${n}, d = ${d}`);
  if (!(delta >= 0)) throw new RangeError(`buildCcem: delta must be >= 0, got ${delta}`);
  const u = zeros(n, d);
  const v = zeros(n, d);
  if (delta === Infinity) {
    for (let i = 0; i < n; i++) {
      u.data[i * d + d - 1] = 1;
      v.data[i * d + d - 1] = -1;
    }
    return { u, v };
  }
  const w = simplexEtf(n, d - 1);
  // 1/sqrt(1+delta^2) and delta/sqrt(1+delta^2), formed without overflow for large delta
  const a = delta > 1 ? 1 / delta / Math.sqrt(1 + 1 / (delta * delta)) : 1 / Math.sqrt(1 + delta * delta);
  const e = delta > 1 ? 1 / Math.sqrt(1 + 1 / (delta * delta)) : delta * a;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d - 1; k++) {
      const x = w.data[i * (d - 1) + k]! * a;
      u.data[i * d + k] = x;
      v.data[i * d + k] = x;
    }
    u.data[i * d + d - 1] = e;
    v.data[i * d + d - 1] = -e;
  }
  return { u, v };
}

/** c1 = <U_i, V_i> = (1 - delta^2)/(1 + delta^2) on CCEM(delta). docs/theory.md §1. */
export function ccemC1(delta: number): number {
  if (delta === Infinity) return -1;
  return (1 - delta * delta) / (1 + delta * delta);
}

/** c2 = <U_i, V_j> = -(1/(N-1) + delta^2)/(1 + delta^2) on CCEM(delta). docs/theory.md §1. */
export function ccemC2(n: number, delta: number): number {
  if (delta === Infinity) return -1;
  return -(1 / (n - 1) + delta * delta) / (1 + delta * delta);
}

/** On CCEM, c2 is affine in c1: c2 = ((N-2) c1 - N) / (2(N-1)). */
export function c2OfC1(n: number, c1: number): number {
  return ((n - 2) * c1 - n) / (2 * (n - 1));
}

/** delta(x) = sqrt((1 - x)/(1 + x)), the CCEM parameter with c1 = x (Infinity at x = -1). */
export function deltaOfC1(x: number): number {
  return x <= -1 ? Infinity : Math.sqrt((1 - x) / (1 + x));
}

/**
 * The loss along CCEM in x = c1, per-anchor normalisation:
 * f(x) = softplus(b - t x) + (N-1) softplus(t c2(x) - b). Convex on [-1, 1].
 * @remarks LCS24 proof of the optimality theorem; docs/theory.md §1.
 */
export function ccemLoss(n: number, t: number, b: number, x: number): number {
  return softplus(b - t * x) + (n - 1) * softplus(t * c2OfC1(n, x) - b);
}

/** f'(x) = t [ -sigma(b - t x) + ((N-2)/2) sigma(t c2(x) - b) ]. */
export function ccemLossDerivative(n: number, t: number, b: number, x: number): number {
  return t * (-sigmoid(b - t * x) + ((n - 2) / 2) * sigmoid(t * c2OfC1(n, x) - b));
}

/** The LCS24 thresholds for t = b: ETF iff t >= etf, antipodal iff t <= antipodal (N >= 5). */
export interface CcemThresholds {
  /** T_ETF(N) = ((N-1)/N) ln(N-3): -Infinity at N = 3 (ETF for every t), 0 at N = 4. */
  readonly etf: number;
  /** T_ANTI(N) = (1/2) ln((N-2)/2): (1/2) ln(1/2) at N = 3, 0 at N = 4 (never antipodal for t > 0). */
  readonly antipodal: number;
}

/**
 * Temperature thresholds on the diagonal t = b (LCS24 theorem; derived as iff from f'(+-1), for
 * every real t: at N = 3 the ETF condition holds for every t and the antipodal one for t <= (1/2)
 * ln(1/2) only, at N = 4 they meet at 0).
 * @example ccemThresholds(8).etf === (7 / 8) * Math.log(5)
 */
export function ccemThresholds(n: number): CcemThresholds {
  return { etf: ((n - 1) / n) * Math.log(n - 3), antipodal: 0.5 * Math.log((n - 2) / 2) };
}

/** The optimum of the CCEM problem for (N, t, b). */
export interface CcemOptimum {
  readonly regime: CcemRegime;
  readonly c1: number;
  /** 1 - c1*, to full relative precision (c1* rounds to 1 near the ETF threshold). */
  readonly oneMinusC1: number;
  readonly c2: number;
  readonly delta: number;
  /** Per-anchor loss f(c1*); 0 where it underflows float64 (then read `log10Loss`). */
  readonly loss: number;
  /** log10 f(c1*), computed in log space: finite where `loss` underflows. */
  readonly log10Loss: number;
}

/**
 * ln((N-2)/2) + logsigma(t c2(x) - b) - logsigma(b - t x), with x = e (1 - y): the sign of f'(x)
 * (docs/theory.md §1) in log space, where it never underflows (both sigmoids of f' do beyond
 * t ~ 750). The offset y from the endpoint e = +-1 keeps 1 - |x| exact near the endpoints.
 */
export function ccemLogDerivativeRatio(n: number, t: number, b: number, e: 1 | -1, y: number): number {
  const { a, bb } = ccemArguments(n, t, b, e, y);
  return Math.log((n - 2) / 2) + logSigmoidDifference(a, bb);
}

/**
 * logsigma(a) - logsigma(bb). Near each other both terms sit at about -ln 2 when t and b are small,
 * and their difference would keep no digit below 1e-16: there it is log1p(sigma(-a) expm1(a - bb)),
 * since sigma(a) / sigma(bb) = 1 + sigma(-a) (e^(a - bb) - 1), whose argument stays above -0.64.
 */
export function logSigmoidDifference(a: number, bb: number): number {
  const d = a - bb;
  if (Math.abs(d) <= 1) return Math.log1p(sigmoid(-a) * Math.expm1(d));
  return logSigmoid(a) - logSigmoid(bb);
}

/** A = t c2(x) - b and B = b - t x at x = e (1 - y), each formed without cancellation in y. */
function ccemArguments(n: number, t: number, b: number, e: 1 | -1, y: number): { a: number; bb: number } {
  const k = ((n - 2) * y) / (2 * (n - 1));
  // c2(x) = -1/(N-1) - k at e = 1, -1 + k at e = -1
  const c2 = e === 1 ? -1 / (n - 1) - k : -1 + k;
  return { a: t * c2 - b, bb: e === 1 ? b - t + t * y : b + t - t * y };
}

/** log10 f at x = e (1 - y), as a log-sum-exp of the two log-softplus terms. */
function ccemLog10Loss(n: number, t: number, b: number, e: 1 | -1, y: number): number {
  const { a, bb } = ccemArguments(n, t, b, e, y);
  const p = lnSoftplus(bb);
  const q = Math.log(n - 1) + lnSoftplus(a);
  const m = Math.max(p, q);
  return (m + Math.log1p(Math.exp(Math.min(p, q) - m))) / Math.LN10;
}

/**
 * The regime in float64 when the log-space value at the endpoint clears a generous error bound
 * (2^-40 (|t| + |b| + |L| + 2), some 4000 ulps above the rounding of a handful of operations),
 * otherwise the certified decimal decision {@link ccemRegimeCertified} on the exact doubles.
 */
export function ccemRegime(n: number, t: number, b: number): CcemRegime {
  return (
    ccemRegimeFloat(n, t, b) ?? ccemRegimeCertified(n, exactDecimalString(t), exactDecimalString(b)).regime
  );
}

/**
 * The regime from float64 alone, or null when the log-space value at an endpoint is within the
 * error bound of {@link ccemRegime} (and always for N = 4, decided exactly elsewhere). A non-null
 * answer also holds for the decimals the doubles were rounded from: half an ulp moves each
 * endpoint value by at most 2^-52 (|t| + |b|), far inside the bound.
 */
export function ccemRegimeFloat(n: number, t: number, b: number): CcemRegime | null {
  const lnK = Math.log((n - 2) / 2);
  const bound = 2 ** -40 * (Math.abs(t) + Math.abs(b) + Math.abs(lnK) + 2);
  const gE = ccemLogDerivativeRatio(n, t, b, 1, 0);
  const gA = lnK - (t + b);
  if (n !== 4 && Math.abs(gE) > bound && (gE < 0 || Math.abs(gA) > bound)) {
    if (gE < 0) return 'etf';
    return gA > 0 ? 'antipodal' : 'interior';
  }
  return null;
}

/**
 * The interior root of f' as x = e (1 - y): e = sign of the root (read off f'(0)), y in (0, 1]
 * found by bisection to the last bit on the log-space sign {@link ccemLogDerivativeRatio}.
 * Only meaningful when {@link ccemRegime} says interior.
 */
export function ccemInteriorRoot(n: number, t: number, b: number): { e: 1 | -1; y: number } {
  const e: 1 | -1 = ccemLogDerivativeRatio(n, t, b, 1, 1) < 0 ? 1 : -1;
  // h(y) = -e g(e (1 - y)) increases with y; h(0) < 0 < h(1) in the interior regime
  const h = (y: number) => -e * ccemLogDerivativeRatio(n, t, b, e, y);
  let lo = 0;
  let hi = 1;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (h(mid) < 0) lo = mid;
    else hi = mid;
  }
  return { e, y: Math.abs(h(lo)) <= Math.abs(h(hi)) ? lo : hi };
}

/**
 * min over x in [-1, 1] of the convex f(x): the regime by the sign of f' at the endpoints
 * (certified, {@link ccemRegime}), otherwise the root of f' by bisection to the last bit in log
 * space (float64). For d >= N, N >= 3 this is the global minimum of L_Sig (LCS24 optimality
 * theorem). The loss is also given as log10, computed in log space.
 */
export function ccemOptimum(n: number, t: number, b: number): CcemOptimum {
  const at = (regime: CcemRegime, e: 1 | -1, y: number): CcemOptimum => {
    const { a, bb } = ccemArguments(n, t, b, e, y);
    const c1 = e * (1 - y);
    const c2 = e === 1 ? -1 / (n - 1) - ((n - 2) * y) / (2 * (n - 1)) : -1 + ((n - 2) * y) / (2 * (n - 1));
    const delta = e === 1 ? Math.sqrt(y / (2 - y)) : y === 0 ? Infinity : Math.sqrt((2 - y) / y);
    return {
      regime,
      c1,
      oneMinusC1: e === 1 ? y : 2 - y,
      c2,
      delta,
      loss: softplus(bb) + (n - 1) * softplus(a),
      log10Loss: ccemLog10Loss(n, t, b, e, y),
    };
  };
  const regime = ccemRegime(n, t, b);
  if (regime === 'etf') return at('etf', 1, 0);
  if (regime === 'antipodal') return at('antipodal', -1, 0);
  const r = ccemInteriorRoot(n, t, b);
  return at('interior', r.e, r.y);
}
