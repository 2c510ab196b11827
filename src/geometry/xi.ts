import { productError, sumError } from '../numeric/float/error-free.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { positiveIndex } from './pairs.js';

/**
 * The mean of the differences D_i = U_i - V_{l(i)}, each taken exactly (s + e, Knuth's two-sum):
 * m = the double nearest the compensated sum over n, and c = M - m, the exact mean's distance from
 * it (to second order); also mean ||D_i||.
 */
function differenceMean(u: Matrix, v: Matrix, pos: Int32Array) {
  const n = u.rows;
  const d = u.cols;
  const hi = new Float64Array(d);
  const lo = new Float64Array(d);
  let sumNorm = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const oj = pos[i]! * d;
    let sq = 0;
    for (let k = 0; k < d; k++) {
      const a = u.data[oi + k]!;
      const b = -v.data[oj + k]!;
      const s = a + b;
      const h = hi[k]!;
      const t = h + s;
      lo[k]! += sumError(h, s, t) + sumError(a, b, s);
      hi[k] = t;
      sq += s * s;
    }
    sumNorm += Math.sqrt(sq);
  }
  const mean = new Float64Array(d);
  const shift = new Float64Array(d);
  let m2 = 0;
  for (let k = 0; k < d; k++) {
    const m = (hi[k]! + lo[k]!) / n;
    const p = m * n;
    mean[k] = m;
    shift[k] = (hi[k]! - p - productError(m, n, p) + lo[k]!) / n;
    m2 += m * m;
  }
  return { meanNorm: sumNorm / n, normOfMean: Math.sqrt(m2), mean, shift };
}

/**
 * xi = mean_i ||U_i - V_i|| - ||mean_i (U_i - V_i)||, >= 0 by the triangle inequality, zero iff
 * all differences are positively parallel (Construction-1 type configurations).
 *
 * @remarks docs/theory.md §2 (BBNP25 authors' code). With `labels`, D_i = U_i - V_{labels[i]}.
 * @example xi(fromRows([[1, 0], [0, 1]]), fromRows([[1, 0], [0, 1]])) === 0
 */
export function xi(u: Matrix, v: Matrix, labels?: ArrayLike<number>): number {
  return differenceMeasures(u, v, labels, 'xi').xi;
}

/**
 * The covariance form E||D||^2 - ||E D||^2 = trace Cov(D) of the differences D_i = U_i - V_i
 * (zero iff all differences are equal).
 *
 * @remarks docs/theory.md §2: the key inequality's equality case asks U_i - V_i constant. Taken as
 * mean_i ||D_i - m||^2 - ||M - m||^2 about the double m nearest the exact mean M, with every D_i
 * exact, so there is no cancellation (the difference of the two means cancelled to u ||D||^2:
 * 4.4e-14 for 6.3e-15).
 * @example xiCov(fromRows([[1, 0], [0, 1]]), fromRows([[1, 0], [0, 1]])) === 0
 */
export function xiCov(u: Matrix, v: Matrix, labels?: ArrayLike<number>): number {
  return differenceMeasures(u, v, labels, 'xiCov').xiCov;
}

/** {@link xi} and {@link xiCov} (the same bits) with one pair of passes over the differences. */
export function xiAndCov(u: Matrix, v: Matrix, labels?: ArrayLike<number>): { xi: number; xiCov: number } {
  return differenceMeasures(u, v, labels, 'xi');
}

function differenceMeasures(
  u: Matrix,
  v: Matrix,
  labels: ArrayLike<number> | undefined,
  where: string,
): { xi: number; xiCov: number } {
  const pos = positiveIndex(u, v, labels, where);
  const m = differenceMean(u, v, pos);
  const n = u.rows;
  const d = u.cols;
  // mean||D_i|| - ||mean D|| cancels to rounding noise when the D_i are nearly parallel (it read
  // 2.2e-16 for 4.6e-16, or below 0). With e = mean D / ||mean D||, ||mean D|| = mean <D_i, e>, so
  // xi = mean (||D_i|| - <D_i, e>), each term ||D_i - <D_i, e> e||^2 / (||D_i|| + <D_i, e>) >= 0:
  // relative accuracy, and an error in e only enters at second order (e maximises mean <D_i, e>).
  const parallel = m.normOfMean > 0;
  const e = Float64Array.from(m.mean, (x) => (parallel ? x / m.normOfMean : 0));
  const ds = new Float64Array(d);
  const de = new Float64Array(d);
  let sum = 0;
  // sum of ||D_i - m||^2, Neumaier-compensated (each row's terms are non-negative)
  let spread = 0;
  let spreadComp = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const oj = pos[i]! * d;
    let dot = 0;
    let sq = 0;
    let row = 0;
    for (let k = 0; k < d; k++) {
      const a = u.data[oi + k]!;
      const b = -v.data[oj + k]!;
      const s = a + b;
      const err = sumError(a, b, s);
      ds[k] = s;
      de[k] = err;
      dot += s * e[k]! + err * e[k]!;
      sq += s * s;
      const dev = s - m.mean[k]! + err;
      row += dev * dev;
    }
    const t = spread + row;
    spreadComp += Math.abs(spread) >= row ? spread - t + row : row - t + spread;
    spread = t;
    if (!parallel) continue;
    const norm = Math.sqrt(sq);
    if (dot <= 0) {
      sum += norm - dot;
      continue;
    }
    let perp = 0;
    for (let k = 0; k < d; k++) {
      const y = ds[k]! - dot * e[k]! + de[k]!;
      perp += y * y;
    }
    sum += perp / (norm + dot);
  }
  let c2 = 0;
  for (let k = 0; k < d; k++) c2 += m.shift[k]! * m.shift[k]!;
  return {
    xi: parallel ? sum / n : m.meanNorm,
    xiCov: Math.max(0, (spread + spreadComp) / n - c2),
  };
}
