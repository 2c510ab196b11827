/**
 * Expectations over the cosine of two independent uniform unit vectors in R^d, the similarity of
 * a pair at random initialisation. Its density on [-1, 1] is
 * (1 - s^2)^((d-3)/2) / B(1/2, (d-1)/2).
 *
 * @remarks Quadrature: s = tanh x turns the density into sech(x)^(d-1) dx / B(1/2, (d-1)/2), a
 * smooth bell on the real line with no endpoint singularity (d = 2 included), and the trapezoidal
 * rule on the line converges geometrically for integrands analytic in a strip. The normaliser is
 * the same trapezoidal sum, so E[g] is a ratio of two sums with the same nodes. docs/theory.md §5.
 */
import { UsageError } from '../errors.js';

/** Largest embedding dimension accepted (the step shrinks like 1/sqrt(d)). */
export const MAX_COSINE_DIMENSION = 1e7;

/** Largest number of quadrature nodes on one side of 0 before the request is refused. */
export const MAX_COSINE_NODES = 20_000_000;

/** A function of the similarity s in [-1, 1], given as ln g(s) (so tiny values do not underflow). */
export type LogIntegrand = (s: number) => number;

/**
 * Beyond this x, tanh x rounds to 1 in float64 (1 - tanh x < 2^-54), so the integrand is constant
 * there and its tail is added in closed form instead of with more nodes.
 */
export const X_SATURATED = 19.5;

/** The quadrature grid for {@link expectCosineLog}. */
export interface CosineGrid {
  /** Trapezoidal step in x (s = tanh x). */
  readonly h: number;
  /** Half-width of the truncated range in x. */
  readonly xMax: number;
  /** Whether the range was cut at {@link X_SATURATED} and the tails added in closed form. */
  readonly saturated: boolean;
}

/** ln cosh x for real x, without overflow. */
function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/**
 * ln of the sum of the weights sech(x_i)^(d-1) over the nodes x_i = i h, i > n, with n h >= 19:
 * there sech x = 2 e^{-x} (1 + O(e^{-2x})), so the sum is the geometric series
 * 2^(d-1) e^{-(d-1)(n+1) h} / (1 - e^{-(d-1) h}), to a relative (d-1) e^{-38}.
 */
function logTail(d: number, n: number, h: number): number {
  const c = d - 1;
  return c * Math.LN2 - c * (n + 1) * h - Math.log(-Math.expm1(-c * h));
}

/**
 * The grid for dimension d when the integrand's singularities are at distance about `strip` from
 * the real line and ln(max g / min g) <= `logRange`.
 * @remarks Trapezoidal error about exp(-2 pi a / h) for a strip of half-width a; the weight
 * sech^(d-1) grows like cos(a)^-(d-1) inside the strip, which limits a to about 1/sqrt(d-1).
 * h = min(strip, 1/sqrt(d-1)) / 8 keeps both terms below 1e-20. Truncation: the tail beyond
 * xMax carries weight below e^-(60 + logRange), relative to the whole.
 */
function cosineGridUnchecked(d: number, strip: number, logRange: number): CosineGrid {
  if (!(Number.isInteger(d) && d >= 2 && d <= MAX_COSINE_DIMENSION)) {
    throw new UsageError(`cosine density: d must be an integer in [2, ${MAX_COSINE_DIMENSION}], got ${d}`);
  }
  const h = Math.min(strip, 1 / Math.sqrt(d - 1), Math.PI / 2) / 8;
  const level = 60 + Math.max(0, logRange);
  // (d-1) ln cosh x >= level: bisection on the monotone ln cosh
  let lo = 0;
  let hi = 1;
  while ((d - 1) * logCosh(hi) < level) hi *= 2;
  for (let i = 0; i < 80; i++) {
    const mid = 0.5 * (lo + hi);
    if ((d - 1) * logCosh(mid) < level) lo = mid;
    else hi = mid;
  }
  const saturated = hi > X_SATURATED;
  if (saturated) hi = X_SATURATED;
  return { h, xMax: hi, saturated };
}

