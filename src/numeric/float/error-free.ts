/**
 * Error-free transformations of doubles (no FMA in JS): the rounding error of a sum or a product as
 * a double, so sums of many terms can be carried as a double plus a correction.
 */

/** Veltkamp's splitter for doubles: 2^27 + 1. */
const SPLIT = 134217729;

/** a b - fl(a b) exactly, given p = fl(a b) (Dekker's product; exact unless a b overflows or underflows). */
export function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** a + b - fl(a + b) exactly, given s = fl(a + b) (Knuth's two-sum: any order of magnitudes). */
export function sumError(a: number, b: number, s: number): number {
  const z = s - a;
  return a - (s - z) + (b - z);
}

/** Scale that keeps Dekker's split of a factor above 2^995 (SPLIT a overflows there) finite. */
const BIG = 2 ** 995;

/**
 * t g - b rounded once (within an ulp of the exact value, and exact when it is a double): the
 * product is carried as a double plus its exact error and the difference by two-sum, so a logit
 * whose terms cancel keeps its digits. The plain `t * g - b` loses u |t g| to the product's
 * rounding: at t = 1e20, g = 0.96, b = 9.6e19 it is 0 where the logit is -3552.7.
 */
export function logitOf(t: number, g: number, b: number): number {
  const p = t * g;
  if (!Number.isFinite(p)) return p - b;
  // factors scaled by powers of two (exact), the error scaled back (far above the underflow range)
  const st = Math.abs(t) > BIG ? 2 ** -64 : 1;
  const sg = Math.abs(g) > BIG ? 2 ** -64 : 1;
  const pe = productError(t * st, g * sg, p * st * sg) / (st * sg);
  const s = p - b;
  return s + (sumError(p, -b, s) + pe);
}
