import { describe, expect, it } from 'vitest';
import { exactResolver } from '../../../src/geometry/pairs.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { naiveScan } from './reference.js';

// The exact fallback (JS blocks of 64 x 64) where the wanted order statistic is the largest
// negative and sits in the last U row (row 64) and the last block of columns: every value the pass
// visits before it is an entry of another row, so a visit of rows or columns past the matrix (NaN
// entries, which every bucket test lets through) fills the collecting buffer first. Its value and
// the number of passes are worked out by hand below; the expected value is the largest of the
// naive negatives.

/** d = 1: U = (1 x 64, 2), V = (1 + j / 128 for j < 65, then `top`); U_i's positive is V_i. */
function lastRowTop(top: number[]): { u: Matrix; v: Matrix; labels: number[] } {
  const n = 65;
  const vs = [...Array.from({ length: 65 }, (_, j) => 1 + j / 128), ...top];
  return {
    u: { rows: n, cols: 1, data: Float64Array.from({ length: n }, (_, i) => (i === 64 ? 2 : 1)) },
    v: { rows: vs.length, cols: 1, data: Float64Array.from(vs) },
    labels: Array.from({ length: n }, (_, i) => i),
  };
}

function fallbackOf(c: { u: Matrix; v: Matrix; labels: number[] }, cap: number) {
  return exactResolver(c.u, c.v, { kernel: 'js', trim: 0, collectCap: cap, labels: c.labels }).fallback();
}

const largestNegative = (c: { u: Matrix; v: Matrix; labels: number[] }) =>
  Math.max(...naiveScan(c.u, c.v, c.labels).neg);

describe('the exact fallback: the largest negative in the last row and the last column block', () => {
  it('one value in its bucket (V_65 = 1.75, entry 3.5): one histogram pass and one collecting pass', () => {
    const c = lastRowTop([1.75]);
    expect(largestNegative(c)).toBe(3.5);
    // the next largest are 2 * (1 + 63/128) and 1.75: the top bucket of [-3.5, 3.5) holds 3.5 alone
    for (const cap of [1, 2, 5]) {
      const got = fallbackOf(c, cap);
      expect({ x0: got.x0, x1: got.x1, passes: got.passes }, `cap ${cap}`).toEqual({
        x0: 3.5,
        x1: 3.5,
        passes: 2,
      });
    }
  });

  it('six values within 2^-27 of each other (cap 2): two more levels, then the two left are collected', () => {
    // Row 64's entries 3.5 + t 2^-29 (t = 0..4) and x - 2^-51, x = 3.5 + 2^-27 the largest; the
    // column of x - 2^-51 comes last. Level 1 ([-x, x), the scan's) and level 2 ([1, x], over every
    // negative) keep all six in their top bucket: one histogram and one bounds pass. Level 3 over
    // [3.5, x] (buckets 2^-47 wide) puts t = 0..3 at buckets t 2^18 and x, x - 2^-51 in the top one:
    // four below, two kept (= cap), their bounds pass, then the collecting pass: 1 + 2 + 2 + 1.
    const x = 3.5 + 2 ** -27;
    const c = lastRowTop([0, 1, 2, 3, 4].map((t) => 1.75 + t * 2 ** -30).concat(1.75 + 2 ** -28 - 2 ** -52));
    const neg = naiveScan(c.u, c.v, c.labels).neg;
    expect(Math.max(...neg)).toBe(x);
    expect(Array.from(neg.filter((g) => g > 3.4))).toEqual([
      3.5,
      3.5 + 2 ** -29,
      3.5 + 2 ** -28,
      3.5 + 3 * 2 ** -29,
      x - 2 ** -51,
      x,
    ]);
    const got = fallbackOf(c, 2);
    expect({ x0: got.x0, x1: got.x1, passes: got.passes }).toEqual({ x0: x, x1: x, passes: 6 });
  });
});
