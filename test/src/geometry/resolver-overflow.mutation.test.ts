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

describe('band: a second scan that overflows its kept window', () => {
  it('js, one thread: the one-thread pass finds the two entries of the band', () => {
    const { u, v } = crowded(1460);
    // the crowd lies in bucket KA - 1, within the window's slack below the band's lower edge
    expect(Math.floor((0.5 - 2 ** -45 + 1) / W)).toBe(KA - 1);
    expect(1458 * 1457).toBeGreaterThan(10 + 2 ** 21);
    expect(Array.from(exactResolver(u, v, { kernel: 'js' }).band(KA, KA + 2, 10)!)).toEqual([0.5 + W, 0.5]);
  });
});
