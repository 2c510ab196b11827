import { describe, expect, it } from 'vitest';
import { nextUp, pilotWindow } from '../../../src/geometry/pairs.js';
import { type Blas, loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { nextUpOf } from './reference.js';

// The pilot's window [lo, hi) only guides the pass (no result depends on it), so it is checked
// here directly against its definition, written out over entries computed in the test: the naive
// products for the JS blocks, float32-rounded ones where sgemm makes them, OpenBLAS's own dgemm
// where its sums differ from the naive ones.

/** numpy's 'linear' quantile of sorted values: h = (n - 1) p, then numpy's `_lerp`. */
function numpyQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  const t = h - lo;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** The rows the pilot samples: min(128, N) of them, row floor((s + 1/2) N / rows). */
function pilotRows(n: number): number[] {
  const rows = Math.min(128, n);
  return Array.from({ length: rows }, (_, s) => Math.floor(((s + 0.5) * n) / rows));
}

/** delta = 8 (sqrt(var of row fractions / rows) + sqrt(p (1 - p) / m)) + 4 / m. */
function deltaOf(varF: number, rows: number, p: number, m: number): number {
  return 8 * (Math.sqrt(varF / rows) + Math.sqrt((p * (1 - p)) / m)) + 4 / m;
}

/**
 * The window by its definition, over the sampled rows' negatives `entry(s, j)` (sampled row s,
 * column j != its positive): the p-quantile qHat of all of them (a full sort), each row's fraction
 * above qHat, their spread, delta, and the order statistics at floor((p - delta)(m - 1)) and
 * ceil((p + delta)(m - 1)); -inf / +inf when p - delta <= 0 / p + delta >= 1, and the upper one's
 * next double (the window keeps it).
 */
function windowByDefinition(rowsOf: number[][], p: number): { lo: number; hi: number; upper: number } {
  const rows = rowsOf.length;
  const sorted = Float64Array.from(rowsOf.flat()).sort();
  const m = sorted.length;
  const qHat = numpyQuantile(sorted, p);
  let s1 = 0;
  let s2 = 0;
  for (const r of rowsOf) {
    const f = r.filter((x) => x > qHat).length / r.length;
    s1 += f;
    s2 += f * f;
  }
  const mean = s1 / rows;
  const varF = Math.max(0, s2 / rows - mean * mean);
  const delta = deltaOf(varF, rows, p, m);
  const upper = sorted[Math.ceil((p + delta) * (m - 1))] ?? Number.NaN;
  return {
    lo: p - delta <= 0 ? Number.NEGATIVE_INFINITY : sorted[Math.floor((p - delta) * (m - 1))]!,
    hi: p + delta >= 1 ? Number.POSITIVE_INFINITY : nextUpOf(upper),
    upper,
  };
}

/** The sampled rows' negatives with entries g(i, j) (i a row of U, j of V). */
function sampleOf(n: number, k: number, pos: Int32Array, g: (i: number, j: number) => number): number[][] {
  return pilotRows(n).map((i) => {
    const row: number[] = [];
    for (let j = 0; j < k; j++) if (j !== pos[i]) row.push(g(i, j));
    return row;
  });
}

/** N x 1 and K x 1 float32 values in (-1, 1): every product is exact in float64, few are float32 values. */
function float32Column(n: number, k: number, seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const col = (len: number) => Float64Array.from({ length: len }, () => Math.fround(2 * rng.uniform() - 1));
  return { u: { rows: n, cols: 1, data: col(n) }, v: { rows: k, cols: 1, data: col(k) } };
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const f32Of = (u: Matrix, v: Matrix) => ({ u: Float32Array.from(u.data), v: Float32Array.from(v.data) });
const isFloat32 = (x: number) => Math.fround(x) === x;

describe('nextUp', () => {
  it('the next double above x, from its bits: zeros, negatives (toward zero), subnormals, positives', () => {
    for (const x of [
      1,
      2,
      0.1,
      3 * Number.MIN_VALUE,
      1e300,
      -1,
      -2,
      -0.1,
      -Number.MIN_VALUE,
      -Number.MAX_VALUE,
    ])
      expect(nextUp(x), `x = ${x}`).toBe(nextUpOf(x));
    // closed forms: the gap above 1 is 2^-52, below 1 (and so above -1) 2^-53
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-0)).toBe(Number.MIN_VALUE);
    expect(nextUp(1)).toBe(1 + 2 ** -52);
    expect(nextUp(-1)).toBe(-(1 - 2 ** -53));
    expect(nextUp(-2)).toBe(-(2 - 2 ** -52));
    expect(Object.is(nextUp(-Number.MIN_VALUE), -0)).toBe(true);
  });
});

