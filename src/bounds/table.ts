/**
 * Constellation-size bounds for choosing the embedding dimension: the forward table row for
 * (d, m, b_rel), the dimension needed for N, and the margin possible for (N, d).
 *
 * @remarks THEORY.md s2, capacity sandwich: A(d-1, rho) <= N_MRB(d, m, b_rel) <= A(d, rho), with
 * A(n, rho) >= 1 / Omega_n(arccos rho) (Shannon-Wyner covering argument) and A(n, rho) <= the best
 * finite-n bound of levenshtein.ts. BBNP25 Construction 1 reaches A(d-2, rho).
 */
import { UsageError } from '../errors.js';
import { logCapAreaCos } from './cap-area.js';
import { bestBRel, feasibility, rho as rhoOf } from './constellation.js';
import { klExponent, shannonExponent, thm35Exponent } from './exponents.js';
import { logBestUpper } from './levenshtein.js';

/** Largest d searched by {@link dimensionForN}. */
export const MAX_DIMENSION = 10_000_000;

/** One row of the forward table. Log values are log10 of a count; exponents are nats per dimension. */
export interface BoundsRow {
  readonly d: number;
  readonly m: number;
  readonly bRel: number;
  readonly rho: number;
  readonly feasible: boolean;
  /** -log10 Omega_{d-1}(arccos rho): one-coordinate construction from a code in R^{d-1}. */
  readonly log10NLower: number | null;
  /** -log10 Omega_{d-2}(arccos rho): BBNP25 Construction 1 from a code in R^{d-2} (null for d = 2). */
  readonly log10NLowerPaper: number | null;
  /** log10 of the best valid finite-d upper bound on A(d, rho) (or of 4m/(3m-1-b_rel) when 3m > 1 + b_rel). */
  readonly log10NUpper: number | null;
  readonly exponentLowerShannon: number | null;
  readonly exponentUpperPaper: number | null;
  readonly exponentUpperKL: number | null;
  /** Which upper bound was used: exact, levenshtein, packing, or finite (Thm 3.4). */
  readonly upperKind: string | null;
  /** Why the row is outside the feasible region or degenerate; null otherwise. */
  readonly reason: string | null;
}

/**
 * -log10 of the cap area Omega_n(arccos rho): the covering lower bound on A(n, rho).
 * @example Math.abs(log10CodeLower(3, 0.5) - Math.log10(4)) < 1e-14
 */
export function log10CodeLower(n: number, rhoValue: number): number {
  return -logCapAreaCos(n, rhoValue) / Math.LN10;
}

/**
 * The forward row for (d, m, b_rel): rho, feasibility, log10 bounds on N and the exponents.
 * @param d - embedding dimension, integer >= 2
 * @param m - margin, in [0, 1]
 * @param bRel - relative bias, in [-1, 1]
 * @remarks See the module remarks. Rows outside the feasible region carry the reason and, for
 * 3m > 1 + b_rel, the d-free bound 4m/(3m-1-b_rel) as log10NUpper.
 */
export function forwardRow(d: number, m: number, bRel: number): BoundsRow {
  checkD(d, 'forwardRow');
  const r = rhoOf(m, bRel);
  const f = feasibility(m, bRel);
  const base = { d, m, bRel, rho: r, feasible: f.feasible };
  const none = {
    log10NLower: null,
    log10NLowerPaper: null,
    exponentLowerShannon: null,
    exponentUpperPaper: null,
    exponentUpperKL: null,
  };
  if (!f.feasible) {
    const up = f.finiteBound !== null && f.finiteBound > 0 ? Math.log10(f.finiteBound) : null;
    return { ...base, ...none, log10NUpper: up, upperKind: up === null ? null : 'finite', reason: f.message };
  }
  if (r >= 1) {
    return {
      ...base,
      ...none,
      log10NUpper: null,
      upperKind: null,
      reason: 'm = 0: rho = 1, the sandwich gives no finite bound',
    };
  }
  const upper = logBestUpper(d, r);
  return {
    ...base,
    log10NLower: log10CodeLower(d - 1, r),
    log10NLowerPaper: d >= 3 ? log10CodeLower(d - 2, r) : null,
    log10NUpper: upper.value / Math.LN10,
    exponentLowerShannon: shannonExponent(r),
    exponentUpperPaper: thm35Exponent(r),
    exponentUpperKL: klExponent(r),
    upperKind: upper.kind,
    reason: null,
  };
}

/** Result of {@link dimensionForN}. */
export interface DimensionRow {
  readonly N: number;
  readonly m: number;
  readonly bRel: number;
  /** Smallest d whose lower bound reaches N (N pairs certainly fit); null if none up to MAX_DIMENSION. */
  readonly dSufficient: number | null;
  /** Smallest d whose upper bound allows N (below it N pairs cannot fit); null if none. */
  readonly dNecessary: number | null;
  readonly reason: string | null;
}

/**
 * Smallest d >= 2 with log10NLower(d) >= log10 N, and smallest d with log10NUpper(d) >= log10 N.
 * @remarks Both bounds are non-decreasing in d (cap area decreasing in n; A(n, s) and L(n, s)
 * increasing in n), so an exponential search then bisection over integers finds them.
 */
