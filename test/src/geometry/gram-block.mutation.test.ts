import { describe, expect, it } from 'vitest';
import { BLOCK_COLS, BLOCK_ROWS, gramBlock, scanGram } from '../../../src/geometry/gram-block.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';

// The register-tiled Gram block against the naive left-to-right dot product (bit for bit, as the
// block documents), for every tile remainder; the block scan visits each entry exactly once.

function dot(u: Matrix, v: Matrix, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < u.cols; k++) s += u.data[i * u.cols + k]! * v.data[j * v.cols + k]!;
  return s;
}

describe('gramBlock', () => {
  const rng = new Rng(21);
  const u = randomUnitRows(19, 5, rng.fork('u'));
  const v = randomUnitRows(17, 5, rng.fork('v'));
  it('every block shape 1..9 x 1..9 at offsets: entries equal the naive dot, nothing else written', () => {
    for (const [i0, j0] of [
      [0, 0],
      [3, 5],
      [10, 8],
    ] as const) {
      for (let bi = 1; bi <= 9; bi++) {
        for (let bj = 1; bj <= 9; bj++) {
          const out = new Float64Array(bi * bj + 3).fill(Number.NaN);
          gramBlock(u, v, i0, bi, j0, bj, out);
          for (let i = 0; i < bi; i++) {
            for (let j = 0; j < bj; j++) {
              expect(out[i * bj + j], `${i0}+${i}, ${j0}+${j} in ${bi} x ${bj}`).toBe(
                dot(u, v, i0 + i, j0 + j),
              );
            }
          }
          for (let e = bi * bj; e < out.length; e++) expect(out[e]).toBeNaN();
        }
      }
    }
  });
});

describe('scanGram', () => {
  it(`visits blocks of at most ${BLOCK_ROWS} x ${BLOCK_COLS} in row-block order, each entry once`, () => {
    const rng = new Rng(4);
    const u = randomUnitRows(BLOCK_ROWS * 2 + 3, 3, rng.fork('u'));
    const v = randomUnitRows(BLOCK_COLS + 1, 3, rng.fork('v'));
    const seen = new Uint8Array(u.rows * v.rows);
    const order: [number, number, number, number][] = [];
    scanGram(u, v, (i0, bi, j0, bj, block) => {
      order.push([i0, bi, j0, bj]);
      for (let i = 0; i < bi; i++) {
        for (let j = 0; j < bj; j++) {
          seen[(i0 + i) * v.rows + j0 + j]! += 1;
          expect(block[i * bj + j]).toBe(dot(u, v, i0 + i, j0 + j));
        }
      }
    });
    expect(order).toEqual([
      [0, 64, 0, 64],
      [0, 64, 64, 1],
      [64, 64, 0, 64],
      [64, 64, 64, 1],
      [128, 3, 0, 64],
      [128, 3, 64, 1],
    ]);
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('row and column counts that are multiples of the block size give no empty block', () => {
    const rng = new Rng(6);
    const u = randomUnitRows(BLOCK_ROWS * 2, 2, rng.fork('u'));
    const v = randomUnitRows(BLOCK_COLS, 2, rng.fork('v'));
    const order: number[][] = [];
    scanGram(u, v, (i0, bi, j0, bj) => order.push([i0, bi, j0, bj]));
    expect(order).toEqual([
      [0, 64, 0, 64],
      [64, 64, 0, 64],
    ]);
  });
});
