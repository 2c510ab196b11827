import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { infoNceLoss } from '../../../src/loss/infonce.js';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { sigmoidLossHp } from '../../../src/loss/hp/sigmoid.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { gamma, UNIT_ROUNDOFF as U } from '../../../src/numeric/float/ulp.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { createJsKernel, type PairKernel, pairOut } from '../../../src/solver/kernel.js';
import { createWasmKernel, PARALLEL_MIN_WORK, wasmAvailable, wasmExports } from '../../../src/solver/wasm.js';

// Cost bounds of the random cases.
const MAX_N = 12;
const MAX_D = 9;
const RUNS = 40;

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: MAX_N }),
  d: fc.integer({ min: 1, max: MAX_D }),
  t: fc.double({ min: 0.05, max: 30, noNaN: true }),
  b: fc.double({ min: -30, max: 30, noNaN: true }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

function config(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  return { u: randomUnitRows(n, d, rng.fork('u')), v: randomUnitRows(n, d, rng.fork('v')) };
}

function run(k: PairKernel, n: number, d: number, seed: number, t: number, b: number, c: number) {
  const { u, v } = config(n, d, seed);
  const gu = new Float64Array(n * d);
  const gv = new Float64Array(n * d);
  const out = pairOut();
  k.sigmoid(u.data, v.data, n, d, t, b, c, gu, gv, out);
  return { u, v, gu, gv, out };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('solver JS kernel against the reference sigmoidLoss', () => {
  it('loss is bit-identical and gradients agree within 2 gamma(N + 2) c t N (summation order only)', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, t, b, seed }) => {
        const c = 1 / n;
        const r = run(createJsKernel(), n, d, seed, t, b, c);
        const ref = sigmoidLoss(r.u, r.v, { t, b, normalization: 'per-anchor', grad: true });
        // Same terms in the same order: identical doubles.
        expect(r.out.loss, `n=${n} d=${d} t=${t} b=${b}`).toBe(ref.loss);
        // |s| <= 1 and |v_jk| <= 1, so each gradient entry is a sum of N terms of size <= c t; the
        // two codes round each term differently (scaling before vs after the sum).
        const tol = 2 * gamma(n + 2) * c * t * n;
        const du = maxAbsDiff(r.gu, ref.gradU!);
        const dv = maxAbsDiff(r.gv, ref.gradV!);
        expect(du, `gradU diff ${du} > tol ${tol}`).toBeLessThanOrEqual(tol);
        expect(dv, `gradV diff ${dv} > tol ${tol}`).toBeLessThanOrEqual(tol);
        const tolS = 2 * gamma(n * n + 2) * c * n * n * Math.max(1, t);
        expect(Math.abs(r.out.dt - ref.dt!)).toBeLessThanOrEqual(tolS);
        expect(Math.abs(r.out.db - ref.db!)).toBeLessThanOrEqual(tolS);
      }),
      { numRuns: RUNS },
    );
  });

  it('InfoNCE weights reproduce infoNceLoss (value and gradients) within gamma(4N) of their sizes', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, t, seed }) => {
        const { u, v } = config(n, d, seed);
        const gu = new Float64Array(n * d);
        const gv = new Float64Array(n * d);
        const out = pairOut();
        createJsKernel().infonce(u.data, v.data, n, d, t, 1, gu, gv, out);
        const ref = infoNceLoss(u, v, { tau: 1 / t, grad: true });
        // Logits t G vs G / tau differ by one rounding (|S| <= t): the loss moves by <= 2 t u per
        // log-sum-exp, gradients by the same relative amount; sums add gamma(4N).
        const tol = gamma(4 * n + 8) * (1 + t) * (2 + Math.abs(ref.loss));
        expect(Math.abs(out.loss - ref.loss), `loss ${out.loss} vs ${ref.loss}`).toBeLessThanOrEqual(tol);
        expect(maxAbsDiff(gu, ref.gradU!)).toBeLessThanOrEqual(tol * t);
        expect(maxAbsDiff(gv, ref.gradV!)).toBeLessThanOrEqual(tol * t);
        // dL/dt = -tau^2 dL/dtau
        const dtRef = -(ref.dTau! / (t * t));
        expect(Math.abs(out.dt - dtRef)).toBeLessThanOrEqual(tol * (1 + Math.abs(dtRef)));
      }),
      { numRuns: RUNS },
    );
  });

  it('gradient equals the decimal.js gradient within the float64 error bound', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.n <= 6 && c.d <= 6),
        ({ n, d, t, b, seed }) => {
          const c = 1 / n;
          const r = run(createJsKernel(), n, d, seed, t, b, c);
          const hp = sigmoidLossHp(r.u, r.v, t, b, 'per-anchor', 30, true);
          // G carries gamma(d) absolute error (unit rows), so z carries t gamma(d); sigmoid is
          // 1/4-Lipschitz; exp/log1p/division add 4u relative; the N-term sums add gamma(N + 2).
          const perS = (t * gamma(d)) / 4 + 4 * U;
          const tol = c * t * n * (perS + 2 * gamma(n + 2)) + 4 * U * c * t * n;
          for (let e = 0; e < n * d; e++) {
            const du = Math.abs(r.gu[e]! - hp.gradU![e]!.toNumber());
            const dv = Math.abs(r.gv[e]! - hp.gradV![e]!.toNumber());
            expect(du, `gradU[${e}] diff ${du} tol ${tol} (n=${n} d=${d} t=${t} b=${b})`).toBeLessThanOrEqual(
              tol,
            );
            expect(dv, `gradV[${e}] diff ${dv} tol ${tol}`).toBeLessThanOrEqual(tol);
          }
          const lossTol = c * (n * n * (t * gamma(d) + 4 * U) + gamma(n * n) * hp.loss.toNumber() * n);
          expect(Math.abs(r.out.loss - hp.loss.toNumber())).toBeLessThanOrEqual(lossTol);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('gradient equals central finite differences along a random direction (h = 1e-5)', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.t <= 5 && Math.abs(c.b) <= 5),
        ({ n, d, t, b, seed }) => {
          const c = 1 / n;
          const k = createJsKernel();
          const { u, v } = config(n, d, seed);
          const rng = new Rng(seed ^ 0x5bd1e995);
          const du = Float64Array.from({ length: n * d }, () => rng.normal() / Math.sqrt(n * d));
          const dv = Float64Array.from({ length: n * d }, () => rng.normal() / Math.sqrt(n * d));
          const gu = new Float64Array(n * d);
          const gv = new Float64Array(n * d);
          const out = pairOut();
          k.sigmoid(u.data, v.data, n, d, t, b, c, gu, gv, out);
          let analytic = 0;
          for (let e = 0; e < n * d; e++) analytic += gu[e]! * du[e]! + gv[e]! * dv[e]!;
          const h = 1e-5;
          const f = (s: number): number => {
            const o = pairOut();
            const up = u.data.map((x, e) => x + s * du[e]!);
            const vp = v.data.map((x, e) => x + s * dv[e]!);
            k.sigmoid(up, vp, n, d, t, b, c, null, null, o);
            return o.loss;
          };
          const fd = (f(h) - f(-h)) / (2 * h);
          // Truncation <= h^2/6 max|L'''|: |softplus'''| <= 0.1, |d z / d s| <= t (||du|| + ||dv||)
          // per entry with ||du||, ||dv|| ~ 1; rounding <= 2 u max|L| / h (L <= c N^2 (|b| + t + 1)).
          const lmax = c * n * n * (Math.abs(b) + t + 1);
          const tol = (h * h * 0.1 * c * n * n * (2 * t) ** 3 * 8) / 6 + (4 * U * lmax) / h;
          expect(Math.abs(fd - analytic), `fd ${fd} analytic ${analytic} tol ${tol}`).toBeLessThanOrEqual(
            tol,
          );
          // t and b by finite differences too
          const ft = (s: number): number => {
            const o = pairOut();
            k.sigmoid(u.data, v.data, n, d, t + s, b, c, null, null, o);
            return o.loss;
          };
          const fb = (s: number): number => {
            const o = pairOut();
            k.sigmoid(u.data, v.data, n, d, t, b + s, c, null, null, o);
            return o.loss;
          };
          expect(Math.abs((ft(h) - ft(-h)) / (2 * h) - out.dt)).toBeLessThanOrEqual(tol);
          expect(Math.abs((fb(h) - fb(-h)) / (2 * h) - out.db)).toBeLessThanOrEqual(tol);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never produces NaN, even at extreme t and b', () => {
    for (const [t, b] of [
      [1e6, 1e6],
      [1e6, -1e6],
      [1e-9, 800],
      [3000, 0],
    ] as const) {
      const r = run(createJsKernel(), 7, 3, 11, t, b, 1);
      expect(Number.isFinite(r.out.loss) && Number.isFinite(r.out.dt) && Number.isFinite(r.out.db)).toBe(
        true,
      );
      expect([...r.gu, ...r.gv].every(Number.isFinite)).toBe(true);
    }
  });
});

