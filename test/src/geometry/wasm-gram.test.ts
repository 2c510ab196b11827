import { describe, expect, it } from 'vitest';
import { gramBlock } from '../../../src/geometry/gram-block.js';
import { scanPairs } from '../../../src/geometry/pairs.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../../../src/numeric/float/ulp.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { bindGram, createGramArena, kernelModule } from '../../../src/numeric/float/wasm-gram.js';

/** Higham gamma_n in float64. */
const gamma = (n: number) => (n * UNIT_ROUNDOFF) / (1 - n * UNIT_ROUNDOFF);
const built = kernelModule() !== null;

/** Unit rows rounded to float32, like real embeddings: every product u_k v_k is exact in float64. */
function f32Rows(rows: number, d: number, rng: Rng): Matrix {
  const data = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = rng.normal();
      data[i * d + k] = x;
      s += x * x;
    }
    for (let k = 0; k < d; k++) data[i * d + k] = Math.fround(data[i * d + k]! / Math.sqrt(s));
  }
  return { rows, cols: d, data };
}

/** Neumaier-compensated dot of exact products: error <= u |s| + O(d^2 u^2) sum|p| (Higham 4.3). */
function refDot(a: Matrix, i: number, b: Matrix, j: number): { s: number; abs: number } {
  const d = a.cols;
  let s = 0;
  let c = 0;
  let abs = 0;
  for (let k = 0; k < d; k++) {
    const p = a.data[i * d + k]! * b.data[j * d + k]!;
    abs += Math.abs(p);
    const t = s + p;
    c += Math.abs(s) >= Math.abs(p) ? s - t + p : p - t + s;
    s = t;
  }
  return { s: s + c, abs };
}

describe.skipIf(!built)('wasm abt blocks against a compensated reference', () => {
  // Odd sizes exercise the zero padding of rows and of the row stride.
  const shapes: [number, number, number][] = [
    [7, 5, 3],
    [131, 67, 13],
    [40, 33, 1152],
  ];
  for (const [n, k, d] of shapes) {
    it(`${n} x ${k}, d=${d}: wasm and JS entries within gamma_d sum|u_k v_k| (+2u for the reference)`, () => {
      const rng = new Rng(n + k + d);
      const u = f32Rows(n, d, rng);
      const v = f32Rows(k, d, rng);
      const arena = createGramArena(u.data, n, v.data, k, d, 1, 4, 8)!;
      const gram = bindGram(arena, 0);
      const mem = new Float64Array(arena.memory.buffer);
      const js = new Float64Array(4 * 8);
      for (let i0 = 0; i0 < n; i0 += 4) {
        const bi = Math.min(4, n - i0);
        for (let j0 = 0; j0 < k; j0 += 8) {
          const bj = Math.min(8, k - j0);
          const off = gram(i0, bi, j0, bj);
          const ld = bj + (bj & 1);
          gramBlock(u, v, i0, bi, j0, bj, js);
          for (let r = 0; r < bi; r++) {
            for (let c = 0; c < bj; c++) {
              const ref = refDot(u, i0 + r, v, j0 + c);
              // computed dot: |err| <= gamma_d sum|p| (Higham 3.5); reference: <= 2u sum|p| here.
              const tol = (gamma(d) + 2 * UNIT_ROUNDOFF) * ref.abs;
              const w = mem[off + r * ld + c]!;
              const x = js[r * bj + c]!;
              expect(
                Math.abs(w - ref.s),
                `wasm G[${i0 + r},${j0 + c}] ${w} vs ${ref.s}, tol ${tol}`,
              ).toBeLessThanOrEqual(tol);
              expect(
                Math.abs(x - ref.s),
                `js G[${i0 + r},${j0 + c}] ${x} vs ${ref.s}, tol ${tol}`,
              ).toBeLessThanOrEqual(tol);
            }
          }
        }
      }
    });
  }
});

describe.skipIf(!built)('scanPairs: wasm kernel and helper thread', () => {
  // Large enough that the helper (started through tsx here) takes tasks before the pass ends.
  const N = 3000;
  const D = 64;
  const rng = new Rng(5);
  const u = f32Rows(N, D, rng);
  const v = f32Rows(N, D, rng);
  for (let i = 0; i < N; i++) {
    // pull the pairs together so margins, retrieval and the trimmed window are not degenerate
    for (let k = 0; k < D; k++)
      v.data[i * D + k] = Math.fround(0.6 * u.data[i * D + k]! + 0.8 * v.data[i * D + k]!);
  }
  const base = { trim: 0.05, loss: { t: 10, b: 10 } } as const;

  for (const collectCap of [undefined, 20_000, 64]) {
    const label = collectCap === undefined ? 'all negatives held' : `collectCap ${collectCap}`;
    it(`${label}: 1 and 2 threads give bit-identical results`, () => {
      const opt = { ...base, kernel: 'wasm' as const, ...(collectCap !== undefined ? { collectCap } : {}) };
      const one = scanPairs(u, v, { ...opt, threads: 1 });
      const two = scanPairs(u, v, { ...opt, threads: 2 });
      // passes is a cost: with a cap each thread narrows its own window from the rows it happened
      // to scan, so a late helper can leave the band outside the merged window and cost one pass
      expect(two.trimmed!.passes).toBeGreaterThanOrEqual(1);
      expect(two.trimmed!.passes).toBeLessThanOrEqual(3);
      const value = (r: typeof one) => ({ ...r, trimmed: { ...r.trimmed!, passes: null } });
      expect(value(two)).toEqual(value(one));
    });
  }

  it('wasm and JS kernels agree: extremes within 2 gamma_d, means and loss within their sum bounds', () => {
    const w = scanPairs(u, v, { ...base, kernel: 'wasm', threads: 2 });
    const j = scanPairs(u, v, { ...base, kernel: 'js' });
    // each entry of each kernel is within gamma_d of the exact value (unit rows): extremes,
    // quantiles and means of entries move by at most 2 gamma_d plus the summation bounds.
    const entry = 2 * gamma(D);
    const neg = N * N - N;
    for (const key of ['minPos', 'maxNeg', 'mStar', 'bStar', 'meanPos'] as const) {
      const tol = entry + 2 * gamma(N);
      expect(
        Math.abs(w.margins[key] - j.margins[key]),
        `${key}: ${w.margins[key]} vs ${j.margins[key]}`,
      ).toBeLessThanOrEqual(tol);
    }
    // mean of negatives: each sum within gamma_neg sum|G| <= gamma_neg * neg of the exact one
    expect(Math.abs(w.margins.meanNeg - j.margins.meanNeg)).toBeLessThanOrEqual(entry + 2 * gamma(neg));
    expect(Math.abs(w.trimmed!.negQuantile - j.trimmed!.negQuantile)).toBeLessThanOrEqual(
      entry + 4 * UNIT_ROUNDOFF,
    );
    expect(Math.abs(w.trimmed!.posQuantile - j.trimmed!.posQuantile)).toBeLessThanOrEqual(
      entry + 4 * UNIT_ROUNDOFF,
    );
    // softplus(10 g - 10) is 10-Lipschitz in g: loss moves by <= 10 * entry per term, plus summation
    const lossTol = 10 * entry * N * N + 2 * gamma(N * N) * j.lossSum!;
    expect(Math.abs(w.lossSum! - j.lossSum!)).toBeLessThanOrEqual(lossTol);
    expect(w.retrieval).toEqual(j.retrieval);
  });
});
