import { describe, expect, it } from 'vitest';
import {
  COLLECT_CAP,
  exactResolver,
  finishScan,
  type KernelName,
  type PairScanOptions,
  scanPairs,
  scanRows,
  shardRows,
} from '../../../src/geometry/pairs.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../../../src/numeric/float/ulp.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { ulpDistance } from '../../__helpers__/ulps.js';
import { naiveScan, refQuantile } from './reference.js';

const DD = hpContext(80);
/** The mean of doubles, summed exactly and rounded once (decimal.js). */
const exactMean = (xs: Float64Array) => xs.reduce((s, x) => s.plus(exact(DD, x)), new DD(0)).div(xs.length);

// The approximate kernels (OpenBLAS sgemm/dgemm with the wasm ledger, the wasm kernel with the plain
// loop) on one thread, in-process and small: the in-process twins of exact-candidates.test.ts and
// shard.test.ts. Decisions (extremes, retrieval, trimmed quantiles) must be the naive float64
// scan's bits; sums within Higham's bound.

const blas = loadBlas();
const kernels: KernelName[] = blas.ok ? ['openblas', 'wasm'] : ['wasm'];
const gamma = (n: number) => (n * UNIT_ROUNDOFF) / (1 - n * UNIT_ROUNDOFF);

/**
 * Unit rows crowded into 5 tight clusters, two exact duplicate rows, V shifted from U: many
 * negatives tie to within the float32 GEMM error, so a kernel deciding on its own entries fails.
 */
function crowded(n: number, d: number, seed: number, f32: boolean, spread: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const centres = Array.from({ length: 5 }, () => Array.from({ length: d }, () => rng.normal()));
  const make = (shift: number): Matrix => {
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const c = centres[i % 5]!;
      let s = 0;
      for (let q = 0; q < d; q++) {
        const x = c[q]! + spread * rng.normal() + (q === 0 ? shift : 0);
        data[i * d + q] = x;
        s += x * x;
      }
      const r = Math.sqrt(s);
      for (let q = 0; q < d; q++) {
        const x = data[i * d + q]! / r;
        data[i * d + q] = f32 ? Math.fround(x) : x;
      }
    }
    data.copyWithin(1 * d, 0, d);
    data.copyWithin(6 * d, 5 * d, 6 * d);
    return { rows: n, cols: d, data };
  };
  return { u: make(0.3), v: make(-0.3) };
}

/** Float32 unit rows with V_i near U_i: negatives spread over about +-0.3. */
function spread(n: number, d: number, seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const unit = (x: number[]): number[] => {
    const r = Math.hypot(...x);
    return x.map((c) => Math.fround(c / r));
  };
  const u = new Float64Array(n * d);
  const v = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, () => rng.normal());
    u.set(unit(x), i * d);
    v.set(unit(x.map((c) => c + rng.normal())), i * d);
  }
  return { u: { rows: n, cols: d, data: u }, v: { rows: n, cols: d, data: v } };
}

function expectDecisions(got: ReturnType<typeof scanPairs>, ref: ReturnType<typeof naiveScan>, trim: number) {
  expect(Object.is(got.margins.minPos, ref.minPos)).toBe(true);
  expect(got.margins.maxNeg, `maxNeg ${got.margins.maxNeg} vs ${ref.maxNeg}`).toBe(ref.maxNeg);
  expect(got.margins.mStar).toBe((ref.minPos - ref.maxNeg) / 2);
  expect(got.margins.bStar).toBe((ref.minPos + ref.maxNeg) / 2);
  expect([got.retrieval.uCorrect, got.retrieval.vCorrect]).toEqual([ref.uCorrect, ref.vCorrect]);
  expect(got.trimmed!.negQuantile).toBe(refQuantile(ref.neg, 1 - trim));
  expect(got.trimmed!.posQuantile).toBe(refQuantile(ref.pos, trim));
}

describe('approximate kernels on one thread: decisions are the float64 scan bits', () => {
  // OpenBLAS sgemm and dgemm (with the wasm ledger), the wasm kernel (the plain loop)
  const cases: [KernelName, boolean][] = [['wasm', false]];
  if (blas.ok) cases.unshift(['openblas', true], ['openblas', false]);
  for (const [kernel, f32] of cases) {
    it(`${kernel}, ${f32 ? 'float32' : 'float64'} inputs`, () => {
      const { u, v } = crowded(261, 16, 7, f32, 1e-6); // odd: the wasm block rows are padded to even
      const trim = 0.05;
      const loss = { t: 3, b: 1 };
      const got = scanPairs(u, v, { kernel, trim, loss, threads: 1 });
      const ref = naiveScan(u, v, undefined, loss);
      expect(got.kernel).toBe(kernel);
      expectDecisions(got, ref, trim);
      expect(got.trimmed!.passes).toBe(1);
      // sums of the kernel's entries (each within eps of the exact one) in another order: the
      // mean within eps plus both sums' rounding; softplus is t-Lipschitz in G
      const { eps, minNeg } = scanRows(u, v, { kernel, threads: 1 }, null);
      expect(eps).toBeGreaterThan(0);
      // the smallest negative as the kernel computed it
      expect(Math.abs(minNeg - ref.neg[0]!)).toBeLessThanOrEqual(eps);
      const n = u.rows;
      const negs = n * n - n;
      const tolNeg = eps + 2 * gamma(negs) * (ref.sumAbsNeg / negs);
      expect(Math.abs(got.margins.meanNeg - ref.meanNeg)).toBeLessThanOrEqual(tolNeg);
      // the positives are the exact entries; their mean from a compensated sum (rounded once, then
      // divided: two roundings) within 2 ulps of the exact mean of those doubles (decimal.js)
      expect(ulpDistance(got.margins.meanPos, exactMean(ref.pos))).toBeLessThanOrEqual(2);
      // the negatives' mean from the sum of every entry of the exact inputs less the positives
      expect(ulpDistance(got.margins.meanNeg, exactMean(ref.neg))).toBeLessThanOrEqual(4);
      const tolLoss = loss.t * eps * negs + 2 * gamma(n * n) * ref.lossSum;
      expect(Math.abs(got.lossSum! - ref.lossSum)).toBeLessThanOrEqual(tolLoss);
    });
  }
});

