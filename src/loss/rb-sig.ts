import type { Matrix } from '../numeric/float/vectors.js';
import type { Normalization } from './conventions.js';
import { sigmoidLoss } from './sigmoid.js';

/** Options of {@link rbSigmoidLoss}. */
export interface RbSigmoidLossOptions {
  readonly t: number;
  /** Relative bias b_rel = b / t. */
  readonly bRel: number;
  /** @defaultValue 'per-anchor' */
  readonly normalization?: Normalization;
  /** @defaultValue false */
  readonly grad?: boolean;
}

/** RB-Sig value and gradients in its trained coordinates (log t, b_rel). */
export interface RbSigmoidLossResult {
  readonly loss: number;
  readonly normalization: Normalization;
  readonly gradU?: Float64Array;
  readonly gradV?: Float64Array;
  /** dL / d(log t) at fixed b_rel. */
  readonly dLogT?: number;
  /** dL / d b_rel at fixed t. */
  readonly dBRel?: number;
}

/**
 * RB-Sig: L_RB(t, b_rel) = L_Sig(t, t b_rel). The same function as L_Sig in other coordinates, so
 * by the chain rule dL/dlog t = t (dL/dt + b_rel dL/db) and dL/db_rel = t dL/db.
 * @remarks BBNP25 Definition 1; docs/theory.md §0.
 */
export function rbSigmoidLoss(u: Matrix, v: Matrix, options: RbSigmoidLossOptions): RbSigmoidLossResult {
  const { t, bRel } = options;
  const r = sigmoidLoss(u, v, {
    t,
    b: t * bRel,
    normalization: options.normalization ?? 'per-anchor',
    grad: options.grad === true,
  });
  if (r.gradU === undefined) return { loss: r.loss, normalization: r.normalization };
  return {
    loss: r.loss,
    normalization: r.normalization,
    gradU: r.gradU,
    gradV: r.gradV!,
    dLogT: t * (r.dt! + bRel * r.db!),
    dBRel: t * r.db!,
  };
}
