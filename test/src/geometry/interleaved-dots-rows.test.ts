import { describe, expect, it } from 'vitest';
import { interleavedDots } from '../../../src/geometry/scan-core.js';
import { Rng } from '../../../src/numeric/float/rng.js';

// Entries sorted by U row (as the trimmed quantile's band hands them over): four of one row share
// its loads; every sum must still be the naive left-to-right one, bit for bit.

describe('interleavedDots on entries grouped by row', () => {
  const rng = new Rng(41);
  const d = 37;
  const a = Float64Array.from({ length: 6 * d }, () => rng.normal());
  const b64 = Float64Array.from({ length: 11 * d }, () => rng.normal() * 1e3);
  const b32 = Float32Array.from(b64);
  const naive = (b: Float32Array | Float64Array, i: number, j: number): number => {
    let s = 0;
    for (let q = 0; q < d; q++) s += a[i * d + q]! * b[j * d + q]!;
    return s;
  };
  // rows: a run of 9 of row 2, then 4 of row 0, 3 of row 5, 1 of row 1, 6 of row 3
  const rows = [2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 5, 5, 5, 1, 3, 3, 3, 3, 3, 3];
  const is = Int32Array.from(rows);
  const js = Int32Array.from(rows, (_, e) => (e * 7 + 3) % 11);
  for (const [name, b] of [
    ['float64 V', b64],
    ['float32 V', b32],
  ] as const) {
    it(`${name}: the same bits as one naive sum at a time, for every count`, () => {
      const dots = interleavedDots(a, b, d);
      for (let count = 0; count <= rows.length; count++) {
        const out = new Float64Array(count + 1).fill(Number.NaN);
        dots(is, js, out, count);
        for (let e = 0; e < count; e++) {
          expect(Object.is(out[e], naive(b, is[e]!, js[e]!)), `count ${count}, entry ${e}`).toBe(true);
        }
        expect(out[count]).toBeNaN();
      }
    });
  }
});
