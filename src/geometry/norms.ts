import type { Matrix } from '../numeric/float/vectors.js';

/** Row-norm summary of a configuration. */
export interface NormStats {
  /** Smallest row norm. */
  readonly min: number;
  /** Largest row norm. */
  readonly max: number;
  /** max_i | ||x_i||^2 - 1 |. */
  readonly maxDeviation: number;
  /** Row attaining maxDeviation. */
  readonly worstRow: number;
}

/**
 * Norm summary of the rows of `m` (squared norms summed in float64).
 * @example normStats(fromRows([[1, 0], [0, 2]])).max === 2
 */
export function normStats(m: Matrix): NormStats {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let maxDeviation = 0;
  let worstRow = 0;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let k = 0; k < m.cols; k++) s += m.data[o + k]! * m.data[o + k]!;
    const r = Math.sqrt(s);
    if (r < min) min = r;
    if (r > max) max = r;
    const dev = Math.abs(s - 1);
    if (dev > maxDeviation) {
      maxDeviation = dev;
      worstRow = i;
    }
  }
  return { min, max, maxDeviation, worstRow };
}

/**
 * Tolerance on | ||x||^2 - 1 | for a unit vector of dimension d stored with unit roundoff `u`:
 * (2d + 4) u.
 *
 * @remarks Rounding each stored coordinate to the format moves ||x||^2 by at most 2u + u^2. The
 * producer normalised in (at best) the stored precision: its d-term sum of squares carries up to
 * gamma_d ~ d u relative error (Higham, Lemma 3.1), which moves ||x||^2 by up to about 2 d u after
 * dividing by the norm. The float64 sum here adds d 2^-53, below u for every stored format.
 * Together <= (2d + 4) u with room for second-order terms. u is the stored format's unit
 * roundoff: 2^-53 float64, 2^-24 float32, 2^-11 F16, 2^-8 BF16.
 * @example unitNormTolerance(1152, 2 ** -24) === 2308 * 2 ** -24
 */
export function unitNormTolerance(d: number, u: number): number {
  return (2 * d + 4) * u;
}
