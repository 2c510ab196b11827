import type { Decimal } from 'decimal.js';
import { exact, hpContext } from '../../src/numeric/hp/decimal.js';
import { ulp } from '../../src/numeric/float/ulp.js';

/** |actual - expected| in units of ulp(expected as a double), computed exactly in decimal.js. */
export function ulpDistance(actual: number, expected: Decimal): number {
  const D = hpContext(60);
  const e = new D(expected);
  const diff = exact(D, actual).minus(e).abs();
  return diff.div(exact(D, ulp(e.toNumber()))).toNumber();
}
