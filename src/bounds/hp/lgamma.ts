/**
 * ln Gamma in decimal.js, for the high-precision twin of the bounds (an independent route from the
 * float64 code: more Stirling terms, a larger shift, Bernoulli numbers computed exactly).
 *
 * @remarks Stirling's series (DLMF 5.11.1) with B_2..B_{2K} from the Akiyama-Tanigawa algorithm in
 * exact BigInt rationals, after shifting the argument to at least {@link HP_STIRLING_MIN}.
 */
import type { Decimal } from 'decimal.js';

/** The Decimal constructor type produced by `Decimal.clone`. */
export type DecimalCtor = typeof Decimal;

/** Smallest argument where the decimal Stirling series is used (error < 1e-55 with K = 20). */
export const HP_STIRLING_MIN = 60;

/** Number of Bernoulli terms in the decimal Stirling series. */
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

const BERNOULLI = bernoulli(2 * HP_STIRLING_TERMS);

/**
 * ln Gamma(x) for a positive Decimal x, in the constructor D's precision.
 * @remarks Shift to x >= 60 by Gamma(x+1) = x Gamma(x), then Stirling with 20 Bernoulli terms
 * (first omitted term ~1e-57 at x = 60).
 */
export function lnGammaHp(x: Decimal, D: DecimalCtor): Decimal {
  if (!x.isFinite() || x.lte(0)) throw new RangeError(`lnGammaHp: x must be positive, got ${x.toString()}`);
  let z = new D(x);
  let prod = new D(1);
  while (z.lt(HP_STIRLING_MIN)) {
    prod = prod.times(z);
    z = z.plus(1);
  }
  const half = new D(0.5);
  let s = z.minus(half).times(z.ln()).minus(z).plus(D.acos(-1).times(2).ln().div(2));
  const z2 = z.times(z);
  let zp = z;
  for (let k = 1; k <= HP_STIRLING_TERMS; k++) {
    const [bn, bd] = BERNOULLI[2 * k]!;
    const coef = new D(bn.toString()).div(new D(bd.toString()).times(2 * k * (2 * k - 1)));
    s = s.plus(coef.div(zp));
    zp = zp.times(z2);
  }
  return s.minus(prod.ln());
}
