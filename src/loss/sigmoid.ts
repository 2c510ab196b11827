import { logitOf } from '../numeric/float/error-free.js';
import { sigmoid, softplus } from '../numeric/float/softplus.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { type Normalization, normalizationScale } from './conventions.js';

/** Options of {@link sigmoidLoss}. */
export interface SigmoidLossOptions {
  /** Inverse temperature t > 0 (multiplies the similarity). */
  readonly t: number;
  /** Bias b, subtracted: z_ij = t G_ij - b. */
  readonly b: number;
  /** @defaultValue 'per-anchor' */
  readonly normalization?: Normalization;
  /** Also return gradients. @defaultValue false */
  readonly grad?: boolean;
}

/** Loss value and, when asked, its exact gradient with respect to U, V (as given), t and b. */
export interface SigmoidLossResult {
  readonly loss: number;
  readonly normalization: Normalization;
  readonly gradU?: Float64Array;
  readonly gradV?: Float64Array;
  readonly dt?: number;
  readonly db?: number;
}

/**
 * The canonical sigmoid loss L_Sig = sum_i softplus(-(t G_ii - b)) + sum_{i != j} softplus(t G_ij - b),
 * scaled by the normalisation. Reference implementation on the full cross-Gram matrix (plain loops);
 * the solver has its own fused kernel and is tested against this one.
 * @remarks docs/theory.md §0; LCS24 eq. (1); BBNP25 eq. (1).
 * @example Math.abs(sigmoidLoss(fromRows([[1, 0], [0, 1]]), fromRows([[1, 0], [0, 1]]), { t: 1, b: 0, normalization: 'sum' }).loss
 *   - (2 * Math.log1p(Math.exp(-1)) + 2 * Math.LN2)) < 1e-15 // U = V = I: 2 softplus(-1) + 2 softplus(0)
 */
export function sigmoidLoss(u: Matrix, v: Matrix, options: SigmoidLossOptions): SigmoidLossResult {
  const { t, b } = options;
  const normalization = options.normalization ?? 'per-anchor';
  const n = u.rows;
  const d = u.cols;
  const c = normalizationScale(normalization, n);
  const wantGrad = options.grad === true;
  const gu = wantGrad ? new Float64Array(n * d) : undefined;
  const gv = wantGrad ? new Float64Array(n * d) : undefined;
  let loss = 0;
  let dt = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += u.data[i * d + k]! * v.data[j * d + k]!;
      // the logit rounded once: t g - b loses u |t g| to the product (all of it when t g ~ b ~ 1e20)
      const z = logitOf(t, g, b);
      // s = dL/dz for this entry (before normalisation)
      let s: number;
      if (i === j) {
        loss += softplus(-z);
        s = -sigmoid(-z);
      } else {
        loss += softplus(z);
        s = sigmoid(z);
      }
      if (wantGrad) {
        dt += s * g;
        db -= s;
        const w = s * t;
        for (let k = 0; k < d; k++) {
          gu![i * d + k]! += w * v.data[j * d + k]!;
          gv![j * d + k]! += w * u.data[i * d + k]!;
        }
      }
    }
  }
  if (!wantGrad) return { loss: loss * c, normalization };
  for (let k = 0; k < n * d; k++) {
    gu![k]! *= c;
    gv![k]! *= c;
  }
  return { loss: loss * c, normalization, gradU: gu!, gradV: gv!, dt: dt * c, db: db * c };
}

/**
 * The gradient with respect to rows as given when the loss sees them normalised, x_i = X_i / r_i
 * with r_i = |X_i|: dL/dX_i = (g_i - (g_i . x_i) x_i) / r_i, g = dL/dx (the chain rule through
 * X -> X / |X|; the radial part of g drops out). `unit` holds the normalised rows.
 */
export function gradientThroughNormalization(
  unit: Matrix,
  norms: Float64Array,
  g: Float64Array,
): Float64Array {
  const d = unit.cols;
  const out = new Float64Array(g.length);
  for (let i = 0; i < unit.rows; i++) {
    let dot = 0;
    for (let k = 0; k < d; k++) dot += g[i * d + k]! * unit.data[i * d + k]!;
    const r = norms[i]!;
    for (let k = 0; k < d; k++) out[i * d + k] = (g[i * d + k]! - dot * unit.data[i * d + k]!) / r;
  }
  return out;
}

/**
 * log10 of the sigmoid loss, in log space: each softplus term as ln softplus(z) (= z below -37,
 * where float64 holds softplus only as a subnormal or not at all), summed by log-sum-exp. Finite
 * where `sigmoidLoss` underflows to 0 (t m* beyond ~745). Accurate to a few ulps of ln L times
 * the condition of the sum (the terms are positive, so the sum is well conditioned).
 */
export function sigmoidLossLog10(
  u: Matrix,
  v: Matrix,
  t: number,
  b: number,
  normalization: Normalization,
): number {
  const n = u.rows;
  const d = u.cols;
  // streaming log-sum-exp: sum_k e^{x_k} = e^m s
  let m = Number.NEGATIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += u.data[i * d + k]! * v.data[j * d + k]!;
      const z = i === j ? -logitOf(t, g, b) : logitOf(t, g, b);
      const x = z < -37 ? z : Math.log(softplus(z));
      if (x > m) {
        s = s * Math.exp(m - x) + 1;
        m = x;
      } else s += Math.exp(x - m);
    }
  }
  return (m + Math.log(s) + Math.log(normalizationScale(normalization, n))) / Math.LN10;
}
