/** The minimiser found by {@link goldenSectionMin}, its value and the iterations spent. */
export interface GoldenSectionResult {
  readonly x: number;
  readonly fx: number;
  readonly iterations: number;
}

/**
 * Minimises a unimodal f on [lo, hi] by golden-section search: the bracket shrinks by
 * (sqrt 5 - 1)/2 per evaluation until it is 4 ulps of max(1, |lo|) wide or `maxIterations` are
 * spent. Ties keep the left point, so the result is a deterministic function of f, lo and hi.
 *
 * @remarks Kiefer 1953; the bracket after k steps is 0.618^k (hi - lo), so about 80 steps reach
 * float64 resolution from a bracket of width 1e3. Only comparisons of f are used: f may be in log
 * space, and a flat f stops at the resolution of its values, not of x.
 * @example Math.abs(goldenSectionMin((x) => Math.abs(x - 0.25), 0, 1).x - 0.25) <= 4 * Number.EPSILON / 4
 */
export function goldenSectionMin(
  f: (x: number) => number,
  lo: number,
  hi: number,
  maxIterations = 200,
): GoldenSectionResult {
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - r * (hi - lo);
  let x2 = lo + r * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  let it = 0;
  for (; it < maxIterations && hi - lo > 4 * Number.EPSILON * Math.max(1, Math.abs(lo)); it++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - r * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + r * (hi - lo);
      f2 = f(x2);
    }
  }
  return f1 <= f2 ? { x: x1, fx: f1, iterations: it } : { x: x2, fx: f2, iterations: it };
}
