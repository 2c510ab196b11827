import { describe, expect, it } from 'vitest';
import { infoNceLoss } from '../../../src/loss/infonce.js';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { gamma } from '../../../src/numeric/float/ulp.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { createJsKernel, extremes, pairOut, sigmoidWeights } from '../../../src/solver/kernel.js';

// The JS pair kernel's contract beyond the random small cases of kernel.test.ts: one kernel reused
// across sizes (the Gram buffer and the InfoNCE scratch grow; a larger earlier call leaves stale
// weights behind the current block), N above the 16-row block of the Gram product, one-sided
// gradients (a locked side), the scale c of InfoNCE, the loss-free pass, and the extremes of the
// InfoNCE pass. References: src/loss (plain loops, per entry) and Gram matrices from plain loops.
// t = 1024 (a power of two, so tau = 1/t is exact in the reference): a log-sum-exp shifted by a
// wrong maximum then overflows or underflows instead of moving the result by rounding.

function config(n: number, d: number, seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  return { u: randomUnitRows(n, d, rng.fork('u')), v: randomUnitRows(n, d, rng.fork('v')) };
}

/** G = U V^T by plain loops, in the kernel's summation order (k ascending). */
function gramOf(u: Matrix, v: Matrix, ld = u.rows): Float64Array {
  const n = u.rows;
  const d = u.cols;
  const g = new Float64Array(n * ld).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u.data[i * d + k]! * v.data[j * d + k]!;
      g[i * ld + j] = s;
    }
  }
  return g;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(m) ? Infinity : m;
}

function scaled(x: Float64Array, c: number): Float64Array {
  return x.map((e) => e * c);
}

/** Checks an InfoNCE kernel call against infoNceLoss (tolerance of kernel.test.ts). */
function expectInfonce(
  n: number,
  d: number,
  seed: number,
  t: number,
  c: number,
  run: (u: Matrix, v: Matrix, gu: Float64Array | null, gv: Float64Array | null) => ReturnType<typeof pairOut>,
  sides: { gu: boolean; gv: boolean } = { gu: true, gv: true },
): void {
  const { u, v } = config(n, d, seed);
  const gu = sides.gu ? new Float64Array(n * d) : null;
  const gv = sides.gv ? new Float64Array(n * d) : null;
  const out = run(u, v, gu, gv);
  const ref = infoNceLoss(u, v, { tau: 1 / t, grad: true });
  const tol = c * gamma(4 * n + 8) * (1 + t) * (2 + Math.abs(ref.loss));
  const where = `n=${n} d=${d} t=${t} c=${c}: loss ${out.loss} vs ${c * ref.loss}`;
  expect(Math.abs(out.loss - c * ref.loss), where).toBeLessThanOrEqual(tol);
  if (gu !== null) expect(maxAbsDiff(gu, scaled(ref.gradU!, c)), `${where} gradU`).toBeLessThanOrEqual(tol);
  if (gv !== null) expect(maxAbsDiff(gv, scaled(ref.gradV!, c)), `${where} gradV`).toBeLessThanOrEqual(tol);
}

/** Checks a sigmoid kernel call against sigmoidLoss (normalization sum; c scales everything). */
function expectSigmoid(
  u: Matrix,
  v: Matrix,
  t: number,
  b: number,
  c: number,
  gu: Float64Array | null,
  gv: Float64Array | null,
  out: ReturnType<typeof pairOut>,
): void {
  const n = u.rows;
  const ref = sigmoidLoss(u, v, { t, b, normalization: 'sum', grad: true });
  // same terms in the same order as the reference: the loss is the same double times c
  expect(out.loss, `n=${n} t=${t} b=${b}`).toBe(ref.loss * c);
  const tol = 2 * gamma(n + 2) * c * t * n;
  if (gu !== null) expect(maxAbsDiff(gu, scaled(ref.gradU!, c)), `gradU n=${n}`).toBeLessThanOrEqual(tol);
  if (gv !== null) expect(maxAbsDiff(gv, scaled(ref.gradV!, c)), `gradV n=${n}`).toBeLessThanOrEqual(tol);
  const tolS = 2 * gamma(n * n + 2) * c * n * n * Math.max(1, t);
  expect(Math.abs(out.dt - c * ref.dt!)).toBeLessThanOrEqual(tolS);
  expect(Math.abs(out.db - c * ref.db!)).toBeLessThanOrEqual(tolS);
}

