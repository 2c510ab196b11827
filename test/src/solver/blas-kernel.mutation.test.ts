import { describe, expect, it, vi } from 'vitest';
import { loadBlas } from '../../../src/numeric/blas.js';
import { gamma } from '../../../src/numeric/float/ulp.js';
import { createBlasKernel, SOLVER_BLAS_THREADS } from '../../../src/solver/blas-kernel.js';
import { type PairKernel, pairOut } from '../../../src/solver/kernel.js';

// The OpenBLAS pair kernel against a naive reference written here: the Gram matrix, the sigmoid and
// InfoNCE losses and their derivatives summed term by term from their definitions (docs/theory.md), and
// the gradients dL/dU = W V, dL/dV = W^T U with W = dL/dG. Small sizes with U != V and n != d, so a
// transposed operand, a swapped product or a lost term changes the values by O(1). The loader is
// wrapped (the real library underneath) to see the thread count asked and to stand in a missing one.

const state = vi.hoisted(() => ({ missing: false, threads: [] as number[] }));

vi.mock('../../../src/numeric/blas.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/numeric/blas.js')>();
  return {
    ...real,
    loadBlas: () => {
      if (state.missing) return { ok: false, reason: 'libopenblas stand-in not found' };
      const s = real.loadBlas();
      if (!s.ok) return s;
      const setThreads = (k: number) => {
        state.threads.push(k);
        s.blas.setThreads(k);
      };
      return { ok: true, blas: { ...s.blas, setThreads } };
    },
  };
});

const blasOk = loadBlas().ok;

/** Deterministic rows with entries in [-1, 1] (not unit: the kernel does not assume it). */
function rows(n: number, d: number, seed: number): Float64Array {
  const x = new Float64Array(n * d);
  let s = seed;
  for (let e = 0; e < n * d; e++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[e] = (s / 2147483648) * 2 - 1;
  }
  return x;
}

function gramRef(u: Float64Array, v: Float64Array, n: number, d: number): number[][] {
  const g: number[][] = [];
  for (let i = 0; i < n; i++) {
    g.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[i * d + k]! * v[j * d + k]!;
      g[i]!.push(s);
    }
  }
  return g;
}

const softplus = (y: number) => (y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y)));
const sigma = (y: number) => 1 / (1 + Math.exp(-y));

/** Sigmoid loss c sum softplus(-+ (t G_ij - b)) and its derivatives; W = dL/dG. */
function sigmoidRef(g: number[][], t: number, b: number, c: number) {
  const n = g.length;
  let loss = 0;
  let dt = 0;
  let db = 0;
  const w = g.map((r) => r.map(() => 0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const z = t * g[i]![j]! - b;
      const sign = i === j ? -1 : 1;
      loss += softplus(sign * z);
      // d softplus(sign z)/dz = sign sigma(sign z)
      const dz = sign * sigma(sign * z);
      dt += dz * g[i]![j]!;
      db -= dz;
      w[i]![j] = c * t * dz;
    }
  return { loss: c * loss, dt: c * dt, db: c * db, w };
}

/** Symmetric InfoNCE (row and column softmax of t G), c times the mean over anchors; W = dL/dG. */
function infonceRef(g: number[][], t: number, c: number) {
  const n = g.length;
  let loss = 0;
  const dS = g.map((r) => r.map(() => 0));
  for (let i = 0; i < n; i++) {
    const row = g[i]!.map((x) => Math.exp(t * x));
    const rs = row.reduce((a, x) => a + x, 0);
    loss += Math.log(rs) - t * g[i]![i]!;
    for (let j = 0; j < n; j++) dS[i]![j]! += row[j]! / rs - (i === j ? 1 : 0);
  }
  for (let j = 0; j < n; j++) {
    const col = g.map((r) => Math.exp(t * r[j]!));
    const cs = col.reduce((a, x) => a + x, 0);
    loss += Math.log(cs) - t * g[j]![j]!;
    for (let i = 0; i < n; i++) dS[i]![j]! += col[i]! / cs - (i === j ? 1 : 0);
  }
  let dt = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dt += dS[i]![j]! * g[i]![j]!;
  const k = c / n;
  return { loss: k * loss, dt: k * dt, w: dS.map((r) => r.map((x) => k * t * x)) };
}

/** prior + W V (gu) and W^T U (gv). */
function productsRef(
  w: number[][],
  u: Float64Array,
  v: Float64Array,
  n: number,
  d: number,
  prior: Float64Array,
) {
  const gu = Float64Array.from(prior);
  const gv = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < d; k++) {
        gu[i * d + k]! += w[i]![j]! * v[j * d + k]!;
        gv[j * d + k]! += w[i]![j]! * u[i * d + k]!;
      }
  return { gu, gv };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) {
  expect(a.length, what).toBe(b.length);
  for (let e = 0; e < a.length; e++) {
    const diff = Math.abs(a[e]! - b[e]!);
    expect(diff, `${what}[${e}]: ${a[e]} vs ${b[e]}`).toBeLessThanOrEqual(tol);
  }
}

