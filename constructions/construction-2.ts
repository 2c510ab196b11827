import type { Matrix } from '../src/numeric/float/vectors.js';
import { zeros } from '../src/numeric/float/vectors.js';
import type { MarginBias } from './construction-1.js';
import { simplexEtf } from './simplex-etf.js';

/** Largest number of modalities accepted (cost bound: k^2 pairs of N x N Gram matrices). */
export const MAX_MODALITIES = 16;

/**
 * BBNP25 Construction 2 (k modalities): U^(l)_i = (delta x_i, sqrt(1 - delta^2) s_l), with
 * s_1..s_k a regular simplex in R^(k-1) (<s_l, s_l'> = -1/(k-1)). Returns the k matrices, each
 * N x (d_code + k - 1). Every ordered pair (l, l') of distinct modalities is a constellation with
 * the (m, b_rel) of {@link construction2Predicted}.
 * @remarks BBNP25 Construction 2; docs/theory.md §2.
 */
export function construction2(x: Matrix, k: number, delta: number): Matrix[] {
  if (!Number.isInteger(k) || k < 2 || k > MAX_MODALITIES) {
    throw new RangeError(`construction2: k must be an integer in [2, ${MAX_MODALITIES}], got ${k}`);
  }
  if (!(delta > 0 && delta <= 1))
    throw new RangeError(`construction2: delta must be in (0, 1], got ${delta}`);
  const s = simplexEtf(k);
  const w = Math.sqrt(1 - delta * delta);
  const dc = x.cols;
  const d = dc + k - 1;
  const out: Matrix[] = [];
  for (let l = 0; l < k; l++) {
    const y = zeros(x.rows, d);
    for (let i = 0; i < x.rows; i++) {
      for (let c = 0; c < dc; c++) y.data[i * d + c] = delta * x.data[i * dc + c]!;
      for (let c = 0; c < k - 1; c++) y.data[i * d + dc + c] = w * s.data[l * (k - 1) + c]!;
    }
    out.push(y);
  }
  return out;
}

/** (m, b_rel) of every pair in Construction 2: delta^2 (1-rho_c)/2, delta^2 (1+rho_c)/2 - (1-delta^2)/(k-1). */
export function construction2Predicted(rhoC: number, k: number, delta: number): MarginBias {
  const d2 = delta * delta;
  return { m: (d2 * (1 - rhoC)) / 2, b: (d2 * (1 + rhoC)) / 2 - (1 - d2) / (k - 1) };
}
