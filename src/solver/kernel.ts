/**
 * The fused loss-and-gradient kernels of the solver, on one pair of modalities (U, V), each N x d
 * row-major. One step computes G = U V^T once into a reusable N x N buffer, turns it in place into
 * the weights W = dL/dG (one exp and one log1p per entry), then gU += W V and gV += W^T U: 6 N^2 d
 * flops. Nothing overflows and nothing is NaN for finite inputs.
 */

import { gramExtremes } from '../geometry/extremes.js';

/** What a pair kernel returns (scaled losses and scalar derivatives). */
export interface PairOut {
  loss: number;
  /** dL/dt (logits t G - b). */
  dt: number;
  /** dL/db (sigmoid family; 0 for InfoNCE). */
  db: number;
  /** min_i G_ii of the pair (read off the same pass, for m* and b*). */
  minPos: number;
  /** max_{i != j} G_ij of the pair (-Infinity when N = 1). */
  maxNeg: number;
}

/** A fresh {@link PairOut}. */
export function pairOut(): PairOut {
  return { loss: 0, dt: 0, db: 0, minPos: Infinity, maxNeg: -Infinity };
}

/** min diagonal and max off-diagonal of the n x n block at g (row stride ld), into `out`. */
export function extremes(g: Float64Array, n: number, ld: number, out: PairOut): void {
  const { minPos, maxNeg } = gramExtremes(g, n, ld);
  out.minPos = minPos;
  out.maxNeg = maxNeg;
}

/** One implementation of the pairwise loss and gradient (plain JS or WebAssembly SIMD). */
export interface PairKernel {
  readonly name: 'js' | 'wasm' | 'openblas';
  /**
   * Sigmoid loss c * sum softplus(+-(t G_ij - b)) of the pair; adds its gradients (times c) to
   * `gu` and `gv` unless null (null also skips that product: locked U, loss-only evaluations).
   * With `wantLoss` false (default true) the log1p per entry is skipped and `out.loss` is 0.
   */
  sigmoid(
    u: Float64Array,
    v: Float64Array,
    n: number,
    d: number,
    t: number,
    b: number,
    c: number,
    gu: Float64Array | null,
    gv: Float64Array | null,
    out: PairOut,
    wantLoss?: boolean,
  ): void;
  /**
   * Symmetric InfoNCE with logits t G (t = 1/tau), scaled by c relative to the per-anchor
   * definition; adds gradients like {@link PairKernel.sigmoid}; `out.dt` = dL/dt.
   */
  infonce(
    u: Float64Array,
    v: Float64Array,
    n: number,
    d: number,
    t: number,
    c: number,
    gu: Float64Array | null,
    gv: Float64Array | null,
    out: PairOut,
  ): void;
  /** Releases threads the kernel holds (the wasm helper); the kernel is unusable afterwards. */
  dispose?(): void;
}

/**
 * In place: the Gram entries g[i*ld + j] (i, j < n) become c t dL/dz; returns c * sum of the loss
 * terms and writes c dL/dt, c dL/db into `out`. Positives are the diagonal. e = exp(-|y|) gives both
 * softplus(y) = max(y, 0) + log1p(e) and sigmoid(y), exactly the branches of numeric/float/softplus.
 */
export function sigmoidWeights(
  g: Float64Array,
  n: number,
  ld: number,
  t: number,
  b: number,
  c: number,
  out: PairOut,
  wantLoss = true,
): void {
  let loss = 0;
  let dt = 0;
  let db = 0;
  let minPos = Infinity;
  let maxNeg = -Infinity;
  const w = t * c;
  for (let i = 0; i < n; i++) {
    const row = i * ld;
    for (let j = 0; j < n; j++) {
      const x = g[row + j]!;
      if (i === j) {
        if (x < minPos) minPos = x;
      } else if (x > maxNeg) maxNeg = x;
      const z = t * x - b;
      const y = i === j ? -z : z;
      const e = Math.exp(-Math.abs(y));
      if (wantLoss) loss += (y > 0 ? y : 0) + Math.log1p(e);
      let s = (y >= 0 ? 1 : e) / (1 + e);
      if (i === j) s = -s;
      dt += s * x;
      db -= s;
      g[row + j] = s * w;
    }
  }
  out.loss = loss * c;
  out.dt = dt * c;
  out.db = db * c;
  out.minPos = minPos;
  out.maxNeg = maxNeg;
}

/** Reusable row/column statistics of {@link infonceWeights}. */
export interface InfoNceScratch {
  rowMax: Float64Array;
  rowSum: Float64Array;
  colMax: Float64Array;
  colSum: Float64Array;
}

