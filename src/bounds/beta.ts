/**
 * The regularised incomplete beta function I_x(a, b) in log space (float64).
 *
 * @remarks Lentz's evaluation of the continued fraction (DLMF 8.17.22; Numerical Recipes 3rd ed.
 * s6.4 `betacf`) for x < (a + 1) / (a + b + 2), where it converges in O(sqrt(max(a, b)))
 * steps, and the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) (DLMF 8.17.4) otherwise. The prefactor
 * x^a (1-x)^b / (a B(a, b)) is formed as a logarithm, so nothing underflows for a = 10^7.
 */
import { EPS } from '../numeric/float/ulp.js';
import { logBeta } from './lgamma.js';

/** Largest number of continued-fraction steps before giving up (never reached for a, b <= 10^8). */
export const BETA_CF_MAX_STEPS = 100_000;

const TINY = 1e-300;

/**
 * The continued fraction of I_x(a, b) (without its prefactor) by the modified Lentz method.
 * @remarks Numerical Recipes 3rd ed. eq. 6.4.5. Converged when a step changes the value by less
 * than EPS (relative).
 */
export function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= BETA_CF_MAX_STEPS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) return h;
  }
  throw new Error(`betaContinuedFraction: no convergence for x=${x}, a=${a}, b=${b}`);
}

/**
 * ln I_x(a, b) for a, b > 0 and x in [0, 1], with the complement 1 - x passed separately so that
 * callers with x near 1 keep its digits (for a cap, x = sin^2 theta and 1 - x = cos^2 theta).
 * @param x - the argument, in [0, 1]
 * @param a - first shape parameter, > 0
 * @param b - second shape parameter, > 0
 * @param y - 1 - x, computed accurately by the caller (defaults to 1 - x)
 * @param lnX - ln x, when the caller has it more accurately than Math.log(x) (x subnormal)
 * @returns ln I_x(a, b) in [-inf, 0]; -Infinity only at x = 0
 * @remarks DLMF 8.17.22 and 8.17.4; see the module remarks.
 * @example Math.abs(Math.exp(logBetaInc(0.75, 1, 0.5)) - 0.5) < 1e-15
 */
export function logBetaInc(x: number, a: number, b: number, y: number = 1 - x, lnX?: number): number {
  if (!(a > 0 && b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`logBetaInc: a and b must be positive and finite, got a=${a}, b=${b}`);
  }
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
    throw new RangeError(`logBetaInc: x must be in [0, 1], got x=${x}, 1-x=${y}`);
  }
  if (x === 0 && lnX === undefined) return Number.NEGATIVE_INFINITY;
  if (y === 0) return 0;
  if (x < (a + 1) / (a + b + 2)) return logBetaIncDirect(x, y, a, b, lnX);
  const logComplement = logBetaIncDirect(y, x, b, a);
  return Math.log1p(-Math.exp(logComplement));
}

/** ln I_x(a, b) by prefactor and continued fraction, for x below the switch point. */
function logBetaIncDirect(x: number, y: number, a: number, b: number, lnXGiven?: number): number {
  // ln x = log1p(-y) near x = 1: a rounding of x itself would cost a * ulp(1) absolute
  const lnX = lnXGiven ?? (x > 0.5 ? Math.log1p(-y) : Math.log(x));
  const lnY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const logFront = a * lnX + b * lnY - logBeta(a, b) - Math.log(a);
  return logFront + Math.log(betaContinuedFraction(x, a, b));
}
