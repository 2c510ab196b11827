/**
 * Levenshtein's bound L(n, s) in decimal.js: the high-precision twin of levenshtein.ts, reached by
 * a different route to the interval index.
 *
 * @remarks Same formulas as levenshtein.ts (Levenshtein 1983; Boyvalenkov et al. 2016 eq. 1.7-1.9),
 * but the interval is located with Gegenbauer polynomials only, not the Jacobi recurrences:
 *  - sign P_k^{(alpha+1, alpha)}(s) = sign(P_k(s) - P_{k+1}(s)) for s < 1, by the
 *    Christoffel-Darboux formula (Szego Thm 3.2.2: the kernel sum_{i<=k} r_i P_i(s) P_i(1) is a
 *    positive multiple of (P_{k+1}(s) - P_k(s)) / (s - 1) and of P_k^{(alpha+1, alpha)}(s));
 *  - sign P_k^{(alpha+1, alpha+1)}(s) = sign P'_{k+1}(s) (DLMF 18.9.15).
 * The binomials come from the decimal ln Gamma (hp/lgamma.ts).
 */
import { Decimal } from 'decimal.js';
import { UsageError } from '../../errors.js';
import { lnGammaHp } from './lgamma.js';

/** Default working precision (significant digits) of the decimal Levenshtein bound. */
export const HP_LEVENSHTEIN_DIGITS = 40;

/** Largest degree walked before giving up (null); larger degrees use {@link logLevenshteinHpAt}. */
export const HP_LEVENSHTEIN_MAX_DEGREE = 20_000;

/**
 * ln L(n, s) in decimal.js (s converted exactly from a double, or given as a Decimal); null if the
 * interval degree exceeds {@link HP_LEVENSHTEIN_MAX_DEGREE}.
 * @remarks See the module remarks.
 */
export function logLevenshteinHp(
  n: number,
  s: Decimal | number,
  digits: number = HP_LEVENSHTEIN_DIGITS,
  oneMinusS?: Decimal,
): Decimal | null {
  if (!Number.isInteger(n) || n < 2)
    throw new UsageError(`logLevenshteinHp: n must be an integer >= 2, got ${n}`);
  const D = Decimal.clone({ precision: digits + 10 });
  const sd0 = typeof s === 'number' ? new D(s.toPrecision(100)) : new D(s);
  const w = oneMinusS === undefined ? new D(1).minus(sd0) : new D(oneMinusS);
  if (w.lte(0) || w.gt(2))
    throw new UsageError(`logLevenshteinHp: s must be in [-1, 1), got ${sd0.toString()}`);
  // the largest zero of P_k^{(a, b)} lies below cos(j_{a,1} / (k + (a + b + 1)/2)) roughly, and
  // j_{a,1} > a: skip the walk when even that lower estimate of the degree exceeds the cap
  const a = (n - 1) / 2;
  if (a / Math.sqrt(2 * w.toNumber()) - n > HP_LEVENSHTEIN_MAX_DEGREE) return null;
  const sd = new D(1).minus(w);
  // Gegenbauer P_i and P'_i, i = 0, 1, 2, ...
  const p: Decimal[] = [new D(1), sd];
  const dp: Decimal[] = [new D(0), new D(1)];
  const step = (i: number): void => {
    // (i + n - 2) P_{i+1} = (2i + n - 2) s P_i - i P_{i-1}; differentiate for P'
    const c = new D(2 * i + n - 2);
    const den = new D(i + n - 2);
    p[i + 1] = c
      .times(sd)
      .times(p[i]!)
      .minus(p[i - 1]!.times(i))
      .div(den);
    dp[i + 1] = c
      .times(p[i]!.plus(sd.times(dp[i]!)))
      .minus(dp[i - 1]!.times(i))
      .div(den);
  };
  step(1);
  let kb = 0;
  for (let k = 1; k <= HP_LEVENSHTEIN_MAX_DEGREE; k++) {
    step(k + 1); // now P_{k+2}, P'_{k+2} known
    if (kb === 0 && dp[k + 1]!.lte(0)) kb = k;
    if (p[k]!.minus(p[k + 1]!).lte(0)) {
      const nD = new D(n);
      if (kb === k) {
        // L_{2k-1}
        const bracket = new D(2 * k + n - 3)
          .div(n - 1)
          .minus(p[k - 1]!.minus(p[k]!).div(new D(1).minus(sd).times(p[k]!)));
        return logBinomialHp(new D(k + n - 3), new D(k - 1), D).plus(bracket.ln());
      }
      // kb = k - 1: L_{2j}, j = k - 1
      const j = k - 1;
      const bracket = new D(2 * j + n - 1).div(nD.minus(1)).minus(
        new D(1)
          .plus(sd)
          .times(p[j]!.minus(p[j + 1]!))
          .div(new D(1).minus(sd).times(p[j]!.plus(p[j + 1]!))),
      );
      return logBinomialHp(new D(j + n - 2), new D(j), D).plus(bracket.ln());
    }
  }
  return null;
}

