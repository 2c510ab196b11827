import type { Matrix } from './vectors.js';

/**
 * The cross-Gram matrix G = U V^T (G_ij = <U_i, V_j>), N x N row-major, written into `out` when
 * given (no allocation). Plain loops: the solver has its own blocked kernel.
 */
export function crossGram(u: Matrix, v: Matrix, out?: Float64Array): Float64Array {
  const n = u.rows;
  const m = v.rows;
  const d = u.cols;
  const g = out ?? new Float64Array(n * m);
  const a = u.data;
  const b = v.data;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = 0; j < m; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += a[oi + k]! * b[oj + k]!;
      g[i * m + j] = s;
    }
  }
  return g;
}
