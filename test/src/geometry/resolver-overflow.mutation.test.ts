import { describe, expect, it } from 'vitest';
import { exactResolver } from '../../../src/geometry/pairs.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';

// The band when the second scan cannot keep its window: 1458 x 1457 negatives equal to
// 1/2 - 2^-45, inside the window's slack below the band [1/2, 1/2 + 3 2^-19) (buckets of B = 1),
// more than that scan's kept cap (limit + 2^21). The band then comes from the one-thread pass.
// Expected: the two negatives placed in the band by hand, (0, 1) = 1/2 + 2^-19 and (1, 0) = 1/2.

const W = 2 ** -19;
const KA = 1.5 / W;

/** n x n one-to-one, dimension 2: rows 0 and 1 on the second axis, the rest on the first. */
function crowded(n: number): { u: Matrix; v: Matrix } {
  const u = new Float64Array(2 * n);
  const v = new Float64Array(2 * n);
  for (let i = 2; i < n; i++) {
    u[2 * i] = 1;
    v[2 * i] = 0.5 - 2 ** -45;
  }
  u[1] = 1;
  u[3] = 0.5;
  v[1] = 1;
  v[3] = 0.5 + W;
  return { u: { rows: n, cols: 2, data: u }, v: { rows: n, cols: 2, data: v } };
}

/**
 * n x n one-to-one, dimension 2: crowds of negatives 1/4 (columns 2 .. m - 1) and 3/4 (columns m ..
 * n - 1) on the first axis; on the second, (0, 100) = 1/2 + 2^-19 and (1, 5) = 1/2.
 */
function twoCrowds(n: number, m: number): { u: Matrix; v: Matrix } {
  const u = new Float64Array(2 * n);
  const v = new Float64Array(2 * n);
  for (let i = 2; i < n; i++) {
    u[2 * i] = 1;
    v[2 * i] = i < m ? 0.25 : 0.75;
  }
  u[1] = 1;
  u[3] = 0.5;
  v[2 * 100] = 0;
  v[2 * 100 + 1] = 0.5 + W;
  v[2 * 5] = 0;
  v[2 * 5 + 1] = 1;
  return { u: { rows: n, cols: 2, data: u }, v: { rows: n, cols: 2, data: v } };
}

describe('band: a second scan that overflows its kept window', () => {
  it('js, one thread: the one-thread pass finds the two entries of the band', () => {
    const { u, v } = crowded(1460);
    // the crowd lies in bucket KA - 1, within the window's slack below the band's lower edge
    expect(Math.floor((0.5 - 2 ** -45 + 1) / W)).toBe(KA - 1);
    expect(1458 * 1457).toBeGreaterThan(10 + 2 ** 21);
    expect(Array.from(exactResolver(u, v, { kernel: 'js' }).band(KA, KA + 2, 10)!)).toEqual([0.5 + W, 0.5]);
  });

  it('js: the second scan keeps the band values and their slack only, past crowds above and below', () => {
    // 2058 x 1029 negatives 1/4 and as many 3/4, each crowd past the kept cap on its own: a window
    // widened past its slack on either side would overflow, and the one-thread pass (64 x 64
    // blocks: (1, 5) before (0, 100)) would answer in place of the scan (index order)
    const { u, v } = twoCrowds(2060, 1031);
    expect(2058 * 1029).toBeGreaterThan(10 + 2 ** 21);
    expect(Array.from(exactResolver(u, v, { kernel: 'js' }).band(KA, KA + 2, 10)!)).toEqual([0.5 + W, 0.5]);
  });
});