function logBinomialHp(nn: Decimal, k: Decimal, D: typeof Decimal): Decimal {
  if (k.isZero() || k.eq(nn)) return new D(0);
  return lnGammaHp(nn.plus(1), D)
    .minus(lnGammaHp(k.plus(1), D))
    .minus(lnGammaHp(nn.minus(k).plus(1), D));
}

/**
 * ln L(n, s) in decimal.js at a given interval index m (for example the one the float64 walk found),
 * with every polynomial value from the terminating hypergeometric series in z = (1 - s)/2, so the
 * cost does not grow with the degree:
 * P_k^{(a,b)}(1 - 2z) / P_k^{(a,b)}(1) = 2F1(-k, k + a + b + 1; a + 1; z) (DLMF 18.5.7).
 * Returns null when the signs at s contradict the index (the Jacobi values of the two families
 * must be <= 0 at the degrees that define I_m and > 0 one degree lower).
 * @param n - dimension, integer >= 2
 * @param oneMinusS - 1 - s, in (0, 1] (s >= 0; for s < 0 the exact code sizes apply)
 * @param m - the interval index (odd 2k - 1 or even 2k)
 * @param digits - significant digits of the result
 * @remarks Cancellation in the alternating series is met with guard digits: log10 of its largest
 * term plus log10 k (for the difference P_k - P_{k-1}).
 */
export function logLevenshteinHpAt(
  n: number,
  oneMinusS: Decimal,
  m: number,
  digits: number = HP_LEVENSHTEIN_DIGITS,
): Decimal | null {
  // at an interval end (a zero of one family at s, e.g. n = 24, s = 1/2) the sign there is
  // decided by rounding; L is continuous across the ends, so the neighbouring index is as good
  for (const mm of [m, m - 1, m + 1]) {
    if (mm < 1) continue;
    const v = levenshteinAtIndex(n, oneMinusS, mm, digits);
    if (v !== null) return v;
  }
  return null;
}

function levenshteinAtIndex(n: number, oneMinusS: Decimal, m: number, digits: number): Decimal | null {
  if (!Number.isInteger(n) || n < 2)
    throw new UsageError(`logLevenshteinHpAt: n must be an integer >= 2, got ${n}`);
  if (!Number.isInteger(m) || m < 1)
    throw new UsageError(`logLevenshteinHpAt: m must be an integer >= 1, got ${m}`);
  const alpha = (n - 3) / 2;
  const k = Math.ceil(m / 2);
  const odd = m % 2 === 1;
  // every value needs digits + log10 k correct digits (the difference P_k - P_{k-1} cancels them)
  const need = digits + 10 + Math.ceil(Math.log10(k + 2));
  const D = Decimal.clone({ precision: need });
  const w = new D(oneMinusS);
  if (w.lte(0) || w.gt(1)) throw new UsageError('logLevenshteinHpAt: 1 - s must be in (0, 1]');
  const q = (deg: number, a: number, b: number): Decimal => {
    return new D(jacobiSeries(deg, a, b, oneMinusS, need));
  };
  const a1 = alpha + 1;
  // the series of the highest degree cancels the most digits: when even the first attempt would
  // need more guard digits than the last attempt carries, the decimal route cannot confirm (null)
  if (cancellationDigits(k + 1, a1, alpha, w.toNumber() / 2) > HP_MAX_GUARD_DIGITS) return null;
  // the defining signs: I_{2k-1}: (1,0) and (1,1) both turn at degree k; I_{2k}: (1,0) at k + 1, (1,1) at k
  const uDeg = odd ? k : k + 1;
  const vDeg = k;
  const turns = (deg: number, b: number) => q(deg, a1, b).lte(0) && (deg === 1 || q(deg - 1, a1, b).gt(0));
  if (!turns(uDeg, alpha) || !turns(vDeg, alpha + 1)) return null;
  const nD = new D(n);
  if (odd) {
    const p0 = q(k - 1, alpha, alpha);
    const p1 = q(k, alpha, alpha);
    const bracket = new D(2 * k + n - 3).div(nD.minus(1)).minus(p0.minus(p1).div(w.times(p1)));
    return logBinomialHp(new D(k + n - 3), new D(k - 1), D).plus(bracket.ln());
  }
  const p0 = q(k, alpha, alpha);
  const p1 = q(k + 1, alpha, alpha);
  const bracket = new D(2 * k + n - 1).div(nD.minus(1)).minus(
    new D(2)
      .minus(w)
      .times(p0.minus(p1))
      .div(w.times(p0.plus(p1))),
  );
  return logBinomialHp(new D(k + n - 2), new D(k), D).plus(bracket.ln());
}

