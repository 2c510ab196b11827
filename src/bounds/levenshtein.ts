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
import { logCapAreaHalfAngle } from './cap-area.js';
import { jacobiFirst, jacobiNext, rescalePair } from './jacobi.js';
import { logBinomial } from './lgamma.js';

/** Largest polynomial degree the Levenshtein evaluation walks before giving up (returns null). */
export const LEVENSHTEIN_MAX_DEGREE = 2_000_000;

/** Where s falls among Levenshtein's intervals, and the polynomial ratios the bound needs. */
export interface LevenshteinPoint {
  /** The index m of the interval I_m containing s (odd 2k-1 or even 2k). */
  readonly m: number;
  /** k with m = 2k - 1 or m = 2k. */
  readonly k: number;
  /** For odd m: P_{k-1}(s); for even m: P_k(s) (up to a common positive scale with `p1`). */
  readonly p0: number;
  /** For odd m: P_k(s); for even m: P_{k+1}(s). */
  readonly p1: number;
}

/**
 * The interval index m with s in I_m, and the Gegenbauer ratio the bound needs; null if the degree
 * would exceed {@link LEVENSHTEIN_MAX_DEGREE} (s extremely close to 1).
 * @remarks Sign test justified in the module remarks; the two Jacobi families and the Gegenbauer
 * recurrence run together and are rescaled to stay in range (only signs and ratios are used).
 * @example levenshteinIndex(8, 0.5)?.m === 6 // s = 1/2 ends I_6 and starts I_7; L_6 = L_7 = 240 there (E8)
 */
export function levenshteinIndex(n: number, s: number): LevenshteinPoint | null {
  const alpha = (n - 3) / 2;
  const a = alpha + 1;
  const b0 = alpha;
  const b1 = alpha + 1;
  // family (1,0): u, family (1,1): v, Gegenbauer: p. Degree k values and k-1 values.
  let uPrev = 1;
  let u = jacobiFirst(a, b0, s);
  let vPrev = 1;
  let v = jacobiFirst(a, b1, s);
  let pPrev = 1;
  let p = s;
  let kb = v <= 0 ? 1 : 0;
  if (u <= 0) return { m: 1, k: 1, p0: 1, p1: s };
  for (let k = 1; k <= LEVENSHTEIN_MAX_DEGREE; k++) {
    // invariant: u, v, p are degree k; kb = first degree with v <= 0 (0 if none yet)
    const pNext = ((2 * k + n - 2) * s * p - k * pPrev) / (k + n - 2);
    if (u <= 0) {
      if (kb === k) return { m: 2 * k - 1, k, p0: pPrev, p1: p };
      // kb = k - 1: s in I_{2(k-1)}; need P_{k-1} and P_k
      return { m: 2 * (k - 1), k: k - 1, p0: pPrev, p1: p };
    }
    const k1 = k + 1;
    const uNext = jacobiNext(k1, a, b0, s, u, uPrev);
    const vNext = jacobiNext(k1, a, b1, s, v, vPrev);
    [uPrev, u] = rescalePair(u, uNext);
    [vPrev, v] = rescalePair(v, vNext);
    [pPrev, p] = rescalePair(p, pNext);
    if (kb === 0 && v <= 0) kb = k1;
  }
  return null;
}

/**
 * ln L(n, s), Levenshtein's bound, for n >= 2 and s in [-1, 1); null when the interval degree exceeds
 * {@link LEVENSHTEIN_MAX_DEGREE}.
 * @remarks Formulas in the module remarks; the binomials are formed as logarithms.
 * @example Math.round(Math.exp(logLevenshtein(8, 0.5))) === 240 // the E8 kissing number
 */
export function logLevenshtein(n: number, s: number): number | null {
  checkArgs(n, s, 'logLevenshtein');
  const pt = levenshteinIndex(n, s);
  if (pt === null) return null;
  const { m, k, p0, p1 } = pt;
  if (m % 2 === 1) {
    // L_{2k-1}
    const bracket = (2 * k + n - 3) / (n - 1) - (p0 - p1) / ((1 - s) * p1);
    return logBinomial(k + n - 3, k - 1) + Math.log(bracket);
  }
  // L_{2k}
  const bracket = (2 * k + n - 1) / (n - 1) - ((1 + s) * (p0 - p1)) / ((1 - s) * (p0 + p1));
  return logBinomial(k + n - 2, k) + Math.log(bracket);
}

/**
 * The exact A(n, s) where it is known in closed form: floor(1 - 1/s) for s < -1/n (Rankin), n + 1
 * for -1/n <= s < 0, 2n for s = 0 (Rankin 1955; Conway-Sloane ch. 1 s2.6; THEORY.md s2); null for s > 0.
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

/**
 * ln of the best valid finite-n upper bound on A(n, s): the exact value for s <= 0, else the
 * smaller of Levenshtein's bound and the cap-packing bound.
 * @remarks THEORY.md s2 (capacity sandwich uses A(d, rho)).
 */
export function logBestUpper(n: number, s: number): { value: number; kind: UpperBoundKind } {
  checkArgs(n, s, 'logBestUpper');
  const exact = exactCodeSize(n, s);
  if (exact !== null) return { value: Math.log(exact), kind: 'exact' };
  const lev = logLevenshtein(n, s);
  const pack = logPackingBound(n, s);
  if (lev !== null && lev <= pack) return { value: lev, kind: 'levenshtein' };
  return { value: pack, kind: 'packing' };
}

function checkArgs(n: number, s: number, where: string): void {
  if (!Number.isInteger(n) || n < 2) throw new UsageError(`${where}: n must be an integer >= 2, got ${n}`);
  if (!(s >= -1 && s < 1)) throw new UsageError(`${where}: s must be in [-1, 1), got ${s}`);
}