describe('pairOut and extremes', () => {
  it('a fresh PairOut is zero with empty extremes (min +Infinity, max -Infinity)', () => {
    expect(pairOut()).toEqual({ loss: 0, dt: 0, db: 0, minPos: Infinity, maxNeg: -Infinity });
  });

  it('extremes reads min diagonal and max off-diagonal of the n x n block at row stride ld', () => {
    const { u, v } = config(5, 3, 21);
    const ld = 7;
    const g = gramOf(u, v, ld);
    // the padding holds values that would win both if read
    for (let i = 0; i < 5; i++) for (let j = 5; j < ld; j++) g[i * ld + j] = j === 5 ? 9 : -9;
    let minPos = Infinity;
    let maxNeg = -Infinity;
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) {
        if (i === j) minPos = Math.min(minPos, g[i * ld + j]!);
        else maxNeg = Math.max(maxNeg, g[i * ld + j]!);
      }
    const out = pairOut();
    extremes(g, 5, ld, out);
    expect([out.minPos, out.maxNeg]).toEqual([minPos, maxNeg]);
  });

  it('the InfoNCE pass reports the extremes of G (not of the weights it leaves behind)', () => {
    const n = 6;
    const { u, v } = config(n, 4, 22);
    const g = gramOf(u, v);
    let minPos = Infinity;
    let maxNeg = -Infinity;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) minPos = Math.min(minPos, g[i * n + j]!);
        else maxNeg = Math.max(maxNeg, g[i * n + j]!);
      }
    const out = pairOut();
    out.minPos = -5;
    out.maxNeg = 5;
    createJsKernel().infonce(
      u.data,
      v.data,
      n,
      4,
      3,
      1,
      new Float64Array(n * 4),
      new Float64Array(n * 4),
      out,
    );
    expect([out.minPos, out.maxNeg]).toEqual([minPos, maxNeg]);
  });
});

describe('sigmoidWeights', () => {
  const n = 5;
  const { u, v } = config(n, 3, 23);

  it('computes the loss by default and turns G into c t dL/dz in place, leaving the padding alone', () => {
    const ld = n + 1;
    const g = gramOf(u, v, ld);
    const out = pairOut();
    sigmoidWeights(g, n, ld, 3, 0.5, 1, out);
    const ref = sigmoidLoss(u, v, { t: 3, b: 0.5, normalization: 'sum' });
    expect(out.loss).toBe(ref.loss);
    for (let i = 0; i < n; i++) expect(g[i * ld + n]).toBeNaN();
  });

  it('wantLoss false: loss 0, the same weights and scalar derivatives', () => {
    const g1 = gramOf(u, v);
    const g2 = gramOf(u, v);
    const o1 = pairOut();
    const o2 = pairOut();
    sigmoidWeights(g1, n, n, 3, 0.5, 0.25, o1, true);
    sigmoidWeights(g2, n, n, 3, 0.5, 0.25, o2, false);
    expect(o1.loss).toBeGreaterThan(0);
    expect(o2.loss).toBe(0);
    expect([o2.dt, o2.db, o2.minPos, o2.maxNeg]).toEqual([o1.dt, o1.db, o1.minPos, o1.maxNeg]);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });
});

