import type { Matrix } from '../numeric/float/vectors.js';
import { type Margins, scanPairs, type TrimmedMargins } from './pairs.js';

export { gramExtremes } from './extremes.js';

/**
 * m*, b*, the extreme positive and negative similarities and the mean-based margins of (U, V).
 *
 * @remarks docs/theory.md §2 (BBNP25 eq. 2): m* = (min_i G_ii - max_{i!=j} G_ij)/2,
 * b* = (min_i G_ii + max_{i!=j} G_ij)/2; m_mean, b_mean from the mean positive and negative.
 * With `labels`, U_i's positive is V_{labels[i]}. Streams G in blocks (see {@link scanPairs}).
 * @example Math.abs(margins(fromRows([[1, 0], [-0.5, Math.sqrt(3) / 2], [-0.5, -Math.sqrt(3) / 2]]), fromRows([[1, 0], [-0.5, Math.sqrt(3) / 2], [-0.5, -Math.sqrt(3) / 2]])).mStar - 0.75) < 1e-15 // simplex ETF, N = 3: (1 - (-1/2))/2
 */
export function margins(u: Matrix, v: Matrix, labels?: ArrayLike<number>): Margins {
  return scanPairs(u, v, labels === undefined ? {} : { labels }).margins;
}

/**
 * Trimmed margins: the `trim`-quantile of the positives against the (1 - trim)-quantile of the
 * negatives, both exact (numpy 'linear' quantiles).
 *
 * @remarks docs/theory.md §2 and §4 (BBNP25 report 5%/95% trimmed margins of .010-.014 for
 * SigLIP). Exact and memory-bounded: see {@link scanPairs} for the selection strategy.
 */
export function trimmedMargins(
  u: Matrix,
  v: Matrix,
  trim: number,
  labels?: ArrayLike<number>,
): TrimmedMargins {
  const scan = scanPairs(u, v, labels === undefined ? { trim } : { trim, labels });
  return scan.trimmed!;
}

/**
 * Whether a configuration with margin m* and centre b* is an (m, b)-constellation.
 *
 * @remarks docs/theory.md §2 (derived): iff m <= m* and |b - b*| <= m* - m. Exact comparisons:
 * callers that compare against float32 data should pass m, b with their own tolerance.
 * @example isConstellation(0.75, 0.25, 0.5, 0.25) === true
 */
export function isConstellation(mStar: number, bStar: number, m: number, b: number): boolean {
  return m <= mStar && Math.abs(b - bStar) <= mStar - m;
}
