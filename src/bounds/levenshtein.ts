/**
 * Levenshtein's upper bound L(n, s) on the size A(n, s) of a spherical code in R^n with inner
 * products <= s, for s in [-1, 1), in log space (float64); and the best valid finite-n upper bound.
 *
 * @remarks Levenshtein (1979, 1983); Handbook of Coding Theory (1998) ch. 6 s6; Boyvalenkov,
 * Dragnev, Hardin, Saff, Stoyanova, Constr. Approx. 44 (2016) eq. (1.7)-(1.9). With P_i the
 * normalised Gegenbauer polynomials (jacobi.ts), t_k^{1,0} < t_k^{1,1} the largest zeros of
 * P_k^{(alpha+1, alpha)} and P_k^{(alpha+1, alpha+1)}, alpha = (n-3)/2, t_0^{1,1} = -1:
 *  - s in I_{2k-1} = [t_{k-1}^{1,1}, t_k^{1,0}]:
 *    L_{2k-1}(n, s) = C(k+n-3, k-1) [ (2k+n-3)/(n-1) - (P_{k-1}(s) - P_k(s)) / ((1-s) P_k(s)) ];
 *  - s in I_{2k} = [t_k^{1,0}, t_k^{1,1}]:
 *    L_{2k}(n, s) = C(k+n-2, k) [ (2k+n-1)/(n-1) - (1+s)(P_k(s) - P_{k+1}(s)) / ((1-s)(P_k(s) + P_{k+1}(s))) ].
 * L_1 = (s-1)/s on [-1, -1/n], L_2 = 2n(1-s)/(1-ns) on [-1/n, 0]. The interval is found without
 * computing zeros: by interlacing, t_k^{a,b} >= s first happens at the first k with Q_k^{(a,b)}(s) <= 0.
 */
import { UsageError } from '../errors.js';
import { logCapAreaHalfAngle, logCapAreaHalfAngleSplit } from './cap-area.js';
import { logBinomial } from './lgamma.js';
import { cmp, div, floor, ONE, type Rational, rat, sign, sub } from './rational.js';

/**
 * Largest polynomial degree the float64 Levenshtein evaluation walks before giving up (returns
 * null, and {@link logBestUpper} reports the cap-packing bound with the reason). The walk costs
 * about 30 flops per degree; the degree grows like j / sqrt(2 (1 - s)), so this covers
 * 1 - s >= ~1e-13 at n = 8.
 */
export const LEVENSHTEIN_MAX_DEGREE = 20_000_000;

/** Where s falls among Levenshtein's intervals, and the polynomial values the bound needs. */
export interface LevenshteinPoint {
  /** The index m of the interval I_m containing s (odd 2k-1 or even 2k). */
  readonly m: number;
  /** k with m = 2k - 1 or m = 2k. */
  readonly k: number;
  /** For odd m: P_{k-1}(s); for even m: P_k(s) (up to a common positive scale with `p1`, `diff`). */
  readonly p0: number;
  /** For odd m: P_k(s); for even m: P_{k+1}(s). */
  readonly p1: number;
  /** p1 - p0, formed by the difference recurrence (no cancellation near s = 1). */
  readonly diff: number;
}

/**
 * The interval index m with s in I_m, and the Gegenbauer values the bound needs; null if the degree
 * would exceed `maxDegree` (s extremely close to 1).
 * @param n - dimension, integer >= 2
 * @param s - the inner product, in [-1, 1)
 * @param oneMinusS - 1 - s, when known more accurately than the double s gives (defaults to 1 - s)
 * @param maxDegree - degree cap (defaults to {@link LEVENSHTEIN_MAX_DEGREE})
 * @remarks Sign test justified in the module remarks. The recurrences are run on differences
 * Q_k - Q_{k-1}, whose coefficients carry the factor 1 - s explicitly (the recurrence is exact for
 * Q = 1 at s = 1), so nothing cancels when s is within 1e-15 of 1. Values are rescaled to stay in
 * range (only signs and ratios are used).
 * @example levenshteinIndex(8, 0.5)?.m === 6 // s = 1/2 ends I_6 and starts I_7; L_6 = L_7 = 240 there (E8)
 */