describe('pilotWindow without OpenBLAS (JS blocks: the naive products)', () => {
  const n = 40;
  const { u, v } = float32Column(n, n, 5);
  const pos = identity(n);
  const want = windowByDefinition(
    sampleOf(n, n, pos, (i, j) => u.data[i]! * v.data[j]!),
    0.6,
  );

  it('float32 inputs: the window of the float64 products (the float32 copies are for sgemm only)', () => {
    // both ends finite and neither a float32 value: a float32 block would round them
    expect(Number.isFinite(want.lo) && Number.isFinite(want.hi)).toBe(true);
    expect(isFloat32(want.lo) || isFloat32(want.upper)).toBe(false);
    expect(pilotWindow(u, v, pos, 0.6, false, null)).toEqual({ lo: want.lo, hi: want.hi });
    expect(pilotWindow(u, v, pos, 0.6, false, f32Of(u, v))).toEqual({ lo: want.lo, hi: want.hi });
  });

  it('ties at the pilot quantile: entries +-1 (d = 1), the window keeps the tied value', () => {
    const rng = new Rng(8);
    const sign = () => (rng.uniform() < 0.7 ? 1 : -1);
    const m = 60;
    const us: Matrix = { rows: m, cols: 1, data: Float64Array.from({ length: m }, sign) };
    const vs: Matrix = { rows: m, cols: 1, data: Float64Array.from({ length: m }, sign) };
    for (const p of [0.55, 0.7, 0.95]) {
      const w = windowByDefinition(
        sampleOf(m, m, identity(m), (i, j) => us.data[i]! * vs.data[j]!),
        p,
      );
      expect(pilotWindow(us, vs, identity(m), p, false, null), `p ${p}`).toEqual({ lo: w.lo, hi: w.hi });
    }
  });

  it('every row with one fraction above qHat: its rounded spread (0 or 2^-53) moves an end', () => {
    // Three equal rows of negatives 1..18 (U = 1, V_j = j, every positive V_0): in exact arithmetic
    // the spread of the fractions is 0 for the count above qHat and for the count at or below it
    // alike, but the sums round differently for the two. Found by a search over rows, K and p: at
    // these p the two roundings put the rank of an end on either side of a group of three ties.
    const u1: Matrix = { rows: 3, cols: 1, data: Float64Array.from([1, 1, 1]) };
    const v1: Matrix = { rows: 19, cols: 1, data: Float64Array.from({ length: 19 }, (_, j) => j) };
    const pos1 = Int32Array.from([0, 0, 0]);
    const rowsOf = sampleOf(3, 19, pos1, (i, j) => u1.data[i]! * v1.data[j]!);
    expect(rowsOf).toEqual(Array.from({ length: 3 }, () => Array.from({ length: 18 }, (_, j) => j + 1)));
    for (const [p, lo, hi] of [
      [0.0550291, Number.NEGATIVE_INFINITY, nextUpOf(8)],
      [0.9449709, 12, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(windowByDefinition(rowsOf, p), `p ${p}`).toMatchObject({ lo, hi });
      expect(pilotWindow(u1, v1, pos1, p, false, null), `p ${p}`).toEqual({ lo, hi });
    }
  });

  describe('the ends: p - delta = 0 and p + delta = 1 exactly', () => {
    // every entry 1: no row has an entry above qHat = 1, so var = 0 and delta = 8 sqrt(p (1 - p) / m)
    // + 4 / m with m = 25 * 40 = 1000 sampled negatives; the p found below meet an end exactly
    const rows = 25;
    const k = 41;
    const m = rows * (k - 1);
    const ones: Matrix = { rows, cols: 1, data: new Float64Array(rows).fill(1) };
    const onesV: Matrix = { rows: k, cols: 1, data: new Float64Array(k).fill(1) };
    const pos = identity(rows);
    /** The first double p >= start (stepping up by ulps) with f(p) true. */
    const firstFrom = (start: number, f: (p: number) => boolean): number => {
      let p = start;
      for (let s = 0; s < 100_000 && !f(p); s++) p = nextUpOf(p);
      expect(f(p), `from ${start}`).toBe(true);
      return p;
    };
    /** Bisection for the sign change of g on [a, b] (g(a) < 0 < g(b)), to a few ulps. */
    const bisect = (g: (p: number) => number, a0: number, b0: number): number => {
      let [a, b] = [a0, b0];
      for (let s = 0; s < 200; s++) {
        const c = (a + b) / 2;
        if (g(c) < 0) a = c;
        else b = c;
      }
      return a;
    };

    it('p = delta: lo is -inf; a p one ulp above has the first entry', () => {
      const root = bisect((p) => p - deltaOf(0, rows, p, m), 0.01, 0.5);
      const p = firstFrom(nextUpOf(root - 1e-12), (x) => x - deltaOf(0, rows, x, m) >= 0);
      expect(p - deltaOf(0, rows, p, m)).toBe(0);
      expect(pilotWindow(ones, onesV, pos, p, false, null)).toEqual({
        lo: Number.NEGATIVE_INFINITY,
        hi: nextUpOf(1),
      });
      const above = firstFrom(p, (x) => x - deltaOf(0, rows, x, m) > 0);
      expect(pilotWindow(ones, onesV, pos, above, false, null).lo).toBe(1);
    });

    it('p + delta = 1: hi is +inf; a p just below has the next double above the last entry', () => {
      const root = bisect((p) => p + deltaOf(0, rows, p, m) - 1, 0.5, 0.999);
      const p = firstFrom(nextUpOf(root - 1e-12), (x) => x + deltaOf(0, rows, x, m) >= 1);
      expect(p + deltaOf(0, rows, p, m)).toBe(1);
      expect(pilotWindow(ones, onesV, pos, p, false, null)).toEqual({ lo: 1, hi: Number.POSITIVE_INFINITY });
      const below = p - 2 ** -40;
      expect(below + deltaOf(0, rows, below, m)).toBeLessThan(1);
      expect(pilotWindow(ones, onesV, pos, below, false, null).hi).toBe(nextUpOf(1));
    });
  });
});

const blas = loadBlas();
describe.runIf(blas.ok)('pilotWindow with OpenBLAS', () => {
  const lib = (blas as { ok: true; blas: Blas }).blas;
  const n = 40;
  const { u, v } = float32Column(n, n, 5);
  const pos = identity(n);
  const exact = windowByDefinition(
    sampleOf(n, n, pos, (i, j) => u.data[i]! * v.data[j]!),
    0.6,
  );

  it('float32 inputs: sgemm, so every entry is its product rounded to float32', () => {
    const want = windowByDefinition(
      sampleOf(n, n, pos, (i, j) => Math.fround(u.data[i]! * v.data[j]!)),
      0.6,
    );
    // the rounding moves both ends
    expect(want.lo).not.toBe(exact.lo);
    expect(want.hi).not.toBe(exact.hi);
    expect(pilotWindow(u, v, pos, 0.6, true, f32Of(u, v))).toEqual({ lo: want.lo, hi: want.hi });
  });

  it('no float32 copies: dgemm (one product per entry here, so the exact ones)', () => {
    expect(pilotWindow(u, v, pos, 0.6, true, null)).toEqual({ lo: exact.lo, hi: exact.hi });
  });

  it("dgemm's own sums where they differ from the naive ones (d = 64)", () => {
    const rng = new Rng(21);
    const d = 64;
    const rand = (rows: number): Matrix => ({
      rows,
      cols: d,
      data: Float64Array.from({ length: rows * d }, () => 2 * rng.uniform() - 1),
    });
    const ud = rand(n);
    const vd = rand(n);
    // every sampled row against every V row by dgemm, in one call as the pilot makes it
    const sampled = pilotRows(n);
    const sub = new Float64Array(sampled.length * d);
    for (const [s, i] of sampled.entries()) sub.set(ud.data.subarray(i * d, (i + 1) * d), s * d);
    const g = new Float64Array(sampled.length * n);
    lib.dgemmAbt(sub, 0, vd.data, 0, g, sampled.length, n, d, d, d);
    const rowOf = new Map(sampled.map((i, s) => [i, s]));
    const want = windowByDefinition(
      sampleOf(n, n, pos, (i, j) => g[rowOf.get(i)! * n + j]!),
      0.6,
    );
    const naive = windowByDefinition(
      sampleOf(n, n, pos, (i, j) => {
        let s = 0;
        for (let c = 0; c < d; c++) s += ud.data[i * d + c]! * vd.data[j * d + c]!;
        return s;
      }),
      0.6,
    );
    // SkylakeX's kernel (npm test sets the core type) moves both ends; a kernel that sums in the
    // naive order (Prescott's, which OpenBLAS picks when no core type is set, as in the mutation run)
    // leaves them, and then the two checks below are one
    if (lib.description.includes('SkylakeX')) expect([want.lo, want.hi]).not.toEqual([naive.lo, naive.hi]);
    expect(pilotWindow(ud, vd, pos, 0.6, true, null)).toEqual({ lo: want.lo, hi: want.hi });
    expect(pilotWindow(ud, vd, pos, 0.6, false, null)).toEqual({ lo: naive.lo, hi: naive.hi });
  });

  it('more than one block of 4096 columns (d = 2): each block reads its own V rows', () => {
    // V_j = (j / 4096, 1/2 - j / 8192): entries 1/4 + 3 j / 16384, exact in float32 and float64
    const k = 4100;
    const v2: Matrix = {
      rows: k,
      cols: 2,
      data: Float64Array.from({ length: 2 * k }, (_, x) =>
        x % 2 === 0 ? (x >> 1) / 4096 : 0.5 - (x >> 1) / 8192,
      ),
    };
    // two equal U rows: their fractions above qHat differ by one entry at most, so delta is small
    const u2: Matrix = { rows: 2, cols: 2, data: Float64Array.from([1, 0.5, 1, 0.5]) };
    const pos2 = Int32Array.from([0, 1]);
    const want = windowByDefinition(
      sampleOf(
        2,
        k,
        pos2,
        (i, j) => u2.data[2 * i]! * v2.data[2 * j]! + u2.data[2 * i + 1]! * v2.data[2 * j + 1]!,
      ),
      0.6,
    );
    expect(Number.isFinite(want.lo) && Number.isFinite(want.hi)).toBe(true);
    expect(pilotWindow(u2, v2, pos2, 0.6, true, f32Of(u2, v2))).toEqual({ lo: want.lo, hi: want.hi });
    expect(pilotWindow(u2, v2, pos2, 0.6, true, null)).toEqual({ lo: want.lo, hi: want.hi });
  });
});
