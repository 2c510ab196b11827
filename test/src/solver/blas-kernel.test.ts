import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { gamma, UNIT_ROUNDOFF as U } from '../../../src/numeric/float/ulp.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { createBlasKernel, SOLVER_BLAS_MIN_WORK } from '../../../src/solver/blas-kernel.js';
import { createJsKernel, type PairKernel, pairOut } from '../../../src/solver/kernel.js';
import { solve, solveSync } from '../../../src/solver/index.js';
import { resolveOptions } from '../../../src/solver/options.js';
import { pickKernel } from '../../../src/solver/run.js';
import { createWasmKernel, wasmAvailable } from '../../../src/solver/wasm.js';

const blasOk = loadBlas().ok;

// Cost bounds of the random cases.
const MAX_N = 40;
const MAX_D = 24;
const RUNS = 40;

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: MAX_N }),
  d: fc.integer({ min: 1, max: MAX_D }),
  t: fc.double({ min: 0.05, max: 30, noNaN: true }),
  b: fc.double({ min: -30, max: 30, noNaN: true }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  withU: fc.boolean(),
});

/** One kernel call on seeded unit rows; gU starts at `prior` (the products add to it), gV at 0. */
function run(
  k: PairKernel,
  kind: 'sigmoid' | 'infonce',
  o: { n: number; d: number; t: number; b: number; seed: number; withU: boolean },
) {
  const { n, d, t, b, seed } = o;
  const rng = new Rng(seed);
  const u = randomUnitRows(n, d, rng.fork('u')).data;
  const v = randomUnitRows(n, d, rng.fork('v')).data;
  const prior = Float64Array.from({ length: n * d }, () => rng.uniform() * 2 - 1);
  const gu = o.withU ? Float64Array.from(prior) : null;
  const gv = new Float64Array(n * d);
  const out = pairOut();
  const c = 1 / n;
  if (kind === 'sigmoid') k.sigmoid(u, v, n, d, t, b, c, gu, gv, out);
  else k.infonce(u, v, n, d, t, c, gu, gv, out);
  return { gu, gv, out, c };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.skipIf(!blasOk)(
  'solver OpenBLAS kernel against the JS kernel (same weight code, other products)',
  () => {
    it('sigmoid: loss, dL/dt, dL/db, extremes and gradients within the bound of two summation orders', () => {
      const blas = createBlasKernel();
      if (typeof blas === 'string') throw new Error(blas);
      fc.assert(
        fc.property(caseArb, (o) => {
          const { n, d, t } = o;
          const a = run(blas, 'sigmoid', o);
          const r = run(createJsKernel(), 'sigmoid', o);
          const c = r.c;
          const at = `n=${n} d=${d} t=${t} b=${o.b}`;
          // Each route's G is within gamma(d) of the exact inner product (unit rows, any order), so
          // the two differ by <= 2 gamma(d); the weight code is the same, its sigmoid 1/4-Lipschitz
          // in z = t G - b, and each evaluation is within 4u: |s_a - s_r| <= t gamma(d) / 2 + 8u.
          const dG = 2 * gamma(d);
          const perS = (t * dG) / 4 + 8 * U;
          expect(Math.abs(a.out.minPos - r.out.minPos), at).toBeLessThanOrEqual(dG);
          if (n > 1) expect(Math.abs(a.out.maxNeg - r.out.maxNeg), at).toBeLessThanOrEqual(dG);
          // Gradient entries: N terms c t s v (|s|, |v| <= 1) added to the prior (|prior| <= 1) in two
          // orders, each within gamma(N + 2) of its exact sum.
          const tolG = c * t * n * (perS + 2 * gamma(n + 2)) + 2 * gamma(n + 2);
          if (a.gu !== null && r.gu !== null) {
            const du = maxAbsDiff(a.gu, r.gu);
            expect(du, `gradU diff ${du} > ${tolG} (${at})`).toBeLessThanOrEqual(tolG);
          }
          const dv = maxAbsDiff(a.gv, r.gv);
          expect(dv, `gradV diff ${dv} > ${tolG} (${at})`).toBeLessThanOrEqual(tolG);
          // Scalars: the same N^2 terms in the same order; each term moves by its derivative times
          // dG (softplus' <= t, (s G)' <= 1 + t/4, s' <= t/4) plus its own roundings, each sum within
          // gamma(N^2) of its terms' exact sum.
          const terms = Math.abs(r.out.loss) / c;
          const tolL = c * (n * n * t * dG + (8 * U + 2 * gamma(n * n)) * terms);
          expect(Math.abs(a.out.loss - r.out.loss), `loss (${at})`).toBeLessThanOrEqual(tolL);
          const tolT = c * n * n * (perS + dG + 2 * gamma(n * n));
          expect(Math.abs(a.out.dt - r.out.dt), `dt (${at})`).toBeLessThanOrEqual(tolT);
          expect(Math.abs(a.out.db - r.out.db), `db (${at})`).toBeLessThanOrEqual(tolT);
        }),
        { numRuns: RUNS },
      );
    });

    it('InfoNCE: loss, dL/dt and gradients within the bound of two orders of G and of the products', () => {
      const blas = createBlasKernel();
      if (typeof blas === 'string') throw new Error(blas);
      fc.assert(
        fc.property(caseArb, (o) => {
          const { n, d, t } = o;
          const a = run(blas, 'infonce', o);
          const r = run(createJsKernel(), 'infonce', o);
          const c = r.c;
          const at = `n=${n} d=${d} t=${t}`;
          // Logits t G differ by <= 2 t gamma(d); a softmax entry moves by <= 2 max|dS| (its
          // Jacobian's rows sum to <= 2 P), exp/log/divisions add gamma(4N + 8) relative. A weight is
          // (P + C - 2 delta) c t / N with |P + C - 2 delta| <= 2; gradients sum N of them (|v| <= 1).
          const dS = 2 * t * gamma(d);
          const perW = (c * t * (8 * dS + 4 * gamma(4 * n + 8))) / n;
          const tolG = n * perW + 2 * gamma(n + 2) * (2 * c * t + 1);
          if (a.gu !== null && r.gu !== null) {
            const du = maxAbsDiff(a.gu, r.gu);
            expect(du, `gradU diff ${du} > ${tolG} (${at})`).toBeLessThanOrEqual(tolG);
          }
          const dv = maxAbsDiff(a.gv, r.gv);
          expect(dv, `gradV diff ${dv} > ${tolG} (${at})`).toBeLessThanOrEqual(tolG);
          // Loss: per anchor two log-sum-exps minus two logits, each moving by <= 2 dS.
          const tolL = c * (4 * dS + gamma(4 * n + 8) * (2 + Math.abs(r.out.loss / c)) * 2);
          expect(Math.abs(a.out.loss - r.out.loss), `loss (${at})`).toBeLessThanOrEqual(tolL);
          // dL/dt = sum dS_ij G_ij / t: weights move by perW / t each, G by 2 gamma(d).
          const tolT = (n * n * (perW + (2 * c * 2 * gamma(d)) / n)) / t + 2 * gamma(n * n) * 2 * c * n;
          expect(Math.abs(a.out.dt - r.out.dt), `dt (${at})`).toBeLessThanOrEqual(tolT);
        }),
        { numRuns: RUNS },
      );
    });

    it.skipIf(!wasmAvailable())(
      'sigmoid gradients agree with the wasm kernel (the route below the threshold)',
      () => {
        const blas = createBlasKernel();
        const wasm = createWasmKernel(1);
        if (typeof blas === 'string' || wasm === null) throw new Error('kernels not available');
        try {
          for (const o of [
            { n: 37, d: 19, t: 10, b: 10, seed: 1, withU: true },
            { n: 64, d: 24, t: 0.5, b: -3, seed: 2, withU: true },
          ]) {
            const a = run(blas, 'sigmoid', o);
            const w = run(wasm, 'sigmoid', o);
            const { n, d, t } = o;
            // As against the JS kernel, with the wasm weights' exp and log1p within 8u too.
            const perS = (t * 2 * gamma(d)) / 4 + 16 * U;
            const tolG = w.c * t * n * (perS + 2 * gamma(n + 2)) + 2 * gamma(n + 2);
            expect(maxAbsDiff(a.gu!, w.gu!)).toBeLessThanOrEqual(tolG);
            expect(maxAbsDiff(a.gv, w.gv)).toBeLessThanOrEqual(tolG);
          }
        } finally {
          wasm.dispose?.();
        }
      },
    );

    it('two calls on the same inputs give the same bits (OpenBLAS at its fixed thread count)', () => {
      const blas = createBlasKernel();
      if (typeof blas === 'string') throw new Error(blas);
      const o = { n: 700, d: 96, t: 10, b: 10, seed: 5, withU: true };
      const first = run(blas, 'sigmoid', o);
      const again = run(blas, 'sigmoid', o);
      expect(Buffer.from(again.gu!.buffer).equals(Buffer.from(first.gu!.buffer))).toBe(true);
      expect(Buffer.from(again.gv.buffer).equals(Buffer.from(first.gv.buffer))).toBe(true);
      expect([again.out.loss, again.out.dt, again.out.db]).toEqual([
        first.out.loss,
        first.out.dt,
        first.out.db,
      ]);
    });

    it('solve picks OpenBLAS from N^2 d = 2^32 on and the wasm kernel just below', () => {
      expect(4096 * 4096 * 256).toBe(SOLVER_BLAS_MIN_WORK);
      const at = pickKernel(resolveOptions({ n: 4096, d: 256, steps: 1 }));
      expect(at.name).toBe('openblas');
      at.dispose?.();
      const below = pickKernel(resolveOptions({ n: 4096, d: 255, steps: 1 }));
      expect(below.name).toBe(wasmAvailable() ? 'wasm' : 'js');
      below.dispose?.();
      // an explicit choice is kept at any size
      const asked = pickKernel(resolveOptions({ n: 4096, d: 256, steps: 1, kernel: 'js' }));
      expect(asked.name).toBe('js');
      const forced = pickKernel(resolveOptions({ n: 8, d: 3, steps: 1, kernel: 'openblas' }));
      expect(forced.name).toBe('openblas');
    });

    it('a full-size solve on OpenBLAS gives the same bytes in this thread, again, and from two worker threads', async () => {
      // (4096, 256) is the first size 'auto' runs on OpenBLAS: three dgemm a step on two threads.
      const o = { n: 4096, d: 256, steps: 2, seed: 11, every: 1 } as const;
      const bytes = (r: ReturnType<typeof solveSync>) =>
        JSON.stringify([r.kernel, r.lossValue, r.t, r.b, r.trajectory, r.startLosses, r.bestStart]) +
        Buffer.from(r.u.data.buffer).toString('base64') +
        Buffer.from(r.v.data.buffer).toString('base64');
      const first = solveSync(o);
      expect(first.kernel).toBe('openblas');
      expect(bytes(solveSync(o))).toBe(bytes(first));
      // two starts: in this thread, then one start per worker (each loads OpenBLAS at two threads)
      const inThread = solveSync({ ...o, starts: 2, threads: 1 });
      const workers = await solve({ ...o, starts: 2, threads: 2 });
      expect(bytes(workers)).toBe(bytes(inThread));
      expect(inThread.startLosses[0]).toBe(first.lossValue);
    }, 120_000);
  },
);