export function levenshteinIndex(
  n: number,
  s: number,
  oneMinusS: number = 1 - s,
  maxDegree: number = LEVENSHTEIN_MAX_DEGREE,
): LevenshteinPoint | null {
  const w = oneMinusS;
  const alpha = (n - 3) / 2;
  const a = alpha + 1;
  // the first crossing degree is about j_{a,1} / sqrt(2 w), and j_{a,1} > sqrt((a + 1)(a + 5))
  // (Watson, Bessel Functions s15.3): skip a walk that would not end below the cap
  if (Math.sqrt((a + 1) * (a + 5)) / Math.sqrt(2 * w) > 2 * maxDegree) return null;
  const b0 = alpha;
  const b1 = alpha + 1;
  // family (1,0): u, family (1,1): v, Gegenbauer: p; du = u_k - u_{k-1}, etc.
  let u = 1 - ((a + b0 + 2) * w) / (2 * (a + 1));
  let du = u - 1;
  let v = 1 - ((a + b1 + 2) * w) / (2 * (a + 1));
  let dv = v - 1;
  // near s = 1 the Gegenbauer values are carried as sums of differences; elsewhere the plain
  // three-term recurrence is used (it is exact at the closed forms L_1, L_2)
  const nearOne = w < 0.5;
  let p = nearOne ? 1 - w : s;
  let dp = p - 1;
  let pPrev = 1;
  let kb = v <= 0 ? 1 : 0;
  if (u <= 0) return { m: 1, k: 1, p0: 1, p1: p, diff: dp };
  for (let k = 1; k <= maxDegree; k++) {
    // invariant: u, v, p are degree k; kb = first degree with v <= 0 (0 if none yet)
    // (k + n - 2)(P_{k+1} - P_k) = k (P_k - P_{k-1}) - (2k + n - 2)(1 - s) P_k
    if (u <= 0) {
      if (kb === k) return { m: 2 * k - 1, k, p0: pPrev, p1: p, diff: dp };
      // kb = k - 1: s in I_{2(k-1)}; need P_{k-1} and P_k
      return { m: 2 * (k - 1), k: k - 1, p0: pPrev, p1: p, diff: dp };
    }
    let pNext: number;
    let dpNext: number;
    if (nearOne) {
      dpNext = (k * dp - (2 * k + n - 2) * w * p) / (k + n - 2);
      pNext = p + dpNext;
    } else {
      pNext = ((2 * k + n - 2) * s * p - k * pPrev) / (k + n - 2);
      dpNext = pNext - p;
    }
    const k1 = k + 1;
    const duNext = jacobiDiffNext(k1, a, b0, w, u, du);
    const dvNext = jacobiDiffNext(k1, a, b1, w, v, dv);
    u += duNext;
    du = duNext;
    v += dvNext;
    dv = dvNext;
    pPrev = p;
    p = pNext;
    dp = dpNext;
    if (Math.abs(u) < RESCALE_BELOW && Math.abs(du) < RESCALE_BELOW) {
      u *= RESCALE_BY;
      du *= RESCALE_BY;
    }
    if (Math.abs(v) < RESCALE_BELOW && Math.abs(dv) < RESCALE_BELOW) {
      v *= RESCALE_BY;
      dv *= RESCALE_BY;
    }
    if (Math.abs(p) < RESCALE_BELOW && Math.abs(pPrev) < RESCALE_BELOW) {
      p *= RESCALE_BY;
      dp *= RESCALE_BY;
      pPrev *= RESCALE_BY;
    }
    if (kb === 0 && v <= 0) kb = k1;
  }
  return null;
}

const RESCALE_BELOW = 1e-150;
const RESCALE_BY = 1e150;

