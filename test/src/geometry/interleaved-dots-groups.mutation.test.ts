import { describe, expect, it } from 'vitest';
import { dotsOf, interleavedDots } from '../../../src/geometry/scan-core.js';
import { Rng } from '../../../src/numeric/float/rng.js';

// interleavedDots shares one U row's loads among four entries only when all four are of that row.
// The groups of four below have one entry of another row in each place (also where the entries
// before the group are of its row), two and two, or four rows, at every offset 0 .. 3 from the
// start, so an entry summed against the wrong row, or with another entry's V row, shows. Each sum
// is checked bit for bit against one naive left-to-right sum.

describe('interleavedDots, groups of four of one row and nearly one row', () => {
  const rng = new Rng(23);
  const d = 5;
  const a = Float64Array.from({ length: 8 * d }, () => rng.normal());
  const b = Float64Array.from({ length: 9 * d }, () => rng.normal());
  const naive = (i: number, j: number) => {
    let s = 0;
    for (let q = 0; q < d; q++) s += a[i * d + q]! * b[j * d + q]!;
    return s;
  };
  // groups: all one row; one other row in place 1, 2, 3 and 0; two and two; all different
  const groups = [
    [1, 1, 1, 1],
    [2, 3, 2, 2],
    [4, 4, 5, 4],
    [6, 6, 6, 7],
    [0, 2, 2, 2],
    [3, 3, 5, 5],
    [7, 7, 7, 7],
    [1, 2, 3, 4],
    // one other row where the entries before the group are of its row
    [5, 5, 5, 5],
    [5, 6, 5, 5],
    [3, 3, 3, 3],
    [3, 3, 6, 3],
    [4, 4, 4, 4],
    [4, 4, 4, 0],
  ];
  for (let lead = 0; lead < 4; lead++) {
    it(`the groups after ${lead} leading entries, every count`, () => {
      const rows = [...Array.from({ length: lead }, (_, e) => (e * 3 + 5) % 8), ...groups.flat()];
      const is = Int32Array.from(rows);
      const js = Int32Array.from(rows, (_, e) => (e * 5 + 2) % 9);
      const dots = interleavedDots(a, b, d);
      for (let count = 0; count <= rows.length; count++) {
        const out = new Float64Array(count + 1).fill(Number.NaN);
        dots(is, js, out, count);
        for (let e = 0; e < count; e++) {
          expect(Object.is(out[e], naive(is[e]!, js[e]!)), `count ${count}, entry ${e}`).toBe(true);
        }
        expect(out[count]).toBeNaN();
      }
    });
  }
});

describe('dotsOf', () => {
  it('takes the first count entries of longer index arrays', () => {
    const calls: number[][] = [];
    const dots = dotsOf((i, j) => {
      calls.push([i, j]);
      return 10 * i + j;
    });
    const out = new Float64Array(4).fill(Number.NaN);
    dots(Int32Array.of(1, 2, 3, 4), Int32Array.of(5, 6, 7, 8), out, 2);
    expect(Array.from(out)).toEqual([15, 26, Number.NaN, Number.NaN]);
    expect(calls).toEqual([
      [1, 5],
      [2, 6],
    ]);
  });
});