/** Quadrature nodes on one side of 0 that {@link cosineGrid} would use (it refuses past {@link MAX_COSINE_NODES}). */
export function cosineGridNodes(d: number, strip: number, logRange: number): number {
  const { h, xMax } = cosineGridUnchecked(d, strip, logRange);
  return Math.ceil(xMax / h);
}

/**
 * The grid for dimension d when the integrand's singularities are at distance about `strip` from
 * the real line and ln(max g / min g) <= `logRange`; refused past {@link MAX_COSINE_NODES} nodes.
 */
export function cosineGrid(d: number, strip: number, logRange: number): CosineGrid {
  const grid = cosineGridUnchecked(d, strip, logRange);
  const { h, xMax: hi } = grid;
  if (hi / h > MAX_COSINE_NODES) {
    throw new UsageError(
      `cosine density: ${Math.ceil(hi / h)} quadrature nodes needed, more than ${MAX_COSINE_NODES}`,
    );
  }
  return grid;
}

/**
 * ln E[g(s)] for s the cosine of two independent uniform unit vectors in R^d, with g given as
 * ln g (any number of integrands on the same grid, returned in order).
 * @example Math.abs(Math.exp(expectCosineLog(3, [() => 0], cosineGrid(3, 1, 0))[0]) - 1) < 1e-15 // E[e^0] = 1
 */
export function expectCosineLog(d: number, logG: readonly LogIntegrand[], grid: CosineGrid): number[] {
  const { h, xMax } = grid;
  const n = Math.ceil(xMax / h);
  // streaming log-sum-exp per integrand, plus the normaliser (index logG.length)
  const k = logG.length;
  const max = new Float64Array(k + 1).fill(Number.NEGATIVE_INFINITY);
  const acc = new Float64Array(k + 1);
  const comp = new Float64Array(k + 1);
  // Kahan-compensated sum of exp(v - max), rescaled when a larger term arrives
  const add = (j: number, v: number): void => {
    if (v === Number.NEGATIVE_INFINITY) return;
    let term: number;
    if (v > max[j]!) {
      const f = Math.exp(max[j]! - v);
      acc[j] = acc[j]! * f;
      comp[j] = comp[j]! * f;
      max[j] = v;
      term = 1;
    } else term = Math.exp(v - max[j]!);
    const y = term - comp[j]!;
    const t = acc[j]! + y;
    comp[j] = t - acc[j]! - y;
    acc[j] = t;
  };
  for (let i = -n; i <= n; i++) {
    const x = i * h;
    const lw = -(d - 1) * logCosh(x);
    const s = Math.tanh(x);
    for (let j = 0; j < k; j++) add(j, lw + logG[j]!(s));
    add(k, lw);
  }
  if (grid.saturated) {
    // both tails: s = +1 and s = -1 exactly in float64
    const lt = logTail(d, n, h);
    for (const s of [1, -1]) {
      for (let j = 0; j < k; j++) add(j, lt + logG[j]!(s));
      add(k, lt);
    }
  }
  const lz = max[k]! + Math.log(acc[k]!);
  const out: number[] = [];
  for (let j = 0; j < k; j++) out.push(max[j]! + Math.log(acc[j]!) - lz);
  return out;
}

/**
 * ln of the trapezoidal normaliser h sum sech(x_i)^(d-1), which approximates
 * B(1/2, (d-1)/2) = Gamma(1/2) Gamma((d-1)/2) / Gamma(d/2) (tests compare the two).
 */
export function logCosineNormaliser(d: number, grid: CosineGrid): number {
  // the weights peak at x = 0 with value 1, so no rescaling is needed
  const n = Math.ceil(grid.xMax / grid.h);
  let acc = 0;
  let comp = 0;
  for (let i = -n; i <= n; i++) {
    const y = Math.exp(-(d - 1) * logCosh(i * grid.h)) - comp;
    const t = acc + y;
    comp = t - acc - y;
    acc = t;
  }
  if (grid.saturated) {
    const y = 2 * Math.exp(logTail(d, n, grid.h)) - comp;
    acc += y;
  }
  return Math.log(acc) + Math.log(grid.h);
}