/**
 * Q_k - Q_{k-1} for the normalised Jacobi polynomials Q = P^{(a,b)} / P^{(a,b)}(1) at t = 1 - w,
 * from Q_{k-1} and Q_{k-1} - Q_{k-2} (k >= 2).
 * @remarks DLMF 18.9.2 as in jacobi.ts, A Q_k = B(t) Q_{k-1} - C Q_{k-2}, with A = B(1) - C because
 * Q = 1 at t = 1: A (Q_k - Q_{k-1}) = C (Q_{k-1} - Q_{k-2}) - (c-1) c (c-2) w Q_{k-1}, c = 2k + a + b.
 */
function jacobiDiffNext(k: number, a: number, b: number, w: number, q1: number, dq1: number): number {
  const c = 2 * k + a + b;
  const A = 2 * (k + a) * (k + a + b) * (c - 2);
  const C = 2 * (k - 1) * (k + b - 1) * c;
  return (C * dq1 - (c - 1) * c * (c - 2) * w * q1) / A;
}

/**
 * ln L(n, s), Levenshtein's bound, for n >= 2 and s in [-1, 1); null when the interval degree exceeds
 * {@link LEVENSHTEIN_MAX_DEGREE}.
 * @param oneMinusS - 1 - s when known more accurately than the double s (defaults to 1 - s)
 * @remarks Formulas in the module remarks; the binomials are formed as logarithms, and
 * P_{k-1} - P_k comes from the difference recurrence.
 * @example Math.round(Math.exp(logLevenshtein(8, 0.5) ?? 0)) === 240
 */
export function logLevenshtein(n: number, s: number, oneMinusS: number = 1 - s): number | null {
  checkArgs(n, s, 'logLevenshtein', oneMinusS);
  const pt = levenshteinIndex(n, s, oneMinusS);
  if (pt === null) return null;
  const { m, k, p0, p1 } = pt;
  const w = oneMinusS;
  // away from s = 1 the plain difference is as accurate and needs no carried sum
  const diff = w >= 0.5 ? p1 - p0 : pt.diff;
  if (m % 2 === 1) {
    // L_{2k-1}
    const bracket = (2 * k + n - 3) / (n - 1) + diff / (w * p1);
    return logBinomial(k + n - 3, k - 1) + Math.log(bracket);
  }
  // L_{2k}; 1 + s = 2 - w
  const bracket = (2 * k + n - 1) / (n - 1) + ((2 - w) * diff) / (w * (p0 + p1));
  return logBinomial(k + n - 2, k) + Math.log(bracket);
}

/**
 * The exact A(n, s) where it is known in closed form: floor(1 - 1/s) for s < -1/n (Rankin), n + 1
 * for -1/n <= s < 0, 2n for s = 0 (Rankin 1955; Conway-Sloane ch. 1 s2.6; docs/theory.md §2); null for s > 0.
 * @example exactCodeSize(3, 0) === 6
 */
export function exactCodeSize(n: number, s: number): number | null {
  checkArgs(n, s, 'exactCodeSize');
  if (s > 0) return null;
  if (s === 0) return 2 * n;
  if (s >= -1 / n) return n + 1;
  return Math.floor(1 - 1 / s + 1e-12 * Math.abs(1 / s));
}

/**
 * {@link exactCodeSize} for an exact rational s: floor(1 - 1/s) for s < -1/n, n + 1 on [-1/n, 0),
 * 2n at 0, null for s > 0; no rounding at the interval ends s = -1/n or s = -1/k.
 * @example exactCodeSizeExact(100, { p: -1n, q: 93n }) === 94n
 */
export function exactCodeSizeExact(n: number, s: Rational): bigint | null {
  if (!Number.isInteger(n) || n < 2)
    throw new UsageError(`exactCodeSizeExact: n must be an integer >= 2, got ${n}`);
  if (cmp(s, rat(-1n)) < 0 || cmp(s, ONE) >= 0)
    throw new UsageError('exactCodeSizeExact: s must be in [-1, 1)');
  const sg = sign(s);
  if (sg > 0) return null;
  if (sg === 0) return BigInt(2 * n);
  if (cmp(s, rat(-1n, BigInt(n))) >= 0) return BigInt(n + 1);
  return floor(sub(ONE, div(ONE, s)));
}