describe.runIf(wasmAvailable())('solver wasm kernel against the JS kernel', () => {
  it('agrees within the bound set by G rounding (t gamma(d)) and < 1 ulp exp/log1p differences', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, t, b, seed }) => {
        const c = 1 / n;
        const w = run(createWasmKernel()!, n, d, seed, t, b, c);
        const j = run(createJsKernel(), n, d, seed, t, b, c);
        // Loss: softplus is 1-Lipschitz in z (|dz| <= t gamma(d) for unit rows), the libm
        // functions differ by <= 2 ulps, and the sums by gamma(N^2) each.
        const lossTol =
          c * n * n * (t * gamma(d) + 4 * U * (Math.abs(b) + t + 1)) + 2 * gamma(n * n) * j.out.loss;
        expect(Math.abs(w.out.loss - j.out.loss), `loss ${w.out.loss} vs ${j.out.loss}`).toBeLessThanOrEqual(
          lossTol,
        );
        const gTol = c * t * n * ((t * gamma(d)) / 4 + 4 * U + 2 * gamma(n + 2));
        expect(maxAbsDiff(w.gu, j.gu), `gradU tol ${gTol}`).toBeLessThanOrEqual(gTol);
        expect(maxAbsDiff(w.gv, j.gv), `gradV tol ${gTol}`).toBeLessThanOrEqual(gTol);
        expect(w.out.minPos).toBeCloseTo(j.out.minPos, 12);
        expect(w.out.maxNeg === j.out.maxNeg || Math.abs(w.out.maxNeg - j.out.maxNeg) <= gamma(d)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('the SIMD exp is within 2 ulps of Math.exp on [-746, 0] and exact at 0', () => {
    const exp = wasmExports()!.expSimd;
    const view = new DataView(new ArrayBuffer(8));
    const bits = (x: number): bigint => {
      view.setFloat64(0, x);
      return view.getBigInt64(0);
    };
    expect(exp(0)).toBe(1);
    expect(exp(-746)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: -746, max: 0, noNaN: true }), (x) => {
        const diff = bits(exp(x)) - bits(Math.exp(x));
        expect(diff >= -2n && diff <= 2n, `x=${x} wasm ${exp(x)} Math.exp ${Math.exp(x)}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('InfoNCE through the wasm products matches the JS kernel', () => {
    const n = 9;
    const d = 5;
    const { u, v } = config(n, d, 3);
    const res = [createWasmKernel()!, createJsKernel()].map((k) => {
      const gu = new Float64Array(n * d);
      const gv = new Float64Array(n * d);
      const out = pairOut();
      k.infonce(u.data, v.data, n, d, 4, 1, gu, gv, out);
      return { gu, gv, out };
    });
    const tol = 16 * gamma(4 * n) * 4 * 4;
    expect(Math.abs(res[0]!.out.loss - res[1]!.out.loss)).toBeLessThanOrEqual(tol);
    expect(maxAbsDiff(res[0]!.gu, res[1]!.gu)).toBeLessThanOrEqual(tol);
    expect(maxAbsDiff(res[0]!.gv, res[1]!.gv)).toBeLessThanOrEqual(tol);
  });

  it('two threads give bit-identical loss, gradients and statistics to one thread', () => {
    // odd N exercises the padding; N^2 d is above PARALLEL_MIN_WORK so the helper really runs
    const n = 513;
    const d = 64;
    expect((n + 1) ** 2 * d).toBeGreaterThanOrEqual(PARALLEL_MIN_WORK);
    const res = ([1, 2] as const).map((threads) => {
      const k = createWasmKernel(threads)!;
      try {
        return run(k, n, d, 9, 7, 3, 1 / n);
      } finally {
        k.dispose?.();
      }
    });
    expect(res[1]!.out).toEqual(res[0]!.out);
    expect(Array.from(res[1]!.gu)).toEqual(Array.from(res[0]!.gu));
    expect(Array.from(res[1]!.gv)).toEqual(Array.from(res[0]!.gv));
  });

  it('handles changing sizes on one instance (padding is reset between layouts)', () => {
    const k = createWasmKernel()!;
    for (const [n, d] of [
      [5, 4],
      [6, 3],
      [5, 4],
      [3, 3],
      [64, 33],
    ] as const) {
      const out = pairOut();
      const { u, v } = config(n, d, n * 31 + d);
      k.sigmoid(u.data, v.data, n, d, 2, 1, 1, null, null, out);
      const ref = sigmoidLoss(u, v, { t: 2, b: 1, normalization: 'sum' });
      expect(Math.abs(out.loss - ref.loss)).toBeLessThanOrEqual(
        n * n * (2 * gamma(d) + 8 * U) + gamma(n * n) * ref.loss,
      );
    }
  });
});
