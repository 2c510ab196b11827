import type { Blas } from '../../../src/numeric/blas.js';
import { expect } from 'vitest';
import { exactResolver } from '../../../src/geometry/pairs.js';
import { crossGram } from '../../../src/numeric/float/gram.js';
import { softplus } from '../../../src/numeric/float/softplus.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';

/** Naive O(N K) reference on the full cross-Gram matrix (crossGram: plain triple loop). */
export function naiveScan(u: Matrix, v: Matrix, labels?: ArrayLike<number>, loss?: { t: number; b: number }) {
  const n = u.rows;
  const k = v.rows;
  const g = crossGram(u, v);
  const l = (i: number) => (labels === undefined ? i : labels[i]!);
  const pos: number[] = [];
  const neg: number[] = [];
  let uCorrect = 0;
  let lossSum = 0;
  for (let i = 0; i < n; i++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      const x = g[i * k + j]!;
      if (j === l(i)) {
        pos.push(x);
        if (loss) lossSum += softplus(-(loss.t * x - loss.b));
      } else {
        neg.push(x);
        if (x > best) best = x;
        if (loss) lossSum += softplus(loss.t * x - loss.b);
      }
    }
    if (g[i * k + l(i)]! > best) uCorrect++;
  }
  let vCorrect = 0;
  for (let j = 0; j < k; j++) {
    let bestPos = Number.NEGATIVE_INFINITY;
    let bestNeg = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = g[i * k + j]!;
      if (l(i) === j) bestPos = Math.max(bestPos, x);
      else bestNeg = Math.max(bestNeg, x);
    }
    if (bestPos > bestNeg) vCorrect++;
  }
  const minPos = Math.min(...pos);
  const maxNeg = neg.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const sumAbs = (xs: number[]) => xs.reduce((a, b) => a + Math.abs(b), 0);
  return {
    minPos,
    maxNeg,
    meanPos: pos.reduce((a, b) => a + b, 0) / pos.length,
    meanNeg: neg.reduce((a, b) => a + b, 0) / neg.length,
    sumAbsPos: sumAbs(pos),
    sumAbsNeg: sumAbs(neg),
    pos: Float64Array.from(pos).sort(),
    neg: Float64Array.from(neg).sort(),
    uCorrect,
    vCorrect,
    lossSum,
  };
}

/** numpy 'linear' quantile, written independently: sorted[lo] * (1 - w) + sorted[hi] * w. */
export function refQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** A seeded random configuration of unit rows. */
export function randomPairs(n: number, d: number, seed: number, k = n): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  return { u: randomUnitRows(n, d, rng), v: randomUnitRows(k, d, rng) };
}

/** Simplex ETF in R^N (centred, normalised basis vectors): <w_i, w_j> = -1/(N-1). */
export function simplexRows(n: number): number[][] {
  const s = Math.sqrt(1 - 1 / n);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, k) => ((k === i ? 1 : 0) - 1 / n) / s),
  );
}

/** CCEM(delta): U_i = (w_i, +delta)/sqrt(1+delta^2), V_i = (w_i, -delta)/sqrt(1+delta^2). */
export function ccemRows(n: number, delta: number): { u: number[][]; v: number[][]; c1: number; c2: number } {
  const w = simplexRows(n);
  const s = Math.sqrt(1 + delta * delta);
  return {
    u: w.map((r) => [...r.map((x) => x / s), delta / s]),
    v: w.map((r) => [...r.map((x) => x / s), -delta / s]),
    c1: (1 - delta * delta) / (1 + delta * delta),
    c2: -(1 / (n - 1) + delta * delta) / (1 + delta * delta),
  };
}

/**
 * The exact fallback at (trim, cap), js kernel, against the sorted negatives `neg` at numpy's
 * linear ranks of the (1 - trim)-quantile; returns its answer for further checks.
 */
export function expectFallbackAtRanks(
  u: Matrix,
  v: Matrix,
  neg: ArrayLike<number>,
  trim: number,
  cap: number,
) {
  const got = exactResolver(u, v, { kernel: 'js', trim, collectCap: cap }).fallback();
  const n = neg.length;
  const lo = Math.floor((n - 1) * (1 - trim));
  expect([got.x0, got.x1], `trim ${trim}, cap ${cap}`).toEqual([neg[lo], neg[Math.min(lo + 1, n - 1)]]);
  return got;
}

/** Records every setThreads call on a loaded OpenBLAS (passing it on); restore() puts it back. */
export function recordSetThreads(lib: Blas): { calls: number[]; restore: () => void } {
  const w = lib as { -readonly [K in keyof Blas]: Blas[K] };
  const set = lib.setThreads;
  const calls: number[] = [];
  w.setThreads = (n) => {
    calls.push(n);
    set(n);
  };
  return { calls, restore: () => (w.setThreads = set) };
}

/** The next double above a finite x, from its bits (independent of the code under test). */
export function nextUpOf(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}
