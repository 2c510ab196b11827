/**
 * The normalised cap area in decimal.js: an evaluation independent of the float64 continued
 * fraction, by the hypergeometric series of the incomplete beta function.
 *
 * @remarks With x = sin^2 theta = 1 - s^2, y = cos^2 theta = s^2, a = (n-1)/2, b = 1/2 and s >= 0:
 *  - series A (DLMF 8.17.8, all terms positive): I_x(a, b) = x^a y^b / (a B(a, b)) *
 *    sum_k t_k, t_0 = 1, t_{k+1} = t_k x (a + b + k) / (a + 1 + k); the tail after t_k is below
 *    t_k x / (1 - x);
 *  - series B, used when series A would need too many terms (x near 1): 1 - I_x(a, b) =
 *    I_y(b, a) = y^b x^a / (b B(a, b)) * sum_k u_k, u_{k+1} = u_k y (a + b + k) / (b + 1 + k);
 *    the subtraction 1 - I_y loses about a y / ln 10 digits, which are added as guard digits.
 *  For s < 0, Omega = 1 - Omega(pi - theta). docs/theory.md §2.
 */
import { Decimal } from 'decimal.js';
import { UsageError } from '../../errors.js';
import { type DecimalCtor, lnGammaHp } from './lgamma.js';

/** Default working precision (significant digits) of the decimal cap area. */
export const HP_CAP_DIGITS = 40;

/** Series A is used while its estimated term count stays below this. */
export const HP_SERIES_A_MAX_TERMS = 4000;

/** Hard cap on series terms (never reached for n <= 10^6). */
export const HP_SERIES_MAX_TERMS = 2_000_000;

/**
 * ln Omega_n(arccos s) in decimal.js with `digits` significant digits (s given as a Decimal or a
 * double, converted exactly).
 * @param n - ambient dimension, an integer >= 1
 * @param s - cos theta in [-1, 1)
 * @param digits - working precision; the result carries about this many correct digits
 * @param oneMinusS - 1 - s, exact (needed when s is within 10^-digits of 1)
 * @remarks See the module remarks (series A / B).
 */
export function logCapAreaCosHp(
  n: number,
  s: Decimal | number,
  digits: number = HP_CAP_DIGITS,
  oneMinusS?: Decimal,
): Decimal {
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`logCapAreaCosHp: n must be an integer >= 1, got ${n}`);
  const D0 = Decimal.clone({ precision: digits + 10 });
  const sd = typeof s === 'number' ? new D0(s.toPrecision(100)) : new D0(s);
  // 1 - s carried separately: s within 10^-(digits+10) of 1 rounds to 1 in D0
  const w = oneMinusS === undefined ? new D0(1).minus(sd) : new D0(oneMinusS);
  if (w.lte(0) || w.gt(2))
    throw new UsageError(`logCapAreaCosHp: s must be in [-1, 1), got ${sd.toString()}`);
  if (w.eq(2)) return new D0(0);
  if (n === 1) return new D0(2).ln().neg();
  const acute = logAcute(n, w, digits);
  if (w.lte(1)) return acute;
  // ln(1 - u) with u = Omega(pi - theta) <= 1/2: guard digits for the 1 - u when u is tiny
  const lost = Math.max(0, Math.ceil(-acute.toNumber() / Math.LN10));
  // ln(1 - u) = -u (1 + u/2 + ...): once u < 10^-(digits+10) the first term is exact enough
  if (lost > digits + 10) return acute.exp().neg();
  const D = Decimal.clone({ precision: digits + 10 + lost });
  const u = new D(acute).exp();
  return new D(1).minus(u).ln();
}

/** ln Omega_n for the acute cap with |cos theta| = |1 - w| (sin^2 theta = w (2 - w)). */
function logAcute(n: number, w: Decimal, digits: number): Decimal {
  const a2 = n - 1; // a = a2 / 2
  const aNum = a2 / 2;
  const Dp = Decimal.clone({ precision: digits + 10 });
  const wp = new Dp(w);
  const x = wp.times(new Dp(2).minus(wp));
  const y = new Dp(1).minus(wp).pow(2);
  if (y.isZero()) return new Dp(2).ln().neg(); // half sphere
  // estimated terms of series A: digits ln 10 / (-ln x)
  const lnX = x.ln();
  const termsA = lnX.isZero() ? Number.POSITIVE_INFINITY : ((digits + 10) * Math.LN10) / -lnX.toNumber();
  if (termsA <= HP_SERIES_A_MAX_TERMS || termsA <= 4 * (aNum * y.toNumber() + 10)) {
    return seriesA(aNum, wp, digits);
  }
  return seriesB(aNum, wp, digits);
}

function logBetaHalf(a: Decimal, D: DecimalCtor): Decimal {
  // ln B(a, 1/2) = ln Gamma(a) + ln Gamma(1/2) - ln Gamma(a + 1/2)
  const half = new D(0.5);
  return lnGammaHp(a, D)
    .plus(lnGammaHp(half, D))
    .minus(lnGammaHp(a.plus(half), D));
}

function seriesA(aNum: number, w: Decimal, digits: number): Decimal {
  const D = Decimal.clone({ precision: digits + 10 });
  const a = new D(aNum);
  const b = new D(0.5);
  const wd = new D(w);
  const y = new D(1).minus(wd).pow(2);
  const x = wd.times(new D(2).minus(wd));
  const tol = new D(10).pow(-(digits + 5));
  let t = new D(1);
  let sum = new D(1);
  const oneMinusX = y;
  for (let k = 0; k < HP_SERIES_MAX_TERMS; k++) {
    t = t.times(x).times(a.plus(b).plus(k)).div(a.plus(1).plus(k));
    sum = sum.plus(t);
    if (oneMinusX.isZero()) break;
    if (t.times(x).div(oneMinusX).lte(sum.times(tol))) break;
  }
  // ln Omega = ln(1/2) + a ln x + b ln y - ln a - ln B(a, b) + ln sum
  const lnY = y.isZero() ? new D(0) : y.ln().times(b);
  return new D(2)
    .ln()
    .neg()
    .plus(a.times(x.ln()))
    .plus(lnY)
    .minus(a.ln())
    .minus(logBetaHalf(a, D))
    .plus(sum.ln());
}

function seriesB(aNum: number, w: Decimal, digits: number): Decimal {
  // guard digits for the subtraction 1 - I_y(b, a): about a y / ln 10
  const yApprox = (1 - w.toNumber()) ** 2;
  const guard = Math.ceil((aNum * yApprox + 20) / Math.LN10) + 10;
  const D = Decimal.clone({ precision: digits + guard });
  const a = new D(aNum);
  const b = new D(0.5);
  const wd = new D(w);
  const y = new D(1).minus(wd).pow(2);
  const x = wd.times(new D(2).minus(wd));
  const tol = new D(10).pow(-(digits + guard));
  let u = new D(1);
  let sum = new D(1);
  for (let k = 0; k < HP_SERIES_MAX_TERMS; k++) {
    const r = y.times(a.plus(b).plus(k)).div(b.plus(1).plus(k));
    u = u.times(r);
    sum = sum.plus(u);
    if (r.lt(1) && u.times(r).div(new D(1).minus(r)).lte(sum.times(tol))) break;
  }
  // I_y(b, a) = y^b x^a / (b B(a, b)) * sum
  const lnIy = b.times(y.ln()).plus(a.times(x.ln())).minus(b.ln()).minus(logBetaHalf(a, D)).plus(sum.ln());
  const oneMinus = new D(1).minus(lnIy.exp());
  return new D(2).ln().neg().plus(oneMinus.ln());
}
