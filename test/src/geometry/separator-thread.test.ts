import { describe, expect, it } from 'vitest';
import { separator } from '../../../src/geometry/separator.js';
import {
  SEPARATOR_THREAD_MIN_WORK,
  separatorBeside,
  startSeparator,
} from '../../../src/geometry/separator-thread.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';

const status = loadBlas();

/** n unit rows of float32 values in dimension d, shifted along axis 0 (a modality gap). */
function rows(n: number, d: number, shift: number, seed: number, single = true): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) {
      const x = rng.normal() + (q === 0 ? shift : 0);
      data[i * d + q] = x;
      s += x * x;
    }
    for (let q = 0; q < d; q++) {
      const x = data[i * d + q]! / Math.sqrt(s);
      data[i * d + q] = single ? Math.fround(x) : x;
    }
  }
  return { rows: n, cols: d, data };
}

describe.skipIf(!status.ok)('the separator on a helper thread', () => {
  // (N + K) d = 2^22: the separator takes its vertex rows from sgemm
  const u = rows(2048, 1024, 3, 1);
  const v = rows(2048, 1024, -3, 2);

  it('returns the bits separator() computes here at one OpenBLAS thread', () => {
    if (!status.ok) return;
    try {
      const wait = startSeparator(u, v, true);
      const there = wait();
      expect(wait.state.where).toBe('helper');
      status.blas.setThreads(1);
      const here = separator(u, v);
      expect(there.found).toBe(here.found);
      expect(there.separatedCount).toBe(here.separatedCount);
      expect(Object.is(there.fractionSeparated, here.fractionSeparated)).toBe(true);
      expect(Object.is(there.margin, here.margin)).toBe(true);
      expect(Array.from(there.h)).toEqual(Array.from(here.h));
      expect(here.found).toBe(true);
      expect(here.separatedCount).toBeGreaterThan(0);
    } finally {
      status.blas.setThreads(status.blas.threads);
    }
  });

  it('is used for big inputs of float32 values only', () => {
    expect(2048 * 2048 * 1024).toBeGreaterThanOrEqual(SEPARATOR_THREAD_MIN_WORK);
    expect(separatorBeside(u, v)).toBe(true);
    const small = rows(1024, 1024, 3, 3);
    expect(separatorBeside(small, small)).toBe(false);
    const wide = rows(2048, 1024, 3, 4, false);
    expect(separatorBeside(wide, v)).toBe(false);
  });
});
