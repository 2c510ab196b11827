import type { Matrix } from '../numeric/float/vectors.js';
import { type Normalization, normalizationScale } from './conventions.js';

/** Options of {@link infoNceLoss}. */
export interface InfoNceOptions {
  /** Temperature tau > 0 (divides the similarity). */
  readonly tau: number;
  /**
   * `per-anchor` is the definition (each direction averaged over anchors); `sum` multiplies by N,
   * `mean` divides by N. @defaultValue 'per-anchor'
   */
  readonly normalization?: Normalization;
  /** @defaultValue false */
  readonly grad?: boolean;
}

/** InfoNCE value and, when asked, gradients with respect to U, V and tau. */
export interface InfoNceResult {
  readonly loss: number;
  readonly normalization: Normalization;
  readonly gradU?: Float64Array;
  readonly gradV?: Float64Array;
  readonly dTau?: number;
}

/**
 * Symmetric InfoNCE L = l(U, V) + l(V, U), l(U, V) = -(1/N) sum_i log(e^{G_ii/tau} / sum_j e^{G_ij/tau}),
 * with log-sum-exp shifted by the row (column) maximum so nothing overflows.
 * dL/dS_ij = (1/N)[(P_ij - delta_ij) + (C_ij - delta_ij)], S = G / tau, P the row softmax and C the
 * column softmax of S.
 * @remarks LCS24 section 4 and code (github.com/leechungpa/ccem-cl); docs/theory.md §0.
 */
export function infoNceLoss(u: Matrix, v: Matrix, options: InfoNceOptions): InfoNceResult {
  const { tau } = options;
  const normalization = options.normalization ?? 'per-anchor';
  const n = u.rows;
  const d = u.cols;
  // per-anchor is the definition; rescale the others relative to it
  const c = normalizationScale(normalization, n) * n;
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += u.data[i * d + k]! * v.data[j * d + k]!;
      s[i * n + j] = g / tau;
    }
  }
  const rowMax = new Float64Array(n).fill(-Infinity);
  const colMax = new Float64Array(n).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = s[i * n + j]!;
      if (x > rowMax[i]!) rowMax[i] = x;
      if (x > colMax[j]!) colMax[j] = x;
    }
  }
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = s[i * n + j]!;
      rowSum[i]! += Math.exp(x - rowMax[i]!);
      colSum[j]! += Math.exp(x - colMax[j]!);
    }
  }
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const sii = s[i * n + i]!;
    loss += rowMax[i]! + Math.log(rowSum[i]!) - sii + (colMax[i]! + Math.log(colSum[i]!) - sii);
  }
  loss = (loss / n) * c;
  if (options.grad !== true) return { loss, normalization };
  const gu = new Float64Array(n * d);
  const gv = new Float64Array(n * d);
  let dTau = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = s[i * n + j]!;
      const p = Math.exp(x - rowMax[i]!) / rowSum[i]!;
      const q = Math.exp(x - colMax[j]!) / colSum[j]!;
      const dS = ((p + q - (i === j ? 2 : 0)) / n) * c;
      // dS/dG = 1/tau, dS/dtau = -S/tau
      dTau -= (dS * x) / tau;
      const w = dS / tau;
      for (let k = 0; k < d; k++) {
        gu[i * d + k]! += w * v.data[j * d + k]!;
        gv[j * d + k]! += w * u.data[i * d + k]!;
      }
    }
  }
  return { loss, normalization, gradU: gu, gradV: gv, dTau };
}