function kernel(): PairKernel {
  const k = createBlasKernel();
  if (typeof k === 'string') throw new Error(k);
  return k;
}

// (n, d): n > d and n < d, so an m/n/k slip in a dgemm is out of shape
const SIZES = [
  [5, 3],
  [3, 7],
  [6, 6],
] as const;
// every reference term is O(n d t) at most; the two summation orders differ by far less
const TOL = 1e-11;

describe.skipIf(!blasOk)('the OpenBLAS pair kernel against the definitions', () => {
  it('is named openblas and asks OpenBLAS for its fixed thread count', () => {
    state.threads.length = 0;
    expect(kernel().name).toBe('openblas');
    expect(SOLVER_BLAS_THREADS).toBe(2);
    expect(state.threads).toEqual([2]);
  });

  it('sigmoid: loss, dL/dt, dL/db, extremes and gradients (gU onto a prior, gV from 0)', () => {
    const k = kernel();
    for (const [n, d] of SIZES) {
      const u = rows(n, d, 11 * n + d);
      const v = rows(n, d, 7 * n + 3 * d + 1);
      const prior = rows(n, d, 99);
      const [t, b, c] = [2.5, -0.75, 1 / n];
      const g = gramRef(u, v, n, d);
      const ref = sigmoidRef(g, t, b, c);
      const want = productsRef(ref.w, u, v, n, d, prior);
      const gu = Float64Array.from(prior);
      const gv = new Float64Array(n * d);
      const out = pairOut();
      k.sigmoid(u, v, n, d, t, b, c, gu, gv, out);
      const at = `n=${n} d=${d}`;
      expect(Math.abs(out.loss - ref.loss), `loss ${at}`).toBeLessThanOrEqual(TOL);
      expect(Math.abs(out.dt - ref.dt), `dt ${at}`).toBeLessThanOrEqual(TOL);
      expect(Math.abs(out.db - ref.db), `db ${at}`).toBeLessThanOrEqual(TOL);
      const diag = g.map((r, i) => r[i]!);
      const off = g.flatMap((r, i) => r.filter((_, j) => j !== i));
      expect(Math.abs(out.minPos - Math.min(...diag)), `minPos ${at}`).toBeLessThanOrEqual(gamma(d) * d);
      expect(Math.abs(out.maxNeg - Math.max(...off)), `maxNeg ${at}`).toBeLessThanOrEqual(gamma(d) * d);
      expectClose(gu, want.gu, TOL, `gu ${at}`);
      expectClose(gv, want.gv, TOL, `gv ${at}`);
    }
  });

  it('sigmoid computes the loss unless told not to (wantLoss defaults to true)', () => {
    const k = kernel();
    const [n, d] = [4, 3];
    const u = rows(n, d, 5);
    const v = rows(n, d, 6);
    const ref = sigmoidRef(gramRef(u, v, n, d), 1.5, 0.5, 1);
    const out = pairOut();
    k.sigmoid(u, v, n, d, 1.5, 0.5, 1, null, null, out);
    expect(Math.abs(out.loss - ref.loss)).toBeLessThanOrEqual(TOL);
    expect(ref.loss).toBeGreaterThan(1);
    k.sigmoid(u, v, n, d, 1.5, 0.5, 1, null, null, out, false);
    expect(out.loss).toBe(0);
    expect(Math.abs(out.dt - ref.dt)).toBeLessThanOrEqual(TOL);
  });

  it('a null side is skipped and leaves the other side right (locked U, loss-only)', () => {
    const k = kernel();
    const [n, d] = [5, 2];
    const u = rows(n, d, 21);
    const v = rows(n, d, 22);
    const ref = sigmoidRef(gramRef(u, v, n, d), 3, 1, 0.5);
    const want = productsRef(ref.w, u, v, n, d, new Float64Array(n * d));
    const gv = new Float64Array(n * d);
    k.sigmoid(u, v, n, d, 3, 1, 0.5, null, gv, pairOut());
    expectClose(gv, want.gv, TOL, 'gv with gu null');
    const gu = new Float64Array(n * d);
    k.sigmoid(u, v, n, d, 3, 1, 0.5, gu, null, pairOut());
    expectClose(gu, want.gu, TOL, 'gu with gv null');
  });

  it('InfoNCE: loss, dL/dt and gradients', () => {
    const k = kernel();
    for (const [n, d] of SIZES) {
      const u = rows(n, d, 3 * n + d);
      const v = rows(n, d, 5 * n + 2 * d + 7);
      const prior = rows(n, d, 42);
      const [t, c] = [1.75, 1 / n];
      const ref = infonceRef(gramRef(u, v, n, d), t, c);
      const want = productsRef(ref.w, u, v, n, d, prior);
      const gu = Float64Array.from(prior);
      const gv = new Float64Array(n * d);
      const out = pairOut();
      k.infonce(u, v, n, d, t, c, gu, gv, out);
      const at = `n=${n} d=${d}`;
      expect(Math.abs(out.loss - ref.loss), `loss ${at}`).toBeLessThanOrEqual(TOL);
      expect(Math.abs(out.dt - ref.dt), `dt ${at}`).toBeLessThanOrEqual(TOL);
      expectClose(gu, want.gu, TOL, `gu ${at}`);
      expectClose(gv, want.gv, TOL, `gv ${at}`);
    }
  });

  it('one kernel serves a small size after a larger one and a larger after a smaller (buffers grow)', () => {
    const k = kernel();
    for (const [n, d] of [
      [3, 2],
      [8, 3],
      [2, 4],
      [9, 2],
    ] as const) {
      const u = rows(n, d, n + 100 * d);
      const v = rows(n, d, n + 200 * d);
      for (const kind of ['sigmoid', 'infonce'] as const) {
        const ref =
          kind === 'sigmoid'
            ? sigmoidRef(gramRef(u, v, n, d), 2, 0.25, 1)
            : infonceRef(gramRef(u, v, n, d), 2, 1);
        const want = productsRef(ref.w, u, v, n, d, new Float64Array(n * d));
        const gu = new Float64Array(n * d);
        const gv = new Float64Array(n * d);
        const out = pairOut();
        if (kind === 'sigmoid') k.sigmoid(u, v, n, d, 2, 0.25, 1, gu, gv, out);
        else k.infonce(u, v, n, d, 2, 1, gu, gv, out);
        const at = `${kind} n=${n} d=${d}`;
        expect(Math.abs(out.loss - ref.loss), `loss ${at}`).toBeLessThanOrEqual(TOL);
        expectClose(gu, want.gu, TOL, `gu ${at}`);
        expectClose(gv, want.gv, TOL, `gv ${at}`);
      }
    }
  });
});

describe('the OpenBLAS pair kernel without the library', () => {
  it("returns the loader's reason instead of a kernel", () => {
    state.missing = true;
    try {
      expect(createBlasKernel()).toBe('libopenblas stand-in not found');
    } finally {
      state.missing = false;
    }
  });
});
