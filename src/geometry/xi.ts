import type { Matrix } from '../numeric/float/vectors.js';
import { positiveIndex } from './pairs.js';

/** The differences D_i = U_i - V_{l(i)} summarised: mean norm, norm of the mean, mean squared norm. */
function differenceMoments(u: Matrix, v: Matrix, labels: ArrayLike<number> | undefined, where: string) {
  const pos = positiveIndex(u, v, labels, where);
  const n = u.rows;
  const d = u.cols;
  const mean = new Float64Array(d);
  let sumNorm = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const oj = pos[i]! * d;
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = u.data[oi + k]! - v.data[oj + k]!;
      mean[k]! += x;
      s += x * x;
    }
    sumSq += s;
    sumNorm += Math.sqrt(s);
  }
  let m2 = 0;
  for (let k = 0; k < d; k++) {
    const x = mean[k]! / n;
    m2 += x * x;
  }
  return { meanNorm: sumNorm / n, normOfMean: Math.sqrt(m2), meanSq: sumSq / n, sqNormOfMean: m2, mean, pos };
}

/**
 * xi = mean_i ||U_i - V_i|| - ||mean_i (U_i - V_i)||, >= 0 by the triangle inequality, zero iff
 * all differences are positively parallel (Construction-1 type configurations).
 *
 * @remarks docs/theory.md §2 (BBNP25 authors' code). With `labels`, D_i = U_i - V_{labels[i]}.
 * @example xi(fromRows([[1, 0], [0, 1]]), fromRows([[1, 0], [0, 1]])) === 0
 */
export function xi(u: Matrix, v: Matrix, labels?: ArrayLike<number>): number {
  return xiOf(u, v, differenceMoments(u, v, labels, 'xi'));
}

/** {@link xi} and {@link xiCov} (the same bits) with one pass over the differences for both. */
export function xiAndCov(u: Matrix, v: Matrix, labels?: ArrayLike<number>): { xi: number; xiCov: number } {
  const m = differenceMoments(u, v, labels, 'xi');
  return { xi: xiOf(u, v, m), xiCov: m.meanSq - m.sqNormOfMean };
}

function xiOf(u: Matrix, v: Matrix, m: ReturnType<typeof differenceMoments>): number {
  if (!(m.normOfMean > 0)) return m.meanNorm;
  // mean||D_i|| - ||mean D|| cancels to rounding noise when the D_i are nearly parallel (it read
  // 2.2e-16 for 4.6e-16, or below 0). With e = mean D / ||mean D||, ||mean D|| = mean <D_i, e>, so
  // xi = mean (||D_i|| - <D_i, e>), each term ||D_i - <D_i, e> e||^2 / (||D_i|| + <D_i, e>) >= 0:
  // relative accuracy, and an error in e only enters at second order (e maximises mean <D_i, e>).
  const { pos } = m;
  const n = u.rows;
  const d = u.cols;
  const e = Float64Array.from(m.mean, (x) => x / n / m.normOfMean);
  const di = new Float64Array(d);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const oj = pos[i]! * d;
    let dot = 0;
    let sq = 0;
    for (let k = 0; k < d; k++) {
      const x = u.data[oi + k]! - v.data[oj + k]!;
      di[k] = x;
      dot += x * e[k]!;
      sq += x * x;
    }
    const norm = Math.sqrt(sq);
    if (dot <= 0) {
      sum += norm - dot;
      continue;
    }
    let perp = 0;
    for (let k = 0; k < d; k++) {
      const y = di[k]! - dot * e[k]!;
      perp += y * y;
    }
    sum += perp / (norm + dot);
  }
  return sum / n;
}

/**
 * The covariance form E||D||^2 - ||E D||^2 = trace Cov(D) of the differences D_i = U_i - V_i
 * (zero iff all differences are equal).
 *
 * @remarks docs/theory.md §2: the key inequality's equality case asks U_i - V_i constant.
 * @example xiCov(fromRows([[1, 0], [0, 1]]), fromRows([[1, 0], [0, 1]])) === 0
 */
export function xiCov(u: Matrix, v: Matrix, labels?: ArrayLike<number>): number {
  const m = differenceMoments(u, v, labels, 'xiCov');
  return m.meanSq - m.sqNormOfMean;
}
