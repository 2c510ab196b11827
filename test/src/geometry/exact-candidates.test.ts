import { describe, expect, it } from 'vitest';
import {
  COLLECT_CAP,
  exactResolver,
  finishScan,
  type KernelName,
  scanPairs,
  scanRows,
} from '../../../src/geometry/pairs.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { naiveScan, refQuantile } from './reference.js';

const blas = loadBlas();
const kernels: [KernelName, number][] = blas.ok
  ? [
      ['openblas', 1],
      ['openblas', 2],
      ['wasm', 2],
    ]
  : [['wasm', 2]];
if (!blas.ok) console.log(`openblas cases skipped: ${blas.reason}`);

/**
 * Unit rows crowded into a few tight clusters (spread `spread`, far below the float32 GEMM error
 * bound), a few exact duplicates, and a shared offset: many negatives tie to within 1e-6, so a
 * kernel that decided on its own entries would pick wrong maxima and flip retrieval.
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
    // exact duplicates: rows 1 and 6 equal rows 0 and 5
    data.copyWithin(1 * d, 0, d);
    data.copyWithin(6 * d, 5 * d, 6 * d);
    return { rows: n, cols: d, data };
  };
  return { u: make(0.3), v: make(-0.3) };
}

describe('approximate kernels only nominate: decisions equal the float64 scan bit for bit', () => {
  for (const [kernel, threads] of kernels) {
    for (const [f32, spread] of [
      [true, 1e-6],
      [false, 1e-6],
      [true, 1e-3],
    ] as const) {
      it(`${kernel} on ${threads} thread(s), ${f32 ? 'float32' : 'float64'} inputs, cluster spread ${spread}: m*, b*, extremes, retrieval, trimmed quantile`, () => {
        const { u, v } = crowded(600, 96, 7, f32, spread);
        const trim = 0.05;
        const got = scanPairs(u, v, { kernel, trim, threads });
        const ref = naiveScan(u, v);
        expect(got.kernel).toBe(kernel);
        expect(Object.is(got.margins.minPos, ref.minPos)).toBe(true);
        expect(got.margins.maxNeg, `maxNeg ${got.margins.maxNeg} vs ${ref.maxNeg}`).toBe(ref.maxNeg);
        expect(got.margins.mStar).toBe((ref.minPos - ref.maxNeg) / 2);
        expect(got.margins.bStar).toBe((ref.minPos + ref.maxNeg) / 2);
        expect(got.retrieval.uCorrect).toBe(ref.uCorrect);
        expect(got.retrieval.vCorrect).toBe(ref.vCorrect);
        expect(got.trimmed!.negQuantile).toBe(refQuantile(ref.neg, 1 - trim));
        expect(got.trimmed!.posQuantile).toBe(refQuantile(ref.pos, trim));
      });
    }
  }

  it.runIf(blas.ok)(
    'the float32 GEMM entries do differ from the exact ones here (the test has teeth)',
    () => {
      const { u, v } = crowded(600, 96, 7, true, 1e-6);
      if (!blas.ok) return;
      const d = u.cols;
      const u32 = Float32Array.from(u.data);
      const v32 = Float32Array.from(v.data);
      const c = new Float32Array(u.rows * v.rows);
      blas.blas.sgemmAbt(u32, 0, v32, 0, c, u.rows, v.rows, d, d, d);
      const ref = naiveScan(u, v);
      // same-cluster negatives (j, j - 5) of a few rows: some pair must be ranked differently
      let flips = 0;
      const exact = (i: number, j: number) => {
        let s = 0;
        for (let q = 0; q < d; q++) s += u.data[i * d + q]! * v.data[j * d + q]!;
        return s;
      };
      for (let i = 10; i < 20; i++) {
        for (let j = 12; j < v.rows; j++) {
          const a = c[i * v.rows + j]! - c[i * v.rows + j - 5]!;
          const b = exact(i, j) - exact(i, j - 5);
          if (a * b < 0 || (a === 0) !== (b === 0)) flips++;
        }
      }
      expect(flips, `sgemm reorders near-tied negatives (max neg ${ref.maxNeg})`).toBeGreaterThan(0);
    },
  );
});

describe('the window of kept negatives only saves passes: a window missing the quantile gives the same bits', () => {
  const cases: KernelName[] = blas.ok ? ['openblas', 'wasm'] : ['wasm'];
  for (const kernel of cases) {
    it(`${kernel}: windows below, above and around the quantile give the scan without a window (one histogram pass that keeps the band)`, () => {
      const { u, v } = crowded(300, 64, 11, true, 1e-3);
      const trim = 0.05;
      const ref = naiveScan(u, v);
      const expected = refQuantile(ref.neg, 1 - trim);
      const auto = scanPairs(u, v, { kernel, trim, threads: 1 }).trimmed!;
      expect(auto.negQuantile).toBe(expected);
      expect(auto.passes).toBe(1);
      for (const w of [
        { lo: -2, hi: -1.5 },
        { lo: 0.999, hi: 2 },
        { lo: expected + 1e-3, hi: 2 },
        { lo: -2, hi: expected - 1e-3 },
      ]) {
        const got = scanPairs(u, v, { kernel, trim, threads: 1, quantileWindow: w }).trimmed!;
        expect(got.negQuantile, `window [${w.lo}, ${w.hi})`).toBe(expected);
        expect(got.negLower).toBe(auto.negLower);
        expect(got.negUpper).toBe(auto.negUpper);
        expect(got.passes, `window [${w.lo}, ${w.hi}): the histogram pass keeps the band`).toBe(2);
      }
    });
  }
});

/** Random float32 unit rows with V_i near U_i: negatives spread over about +-0.3. */
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

