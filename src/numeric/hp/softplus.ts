import type { Decimal } from 'decimal.js';
import type { DecimalCtor } from './decimal.js';
import { log1pHp } from './log.js';

/**
 * softplus(z) = ln(1 + e^z) in decimal.js, correct to D's precision (a few units in the last
 * digit) for every z and every precision: log1p(e^z) for z <= 0, z + log1p(e^{-z}) for z > 0, with
 * log1p free of cancellation ({@link log1pHp}), so no guard digits grow with |z|.
 * @remarks Twin of `numeric/float/softplus.ts` (STYLE rule 4).
 */
export function softplus(D: DecimalCtor, z: Decimal): Decimal {
  if (z.isPositive() && !z.isZero()) return z.plus(softplus(D, z.neg()));
  const y = new D(z).exp();
  if (y.isZero()) return y;
  return log1pHp(D, y);
}

/** The logistic sigmoid 1 / (1 + e^{-z}) in decimal.js. */
export function sigmoid(D: DecimalCtor, z: Decimal): Decimal {
  if (z.isNegative()) {
    const e = new D(z).exp();
    return e.div(new D(1).plus(e));
  }
  return new D(1).div(new D(1).plus(new D(z).neg().exp()));
}

/** log sigmoid(z) = -softplus(-z) in decimal.js. */
export function logSigmoid(D: DecimalCtor, z: Decimal): Decimal {
  return softplus(D, z.neg()).neg();
}
