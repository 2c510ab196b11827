const buffer = new DataView(new ArrayBuffer(8));

/** Machine epsilon of float64, 2^-52. */
export const EPS = 2 ** -52;
/** Unit roundoff of float64, 2^-53. */
export const UNIT_ROUNDOFF = 2 ** -53;
/** Unit roundoff of float32, 2^-24. */
export const UNIT_ROUNDOFF_F32 = 2 ** -24;

/**
 * The spacing of float64 numbers at |x|: the gap between |x| and the next larger double.
 * @example ulp(1) === 2 ** -52
 */
export function ulp(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) return Number.NaN;
  if (a === Number.MAX_VALUE) return 2 ** 971;
  buffer.setFloat64(0, a);
  const bits = buffer.getBigUint64(0);
  buffer.setBigUint64(0, bits + 1n);
  return buffer.getFloat64(0) - a;
}

/** The smallest positive normal double, 2^-1022: below it a value keeps fewer than 53 significant bits. */
export const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * The neighbouring double of a positive finite x: one ulp up (step 1n) or down (step -1n).
 * @example adjacentDouble(1, 1n) === 1 + 2 ** -52
 */
export function adjacentDouble(x: number, step: 1n | -1n): number {
  buffer.setFloat64(0, x);
  buffer.setBigUint64(0, buffer.getBigUint64(0) + step);
  return buffer.getFloat64(0);
}

/**
 * Higham's gamma_n = n u / (1 - n u): the relative error bound of an n-term float64 sum or dot
 * product (Accuracy and Stability of Numerical Algorithms, Lemma 3.1).
 */
export function gamma(n: number): number {
  const nu = n * UNIT_ROUNDOFF;
  return nu / (1 - nu);
}
