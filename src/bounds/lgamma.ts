/**
 * ln Gamma for positive arguments in float64, and the ratio ln Gamma(a + b) - ln Gamma(a) without
 * the cancellation a plain difference suffers for large a.
 *
 * @remarks Stirling's series with the Bernoulli terms B_2..B_12 (DLMF 5.11.1) after shifting the
 * argument up to at least {@link STIRLING_MIN} with Gamma(x + 1) = x Gamma(x) (DLMF 5.5.1). At
 * x >= 15 the first omitted term, B_14 / (14 * 13 x^13), is below 1e-17.
 */

/** Smallest argument at which the Stirling series is used directly. */
export const STIRLING_MIN = 15;

/** ln sqrt(2 pi). */
export const LN_SQRT_2PI = 0.9189385332046728;

/** ln sqrt(pi) = ln Gamma(1/2). */
export const LN_SQRT_PI = 0.5723649429247001;

/**
 * The Stirling correction S(x) = ln Gamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)] for x >= 15.
 * @remarks DLMF 5.11.1 with B_2..B_12.
 * @example Math.abs(stirlingCorrection(15) - 1 / 180) < 2e-6
 */
export function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360))))))
  );
}

/**
 * ln Gamma(x) for x > 0 (float64, relative error a few ulps away from the zeros at 1 and 2,
 * absolute error ~1e-15 near them).
 * @remarks Shift to x >= 15 by Gamma(x+1) = x Gamma(x), then Stirling (DLMF 5.11.1).
 * @example Math.abs(lgamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-15
 */
export function lgamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x))
    throw new RangeError(`lgamma: x must be a positive finite number, got ${x}`);
  if (x < STIRLING_MIN && Number.isInteger(2 * x)) return lgammaHalfInteger(x);
  let shift = 0;
  if (x < STIRLING_MIN) {
    let p = 1;
    while (x < STIRLING_MIN) {
      p *= x;
      x += 1;
    }
    shift = Math.log(p);
  }
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x) - shift;
}

/**
 * ln Gamma(a + b) - ln Gamma(a) for a > 0, b >= 0, accurate to a few ulps of the result even when
 * both Gamma values are huge (a = 10^7).
 * @remarks For a >= 15 (and a + b >= 15) it expands Stirling's formula so that the large terms
 * cancel analytically: (a - 1/2) log1p(b / a) + b ln(a + b) - b + S(a + b) - S(a).
 * @example Math.abs(lgammaRatio(1, 0.5) - Math.log(Math.sqrt(Math.PI) / 2)) < 1e-15
 */
export function lgammaRatio(a: number, b: number): number {
  if (b === 0) return 0;
  if (a < STIRLING_MIN) return lgamma(a + b) - lgamma(a);
  return (
    (a - 0.5) * Math.log1p(b / a) +
    b * Math.log(a + b) -
    b +
    stirlingCorrection(a + b) -
    stirlingCorrection(a)
  );
}

/**
 * ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b) for a, b > 0.
 * @remarks The larger argument goes through {@link lgammaRatio} so that B(a, 1/2) stays accurate
 * for a = 10^5.
 * @example Math.abs(logBeta(1, 1)) < 1e-15
 */
export function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  return lgamma(small) - lgammaRatio(big, small);
}

/**
 * ln of the binomial coefficient C(n, k) = Gamma(n + 1) / (Gamma(k + 1) Gamma(n - k + 1)) for
 * real n >= k >= 0.
 * @remarks Via {@link logBeta}: C(n, k) = 1 / ((n + 1) B(k + 1, n - k + 1)).
 * @example Math.abs(logBinomial(10, 3) - Math.log(120)) < 1e-13
 */
export function logBinomial(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - logBeta(k + 1, n - k + 1);
}

/**
 * ln Gamma(x) for x in {1/2, 1, 3/2, ..., 14.5} from the exact products Gamma(k) = (k-1)! and
 * Gamma(k + 1/2) = sqrt(pi) (1/2)(3/2)...(k - 1/2): no cancellation near the zeros at 1 and 2.
 * @remarks The products are exact in float64 (numerators below 2^53), so the only roundings are
 * the final log and the sum with ln sqrt(pi) (DLMF 5.4.1, 5.4.6).
 */
function lgammaHalfInteger(x: number): number {
  const half = !Number.isInteger(x);
  let p = 1;
  for (let y = half ? 0.5 : 1; y < x; y += 1) p *= y;
  return half ? Math.log(p) + LN_SQRT_PI : Math.log(p);
}