/** Scratch arrays for {@link infonceWeights}, grown on demand. */
export function infoNceScratch(n: number, s?: InfoNceScratch): InfoNceScratch {
  if (s !== undefined && s.rowMax.length >= n) return s;
  return {
    rowMax: new Float64Array(n),
    rowSum: new Float64Array(n),
    colMax: new Float64Array(n),
    colSum: new Float64Array(n),
  };
}

/**
 * In place: Gram entries become c dL/dG of symmetric InfoNCE with logits S = t G (row and column
 * log-sum-exp shifted by their maxima); dL/dS_ij = (P_ij + C_ij - 2 delta_ij) / N with P, C the row
 * and column softmax. Writes c L and c dL/dt into `out`.
 */
export function infonceWeights(
  g: Float64Array,
  n: number,
  ld: number,
  t: number,
  c: number,
  sc: InfoNceScratch,
  out: PairOut,
): void {
  const { rowMax, rowSum, colMax, colSum } = sc;
  extremes(g, n, ld, out);
  rowMax.fill(-Infinity, 0, n);
  colMax.fill(-Infinity, 0, n);
  rowSum.fill(0, 0, n);
  colSum.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = t * g[i * ld + j]!;
      if (x > rowMax[i]!) rowMax[i] = x;
      if (x > colMax[j]!) colMax[j] = x;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = t * g[i * ld + j]!;
      rowSum[i]! += Math.exp(x - rowMax[i]!);
      colSum[j]! += Math.exp(x - colMax[j]!);
    }
  }
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const sii = t * g[i * ld + i]!;
    loss += rowMax[i]! + Math.log(rowSum[i]!) - sii + (colMax[i]! + Math.log(colSum[i]!) - sii);
  }
  let dt = 0;
  const k = c / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = g[i * ld + j]!;
      const s = t * x;
      const p = Math.exp(s - rowMax[i]!) / rowSum[i]!;
      const q = Math.exp(s - colMax[j]!) / colSum[j]!;
      const dS = (p + q - (i === j ? 2 : 0)) * k;
      dt += dS * x;
      g[i * ld + j] = dS * t;
    }
  }
  out.loss = (loss / n) * c;
  out.dt = dt;
  out.db = 0;
}

/** Rows per block of the JS Gram product: a block of U rows and V stay in cache together. */
const JS_BLOCK = 16;

/**
 * The plain-JS kernel (the fallback, and the reference the wasm kernel is tested against).
 * Keeps one N x N buffer, reused across calls.
 */
export function createJsKernel(): PairKernel {
  let buf = new Float64Array(0);
  let scratch: InfoNceScratch | undefined;

  function gram(u: Float64Array, v: Float64Array, n: number, d: number): Float64Array {
    if (buf.length < n * n) buf = new Float64Array(n * n);
    const g = buf;
    for (let jb = 0; jb < n; jb += JS_BLOCK) {
      const je = Math.min(jb + JS_BLOCK, n);
      for (let i = 0; i < n; i++) {
        const oi = i * d;
        for (let j = jb; j < je; j++) {
          const oj = j * d;
          let s = 0;
          for (let k = 0; k < d; k++) s += u[oi + k]! * v[oj + k]!;
          g[i * n + j] = s;
        }
      }
    }
    return g;
  }

  function products(
    w: Float64Array,
    u: Float64Array,
    v: Float64Array,
    n: number,
    d: number,
    gu: Float64Array | null,
    gv: Float64Array | null,
  ): void {
    for (let i = 0; i < n; i++) {
      const oi = i * d;
      for (let j = 0; j < n; j++) {
        const x = w[i * n + j]!;
        if (x === 0) continue;
        const oj = j * d;
        if (gu !== null) for (let k = 0; k < d; k++) gu[oi + k]! += x * v[oj + k]!;
        if (gv !== null) for (let k = 0; k < d; k++) gv[oj + k]! += x * u[oi + k]!;
      }
    }
  }

  return {
    name: 'js',
    sigmoid(u, v, n, d, t, b, c, gu, gv, out, wantLoss = true) {
      const g = gram(u, v, n, d);
      sigmoidWeights(g, n, n, t, b, c, out, wantLoss);
      if (gu !== null || gv !== null) products(g, u, v, n, d, gu, gv);
    },
    infonce(u, v, n, d, t, c, gu, gv, out) {
      const g = gram(u, v, n, d);
      scratch = infoNceScratch(n, scratch);
      infonceWeights(g, n, n, t, c, scratch, out);
      if (gu !== null || gv !== null) products(g, u, v, n, d, gu, gv);
    },
  };
}
