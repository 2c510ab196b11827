import { describe, expect, it } from 'vitest';
import { gramTotal } from '../../../src/geometry/pairs.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { ulpDistance } from '../../__helpers__/ulps.js';

// sum_{i,j} <U_i, V_j> against the sum of every product of the exact doubles (decimal.js)
const D = hpContext(200);
function exactTotal(u: Matrix, v: Matrix) {
  let s = new D(0);
  for (let i = 0; i < u.rows; i++)
    for (let j = 0; j < v.rows; j++)
      for (let k = 0; k < u.cols; k++)
        s = s.plus(exact(D, u.data[i * u.cols + k]!).times(exact(D, v.data[j * v.cols + k]!)));
  return s;
}

describe('gramTotal', () => {
  it('a product whose rounding is the whole answer: (1 + 2^-30)^2 - (1 + 2^-29) = 2^-60', () => {
    const t = gramTotal(fromRows([[1 + 2 ** -30, 1]]), fromRows([[1 + 2 ** -30, -(1 + 2 ** -29)]]));
    expect(t.hi + t.lo).toBe(2 ** -60);
  });

  it('column sums that cancel: 1e16 + 1 - 1e16 = 1 kept', () => {
    const t = gramTotal(fromRows([[1e16], [1], [-1e16]]), fromRows([[1]]));
    expect(t.hi + t.lo).toBe(1);
  });

  it('cancellation at every row position of a four-row visit, and across visits', () => {
    const pattern = [2 ** 60, 1, -(2 ** 60), 0.5, 3, -(2 ** 61), 0.25, 2 ** 61, 7];
    for (let rows = 4; rows <= pattern.length; rows++) {
      for (let r = 0; r < rows; r++) {
        const col = Array.from({ length: rows }, (_, i) => pattern[(i + r) % rows]!);
        const u = fromRows(col.map((x, i) => [x, i % 2 === 0 ? -x : 2 * x]));
        const v = fromRows([[1, 1]]);
        const t = gramTotal(u, v);
        expect(t.hi + t.lo, `rows ${rows} rotated ${r}`).toBe(exactTotal(u, v).toNumber());
      }
    }
  });

  it('the small terms of a column sum times the large ones of the other: a.lo b.hi and a.hi b.lo', () => {
    // column sums 2^53 + 1 (not a double: hi 2^53, lo 1) and 3: 3 2^53 + 3, less 3 2^53 in coordinate 2
    const u = fromRows([
      [2 ** 53, 2 ** 53],
      [1, 0],
    ]);
    const v = fromRows([[3, -3]]);
    const t = gramTotal(u, v);
    expect(t.hi + t.lo).toBe(3);
    const w = gramTotal(v, u);
    expect(w.hi + w.lo).toBe(3);
  });

  it('random rows with mixed signs: within an ulp of the exact sum', () => {
    const rng = new Rng(7);
    for (const [n, k, d] of <[number, number, number][]>[
      [20, 30, 5],
      [7, 3, 40],
    ]) {
      const m = (rows: number) =>
        fromRows(
          Array.from({ length: rows }, () =>
            Array.from({ length: d }, () => rng.normal() * 2 ** rng.int(-20, 20)),
          ),
        );
      const u = m(n);
      const v = m(k);
      const t = gramTotal(u, v);
      expect(ulpDistance(t.hi + t.lo, exactTotal(u, v))).toBeLessThanOrEqual(1);
    }
  });
});
