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

/**
 * Higham's gamma_n = n u / (1 - n u): the relative error bound of an n-term float64 sum or dot
 * product (Accuracy and Stability of Numerical Algorithms, Lemma 3.1).
 */
export function gamma(n: number): number {
  const nu = n * UNIT_ROUNDOFF;
  return nu / (1 - nu);
}
