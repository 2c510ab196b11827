import type { Matrix } from '../src/numeric/float/vectors.js';
import { zeros } from '../src/numeric/float/vectors.js';
import { sigmoid, softplus } from '../src/numeric/float/softplus.js';
import { simplexEtf } from './simplex-etf.js';

/**
 * The double-constant embedding model CCEM(delta): U_i = (w_i, +delta) / sqrt(1 + delta^2),
 * V_i = (w_i, -delta) / sqrt(1 + delta^2), w the simplex ETF in R^{d-1}. delta = 0 is the ETF
 * (U = V); delta = Infinity is antipodal (all U_i = e, all V_i = -e).
 * @remarks LCS24 Definition (double-constant embedding); THEORY.md section 1. Needs d >= N.
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

/** c1 = <U_i, V_i> = (1 - delta^2)/(1 + delta^2) on CCEM(delta). THEORY.md section 1. */
export function ccemC1(delta: number): number {
  if (delta === Infinity) return -1;
  return (1 - delta * delta) / (1 + delta * delta);
}

/** c2 = <U_i, V_j> = -(1/(N-1) + delta^2)/(1 + delta^2) on CCEM(delta). THEORY.md section 1. */
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
 * @remarks LCS24 proof of the optimality theorem; THEORY.md section 1.
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
  /** T_ETF(N) = ((N-1)/N) ln(N-3); 0 for N = 3, 4 (ETF for every t > 0). */
  readonly etf: number;
  /** T_ANTI(N) = (1/2) ln((N-2)/2); 0 for N = 3, 4 (never antipodal). */
  readonly antipodal: number;
}

/**
 * Temperature thresholds on the diagonal t = b (LCS24 theorem; derived as iff).
 * @example ccemThresholds(8).etf === (7 / 8) * Math.log(5)
 */
export function ccemThresholds(n: number): CcemThresholds {
  if (n <= 4) return { etf: 0, antipodal: 0 };
  return { etf: ((n - 1) / n) * Math.log(n - 3), antipodal: 0.5 * Math.log((n - 2) / 2) };
}

/** The optimum of the CCEM problem for (N, t, b). */
export interface CcemOptimum {
  readonly regime: 'etf' | 'interior' | 'antipodal';
  readonly c1: number;
  readonly c2: number;
  readonly delta: number;
  /** Per-anchor loss f(c1*). */
  readonly loss: number;
}

/**
 * min over x in [-1, 1] of the convex f(x): the endpoints by the sign of f' there (THEORY.md
 * general (t, b) conditions), otherwise the root of f' by bisection to the last bit (float64).
 * For d >= N, N >= 3 this is the global minimum of L_Sig (LCS24 optimality theorem).
 */
export function ccemOptimum(n: number, t: number, b: number): CcemOptimum {
  const at = (regime: CcemOptimum['regime'], x: number): CcemOptimum => ({
    regime,
    c1: x,
    c2: c2OfC1(n, x),
    delta: deltaOfC1(x),
    loss: ccemLoss(n, t, b, x),
  });
  if (ccemLossDerivative(n, t, b, 1) <= 0) return at('etf', 1);
  if (ccemLossDerivative(n, t, b, -1) >= 0) return at('antipodal', -1);
  let lo = -1;
  let hi = 1;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (ccemLossDerivative(n, t, b, mid) < 0) lo = mid;
    else hi = mid;
  }
  const x = ccemLoss(n, t, b, lo) <= ccemLoss(n, t, b, hi) ? lo : hi;
  return at('interior', x);
}
