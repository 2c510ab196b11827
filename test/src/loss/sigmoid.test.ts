import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NORMALIZATIONS } from '../../../src/loss/conventions.js';
import { sigmoidLossHp } from '../../../src/loss/hp/sigmoid.js';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { softplus } from '../../../src/numeric/float/softplus.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { gamma } from '../../../src/numeric/float/ulp.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';

/** Cost bounds of the random configurations (the decimal path is O(N^2 d) Decimal operations). */
const MAX_N = 6;
const MAX_D = 5;

const caseArb = fc.record({
  n: fc.integer({ min: 2, max: MAX_N }),
  d: fc.integer({ min: 1, max: MAX_D }),
  t: fc.double({ min: 0.01, max: 50, noNaN: true }),
  b: fc.double({ min: -50, max: 50, noNaN: true }),
  seed: fc.integer(),
  normalization: fc.constantFrom(...NORMALIZATIONS),
});

function config(n: number, d: number, seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  return { u: randomUnitRows(n, d, rng), v: randomUnitRows(n, d, rng) };
}

describe('sigmoid loss: float64 against decimal.js and finite differences', () => {
  it('loss and every gradient entry agree with the 40-digit decimal evaluation', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, t, b, seed, normalization }) => {
        const { u, v } = config(n, d, seed);
        const f = sigmoidLoss(u, v, { t, b, normalization, grad: true });
        const h = sigmoidLossHp(u, v, t, b, normalization, 40, true);
        // Each term: G_ij has error gamma_d, z = tG - b amplifies it by t (softplus' <= 1), and
        // the N^2-term sum adds gamma_{N^2}; so |error| <= (t gamma_d + gamma_{N^2} + 4u) * sum of
        // |terms|, bounded by N^2 (|b| + t + 1) before normalising (the normalisation only shrinks it).
        const termBound = n * n * (Math.abs(b) + t + 1);
        const tol = (t * gamma(d) + gamma(n * n) + 4 * 2 ** -53) * termBound * 4;
        const lossErr = Math.abs(f.loss - h.loss.toNumber());
        expect(lossErr, `loss ${f.loss} vs ${h.loss.toString()}`).toBeLessThanOrEqual(tol);
        const gradTol = tol * (t + 1);
        for (let k = 0; k < n * d; k++) {
          expect(Math.abs(f.gradU![k]! - h.gradU![k]!.toNumber())).toBeLessThanOrEqual(gradTol);
          expect(Math.abs(f.gradV![k]! - h.gradV![k]!.toNumber())).toBeLessThanOrEqual(gradTol);
        }
        expect(Math.abs(f.dt! - h.dt!.toNumber())).toBeLessThanOrEqual(gradTol);
        expect(Math.abs(f.db! - h.db!.toNumber())).toBeLessThanOrEqual(gradTol);
      }),
      { numRuns: 40 },
    );
  });

  it('gradient equals central finite differences (step 1e-5, error O(h^2) + O(eps/h))', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, t, b, seed, normalization }) => {
        const { u, v } = config(n, d, seed);
        const tt = Math.min(t, 10);
        const f = sigmoidLoss(u, v, { t: tt, b, normalization, grad: true });
        const h = 1e-5;
        const L = (uu: Matrix, vv: Matrix, t1: number, b1: number) =>
          sigmoidLoss(uu, vv, { t: t1, b: b1, normalization }).loss;
        // Truncation error of the central difference: h^2/6 |f'''| with |f'''| <= N^2 (t^3 + 1)
        // (softplus''' <= 0.1); rounding: 2 eps |L| / h.
        const tol =
          ((h * h) / 6) * n * n * (tt ** 3 + 1) + (4 * 2 ** -52 * (Math.abs(f.loss) + 1) * n * n) / h + 1e-9;
        const k = seed >>> 0;
        const iu = k % (n * d);
        const up = { ...u, data: u.data.slice() };
        const um = { ...u, data: u.data.slice() };
        up.data[iu]! += h;
        um.data[iu]! -= h;
        const fdU = (L(up, v, tt, b) - L(um, v, tt, b)) / (2 * h);
        expect(Math.abs(fdU - f.gradU![iu]!), `dU[${iu}]`).toBeLessThanOrEqual(tol);
        const vp = { ...v, data: v.data.slice() };
        const vm = { ...v, data: v.data.slice() };
        vp.data[iu]! += h;
        vm.data[iu]! -= h;
        const fdV = (L(u, vp, tt, b) - L(u, vm, tt, b)) / (2 * h);
        expect(Math.abs(fdV - f.gradV![iu]!), `dV[${iu}]`).toBeLessThanOrEqual(tol);
        const fdT = (L(u, v, tt + h, b) - L(u, v, tt - h, b)) / (2 * h);
        expect(Math.abs(fdT - f.dt!)).toBeLessThanOrEqual(tol);
        const fdB = (L(u, v, tt, b + h) - L(u, v, tt, b - h)) / (2 * h);
        expect(Math.abs(fdB - f.db!)).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 100 },
    );
  });

  it('loss and gradient are finite (no NaN, no Infinity) for t up to 1e6 and |b| up to 1e6', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 2, max: 8 }),
          d: fc.integer({ min: 1, max: 8 }),
          t: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
          b: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          seed: fc.integer(),
        }),
        ({ n, d, t, b, seed }) => {
          const { u, v } = config(n, d, seed);
          const f = sigmoidLoss(u, v, { t, b, normalization: 'sum', grad: true });
          const all = [f.loss, f.dt!, f.db!, ...f.gradU!, ...f.gradV!];
          expect(all.every(Number.isFinite)).toBe(true);
        },
      ),
    );
  });

  it('two orthonormal pairs U = V = I, t = 1, b = 0: sum loss = 2 softplus(-1) + 2 ln 2 (by hand)', () => {
    const eye = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
    const r = sigmoidLoss(eye, eye, { t: 1, b: 0, normalization: 'sum' });
    expect(Math.abs(r.loss - (2 * Math.log1p(Math.exp(-1)) + 2 * Math.LN2))).toBeLessThanOrEqual(
      4 * 2 ** -52 * 3,
    );
    expect(softplus(0)).toBe(Math.LN2);
  });

  it('normalisations scale by 1, 1/N, 1/N^2 (docs/theory.md §0)', () => {
    const { u, v } = config(5, 3, 7);
    const s = sigmoidLoss(u, v, { t: 2, b: 1, normalization: 'sum' }).loss;
    expect(sigmoidLoss(u, v, { t: 2, b: 1, normalization: 'per-anchor' }).loss).toBeCloseTo(s / 5, 14);
    expect(sigmoidLoss(u, v, { t: 2, b: 1, normalization: 'mean' }).loss).toBeCloseTo(s / 25, 14);
  });
});
