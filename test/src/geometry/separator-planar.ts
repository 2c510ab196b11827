import { afterEach, beforeEach } from 'vitest';
import type { Blas } from '../../../src/numeric/blas.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';
import { Rng } from '../../../src/numeric/float/rng.js';

// The planar maximum-margin separator by brute force: the margin of h = (cos a, sin a) is
// min(min_i <h, U_i>, min_j -<h, V_j>), a minimum of sinusoids, maximised over a on a fine grid
// and then by golden section around the best grid point.

/** Points at angles around +e_1 (U) and -e_1 (V), unit length. */
export function planar(rng: Rng, n: number, spread: number, sign: number): Matrix {
  return fromRows(
    Array.from({ length: n }, () => {
      const a = (sign > 0 ? 0 : Math.PI) + spread * (2 * rng.uniform() - 1);
      return [Math.cos(a), Math.sin(a)];
    }),
  );
}

export function marginAt(u: Matrix, v: Matrix, a: number): number {
  // V holds the separated points only
  const h0 = Math.cos(a);
  const h1 = Math.sin(a);
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < u.rows; i++) m = Math.min(m, h0 * u.data[2 * i]! + h1 * u.data[2 * i + 1]!);
  for (let j = 0; j < v.rows; j++) m = Math.min(m, -(h0 * v.data[2 * j]! + h1 * v.data[2 * j + 1]!));
  return m;
}

export function bestMargin(u: Matrix, v: Matrix): number {
  return bestDirection(u, v).margin;
}

/** The best margin and an angle a where h = (cos a, sin a) attains it (grid, then golden section). */
export function bestDirection(u: Matrix, v: Matrix): { margin: number; angle: number } {
  const steps = 20000;
  let best = -Infinity;
  let at = 0;
  for (let s = 0; s < steps; s++) {
    const a = (2 * Math.PI * s) / steps;
    const m = marginAt(u, v, a);
    if (m > best) {
      best = m;
      at = a;
    }
  }
  let lo = at - (2 * Math.PI) / steps;
  let hi = at + (2 * Math.PI) / steps;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 100; k++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (marginAt(u, v, a) < marginAt(u, v, b)) lo = a;
    else hi = b;
  }
  const mid = marginAt(u, v, (lo + hi) / 2);
  return mid >= best ? { margin: mid, angle: (lo + hi) / 2 } : { margin: best, angle: at };
}

/** U around e_2; V = -e_2 and (0.28, -0.96) separable, and a V among the U's (not separable). */
export function vAmongU(): { u: Matrix; v: Matrix } {
  return {
    u: fromRows([
      [0.6, 0.8],
      [-0.6, 0.8],
    ]),
    v: fromRows([
      [0, -1],
      [0.6, 0.8],
      [0.28, -0.96],
    ]),
  };
}

/**
 * The seeded planar case of the optimum tests: 3 + seed mod 9 U's around +e_1 (half-angle 1.2),
 * 3 + 7 seed mod 11 V's around -e_1 (1.45).
 */
export function separable(seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const u = planar(rng, 3 + (seed % 9), 1.2, 1);
  const v = planar(rng, 3 + ((seed * 7) % 11), 1.45, -1);
  return { u, v };
}

/** The V's that h puts strictly on the negative side. */
export function separatedBy(h: Float64Array, v: Matrix): Matrix {
  return fromRows(
    Array.from({ length: v.rows }, (_, j) => [v.data[2 * j]!, v.data[2 * j + 1]!]).filter(
      ([x, y]) => h[0]! * x! + h[1]! * y! < 0,
    ),
  );
}

/** The vertex id (U_i as i, -V_j as n + j) of each row of a GEMM's left operand, -1 if none. */
export function idsOf(a: Float32Array | Float64Array, m: number, u: Matrix, v: Matrix): number[] {
  const d = u.cols;
  const key = (x: ArrayLike<number>) => Array.from(x, Number).join(',');
  const known = new Map<string, number>();
  for (let i = 0; i < u.rows; i++) known.set(key(u.data.subarray(i * d, i * d + d)), i);
  for (let j = 0; j < v.rows; j++)
    known.set(key(Array.from(v.data.subarray(j * d, j * d + d), (x) => -x)), u.rows + j);
  return Array.from({ length: m }, (_, b) => known.get(key(a.subarray(b * d, b * d + d))) ?? -1);
}

/**
 * Around each test of the calling suite, wraps OpenBLAS's sgemmAbt and dgemmAbt so that each call
 * reports its kind, left operand and shape (m rows against n) to `record` before it runs.
 */
export function recordGemms(
  blas: Blas,
  record: (kind: 's' | 'd', a: Float32Array | Float64Array, m: number, n: number) => void,
): void {
  let saved: { s: Blas['sgemmAbt']; d: Blas['dgemmAbt'] };
  const w = blas as { -readonly [K in keyof Blas]: Blas[K] };
  beforeEach(() => {
    saved = { s: blas.sgemmAbt, d: blas.dgemmAbt };
    w.sgemmAbt = (a, aOff, b, bOff, c, m, n, kd, lda, ldb) => {
      record('s', a, m, n);
      saved.s(a, aOff, b, bOff, c, m, n, kd, lda, ldb);
    };
    w.dgemmAbt = (a, aOff, b, bOff, c, m, n, kd, lda, ldb) => {
      record('d', a, m, n);
      saved.d(a, aOff, b, bOff, c, m, n, kd, lda, ldb);
    };
  });
  afterEach(() => {
    w.sgemmAbt = saved.s;
    w.dgemmAbt = saved.d;
  });
}
