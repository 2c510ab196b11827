import type { Decimal } from 'decimal.js';
import type { DecimalCtor } from './decimal.js';

/**
 * softplus(z) = ln(1 + e^z) in decimal.js, correct to D's precision. decimal.js has no log1p, so
 * for z < 0 the sum 1 + e^z is formed with guard digits (about -z / ln 10 + 10) and, when e^z is
 * below 10^-(precision+2), the answer is e^z (1 - e^z / 2) to full precision.
 * @remarks Twin of `numeric/float/softplus.ts` (STYLE rule 4).
 */
export function softplus(D: DecimalCtor, z: Decimal): Decimal {
  const p = D.precision;
  if (z.isPositive() && !z.isZero()) {
    // z + ln(1 + e^{-z}), the second term computed like the negative branch
    return z.plus(softplus(D, z.neg()));
  }
  const y = z.exp();
  if (y.isZero()) return y;
  const lg = -z.toNumber() / Math.LN10;
  if (lg > p + 2) return y.times(new D(1).minus(y.div(2)));
  const guard = Math.ceil(Math.max(0, lg)) + 10;
  const G = D.clone({ precision: p + guard });
  return new D(new G(1).plus(new G(y)).ln());
}

/** The logistic sigmoid 1 / (1 + e^{-z}) in decimal.js. */
export function sigmoid(D: DecimalCtor, z: Decimal): Decimal {
  if (z.isNegative()) {
    const e = z.exp();
    return e.div(new D(1).plus(e));
  }
  return new D(1).div(new D(1).plus(z.neg().exp()));
}

/** log sigmoid(z) = -softplus(-z) in decimal.js. */
export function logSigmoid(D: DecimalCtor, z: Decimal): Decimal {
  return softplus(D, z.neg()).neg();
}
