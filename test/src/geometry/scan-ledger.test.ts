import { describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/geometry/scan-ledger.js';
import { softplusFast } from '../../../src/numeric/float/softplus-fast.js';
import { instantiateKernel, kernelModule, WA } from '../../../src/numeric/float/wasm-gram.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import * as hp from '../../../src/numeric/hp/softplus.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { ulpDistance } from '../../__helpers__/ulps.js';

const D = hpContext(50);
const U = 2 ** -53;
const mod = kernelModule();

/** The per-entry loop of the pair scan over one block, written plainly (the reference). */
function reference(
  blk: Float32Array | Float64Array,
  bi: number,
  bj: number,
  posc: Int32Array,
  rowApx: Float64Array,
  colApx: Float64Array,
  o: { t: number; b: number; eps2: number; wlo: number; whi: number },
): { gs: number[]; terms: number[]; min: number; below: number; cand: number[]; win: number[] } {
  const gs: number[] = [];
  const terms: number[] = [];
  const cand: number[] = [];
  const win: number[] = [];
  let min = Number.POSITIVE_INFINITY;
  let below = 0;
  for (let r = 0; r < bi; r++) {
    let rapx = rowApx[r]!;
    for (let c = 0; c < bj; c++) {
      if (c === posc[r]) continue;
      const g = blk[r * bj + c]!;
      gs.push(g);
      terms.push(softplusFast(o.t * g - o.b));
      if (g < min) min = g;
      const ca = colApx[c]!;
      const inRow = g >= rapx - o.eps2;
      const inCol = g >= ca - o.eps2;
      if (inRow || inCol) {
        cand.push(((r * bj + c) << 2) | (inRow ? 1 : 0) | (inCol ? 2 : 0));
        if (g > rapx) rapx = g;
        if (g > ca) colApx[c] = g;
      }
      if (g < o.wlo) below++;
      else if (g < o.whi) win.push(r * bj + c);
    }
    rowApx[r] = rapx;
  }
  return { gs, terms, min, below, cand, win };
}

/** The exact sum of doubles (50 digits hold every partial sum of these inputs exactly enough). */
function exactSum(xs: readonly number[]): { sum: number; abs: number } {
  let s = new D(0);
  let a = 0;
  for (const x of xs) {
    s = s.plus(exact(D, x));
    a += Math.abs(x);
  }
  return { sum: s.toNumber(), abs: a };
}

describe.skipIf(mod === null)('the wasm bookkeeping of a scan block (scanBlock)', () => {
  it('softplusScan is softplusFast bit for bit on [-700, -4.86], and within 2 ulp of 50 digits elsewhere', () => {
    const mem = new WA.Memory({ initial: 32, maximum: 32, shared: true });
    const ex = instantiateKernel<{ softplusScan(z: number): number }>(mod!, mem);
    const rng = new Rng(7);
    for (let q = 0; q < 20000; q++) {
      const z = -4.86 - rng.uniform() * 695.14;
      expect(Object.is(ex.softplusScan(z), softplusFast(z)), `z = ${z}`).toBe(true);
    }
    for (const z of [-700, -4.86, -699.9999999999999, -4.860000000000001]) {
      expect(Object.is(ex.softplusScan(z), softplusFast(z)), `z = ${z}`).toBe(true);
    }
    for (let q = 0; q <= 400; q++) {
      const z = -4.86 + (q * 50) / 400;
      const want = hp.softplus(D, exact(D, z));
      expect(ulpDistance(ex.softplusScan(z), want), `z = ${z}`).toBeLessThanOrEqual(2);
    }
    for (const z of [-701, -720, -745]) {
      const want = hp.softplus(D, exact(D, z));
      expect(Math.abs(ex.softplusScan(z) - want.toNumber())).toBeLessThanOrEqual(2 ** -1074 * 4);
    }
  });

  for (const single of [true, false]) {
    for (const listCap of [2 ** 17, 0]) {
      it(`${single ? 'float32' : 'float64'} blocks${listCap === 0 ? ', lists of two rows (resumed calls)' : ''}: the same nominations, window entries, counts and maxima as the plain loop; sums within their bound`, () => {
        const bi = 37;
        const bj = 301; // odd: a scalar tail
        const k = 700;
        const j0 = 350;
        const ledger = createLedger(single, 64, listCap === 0 ? bj : 512, k, listCap)!;
        expect(ledger).not.toBeNull();
        const rng = new Rng(single ? 11 : 12);
        const t = 10;
        const b = 10;
        const eps2 = 3e-3;
        // float32 values, so entries land exactly on the window's edges in both block types
        const wlo = 0.0625;
        const whi = Math.fround(listCap === 0 ? 0.2 : 0.08); // wide: the window list fills
        const blk = ledger.block;
        for (let e = 0; e < bi * bj; e++) {
          const x = rng.uniform();
          // mostly small similarities, some far above (the scalar softplus), some on the window's edges
          blk[e] = x < 0.01 ? 0.6 + rng.uniform() : x < 0.02 ? wlo : x < 0.03 ? whi : 0.3 * rng.normal();
        }
        const posc = new Int32Array(bi);
        for (let r = 0; r < bi; r++) posc[r] = r % 5 === 0 ? -1 : r % 7 === 0 ? bj - 1 : (r * 13) % bj;
        posc[1] = 0;
        posc[2] = 1;
        const rowApx = Float64Array.from({ length: bi }, (_, r) =>
          r % 3 === 0 ? Number.NEGATIVE_INFINITY : 0.4,
        );
        const colAll = Float64Array.from({ length: k }, (_, j) =>
          j % 4 === 0 ? Number.NEGATIVE_INFINITY : 0.5,
        );
        const refRow = rowApx.slice();
        const refCol = colAll.slice(j0, j0 + bj);
        const ref = reference(blk.slice(0, bi * bj), bi, bj, posc, refRow, refCol, { t, b, eps2, wlo, whi });
        ledger.posc.set(posc);
        ledger.rowApx.set(rowApx);
        ledger.colApx.set(colAll);
        const cand: number[] = [];
        const win: number[] = [];
        let sum = 0;
        let loss = 0;
        let min = Number.POSITIVE_INFINITY;
        let below = 0;
        let calls = 0;
        for (let r = 0; r < bi; ) {
          const c = ledger.scan(bi, bj, j0, r, { t, b, eps2, wlo, whi, wantLoss: true, wantTrim: true });
          expect(c.next).toBeGreaterThan(r);
          r = c.next;
          calls++;
          sum += c.sum;
          loss += c.loss + c.lossComp;
          min = Math.min(min, c.min);
          below += c.below;
          cand.push(...c.cand.subarray(0, c.candCount));
          win.push(...c.win.subarray(0, c.winCount));
        }
        if (listCap === 0) expect(calls).toBeGreaterThan(1);
        expect(cand).toEqual(ref.cand);
        expect(win).toEqual(ref.win);
        expect(below).toBe(ref.below);
        expect(min).toBe(ref.min);
        expect(Array.from(ledger.rowApx.subarray(0, bi))).toEqual(Array.from(refRow));
        expect(Array.from(ledger.colApx.subarray(j0, j0 + bj))).toEqual(Array.from(refCol));
        expect(Array.from(ledger.colApx.subarray(0, j0))).toEqual(Array.from(colAll.subarray(0, j0)));
        // Sums: two lanes plus a scalar accumulator per call, each a recursive sum of at most n
        // terms, so |error| <= (n - 1) u sum|x| (Higham 4.2) over all of them, calls added after.
        const n = ref.gs.length;
        const gs = exactSum(ref.gs);
        expect(Math.abs(sum - gs.sum)).toBeLessThanOrEqual((n + calls) * U * gs.abs);
        // The loss terms are softplusFast's (bits above), but for the z > -4.86 ones (musl's exp
        // and log1p against V8's): within 2 ulp each; a row's terms summed in two lanes and a
        // scalar (at most bj terms), rows added with Neumaier's correction, calls added here.
        const ls = exactSum(ref.terms);
        expect(Math.abs(loss - ls.sum)).toBeLessThanOrEqual((bj + calls + 8) * U * ls.abs);
      });
    }
  }
});