/** The kept window narrows under a small cap, and the quantile is still the exact one, in one pass. */
function narrowsKept(kernel: 'js' | 'wasm' | 'openblas', qLo: number, qHi: number, cap: number): void {
  const { u, v } = spread(300, 16, 13);
  const trim = 0.05;
  const ref = naiveScan(u, v);
  const sorted = ref.neg;
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;
  const quantileWindow = { lo: at(qLo), hi: at(qHi) };
  const got = scanPairs(u, v, { kernel, trim, threads: 1, collectCap: cap, quantileWindow }).trimmed!;
  expect(got.negQuantile).toBe(refQuantile(ref.neg, 1 - trim));
  expect(got.passes, 'narrowed, no band pass').toBe(1);
  const part = scanRows(u, v, { kernel, trim, threads: 1, collectCap: cap, quantileWindow }, null);
  expect(part.inKept).toBeLessThanOrEqual(cap);
  expect(part.kept.length).toBe(part.inKept);
  expect(part.klo).toBeGreaterThan(quantileWindow.lo);
  expect(part.khi).toBeLessThan(quantileWindow.hi);
  expect([part.wlo, part.whi]).toEqual([quantileWindow.lo, quantileWindow.hi]);
  // the histogram's window keeps every count; the kept entries are every negative inside the
  // narrowed kept window (kernel entries are within eps of the exact ones: only those within eps
  // of a bound may differ)
  const count = (lo: number, hi: number) => ref.neg.filter((g) => g >= lo && g < hi).length;
  const near = (x: number) => ref.neg.filter((g) => Math.abs(g - x) <= part.eps).length;
  expect(Math.abs(part.inWindow - count(part.wlo, part.whi))).toBeLessThanOrEqual(
    near(part.wlo) + near(part.whi),
  );
  expect(Math.abs(part.belowWindow - count(-2, part.wlo))).toBeLessThanOrEqual(near(part.wlo));
  expect(Math.abs(part.inKept - count(part.klo, part.khi))).toBeLessThanOrEqual(
    near(part.klo) + near(part.khi),
  );
  expect(part.inKept).toBeLessThan(part.inWindow);
}

describe('the window of kept negatives only saves passes', () => {
  it("js (the plain loop): a cap below the window's count narrows the kept window, still exact in one pass", () =>
    // 9 % of the 89700 negatives in the window (8070), at most 6000 kept (a block holds 4096)
    narrowsKept('js', 0.9, 0.99, 6000));

  for (const kernel of kernels) {
    it(`${kernel}: windows below, above and beside the quantile give the same bits (one histogram pass that keeps the band)`, () => {
      const { u, v } = crowded(160, 8, 11, true, 1e-3);
      const trim = 0.05;
      const ref = naiveScan(u, v);
      const expected = refQuantile(ref.neg, 1 - trim);
      const auto = scanPairs(u, v, { kernel, trim, threads: 1 }).trimmed!;
      expect(auto.negQuantile).toBe(expected);
      expect(auto.passes).toBe(1);
      for (const w of [
        { lo: expected + 1e-3, hi: 2 },
        { lo: -2, hi: expected - 1e-3 },
      ]) {
        const got = scanPairs(u, v, { kernel, trim, threads: 1, quantileWindow: w }).trimmed!;
        expect(got.negQuantile, `window [${w.lo}, ${w.hi})`).toBe(expected);
        expect([got.negLower, got.negUpper]).toEqual([auto.negLower, auto.negUpper]);
        expect(got.passes, `window [${w.lo}, ${w.hi}): the histogram pass keeps the band`).toBe(2);
      }
    });

    it(`${kernel}: a cap below the window's count narrows the kept window, still exact in one pass`, () =>
      // about 4 % of the 89700 negatives in the window (3600), at most 3400 kept (the first OpenBLAS
      // block of 256 rows holds about 3070)
      narrowsKept(kernel, 0.93, 0.97, 3400));

    it(`${kernel}: 2 shards merge to the bits of one pass (labels, trim, loss)`, () => {
      const { u, v } = crowded(530, 8, 3, kernel === 'openblas', 1e-4);
      const labels = Array.from({ length: 530 }, (_, i) => (i * 7) % 530);
      const options: PairScanOptions = { kernel, threads: 1, trim: 0.1, loss: { t: 2, b: -1 }, labels };
      const single = scanPairs(u, v, options);
      const parts = [0, 1].map((index) => scanRows(u, v, options, shardRows(u.rows, index, 2)));
      const merged = finishScan(parts, COLLECT_CAP, exactResolver(u, v, options));
      const strip = (r: typeof single) => JSON.stringify({ ...r, trimmed: { ...r.trimmed, passes: 0 } });
      expect(strip(merged)).toBe(strip(single));
      const ref = naiveScan(u, v, labels);
      expect(single.margins.maxNeg).toBe(ref.maxNeg);
      expect([single.retrieval.uCorrect, single.retrieval.vCorrect]).toEqual([ref.uCorrect, ref.vCorrect]);
      expect(single.trimmed!.negQuantile).toBe(refQuantile(ref.neg, 0.9));
    });
  }
});
