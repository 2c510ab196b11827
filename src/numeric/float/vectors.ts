import type { Rng } from './rng.js';

/**
 * N vectors of dimension d, row-major in one Float64Array: row i is data[i*d .. i*d+d).
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero matrix of the given shape. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Builds a matrix from nested arrays (rows are vectors). Caller validates shapes. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const data = new Float64Array(n * d);
  for (const [i, r] of rows.entries()) data.set(r, i * d);
  return { rows: n, cols: d, data };
}

/** Nested arrays from a matrix. */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Sums of squares inside this range are computed plainly; outside it they overflow or lose bits to underflow. */
const PLAIN_SQUARES = [2 ** -960, 2 ** 960] as const;

/** Largest |x| of row i. */
function rowMaxAbs(m: Matrix, i: number): number {
  let a = 0;
  const o = i * m.cols;
  for (let k = 0; k < m.cols; k++) a = Math.max(a, Math.abs(m.data[o + k]!));
  return a;
}

/** sqrt(sum (x/a)^2) over row i, a = its largest |x| > 0: every scaled entry is in [-1, 1]. */
function scaledNorm(m: Matrix, i: number, a: number): number {
  let s = 0;
  const o = i * m.cols;
  for (let k = 0; k < m.cols; k++) {
    const y = m.data[o + k]! / a;
    s += y * y;
  }
  return Math.sqrt(s);
}

/**
 * Euclidean norm of row i, also where its square overflows (entries near 1e308) or underflows
 * (subnormal entries): there it is max|x| times the norm of the row scaled by 1/max|x|.
 * @example rowNorm(fromRows([[3e300, 4e300]]), 0) === 5e300 && rowNorm(fromRows([[1e-320, 0]]), 0) === 1e-320
 */
export function rowNorm(m: Matrix, i: number): number {
  let s = 0;
  const o = i * m.cols;
  for (let k = 0; k < m.cols; k++) {
    const x = m.data[o + k]!;
    s += x * x;
  }
  if ((s >= PLAIN_SQUARES[0] && s <= PLAIN_SQUARES[1]) || Number.isNaN(s)) return Math.sqrt(s);
  const a = rowMaxAbs(m, i);
  return a === 0 ? 0 : a * scaledNorm(m, i, a);
}

/**
 * Scales every row to unit norm in place; returns the index of a zero row, or -1. A row whose sum of
 * squares overflows or underflows is first divided by its largest |x| (exactly representable
 * quotients in [-1, 1]), so 1e-320 e_1 becomes e_1 and (1e308, 1e308) becomes (1, 1)/sqrt 2.
 */
export function normalizeRows(m: Matrix): number {
  for (let i = 0; i < m.rows; i++) {
    const o = i * m.cols;
    let s = 0;
    for (let k = 0; k < m.cols; k++) s += m.data[o + k]! * m.data[o + k]!;
    if (!(s >= PLAIN_SQUARES[0] && s <= PLAIN_SQUARES[1])) {
      const a = rowMaxAbs(m, i);
      if (!(a > 0)) return i;
      for (let k = 0; k < m.cols; k++) m.data[o + k]! /= a;
    }
    const n = rowNorm(m, i);
    if (!(n > 0)) return i;
    for (let k = 0; k < m.cols; k++) m.data[o + k]! /= n;
  }
  return -1;
}

/** N independent uniform unit vectors in R^d (normalised Gaussians). */
export function randomUnitRows(rows: number, cols: number, rng: Rng): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    let n = 0;
    while (!(n > 0)) {
      for (let k = 0; k < cols; k++) m.data[i * cols + k] = rng.normal();
      n = rowNorm(m, i);
    }
    for (let k = 0; k < cols; k++) m.data[i * cols + k]! /= n;
  }
  return m;
}

/**
 * A Haar-random orthogonal d x d matrix: Gram-Schmidt on Gaussian rows with a second
 * orthogonalisation pass ("twice is enough", Giraud et al. 2005), which keeps |Q Q^T - I| at a few
 * ulps; one pass loses up to ~1e-11 on unlucky draws.
 */
export function randomOrthogonal(d: number, rng: Rng): Matrix {
  const q = zeros(d, d);
  const row = (i: number) => q.data.subarray(i * d, (i + 1) * d);
  for (let i = 0; i < d; i++) {
    const r = row(i);
    for (;;) {
      for (let k = 0; k < d; k++) r[k] = rng.normal();
      let n0 = 0;
      for (let k = 0; k < d; k++) n0 += r[k]! * r[k]!;
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j < i; j++) {
          const s = row(j);
          let dot = 0;
          for (let k = 0; k < d; k++) dot += r[k]! * s[k]!;
          for (let k = 0; k < d; k++) r[k]! -= dot * s[k]!;
        }
      }
      let n = 0;
      for (let k = 0; k < d; k++) n += r[k]! * r[k]!;
      // a draw almost inside the span of the previous rows is redrawn
      if (n > 1e-6 * n0) {
        n = Math.sqrt(n);
        for (let k = 0; k < d; k++) r[k]! /= n;
        break;
      }
    }
  }
  return q;
}

/** Returns A Q^T: every row of A mapped by the orthogonal Q (rows of Q are its basis). */
export function rotateRows(a: Matrix, q: Matrix): Matrix {
  const out = zeros(a.rows, a.cols);
  const d = a.cols;
  for (let i = 0; i < a.rows; i++) {
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a.data[i * d + k]! * q.data[r * d + k]!;
      out.data[i * d + r] = s;
    }
  }
  return out;
}
