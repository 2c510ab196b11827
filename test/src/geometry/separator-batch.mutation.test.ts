import { beforeEach, describe, expect, it } from 'vitest';
import {
  SEPARATOR_LIMITS,
  type Separator,
  type SeparatorLimits,
  separatorWith,
} from '../../../src/geometry/separator.js';
import { type Blas, loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { idsOf, recordGemms } from './separator-planar.js';

// The separator's OpenBLAS batches of vertex rows, forced on small inputs. The rows only choose
// Gilbert's next vertex (x itself is updated from the vertex's coordinates), so as long as the
// batched rows make the same choices as the rows one at a time, the result is the same bits; the
// inputs below have no near-ties (checked: both routes agree). Each GEMM is recorded to check which
// vertices a batch fetches.

const blasStatus = loadBlas();
const bits = (r: Separator) => JSON.stringify([r.found, r.separatedCount, r.margin, Array.from(r.h)]);

interface Call {
  readonly kind: 's' | 'd';
  /** 'u' or 'v': the matrix the rows were multiplied with. */
  readonly against: 'u' | 'v';
  readonly a: Float32Array | Float64Array;
  readonly ids: number[];
}

function cloud(rng: Rng, n: number, d: number, c: number, f32: boolean): Matrix {
  return fromRows(
    Array.from({ length: n }, () => {
      const r = Array.from({ length: d }, (_, k) => (k === 0 ? c : 0) + (0.8 * rng.normal()) / Math.sqrt(d));
      return f32 ? r.map(Math.fround) : r;
    }),
  );
}

describe.skipIf(!blasStatus.ok)('separator: OpenBLAS vertex rows in batches', () => {
  const blas = (blasStatus as { ok: true; blas: Blas }).blas;
  let calls: Call[] = [];
  let u: Matrix;
  let v: Matrix;
  beforeEach(() => {
    calls = [];
  });
  recordGemms(blas, (kind, a, m, n) =>
    calls.push({ kind, against: n === u.rows ? 'u' : 'v', a, ids: idsOf(a, m, u, v) }),
  );

  const opts = { relativeGap: 1e-6, maxIterations: 5000 };
  const plainLimits: SeparatorLimits = { ...SEPARATOR_LIMITS, blasMinWork: Number.POSITIVE_INFINITY };
  const batchLimits: SeparatorLimits = { rowCacheBytes: 2 ** 28, rowBatch: 4, blasMinWork: 1 };

  for (const f32 of [true, false]) {
    it(`${f32 ? 'float32 values (sgemm)' : 'float64 values (dgemm)'}: the same bits as one row at a time`, () => {
      const rng = new Rng(7);
      u = cloud(rng, 40, 6, 1, f32);
      v = cloud(rng, 30, 6, 0, f32);
      const plain = separatorWith(u, v, opts, null, plainLimits);
      expect(calls).toEqual([]);
      const batched = separatorWith(u, v, opts, null, batchLimits);
      expect(bits(batched)).toBe(bits(plain));
      // a later round separates more than round 0 (so rows against V are fetched too)
      expect(plain.separatedCount).toBeGreaterThan(
        separatorWith(u, v, { ...opts, maxRounds: 1 }, null, plainLimits).separatedCount,
      );
      expect(calls.length).toBeGreaterThan(4);
      expect(calls.every((c) => c.kind === (f32 ? 's' : 'd'))).toBe(true);
      // every fetched row is a vertex of the input (U_i or -V_j), each batch at most rowBatch rows,
      // distinct, the vertex in need first and the others in point order
      const seen = new Set<string>();
      let withV = 0;
      calls.forEach((c, q) => {
        expect(c.ids.every((id) => id >= 0)).toBe(true);
        expect(new Set(c.ids).size).toBe(c.ids.length);
        expect(c.ids.length).toBeLessThanOrEqual(4);
        const rest = c.ids.slice(1);
        expect(rest).toEqual([...rest].sort((x, y) => x - y));
        if (c.against === 'v') {
          // the same vertices as the U product just before
          expect(calls[q - 1]!.against).toBe('u');
          expect(calls[q - 1]!.a).toBe(c.a);
          withV++;
          return;
        }
        const hasV = calls[q + 1]?.against === 'v' && calls[q + 1]!.a === c.a;
        // with room for every row, no vertex row is fetched twice for the same kind of round
        for (const id of c.ids) {
          const k = `${id}:${hasV}`;
          expect(seen.has(k), `call ${q} refetches ${k}`).toBe(false);
          seen.add(k);
        }
      });
      expect(withV).toBeGreaterThan(0);
      // a row fetched without V in round 0 is no use once V points join: fetched again with V
      expect([...seen].some((k) => k.endsWith(':false') && seen.has(k.replace(':false', ':true')))).toBe(
        true,
      );
      // the first batch holds rowBatch vertices (there are 40 U's to choose from)
      expect(calls[0]!.ids.length).toBe(4);
    });
  }

  it('a cache of exactly 2 rowBatch rows still batches and keeps its first rows; one less does not batch', () => {
    // rowBatch 2, room for 4 rows: Gilbert revisits more than 4 vertices, so rows are fetched again
    const rng = new Rng(7);
    u = cloud(rng, 40, 6, 1, true);
    v = cloud(rng, 30, 6, 0, true);
    const plain = separatorWith(u, v, opts, null, plainLimits);
    const rowBytes = 8 * (u.rows + v.rows);
    const small = { rowCacheBytes: 4 * rowBytes, rowBatch: 2, blasMinWork: 1 };
    const loose = { relativeGap: 1e-3, maxIterations: 5000, maxRounds: 1 };
    const r = separatorWith(u, v, loose, null, small);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.every((c) => c.ids.length === 2)).toBe(true);
    // the rows of the first two batches (4 vertices) stay cached and are never fetched again
    const first = new Set([...calls[0]!.ids, ...calls[1]!.ids]);
    expect(first.size).toBe(4);
    for (const c of calls.slice(2))
      for (const id of c.ids) expect(first.has(id), `refetched ${id}`).toBe(false);
    // the cache is then full: the third batch's vertex in need is not kept, and is fetched again
    const third = calls[2]!.ids[0]!;
    expect(calls.slice(3).some((c) => c.ids.includes(third))).toBe(true);
    expect(bits(r)).toBe(bits(separatorWith(u, v, loose, null, plainLimits)));
    calls = [];
    const full = separatorWith(u, v, opts, null, { ...small, rowCacheBytes: 4 * rowBytes - 1 });
    expect(calls).toEqual([]);
    expect(bits(full)).toBe(bits(plain));
  });

  it('batches from N d >= blasMinWork on: round 0 at N d, only the rounds with V above it', () => {
    const rng = new Rng(7);
    u = cloud(rng, 40, 6, 1, true);
    v = cloud(rng, 30, 6, 0, true);
    const nd = u.rows * u.cols;
    separatorWith(u, v, { ...opts, maxRounds: 1 }, null, { ...batchLimits, blasMinWork: nd });
    expect(calls.length).toBeGreaterThan(0);
    calls = [];
    separatorWith(u, v, { ...opts, maxRounds: 1 }, null, { ...batchLimits, blasMinWork: nd + 1 });
    expect(calls).toEqual([]);
    separatorWith(u, v, opts, null, { ...batchLimits, blasMinWork: nd + 1 });
    expect(calls.some((c) => c.against === 'v')).toBe(true);
    expect(calls.every((c, q) => c.against === 'v' || calls[q + 1]?.against === 'v')).toBe(true);
  });

  it('a batch is the vertex in need and the rowBatch - 1 smallest others, ties by index, in index order', () => {
    // mean U = (1, 0), so <x, U_i> is U_i's first coordinate: U_1 (0.25) is the vertex in need;
    // of the others, 0.5 (U_4) and two of the three 0.75's, the first two by index (U_0, U_2)
    u = fromRows([
      [0.75, 1],
      [0.25, 1],
      [0.75, -1],
      [0.75, 0.5],
      [0.5, -0.5],
      [1.5, 0.25],
      [1.5, -0.25],
      [2, -1],
    ]);
    v = fromRows([[-1, 0.125]]);
    separatorWith(u, v, { maxRounds: 1 }, null, batchLimits);
    expect(calls[0]!.ids).toEqual([1, 0, 2, 4]);
  });

  it('a step onto a vertex whose float32 row undershoots ||x||^2: Gilbert stops there (dd = 0)', () => {
    // U = {(c, 0), (c, 1)}, c = 1 + 2^-12: from mean U (c, 1/2) the step to U_1 has lambda = 1
    // (<U_1, U_2> = |U_1|^2), so x = U_1 exactly; sgemm's row gives <U_1, U_1> = fl32(c^2) =
    // 1 + 2^-11, below ||x||^2 = c^2 by 2^-24 (more than a gap of 1e-9), and then x - p = 0.
    const c = 1 + 2 ** -12;
    u = fromRows([
      [c, 0],
      [c, 1],
    ]);
    v = fromRows([[-1, 0]]);
    const r = separatorWith(u, v, { relativeGap: 1e-9, maxRounds: 1 }, null, batchLimits);
    expect(calls.length).toBe(1);
    expect(Array.from(r.h)).toEqual([1, 0]);
    expect([r.found, r.separatedCount, r.margin]).toEqual([true, 1, 1]);
  });

  it('float32 copies given by the caller are the ones sgemm reads', () => {
    const rng = new Rng(7);
    u = cloud(rng, 40, 6, 1, true);
    v = cloud(rng, 30, 6, 0, true);
    const u32 = Float32Array.from(u.data);
    const v32 = Float32Array.from(v.data);
    const plain = separatorWith(u, v, opts, null, plainLimits);
    let reads = 0;
    const w = blas as { -readonly [K in keyof Blas]: Blas[K] };
    const inner = w.sgemmAbt;
    w.sgemmAbt = (a, aOff, b, ...rest) => {
      if (b === u32 || b === v32) reads++;
      inner(a, aOff, b, ...rest);
    };
    expect(bits(separatorWith(u, v, opts, { u32, v32 }, batchLimits))).toBe(bits(plain));
    expect(reads).toBe(calls.length);
    expect(reads).toBeGreaterThan(0);
  });
});
