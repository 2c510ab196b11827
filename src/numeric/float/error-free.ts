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
