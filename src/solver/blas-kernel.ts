/**
 * The solver's pair kernel on OpenBLAS for large sizes: G = U V^T, gU += W V and gV += W^T U by
 * cblas_dgemm, the weights W = dL/dG by the same JS code as the plain kernel. Used from
 * {@link SOLVER_BLAS_MIN_WORK} on (below it the wasm kernel runs, so `sigcheck verify` and the
 * experiments keep their bytes). Deterministic: OpenBLAS runs at a fixed thread count, and its
 * partition of a product depends on the sizes and that count only, so a seed gives the same bytes
 * on one machine (another BLAS build or thread count may round differently).
 */
import { loadBlas } from '../numeric/blas.js';
import {
  type InfoNceScratch,
  infoNceScratch,
  infonceWeights,
  type PairKernel,
  sigmoidWeights,
} from './kernel.js';

/**
 * N^2 d from which `kernel: 'auto'` solves on OpenBLAS: (N, d) = (4096, 256) and up, where a solve
 * takes about two thirds of the wasm kernel's wall time and half its CPU time (two cores).
 */
export const SOLVER_BLAS_MIN_WORK = 2 ** 32;

/** OpenBLAS threads of the solver's products (fixed: the bits depend on it). */
export const SOLVER_BLAS_THREADS = 2;

/**
 * The OpenBLAS pair kernel, or why it is not available (OpenBLAS or koffi missing,
 * `SIGCHECK_BLAS=off`). Sets OpenBLAS to {@link SOLVER_BLAS_THREADS} threads for the process.
 */
export function createBlasKernel(): PairKernel | string {
  const status = loadBlas();
  if (!status.ok) return status.reason;
  const { blas } = status;
  blas.setThreads(SOLVER_BLAS_THREADS);
  let buf = new Float64Array(0);
  let scratch: InfoNceScratch | undefined;

  function gram(u: Float64Array, v: Float64Array, n: number, d: number): Float64Array {
    if (buf.length < n * n) buf = new Float64Array(n * n);
    blas.dgemm(false, true, n, n, d, 1, u, d, v, d, 0, buf, n);
    return buf;
  }

  /** gu += W V and gv += W^T U (W is n x n, row stride n). */
  function products(
    w: Float64Array,
    u: Float64Array,
    v: Float64Array,
    n: number,
    d: number,
    gu: Float64Array | null,
    gv: Float64Array | null,
  ): void {
    if (gu !== null) blas.dgemm(false, false, n, d, n, 1, w, n, v, d, 1, gu, d);
    if (gv !== null) blas.dgemm(true, false, n, d, n, 1, w, n, u, d, 1, gv, d);
  }

  return {
    name: 'openblas',
    sigmoid(u, v, n, d, t, b, c, gu, gv, out, wantLoss = true) {
      const g = gram(u, v, n, d);
      sigmoidWeights(g, n, n, t, b, c, out, wantLoss);
      products(g, u, v, n, d, gu, gv);
    },
    infonce(u, v, n, d, t, c, gu, gv, out) {
      const g = gram(u, v, n, d);
      scratch = infoNceScratch(n, scratch);
      infonceWeights(g, n, n, t, c, scratch, out);
      products(g, u, v, n, d, gu, gv);
    },
  };
}