describe('a slot whose kept window entries would overflow narrows its window instead of costing a pass', () => {
  const cases: KernelName[] = blas.ok ? ['openblas', 'wasm'] : ['wasm'];
  for (const kernel of cases) {
    it(`${kernel}: a cap below the pilot window's count still gives the exact quantile in one pass`, () => {
      const { u, v } = spread(600, 64, 13);
      const trim = 0.05;
      const ref = naiveScan(u, v);
      const pilot = scanPairs(u, v, { kernel, trim, threads: 1 }).trimmed!;
      expect(pilot.passes).toBe(1);
      // A window around the quantile holding about 1 in 22 negatives (16000 here), 8000 kept at most.
      const sorted = Float64Array.from(ref.neg).sort();
      const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;
      const quantileWindow = { lo: at(0.93), hi: at(0.975) };
      for (const threads of [1, 2]) {
        const got = scanPairs(u, v, { kernel, trim, threads, collectCap: 8000, quantileWindow }).trimmed!;
        expect(got.negQuantile, `threads ${threads}`).toBe(refQuantile(ref.neg, 1 - trim));
        expect(got.negLower).toBe(pilot.negLower);
        expect(got.passes, `threads ${threads}: narrowed, no band pass`).toBe(1);
      }
    });
  }
});

describe.runIf(blas.ok)("the trimmed quantile's exact values: the inner band first", () => {
  const trim = 0.05;
  for (const [name, data] of [
    ['spread pairs', () => spread(600, 64, 13)],
    ['crowded clusters (ties within 1e-6)', () => crowded(600, 96, 7, true, 1e-3)],
  ] as const) {
    it(`${name}: settled by the inner band (fewer exact dots), else by the full band, always the float64 scan's quantile`, () => {
      const { u, v } = data();
      const ref = refQuantile(naiveScan(u, v).neg, 1 - trim);
      const run = (bandInner: number) => {
        const options = { kernel: 'openblas' as const, trim, threads: 1, bandInner };
        const resolver = exactResolver(u, v, options);
        const sizes: number[] = [];
        const recorded = {
          ...resolver,
          dots: (is: Int32Array, js: Int32Array, out: Float64Array) => {
            sizes.push(is.length);
            resolver.dots(is, js, out);
          },
        };
        const scan = finishScan([scanRows(u, v, options, null)], COLLECT_CAP, recorded);
        return { q: scan.trimmed!.negQuantile, sizes };
      };
      // (1 + 2) eps reaches past the 2 eps band: the full band at once
      const full = run(2);
      expect(full.sizes).toHaveLength(1);
      expect(full.q).toBe(ref);
      // the default: the inner band alone settles it here
      const inner = run(1 / 8);
      expect(inner.sizes).toHaveLength(1);
      expect(inner.sizes[0]!).toBeLessThan(full.sizes[0]!);
      expect(inner.q).toBe(ref);
      // an inner band of two buckets cannot hold an eps: the full band follows
      const narrow = run(-1);
      expect(narrow.sizes).toHaveLength(2);
      expect(narrow.sizes[1]).toBe(full.sizes[0]);
      expect(narrow.q).toBe(ref);
    });
  }
});
