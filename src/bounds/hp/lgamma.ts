/**
 * ln Gamma in decimal.js, for the high-precision twin of the bounds (an independent route from the
 * float64 code: more Stirling terms, a larger shift, Bernoulli numbers computed exactly).
 *
 * @remarks Stirling's series (DLMF 5.11.1) with B_2k from exact BigInt tangent numbers, as many terms
 * as the precision needs, after shifting the argument to at least max({@link HP_STIRLING_MIN},
 * 0.4 (P + 10)). The Akiyama-Tanigawa Bernoulli numbers are kept as the tests' second route.
 */
import type { Decimal } from 'decimal.js';

/** The Decimal constructor type produced by `Decimal.clone`. */
export type DecimalCtor = typeof Decimal;

/** Smallest argument where the decimal Stirling series is used (larger at high precision). */
export const HP_STIRLING_MIN = 60;

/** Tangent numbers cached at first use (more are computed when a precision needs them). */
export const HP_STIRLING_TERMS = 20;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Bernoulli numbers B_0..B_m as exact fractions [numerator, denominator] (B_1 = +1/2 convention,
 * irrelevant here since only even indices are used).
 * @remarks Akiyama-Tanigawa algorithm (Kaneko, J. Integer Seq. 3 (2000) 00.2.9).
 * @example bernoulli(2)[2][0] === 1n && bernoulli(2)[2][1] === 6n // B_2 = 1/6
 */
export function bernoulli(m: number): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  const num: bigint[] = [];
  const den: bigint[] = [];
  for (let i = 0; i <= m; i++) {
    num[i] = 1n;
    den[i] = BigInt(i + 1);
    for (let j = i; j >= 1; j--) {
      // a[j-1] = j * (a[j-1] - a[j])
      const n1 = num[j - 1]! * den[j]! - num[j]! * den[j - 1]!;
      const d1 = den[j - 1]! * den[j]!;
      let n2 = BigInt(j) * n1;
      let d2 = d1;
      const g = gcd(n2, d2) || 1n;
      n2 /= g;
      d2 /= g;
      num[j - 1] = n2;
      den[j - 1] = d2;
    }
    out.push([num[0]!, den[0]!]);
  }
  return out;
}

/**
 * Tangent numbers T_1..T_n (T_k = tan^(2k-1)(0): 1, 2, 16, 272, ...), integers only.
 * @remarks Brent and Harvey, "Fast computation of Bernoulli, tangent and secant numbers" (2011),
 * Algorithm TangentNumbers: O(n^2) small-integer multiply-adds, no gcd; B_2k follows as
 * (-1)^(k-1) 2k T_k / (2^2k (2^2k - 1)).
 * @example tangentNumbers(4).join() === '1,2,16,272'
 */
export function tangentNumbers(n: number): bigint[] {
  const t: bigint[] = [0n, 1n];
  for (let k = 2; k <= n; k++) t[k] = BigInt(k - 1) * t[k - 1]!;
  for (let k = 2; k <= n; k++)
    for (let j = k; j <= n; j++) t[j] = BigInt(j - k) * t[j - 1]! + BigInt(j - k + 2) * t[j]!;
  return t.slice(1);
}

// filled at first use, not at import (an error in tangentNumbers then fails a test, not the import)
let tangentCache: bigint[] = [];

/** T_k, extending the cache by doubling. */
function tangent(k: number): bigint {
  if (k > tangentCache.length)
    tangentCache = tangentNumbers(Math.max(k, 2 * HP_STIRLING_TERMS, 2 * tangentCache.length));
  return tangentCache[k - 1]!;
}

/**
 * ln Gamma(x) for a positive Decimal x, in the constructor D's precision P.
 * @remarks Shift to z >= max(60, 0.4 (P + 10)) by Gamma(x+1) = x Gamma(x), then Stirling's series
 * B_2k / (2k (2k-1) z^(2k-1)) summed until a term falls below 10^-(P+5) of the sum. For real z > 0
 * the error is below the first omitted term (DLMF 5.11.ii), and the smallest term, about
 * e^(-2 pi z) <= 10^-(1.09 P), is reached after the cut-off, so the series always gets there.
 * @example lnGammaHp(new Decimal(5), Decimal).minus(new Decimal(24).ln()).abs().lt(1e-15) // default 20 digits
 */
export function lnGammaHp(x: Decimal, D: DecimalCtor): Decimal {
  if (!x.isFinite() || x.lte(0)) throw new RangeError(`lnGammaHp: x must be positive, got ${x.toString()}`);
  const precision = D.precision;
  const zMin = Math.max(HP_STIRLING_MIN, Math.ceil(0.4 * (precision + 10)));
  let z = new D(x);
  let prod = new D(1);
  while (z.lt(zMin)) {
    prod = prod.times(z);
    z = z.plus(1);
  }
  const half = new D(0.5);
  let s = z.minus(half).times(z.ln()).minus(z).plus(D.acos(-1).times(2).ln().div(2));
  const tol = new D(10).pow(-(precision + 5)).times(s.abs().plus(1));
  const z2 = z.times(z);
  let zp = z;
  // the terms decrease until k ~ pi z; past that the series diverges
  const kMax = Math.ceil(Math.PI * z.toNumber());
  for (let k = 1; k <= kMax; k++) {
    // B_2k / (2k (2k-1)) = (-1)^(k-1) T_k / ((2k-1) 2^2k (2^2k - 1))
    const p2k = 1n << BigInt(2 * k);
    const den = BigInt(2 * k - 1) * p2k * (p2k - 1n);
    const term = new D(tangent(k).toString()).div(new D(den.toString())).div(zp);
    s = k % 2 === 1 ? s.plus(term) : s.minus(term);
    if (term.lt(tol)) break;
    zp = zp.times(z2);
  }
  return s.minus(prod.ln());
}
