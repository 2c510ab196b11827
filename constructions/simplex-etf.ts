import type { Matrix } from '../src/numeric/float/vectors.js';
import { zeros } from '../src/numeric/float/vectors.js';

/**
 * The regular simplex (simplex ETF): N unit vectors in R^{N-1} with <w_i, w_j> = -1/(N-1) for
 * i != j, returned with `cols >= N-1` columns (zero-padded).
 * Built from the Helmert basis of the sum-zero subspace: with H the (N-1) x N Helmert matrix,
 * H^T H = I - 11^T/N, so w_i = sqrt(N/(N-1)) H e_i has the stated Gram matrix.
 * @remarks LCS24 section 3; docs/theory.md §1.
 * @example simplexEtf(3).rows === 3 && simplexEtf(3).cols === 2 // three unit vectors at 120 degrees in R^2
 */
export function simplexEtf(n: number, cols = n - 1): Matrix {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`simplexEtf: N must be an integer >= 2, got ${n}`);
  if (cols < n - 1) throw new RangeError(`simplexEtf: needs at least N-1 = ${n - 1} columns, got ${cols}`);
  const w = zeros(n, cols);
  const scale = Math.sqrt(n / (n - 1));
  // Helmert row k (k = 1..N-1): (1, ..., 1, -k, 0, ...) / sqrt(k (k+1)), k ones
  for (let k = 1; k < n; k++) {
    const h = scale / Math.sqrt(k * (k + 1));
    for (let i = 0; i < k; i++) w.data[i * cols + (k - 1)] = h;
    w.data[k * cols + (k - 1)] = -k * h;
  }
  return w;
}