/**
 * 2F1(-k, k + a + b + 1; a + 1; z) with z = w / 2, the normalised Jacobi polynomial at 1 - w, to
 * `need` significant digits: summed to the end or to negligible terms, and summed again with more
 * digits when the largest term exceeds the sum by more than the guard digits allowed for.
 */
export function jacobiSeries(k: number, a: number, b: number, w: Decimal, need: number): Decimal {
  let precision = need + 10 + Math.ceil(cancellationDigits(k, a, b, w.toNumber() / 2));
  for (let attempt = 0; attempt < HP_SERIES_ATTEMPTS; attempt++) {
    const D = Decimal.clone({ precision });
    const z = new D(w).div(2);
    const zNum = z.toNumber();
    const tol = new D(10).pow(-precision);
    let term = new D(1);
    let sum = new D(1);
    let biggest = new D(1);
    for (let j = 0; j < k; j++) {
      term = term
        .times(j - k)
        .times(j + k + a + b + 1)
        .times(z)
        .div((j + a + 1) * (j + 1));
      sum = sum.plus(term);
      if (term.abs().gt(biggest)) biggest = term.abs();
      // the ratio of moduli decreases in j; once below 1/2 the tail is below the current term
      const ratio = (((k - j - 1) * (j + k + a + b + 2)) / ((j + a + 2) * (j + 2))) * zNum;
      if (ratio < 0.5 && term.abs().lte(tol.times(biggest))) break;
    }
    // digits lost to cancellation: log10(biggest / |sum|)
    // an exact zero (s a zero of this polynomial, as at n = 8, s = 1/2) is returned as such
    if (sum.isZero()) return sum;
    const lost = Math.max(0, biggest.e - sum.e + 1);
    if (precision - lost >= need) return sum;
    // a sum at the rounding level says only that the value is below it: double the digits
    precision = lost >= precision - 5 ? 2 * precision : Math.ceil(need + lost + 20);
  }
  // s is a zero of this polynomial to 2^attempts times the working digits (an interval end)
  return new Decimal(0);
}

/** Precision raises of the series before a value is taken as zero. */
const HP_SERIES_ATTEMPTS = 5;

/** Guard digits beyond which the decimal Levenshtein route gives up (null) instead of summing. */
export const HP_MAX_GUARD_DIGITS = 1200;

/**
 * log10 of the largest term of 2F1(-k, k + a + b + 1; a + 1; z) (the sum is at most 1 in modulus,
 * so this is about the digits its cancellation costs), from the term ratios in float64: O(k),
 * no decimal work.
 */
export function cancellationDigits(k: number, a: number, b: number, z: number): number {
  let logTerm = 0;
  let biggest = 0;
  for (let j = 0; j < k; j++) {
    logTerm += Math.log(((k - j) * (j + k + a + b + 1) * z) / ((j + a + 1) * (j + 1)));
    if (logTerm > biggest) biggest = logTerm;
    else if (logTerm < biggest - 50) break; // the ratios only fall from here: past the peak
  }
  return biggest / Math.LN10;
}
