/**
 * Where the numpy-default ('linear', Hyndman-Fan type 7) p-quantile of n sorted values sits:
 * the two 0-based ranks it interpolates between and the weight.
 *
 * @remarks virtual index h = (n - 1) p, lower rank floor(h), upper rank min(floor(h) + 1, n - 1),
 * weight h - floor(h); the same as `numpy.quantile(x, p)` (method 'linear').
 * @example JSON.stringify(quantileRanks(5, 0.5)) === '{"lower":2,"upper":3,"weight":0}'
 */
export function quantileRanks(n: number, p: number): { lower: number; upper: number; weight: number } {
  const h = (n - 1) * p;
  const lower = Math.min(Math.floor(h), n - 1);
  const upper = Math.min(lower + 1, n - 1);
  return { lower, upper, weight: h - lower };
}

/**
 * Interpolates like numpy's `_lerp`: a + (b - a) t for t < 1/2, b - (b - a)(1 - t) otherwise, so
 * the result matches `numpy.quantile` bit for bit given the same two order statistics.
 */
export function lerpNumpy(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The numpy-default p-quantile of values already sorted ascending.
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) === 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const { lower, upper, weight } = quantileRanks(sorted.length, p);
  return lerpNumpy(sorted[lower]!, sorted[upper]!, weight);
}