describe('JS kernel: sizes, reuse and one-sided gradients', () => {
  it('N above the 16-row block of the Gram product (17, 20, 33, 48)', () => {
    for (const n of [17, 20, 33, 48]) {
      const { u, v } = config(n, 3, 100 + n);
      const gu = new Float64Array(n * 3);
      const gv = new Float64Array(n * 3);
      const out = pairOut();
      createJsKernel().sigmoid(u.data, v.data, n, 3, 2, 1, 1, gu, gv, out);
      expectSigmoid(u, v, 2, 1, 1, gu, gv, out);
    }
  });

  it('one kernel over growing and shrinking sizes: each call equals the reference', () => {
    const k = createJsKernel();
    // sigmoid at t = 1024 leaves weights of size ~1024 in the buffer; the smaller calls after it
    // must read only their own block
    const plan: ['sig' | 'nce', number, number][] = [
      ['nce', 2, 1],
      ['sig', 2, 1],
      ['nce', 5, 1],
      ['sig', 5, 1],
      ['sig', 20, 1024],
      ['nce', 5, 1],
      ['nce', 4, 1024],
      ['sig', 3, 2],
      ['nce', 20, 1024],
      ['nce', 7, 1],
    ];
    for (const [i, [kind, n, t]] of plan.entries()) {
      const d = 3;
      if (kind === 'nce') {
        expectInfonce(n, d, 200 + i, t, 1, (u, v, gu, gv) => {
          const out = pairOut();
          k.infonce(u.data, v.data, n, d, t, 1, gu, gv, out);
          return out;
        });
      } else {
        const { u, v } = config(n, d, 200 + i);
        const gu = new Float64Array(n * d);
        const gv = new Float64Array(n * d);
        const out = pairOut();
        k.sigmoid(u.data, v.data, n, d, t, 0, 1, gu, gv, out);
        expectSigmoid(u, v, t, 0, 1, gu, gv, out);
      }
    }
  });

  it('InfoNCE at t = 1024 (shifts by the true row and column maxima) and with scale c = 3', () => {
    for (const seed of [1, 2, 3, 4]) {
      for (const c of [1, 3]) {
        expectInfonce(6, 3, 300 + seed, 1024, c, (u, v, gu, gv) => {
          const out = pairOut();
          createJsKernel().infonce(u.data, v.data, 6, 3, 1024, c, gu, gv, out);
          return out;
        });
      }
    }
    // row 0 of G is at most 0, G[1][0] = 1: a maximum taken past the end of row 0 underflows row 0
    const u: Matrix = { rows: 2, cols: 2, data: new Float64Array([-1, 0, 1, 0]) };
    const v: Matrix = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
    const out = pairOut();
    const gu = new Float64Array(4);
    const gv = new Float64Array(4);
    createJsKernel().infonce(u.data, v.data, 2, 2, 1024, 1, gu, gv, out);
    const ref = infoNceLoss(u, v, { tau: 1 / 1024, grad: true });
    expect(Math.abs(out.loss - ref.loss)).toBeLessThanOrEqual(1e-9 * ref.loss);
    expect(maxAbsDiff(gu, ref.gradU!)).toBeLessThanOrEqual(1e-9);
    expect(maxAbsDiff(gv, ref.gradV!)).toBeLessThanOrEqual(1e-9);
  });

  it('one-sided gradients: only gu, or only gv (sigmoid and InfoNCE)', () => {
    const n = 5;
    const d = 3;
    for (const sides of [
      { gu: true, gv: false },
      { gu: false, gv: true },
    ]) {
      const { u, v } = config(n, d, 400);
      const gu = sides.gu ? new Float64Array(n * d) : null;
      const gv = sides.gv ? new Float64Array(n * d) : null;
      const out = pairOut();
      createJsKernel().sigmoid(u.data, v.data, n, d, 4, -1, 0.5, gu, gv, out);
      expectSigmoid(u, v, 4, -1, 0.5, gu, gv, out);
      expect((gu ?? gv)!.some((x) => x !== 0)).toBe(true);
      expectInfonce(
        n,
        d,
        401,
        4,
        2,
        (uu, vv, a, b) => {
          const o = pairOut();
          createJsKernel().infonce(uu.data, vv.data, n, d, 4, 2, a, b, o);
          return o;
        },
        sides,
      );
    }
  });
});