/**
 * ln of the cap-packing bound A(n, cos theta) <= 1 / Omega_n(theta / 2): caps of angular radius
 * theta/2 around the code points are disjoint.
 * @remarks Half-angle cap from sin^2(theta/2) = (1 - s)/2. Valid for every s in [-1, 1).
 * @example Math.abs(logPackingBound(2, 0) - Math.log(4)) < 1e-15 // arcs of pi/2 on the circle: 4
 */
export function logPackingBound(n: number, s: number): number {
  checkArgs(n, s, 'logPackingBound');
  return -logCapAreaHalfAngle(n, s);
}

/** Which bound gave {@link logBestUpper}. */
export type UpperBoundKind = 'exact' | 'levenshtein' | 'packing';

/** The best finite-n upper bound on A(n, s), which bound it is, and why when it is not Levenshtein's. */
export interface BestUpper {
  /** ln of the bound. */
  readonly value: number;
  readonly kind: UpperBoundKind;
  /** Levenshtein's interval index when Levenshtein's bound was evaluated (null otherwise). */
  readonly levenshteinIndex: number | null;
  /** Why Levenshtein's bound was not used, or null. */
  readonly note: string | null;
}

/**
 * ln of the best valid finite-n upper bound on A(n, s): the exact value for s <= 0, else the
 * smaller of Levenshtein's bound and the cap-packing bound.
 * @remarks docs/theory.md §2 (capacity sandwich uses A(d, rho)).
 * @example logBestUpper(5, -0.4).value === Math.log(3) // Rankin, exact
 */
export function logBestUpper(n: number, s: number): { value: number; kind: UpperBoundKind } {
  checkArgs(n, s, 'logBestUpper');
  const exact = exactCodeSize(n, s);
  if (exact !== null) return { value: Math.log(exact), kind: 'exact' };
  const b = logBestUpperSplit(n, s, 1 - s, 1 + s);
  return { value: b.value, kind: b.kind };
}

/**
 * {@link logBestUpper} for 0 < s < 1 given by 1 - s and 1 + s separately (accurate near s = 1,
 * where the double s rounds to 1): min(Levenshtein, cap packing). Levenshtein's bound is skipped,
 * with a note, when its degree exceeds {@link LEVENSHTEIN_MAX_DEGREE}.
 * @param lnOneMinus - ln(1 - s) where 1 - s is subnormal (optional)
 */
export function logBestUpperSplit(
  n: number,
  s: number,
  oneMinus: number,
  onePlus: number,
  lnOneMinus?: number,
): BestUpper {
  checkArgs(n, s, 'logBestUpperSplit', oneMinus);
  const pack = -logCapAreaHalfAngleSplit(n, oneMinus, onePlus, lnOneMinus);
  const pt = levenshteinIndex(n, s, oneMinus);
  if (pt === null) {
    return {
      value: pack,
      kind: 'packing',
      levenshteinIndex: null,
      note: `cap packing: Levenshtein's degree exceeds ${LEVENSHTEIN_MAX_DEGREE} at 1 - rho = ${oneMinus.toPrecision(3)}`,
    };
  }
  const lev = logLevenshtein(n, s, oneMinus);
  if (lev !== null && lev <= pack)
    return { value: lev, kind: 'levenshtein', levenshteinIndex: pt.m, note: null };
  return { value: pack, kind: 'packing', levenshteinIndex: pt.m, note: null };
}

function checkArgs(n: number, s: number, where: string, oneMinusS: number = 1 - s): void {
  if (!Number.isInteger(n) || n < 2) throw new UsageError(`${where}: n must be an integer >= 2, got ${n}`);
  if (!(s >= -1 && s <= 1 && oneMinusS > 0 && oneMinusS <= 2)) {
    throw new UsageError(`${where}: s must be in [-1, 1), got ${s} (1 - s = ${oneMinusS})`);
  }
}
