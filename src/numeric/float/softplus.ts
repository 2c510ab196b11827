/**
 * softplus(z) = log(1 + e^z), stable over all of float64: no overflow for large z and no
 * catastrophic cancellation for very negative z.
 *
 * @remarks For z > 0 it uses z + log1p(e^{-z}); otherwise log1p(e^z). docs/theory.md §0.
 * @example softplus(0) === Math.LN2
 */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * ln softplus(z) = ln ln(1 + e^z), finite for every finite z: below z = -30, where softplus(z) is
 * about e^z and underflows near -745, it is z + log1p(-e^z/2); the neglected term e^{2z}/3 is below
 * 2^-88 there, far under an ulp of z.
 * @example lnSoftplus(-1000) === -1000
 */
export function lnSoftplus(z: number): number {
  if (z > -30) return Math.log(softplus(z));
  return z + Math.log1p(-Math.exp(z) / 2);
}

/**
 * The logistic sigmoid 1 / (1 + e^{-z}), stable: e^{|z|} is never formed.
 * @example sigmoid(0) === 0.5
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * log sigmoid(z) = -softplus(-z), stable.
 * @example logSigmoid(0) === -Math.LN2
 */
export function logSigmoid(z: number): number {
  return -softplus(-z);
}
