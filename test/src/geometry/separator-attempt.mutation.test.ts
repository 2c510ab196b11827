import { beforeEach, describe, expect, it } from 'vitest';
import {
  minNormPointAll,
  type RowCache,
  type Separator,
  SEPARATOR_LIMITS,
  type SeparatorLimits,
  separatorWith,
  withDefaults,
} from '../../../src/geometry/separator.js';
import { type Blas, loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { idsOf, planar, recordGemms } from './separator-planar.js';

// The all-V attempt (minNormPointAll): when it fetches vertex rows by OpenBLAS batches and which
// rows a batch holds (each GEMM recorded), and its stop rules on cases followed by hand.

const blasStatus = loadBlas();
const plain: SeparatorLimits = { ...SEPARATOR_LIMITS, blasMinWork: Number.POSITIVE_INFINITY };
const bits = (r: Separator) =>
  JSON.stringify([r.found, r.separatedCount, r.margin, r.marginUpper, Array.from(r.h)]);

/** float32 values around +e_1 (U) or -e_1 (V) in d dimensions. */
function cloud(rng: Rng, n: number, d: number, sign: number): Matrix {
  return fromRows(
    Array.from({ length: n }, () =>
      Array.from({ length: d }, (_, k) =>
        Math.fround((k === 0 ? sign : 0) + (0.8 * rng.normal()) / Math.sqrt(d)),
      ),
    ),
  );
}

describe.skipIf(!blasStatus.ok)('minNormPointAll: OpenBLAS batches of vertex rows', () => {
  const blas = (blasStatus as { ok: true; blas: Blas }).blas;
  /** Each GEMM's left operand rows as vertex ids (U_i as i, -V_j as n + j), -1 if none matches. */
  let calls: number[][] = [];
  let u: Matrix;
  let v: Matrix;

  beforeEach(() => {
    calls = [];
  });
  // rows against U only (each batch multiplies the same rows by V next)
  recordGemms(blas, (_, a, m, n) => {
    if (n === u.rows) calls.push(idsOf(a, m, u, v));
  });

  const opt = withDefaults({ allIterations: 40, allPatience: 1000, relativeGap: 1e-12 });
  const rowsFor = (): RowCache => ({
    cache: new Map(),
    twins: () => ({ u32: Float32Array.from(u.data), v32: Float32Array.from(v.data) }),
  });
  const setUp = () => {
    const rng = new Rng(11);
    u = cloud(rng, 9, 5, 1);
    v = cloud(rng, 7, 5, -1);
  };

  it('batches from (N + K) d >= blasMinWork on, and with room for 2 rowBatch rows', () => {
    setUp();
    const total = u.rows + v.rows;
    const work = total * u.cols;
    const room = 8 * total * 2 * 4;
    const run = (limits: SeparatorLimits) => {
      calls = [];
      minNormPointAll(u, v, 0, opt, rowsFor(), limits);
      return calls.length;
    };
    expect(run({ rowCacheBytes: room, rowBatch: 4, blasMinWork: work })).toBeGreaterThan(0);
    expect(run({ rowCacheBytes: room, rowBatch: 4, blasMinWork: work + 1 })).toBe(0);
    // a cache of 2 rowBatch - 1 rows: one row at a time
    expect(run({ rowCacheBytes: room - 1, rowBatch: 4, blasMinWork: work })).toBe(0);
    expect(run({ rowCacheBytes: room, rowBatch: 4, blasMinWork: Number.POSITIVE_INFINITY })).toBe(0);
  });

  it('a batch is the vertex in need, then the active vertex, then the smallest <x, p> in index order', () => {
    setUp();
    const d = u.cols;
    const n = u.rows;
    const total = n + v.rows;
    // from x = U_0: <x, p> for every vertex p (U_i, then -V_j), by plain dots
    const s = Array.from({ length: total }, (_, q) => {
      let t = 0;
      for (let k = 0; k < d; k++) t += u.data[k]! * (q < n ? u.data[q * d + k]! : -v.data[(q - n) * d + k]!);
      return t;
    });
    const to = s.indexOf(Math.min(...s));
    const rest = [...s.keys()]
      .filter((q) => q !== to && q !== 0)
      .sort((a, b) => s[a]! - s[b]! || a - b)
      .slice(0, 2)
      .sort((a, b) => a - b);
    minNormPointAll(u, v, 0, opt, rowsFor(), { rowCacheBytes: 2 ** 20, rowBatch: 4, blasMinWork: 1 });
    expect(calls[0]).toEqual([to, 0, ...rest]);
    // every batch at most rowBatch distinct vertices of the input
    for (const c of calls) {
      expect(c.length).toBeLessThanOrEqual(4);
      expect(new Set(c).size).toBe(c.length);
      expect(c.every((id) => id >= 0)).toBe(true);
    }
  });

  it('a cache of 4 rows: a batch never holds more than rowBatch = 2 vertices (active ones without a row)', () => {
    // many active vertices (d = 8) and room for 4 rows: active vertices often lack a row
    const rng = new Rng(3);
    u = cloud(rng, 30, 8, 1);
    v = cloud(rng, 30, 8, -1);
    const total = u.rows + v.rows;
    const many = withDefaults({ allIterations: 200, allPatience: 1000, relativeGap: 1e-12 });
    minNormPointAll(u, v, 0, many, rowsFor(), { rowCacheBytes: 8 * total * 4, rowBatch: 2, blasMinWork: 1 });
    expect(calls.length).toBeGreaterThan(5);
    for (const c of calls) expect(c.length).toBeLessThanOrEqual(2);
  });
});

describe('minNormPointAll: stop rules by hand', () => {
  // U = {(1, 0)}, V = {(-1/2, -1)}: x = U_0, ||x||^2 = 1, <x, -V_0> = 1/2, so the gap 1 - 1/2 is
  // exactly half of ||x||^2. One step towards -V_0 = (1/2, 1): gamma = (1 - 1/2) / |(-1/2, 1)|^2
  // = 2/5, x = (4/5, 2/5), where both <x, p> are 4/5: the minimum-norm point.
  const u = fromRows([[1, 0]]);
  const v = fromRows([[-0.5, -1]]);
  const one = { allFirst: true, maxRounds: 1 };

  it('a gap of exactly relativeGap ||x||^2 stops at once; just above it takes the step', () => {
    const at = separatorWith(u, v, { ...one, relativeGap: 0.5 }, null, plain);
    expect(Array.from(at.h)).toEqual([1, 0]);
    expect([at.found, at.separatedCount, at.margin, at.marginUpper]).toEqual([true, 1, 0.5, 1]);
    const step = separatorWith(u, v, { ...one, relativeGap: 0.49 }, null, plain);
    const x = [0.8, 0.4];
    const nx = Math.hypot(...x);
    expect(Math.abs(step.h[0]! - x[0]! / nx)).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(step.h[1]! - x[1]! / nx)).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(step.marginUpper - nx)).toBeLessThanOrEqual(4e-16);
  });

  it('patience counts only iterations with a point on the wrong side', () => {
    // U and V in narrow cones around +e_1 and -e_1: the hull lies in x_1 > 0, so no point is ever
    // on the wrong side and patience 1 keeps the attempt through all its steps
    const rng = new Rng(5);
    const cu = planar(rng, 6, 0.3, 1);
    const cv = planar(rng, 5, 0.3, -1);
    const o = { ...one, relativeGap: 1e-9 };
    const quick = separatorWith(cu, cv, { ...o, allPatience: 1 }, null, plain);
    const patient = separatorWith(cu, cv, { ...o, allPatience: 1000 }, null, plain);
    expect(bits(quick)).toBe(bits(patient));
    // the attempt's answer, not round 0's (maxRounds 1 would leave its own bound)
    expect(bits(quick)).not.toBe(
      bits(separatorWith(cu, cv, { maxRounds: 1, relativeGap: 1e-9 }, null, plain)),
    );
  });

  it('at ||x||^2 = 1e-300 exactly the attempt runs; below it defers to round 0', () => {
    // U = {(s, 0), (s/2, s/2)}, V = {(-s, 0)}: the attempt starts at U_0 (closer to mean U), where
    // the gap ||x||^2 - <x, U_1> = s^2 / 2 is exactly half of ||x||^2: it stops there, h = (1, 0).
    // Round 0 stops at once at mean U = (3s/4, s/4) (gap s^2 / 8 of 5 s^2 / 8): h = (3, 1) / sqrt 10.
    const y = 1e-150; // y * y === 1e-300 in float64
    const at = (s: number) =>
      separatorWith(
        fromRows([
          [s, 0],
          [s / 2, s / 2],
        ]),
        fromRows([[-s, 0]]),
        { ...one, relativeGap: 0.5 },
        null,
        plain,
      );
    const on = at(y);
    expect(Array.from(on.h)).toEqual([1, 0]);
    expect(on.marginUpper).toBe(y);
    const below = at(0.99999 * y);
    const n10 = Math.sqrt(10);
    expect(Math.abs(below.h[0]! - 3 / n10)).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(below.h[1]! - 1 / n10)).toBeLessThanOrEqual(4e-16);
  });
});
