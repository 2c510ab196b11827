import { productError, sumError } from '../numeric/float/error-free.js';
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
 * The weight of the q-quantile (upper = false) or the (1 - q)-quantile (upper = true) of n values
 * as a double plus a correction: h = (n - 1) q or (n - 1)(1 - q) taken exactly (numpy rounds h, and
 * 1 - q, to a double first), less `lower`. When the exact h falls below `lower` (numpy's rounded h
 * reached the next integer) numpy's weight 0 stands: the two differ by under an ulp of h times the
 * gap between the order statistics.
 */
export function exactWeight(
  n: number,
  q: number,
  upper: boolean,
  lower: number,
): { readonly hi: number; readonly lo: number } {
  const m = n - 1;
  const a = m * q;
  const ae = productError(m, q, a);
  let hHi = a;
  let hLo = ae;
  if (upper) {
    // m - (a + ae): m - a by two-sum, then the two small parts
    const s = m - a;
    hHi = s;
    hLo = sumError(m, -a, s) - ae;
  }
  const w = hHi - lower;
  const wLo = sumError(hHi, -lower, w) + hLo;
  if (w + wLo < 0 || lower >= m) return { hi: 0, lo: 0 };
  return { hi: w, lo: wLo };
}

/**
 * a + (b - a) t as a double plus a correction (within 2^-100 of it), t = tHi + tLo: the real value
 * that {@link lerpNumpy} rounds, for sums and differences of quantiles rounded once.
 */
export function lerpExact(
  a: number,
  b: number,
  t: number,
  tLo = 0,
): { readonly hi: number; readonly lo: number } {
  const d = b - a;
  const dl = sumError(b, -a, d);
  const p = t * d;
  const pl = productError(t, d, p) + t * dl + tLo * d;
  const s = a + p;
  return { hi: s, lo: sumError(a, p, s) + pl };
}

/** (x + s y) / 2 of two {@link lerpExact} values (s = -1: half the difference), rounded once. */
export function halfCombination(
  x: { readonly hi: number; readonly lo: number },
  y: { readonly hi: number; readonly lo: number },
  s: 1 | -1,
): number {
  const h = x.hi + s * y.hi;
  return (h + (sumError(x.hi, s * y.hi, h) + x.lo + s * y.lo)) / 2;
}

/**
 * The numpy-default p-quantile of values already sorted ascending.
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) === 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const { lower, upper, weight } = quantileRanks(sorted.length, p);
  return lerpNumpy(sorted[lower]!, sorted[upper]!, weight);
}

/** Segments at most this long are finished by insertion sort. */
const SELECT_SMALL = 24;

/**
 * Moves the order statistics of the given 0-based ranks into place: afterwards x[r] is the value
 * a full ascending sort would put at r, for every r in `ranks` (introselect: Hoare partitions
 * around a median of three, only into the parts holding a wanted rank; a segment that partitions
 * badly too often is sorted). O(n) expected instead of the sort's O(n log n). NaN-free input; -0
 * and 0 count as equal.
 * @example ((x) => (selectRanks(x, [1]), x[1] === 2))(Float64Array.of(3, 1, 2)) // rank 1 lands at index 1
 */
export function selectRanks(x: Float64Array, ranks: readonly number[]): void {
  const want = [...new Set(ranks)].filter((r) => r >= 0 && r < x.length).sort((a, b) => a - b);
  if (want.length === 0) return;
  const budget = 2 * Math.ceil(Math.log2(x.length + 1)) + 8;
  // Stack of segments [lo, hi] with the slice [a, b) of `want` inside, and their depth.
  const stack: number[] = [0, x.length - 1, 0, want.length, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const b = stack.pop()!;
    const a = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (a >= b) continue;
    if (hi - lo < SELECT_SMALL) {
      insertionSort(x, lo, hi);
      continue;
    }
    if (depth > budget) {
      x.subarray(lo, hi + 1).sort();
      continue;
    }
    const j = partition(x, lo, hi);
    // Ranks <= j lie in [lo, j], the rest in [j + 1, hi]; every left value <= every right value.
    let m = a;
    while (m < b && want[m]! <= j) m++;
    stack.push(lo, j, a, m, depth + 1);
    stack.push(j + 1, hi, m, b, depth + 1);
  }
}

function insertionSort(x: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = x[i]!;
    let j = i - 1;
    while (j >= lo && x[j]! > v) {
      x[j + 1] = x[j]!;
      j--;
    }
    x[j + 1] = v;
  }
}

/** Hoare partition of x[lo..hi] (hi - lo >= 2) around the median of three; returns j, lo <= j < hi. */
function partition(x: Float64Array, lo: number, hi: number): number {
  const mid = lo + ((hi - lo) >> 1);
  if (x[mid]! < x[lo]!) swap(x, mid, lo);
  if (x[hi]! < x[lo]!) swap(x, hi, lo);
  if (x[hi]! < x[mid]!) swap(x, hi, mid);
  swap(x, lo, mid);
  const pivot = x[lo]!;
  let i = lo - 1;
  let j = hi + 1;
  for (;;) {
    do i++;
    while (x[i]! < pivot);
    do j--;
    while (x[j]! > pivot);
    if (i >= j) return j;
    swap(x, i, j);
  }
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i]!;
  x[i] = x[j]!;
  x[j] = t;
}