export function dimensionForN(N: number, m: number, bRel: number): DimensionRow {
  if (!(N >= 1) || !Number.isFinite(N))
    throw new UsageError(`dimensionForN: N must be a finite number >= 1, got ${N}`);
  const f = feasibility(m, bRel);
  const target = Math.log10(N);
  if (!f.feasible) {
    const ok = f.finiteBound !== null && N <= f.finiteBound;
    return {
      N,
      m,
      bRel,
      dSufficient: null,
      dNecessary: null,
      reason: `${f.message}${ok ? '' : `; N = ${N} is impossible for every d`}`,
    };
  }
  if (m === 0)
    return { N, m, bRel, dSufficient: null, dNecessary: null, reason: 'm = 0: rho = 1, no finite bound' };
  const r = rhoOf(m, bRel);
  const lower = (d: number) => log10CodeLower(d - 1, r) >= target;
  const upper = (d: number) => logBestUpper(d, r).value / Math.LN10 >= target;
  const dS = smallestTrue(lower);
  const dN = smallestTrue(upper);
  const reason = dS === null || dN === null ? `no d <= ${MAX_DIMENSION} reaches N` : null;
  return { N, m, bRel, dSufficient: dS, dNecessary: dN, reason };
}

/** Result of {@link marginFor}. */
export interface MarginRow {
  readonly N: number;
  readonly d: number;
  readonly bRel: number;
  /** Largest m whose lower bound at (d, b_rel) reaches N: this margin is certainly achievable. */
  readonly mGuaranteed: number | null;
  /** Largest m whose upper bound still allows N: no larger margin is possible. */
  readonly mMax: number | null;
  readonly reason: string | null;
}

/** Bisection steps for the margin (the interval has length <= 1, so 60 steps reach float64 spacing). */
const MARGIN_BISECTION_STEPS = 60;

/**
 * The margin range for N pairs in dimension d at relative bias b_rel (or the best b_rel = 1 - m
 * when `bRel` is 'best').
 * @remarks On the feasible branch m in [0, min(1 - b, (1 + b)/3)] both bounds decrease in m (rho
 * decreases in m), so bisection applies. mGuaranteed: N <= 1 is met by any m <= 1 - b (one pair
 * U = V). mMax: if even rho = 0 (the edge 3m = 1 + b, A(d, 0) = 2d) allows N, the larger margins
 * of Thm 3.4 (exact form (3 - 4/N) m <= 1 + b, m + b <= 1) are reported; this assumes the sandwich
 * upper bound N <= A(d, rho) is what limits N on the feasible branch.
 */
export function marginFor(N: number, d: number, bRel: number | 'best'): MarginRow {
  if (!(N >= 1) || !Number.isFinite(N))
    throw new UsageError(`marginFor: N must be a finite number >= 1, got ${N}`);
  checkD(d, 'marginFor');
  const best = bRel === 'best';
  const bAt = (m: number) => (best ? bestBRel(m) : (bRel as number));
  const b0 = best ? 0 : (bRel as number);
  // feasible branch end
  const mCap = best ? 0.5 : Math.max(0, Math.min(1 - b0, (1 + b0) / 3));
  const target = Math.log10(N);
  const lowerOk = (m: number) => m === 0 || log10CodeLower(d - 1, rhoOf(m, bAt(m))) >= target;
  const upperOk = (m: number) => m === 0 || logBestUpper(d, rhoOf(m, bAt(m))).value / Math.LN10 >= target;
  let mGuaranteed: number;
  if (N <= 1) mGuaranteed = best ? 1 : 1 - b0;
  else mGuaranteed = largestTrue(lowerOk, mCap);
  let mMax: number;
  if (upperOk(mCap)) {
    // Thm 3.4 branch beyond 3m = 1 + b
    if (best) mMax = N <= 2 ? 1 : Math.min(1, N / (2 * (N - 1)));
    else mMax = 3 * N <= 4 ? 1 - b0 : Math.max(mCap, Math.min(1 - b0, (N * (1 + b0)) / (3 * N - 4)));
  } else {
    mMax = largestTrue(upperOk, mCap);
  }
  const bOut = best ? bAt(mGuaranteed) : b0;
  return { N, d, bRel: bOut, mGuaranteed, mMax, reason: null };
}

/** Largest x in [0, hi] with ok(x), for ok true at 0 and monotone (true then false). */
function largestTrue(ok: (x: number) => boolean, hi: number): number {
  if (ok(hi)) return hi;
  let lo = 0;
  for (let i = 0; i < MARGIN_BISECTION_STEPS; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Smallest integer d in [2, MAX_DIMENSION] with ok(d), for ok monotone (false then true). */
function smallestTrue(ok: (d: number) => boolean): number | null {
  if (ok(2)) return 2;
  let lo = 2;
  let hi = 4;
  while (!ok(hi)) {
    lo = hi;
    if (hi >= MAX_DIMENSION) return null;
    hi = Math.min(MAX_DIMENSION, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function checkD(d: number, where: string): void {
  if (!Number.isInteger(d) || d < 2 || d > MAX_DIMENSION) {
    throw new UsageError(`${where}: d must be an integer in [2, ${MAX_DIMENSION}], got ${d}`);
  }
}
