import fc from 'fast-check';

/**
 * A claim's domain as data: the range of each parameter, the exact points its cases must reach,
 * and arbitraries that sample it log-uniformly with those points drawn on purpose. Uniform
 * sampling of [1e-3, 1e4] almost never sees t < 1 or t = 1e4; log-uniform sampling plus the
 * extremes does, and a test checks it (every declared extreme and boundary shows up).
 */

/** How a parameter is spread over its range. */
export type ParamScale =
  /** log-uniform on [min, max], 0 < min */
  | 'log'
  /** log-uniform magnitude on [minAbs, |min|] (negative side) and [minAbs, max] (positive side), and 0 */
  | 'symlog'
  /** uniform on [min, max] */
  | 'linear';

/** One parameter's declared range. */
export interface ParamDomain {
  readonly min: number;
  readonly max: number;
  readonly scale: ParamScale;
  /** Integers only (N, d, n). @defaultValue false */
  readonly integer?: boolean;
  /** Smallest nonzero magnitude of a `symlog` parameter. @defaultValue 1e-3 */
  readonly minAbs?: number;
  /** Exact points the cases must reach besides min and max (0, 1, a constant boundary). */
  readonly corners?: readonly number[];
}

/** A point set where a law changes (t = T_ETF(N), N = d + 2, m + b_rel = 1): cases must land on it. */
export interface Boundary<T> {
  readonly name: string;
  readonly on: (c: T) => boolean;
}

/**
 * An extreme of the declared domain that the check leaves out for now because code the claim
 * calls is wrong there (input, expected, got in `why`). The list exists to be emptied.
 */
export interface PendingCorner {
  readonly param: string;
  /** The excluded value (min or max, or a corner), as declared. */
  readonly value: number;
  /** The value sampled instead until the fix is in. */
  readonly instead: number;
  readonly why: string;
}

/** What a claim states about its inputs and how its cases are drawn. */
export interface ClaimDomain<T = unknown> {
  readonly params: Readonly<Record<string, ParamDomain>>;
  /** The cases of the randomized check (built with {@link paramArbitrary}). */
  readonly arbitrary: fc.Arbitrary<T>;
  /**
   * The declared parameters of one case: a value, several (t1 and t2 of a pair are both t), or
   * undefined for those a case kind does not have.
   */
  readonly values: (c: T) => Readonly<Record<string, number | readonly number[] | undefined>>;
  readonly boundaries?: readonly Boundary<T>[];
  readonly pendingCorners?: readonly PendingCorner[];
}

/** Share of cases drawn from the extremes and corners (the rest spread over the range). */
export const CORNER_WEIGHT = 1;
export const SPREAD_WEIGHT = 3;

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Steps of the uniform grid behind the spread (fc.double is uniform over doubles, not over reals). */
export const GRID = 2 ** 30;

/** Uniform on [lo, hi] on a grid of {@link GRID} steps, ends included. */
function uniform(lo: number, hi: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: GRID }).map((k) => clamp(lo + ((hi - lo) * k) / GRID, lo, hi));
}

/** log-uniform on [lo, hi] (0 < lo <= hi), ends included, integers when asked. */
function logUniform(lo: number, hi: number, integer: boolean): fc.Arbitrary<number> {
  if (lo === hi) return fc.constant(lo);
  return uniform(Math.log10(lo), Math.log10(hi)).map((u) =>
    clamp(integer ? Math.round(10 ** u) : 10 ** u, lo, hi),
  );
}

/** The spread part of a parameter's arbitrary (no corners). */
function spread(name: string, p: ParamDomain): fc.Arbitrary<number> {
  const integer = p.integer === true;
  if (p.scale === 'linear') {
    return integer ? fc.integer({ min: p.min, max: p.max }) : uniform(p.min, p.max);
  }
  if (p.scale === 'log') {
    if (!(p.min > 0)) throw new RangeError(`domain ${name}: a log scale needs min > 0, got ${p.min}`);
    return logUniform(p.min, p.max, integer);
  }
  const small = p.minAbs ?? 1e-3;
  const sides: fc.Arbitrary<number>[] = [];
  if (p.min < 0) sides.push(logUniform(small, -p.min, integer).map((x) => -x));
  if (p.max > 0) sides.push(logUniform(small, p.max, integer));
  return sides.length === 1 ? sides[0]! : fc.oneof(...sides);
}

/** The exact points of a parameter: min, max and its corners (0 too for a symlog range that holds it). */
export function cornersOf(p: ParamDomain): number[] {
  const extra = p.scale === 'symlog' && p.min <= 0 && p.max >= 0 ? [0] : [];
  return [...new Set([p.min, p.max, ...(p.corners ?? []), ...extra])].sort((a, b) => a - b);
}

/**
 * The arbitrary of one declared parameter: its extremes and corners with weight
 * {@link CORNER_WEIGHT}, spread over the range (log-uniform for `log` and `symlog`) with weight
 * {@link SPREAD_WEIGHT}. A pending corner is replaced by its `instead` value.
 */
export function paramArbitrary(
  name: string,
  p: ParamDomain,
  pending: readonly PendingCorner[] = [],
): fc.Arbitrary<number> {
  const swap = new Map(pending.filter((c) => c.param === name).map((c) => [c.value, c.instead]));
  const lo = swap.get(p.min) ?? p.min;
  const hi = swap.get(p.max) ?? p.max;
  const effective: ParamDomain = { ...p, min: lo, max: hi };
  const points = [...new Set(cornersOf(p).map((x) => swap.get(x) ?? x))];
  return fc.oneof(
    { weight: CORNER_WEIGHT, arbitrary: fc.constantFrom(...points) },
    { weight: SPREAD_WEIGHT, arbitrary: spread(name, effective) },
  );
}

/**
 * A record arbitrary over the named parameters of `params` (each by {@link paramArbitrary}),
 * with `pending` corners replaced.
 */
export function paramsArbitrary<K extends string>(
  params: Readonly<Record<K, ParamDomain>>,
  pending: readonly PendingCorner[] = [],
): fc.Arbitrary<Record<K, number>> {
  const model = {} as Record<K, fc.Arbitrary<number>>;
  for (const k of Object.keys(params) as K[]) model[k] = paramArbitrary(k, params[k], pending);
  return fc.record(model) as unknown as fc.Arbitrary<Record<K, number>>;
}
