import { describe, expect, it } from 'vitest';
import { createLedger, ledgerBlasSource } from '../../../src/geometry/scan-ledger.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { kernelModule } from '../../../src/numeric/float/wasm-gram.js';

// The ledger's memory layout and one small scanBlock call against the per-entry rule written
// plainly (scan-ledger.test.ts runs the large cases): a 3 x 4 block of dyadic values, so every sum
// is exact in any order. Negatives are the entries off each row's positive column (posc).

const built = kernelModule() !== null;

const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

describe.skipIf(!built)('the scan ledger', () => {
  it('float32 and float64 blocks of rows x cols, lists of at least two block rows', () => {
    for (const single of [true, false]) {
      const l = createLedger(single, 6, 8, 20, 4)!;
      expect(l).not.toBeNull();
      expect(l.block).toBeInstanceOf(single ? Float32Array : Float64Array);
      expect(l.block.length).toBe(48);
      expect([l.posc.length, l.rowApx.length, l.colApx.length]).toEqual([6, 6, 20]);
      // a list cap of 4 is raised to two block rows (16); the default is 2^17
      const options = { t: 1, b: 0, eps2: 0, wlo: 0, whi: 1, wantLoss: false, wantTrim: true };
      const first = l.scan(1, 8, 0, 0, options);
      expect(first.cand.length).toBe(16);
      expect(
        createLedger(single, 6, 8, 20)!.scan(1, 8, 0, 0, { ...options, wantTrim: false }).win.length,
      ).toBe(2 ** 17);
    }
  });

  for (const single of [true, false]) {
    it(`${single ? 'float32' : 'float64'}: sums, minimum, counts, nominations and window entries of a block`, () => {
      const [bi, bj, k, j0] = [3, 4, 6, 2];
      const blk = [0.5, -0.25, 0.75, 0.125, 0.25, 0.375, -0.5, 0.625, 0.0625, 0.875, 0.3125, -0.125];
      const posc = [1, -1, 2];
      const rowApx = [0.6, Number.NEGATIVE_INFINITY, 0.2];
      const colAll = [9, 9, 0.3, Number.NEGATIVE_INFINITY, 0.7, 0.1];
      const o = { t: 2, b: 0.5, eps2: 0.0625, wlo: 0.1, whi: 0.6, wantLoss: true, wantTrim: true };
      const l = createLedger(single, 4, 4, k)!;
      l.block.set(blk);
      l.posc.set(posc);
      l.rowApx.set(rowApx);
      l.colApx.set(colAll);
      const got = l.scan(bi, bj, j0, 0, o);
      // the rule, written plainly
      const col = colAll.slice(j0, j0 + bj);
      const row = rowApx.slice();
      let sum = 0;
      let loss = 0;
      let min = Number.POSITIVE_INFINITY;
      let below = 0;
      const cand: number[] = [];
      const win: number[] = [];
      for (let r = 0; r < bi; r++) {
        for (let c = 0; c < bj; c++) {
          if (c === posc[r]) continue;
          const g = blk[r * bj + c]!;
          sum += g;
          loss += softplus(o.t * g - o.b);
          if (g < min) min = g;
          const inRow = g >= row[r]! - o.eps2;
          const inCol = g >= col[c]! - o.eps2;
          if (inRow || inCol) {
            cand.push(((r * bj + c) << 2) | (inRow ? 1 : 0) | (inCol ? 2 : 0));
            if (g > row[r]!) row[r] = g;
            if (g > col[c]!) col[c] = g;
          }
          if (g < o.wlo) below++;
          else if (g < o.whi) win.push(r * bj + c);
        }
      }
      expect(got.next).toBe(bi);
      expect(got.sum).toBe(sum);
      expect(got.min).toBe(min);
      expect(got.below).toBe(below);
      expect(Array.from(got.cand.subarray(0, got.candCount))).toEqual(cand);
      expect(Array.from(got.win.subarray(0, got.winCount))).toEqual(win);
      expect(Math.abs(got.loss + got.lossComp - loss)).toBeLessThanOrEqual(8 * 2 ** -53 * loss);
      expect(Array.from(l.rowApx.subarray(0, bi))).toEqual(row);
      expect(Array.from(l.colApx.subarray(j0, j0 + bj))).toEqual(col);
      // without the loss and the window: neither is computed
      l.rowApx.set(rowApx);
      l.colApx.set(colAll);
      const bare = l.scan(bi, bj, j0, 0, { ...o, wantLoss: false, wantTrim: false });
      expect(bare.loss).toBe(0);
      expect(bare.winCount).toBe(0);
      expect(bare.sum).toBe(sum);
    });
  }

  it('large rows and k: every view lies inside the memory, none overlaps another', () => {
    // 2^18 rows and 2^18 columns make each region 1-2 MiB, far beyond the 4 pages of slack, so a
    // byte total short of any region's size cannot hold the views
    const [rows, k] = [2 ** 18, 2 ** 18];
    for (const single of [true, false]) {
      const l = createLedger(single, rows, 1, k)!;
      const o = { t: 1, b: 0, eps2: 0, wlo: 0, whi: 1, wantLoss: false, wantTrim: false };
      const { cand, win } = l.scan(0, 1, 0, 0, o);
      const views = [l.block, l.posc, l.rowApx, l.colApx, cand, win];
      expect(views.map((x) => x.length)).toEqual([rows, rows, rows, k, 2 ** 17, 2 ** 17]);
      const spans = views
        .map((x) => [x.byteOffset, x.byteOffset + x.byteLength] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let q = 1; q < spans.length; q++) expect(spans[q]![0]).toBeGreaterThanOrEqual(spans[q - 1]![1]);
      expect(spans.at(-1)![1]).toBeLessThanOrEqual(l.block.buffer.byteLength);
    }
  });

  it.skipIf(!loadBlas().ok)('ledgerBlasSource: OpenBLAS writes its blocks into the ledger it carries', () => {
    const blas = loadBlas();
    if (!blas.ok) return;
    const d = 2;
    const u = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const v = Float64Array.from([1, 0, 0, 1, 1, 1]);
    const source = ledgerBlasSource(blas.blas, { u, v, d, rows: 4, cols: 4 }, 3);
    expect(source.ledger).toBeDefined();
    const got = source(0, 3, 0, 3);
    expect(got.buf).toBe(source.ledger!.block);
    // U V^T by hand: rows (1,2), (3,4), (5,6) against (1,0), (0,1), (1,1)
    const want = [1, 2, 3, 3, 4, 7, 5, 6, 11];
    const seen: number[] = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) seen.push(got.buf[got.off + r * got.ld + c]!);
    expect(seen).toEqual(want);
  });
});
