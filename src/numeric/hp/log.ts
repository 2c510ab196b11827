import type { Decimal } from 'decimal.js';
import { type DecimalCtor, hpContext } from './decimal.js';

/**
 * decimal.js's `ln` needs its stored ln(10), which holds 1025 digits: at a working precision above
 * about 1010 digits (and below it for some arguments) it throws "Precision limit exceeded". Up to
 * this precision the built-in, correctly rounded `ln` is used.
 */
export const NATIVE_LN_DIGITS = 1000;

/**
 * ln(x), x > 0, at D's precision, for every precision: the built-in `ln` up to
 * {@link NATIVE_LN_DIGITS}; above, one Newton step on exp (which has no precision cap) from the
 * 1000-digit value, y1 = y0 + log1p(x e^{-y0} - 1), which squares the relative error (1e-1000 ->
 * 1e-2000, enough for any precision up to 2000 digits; two steps above).
 */
export function lnHp(D: DecimalCtor, x: Decimal): Decimal {
  const p = D.precision;
  if (p <= NATIVE_LN_DIGITS) return new D(x).ln();
  const W = hpContext(p + 10);
  const xw = new W(x);
  let y = new W(new (hpContext(NATIVE_LN_DIGITS))(x).ln());
  for (let covered = NATIVE_LN_DIGITS; covered < p + 10; covered *= 2) {
    const r = xw.times(y.neg().exp()).minus(1);
    y = y.plus(log1pHp(W, r));
  }
  return new D(y);
}

/**
 * log1p(y) = ln(1 + y) for y > -1 at D's precision, without cancellation for small |y|: the
 * alternating series y - y^2/2 + y^3/3 - ... for |y| <= 1/100 (each term gains two digits or more),
 * otherwise ln(1 + y) with 5 guard digits (there |ln(1 + y)| >= 0.00995, so the rounding of
 * 1 + y costs at most 3 of them).
 */
export function log1pHp(D: DecimalCtor, y: Decimal): Decimal {
  if (y.isZero()) return new D(0);
  const p = D.precision;
  const W = hpContext(p + 5);
  const yw = new W(y);
  if (yw.abs().gt('0.01')) return new D(lnHp(W, yw.plus(1)));
  const stop = new W(10).pow(-(p + 5));
  let sum = yw;
  let power = yw;
  for (let k = 2; ; k++) {
    power = power.times(yw).neg();
    const term = power.div(k);
    sum = sum.plus(term);
    if (term.abs().lte(stop.times(sum.abs()))) break;
  }
  return new D(sum);
}
