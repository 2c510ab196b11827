/**
 * How the blocks of G = U V^T are made for the pair scan: the kernel choice (OpenBLAS sgemm/dgemm,
 * wasm, js) with its fallback reason, the rigorous bound on a block entry's distance from the exact
 * float64 dot product, and the exact dots that settle the candidates the bound nominates.
 */
import { UsageError } from '../errors.js';
import { type BlasBlocks, blasBlocks, float32Twin, loadBlas } from '../numeric/blas.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { createGramArena, type GramArena } from '../numeric/float/wasm-gram.js';
import { BLOCK_COLS, BLOCK_ROWS, gramBlock } from './gram-block.js';
import { ledgerBlasSource } from './scan-ledger.js';
import { type BlockSource, type ExactDot, type ExactDots, interleavedDots, wasmSource } from './scan-core.js';

/** Kernels of the Gram blocks. */
export type KernelName = 'openblas' | 'wasm' | 'js';
/** A kernel or `'auto'`. */
export type KernelChoice = 'auto' | KernelName;

/** Multiply-adds (N K d) from which 'auto' uses the wasm kernel (below: copying U, V dominates). */
export const WASM_MIN_WORK = 2 ** 24;
/** Wasm blocks: 128 rows of U (one task) by 1024 rows of V (1 MiB of output, measured best). */
const WASM_ROWS = 128;
const WASM_COLS = 1024;

/** Largest row norm (Cauchy-Schwarz bound for the histogram range). */
export function maxRowNorm(m: Matrix): number {
  let best = 0;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let k = 0; k < m.cols; k++) s += m.data[i * m.cols + k]! ** 2;
    if (s > best) best = s;
  }
  return Math.sqrt(best);
}

/** How the blocks of G are made: block shape, the main thread's source, and its error bound. */
export interface GramPlan {
  readonly kernel: KernelName;
  readonly reason: string;
  readonly rows: number;
  readonly cols: number;
  readonly source: BlockSource;
  readonly arena: GramArena | null;
  /** OpenBLAS inputs on shared memory when a helper thread makes blocks too (else null). */
  readonly blas: BlasBlocks | null;
  /** The exact entry, from the plan's own copy of the inputs (bit-identical to {@link exactDot}). */
  readonly dot: ExactDot | null;
  /** Exact float32 copies of U and V when the blocks come from sgemm (else null). */
  readonly f32: { readonly u: Float32Array; readonly v: Float32Array } | null;
  /** The same exact entries in batches (null with `dot`). */
  readonly dots: ExactDots | null;
  /** Bound on |block entry - exact entry| over all entries (0: the entries are the exact ones). */
  readonly eps: number;
  /** maxRowNorm(U) maxRowNorm(V) when the plan computed it for eps (else null). */
  readonly normProduct: number | null;
}

/** OpenBLAS blocks: 256 rows of U (one task) by 4096 rows of V. */
const BLAS_ROWS = 256;
export const BLAS_COLS = 4096;

/**
 * Higham's gamma_d = d u / (1 - d u), rounded up: |fl(x . y) - x . y| <= gamma_d sum |x_k y_k| for
 * any summation order, with or without FMA, when nothing underflows.
 */
export function gamma(d: number, u: number): number {
  const du = d * u;
  if (!(du < 0.5)) throw new UsageError(`gamma: d u = ${du} is too large for a rounding bound`);
  return (du / (1 - du)) * (1 + 2 ** -40);
}

/**
 * Bound on |kernel entry - exact entry| where "exact" is the naive float64 dot product: both are
 * within gamma_d of the true inner product times sum |u_k v_k| <= |u| |v| (Cauchy-Schwarz), plus
 * d times the underflow unit of the kernel's type for products that fall below the normal range.
 */
function entryBound(u: Matrix, normProduct: number, unitRoundoff: number, tiny: number): number {
  const d = u.cols;
  const norms = normProduct * (1 + 2 ** -30);
  return (gamma(d, unitRoundoff) + gamma(d, 2 ** -53)) * norms + d * tiny;
}

/** The naive left-to-right float64 dot product of U_i and V_j (the exact entry). */
export function exactDot(u: Matrix, v: Matrix): ExactDot {
  const a = u.data;
  const b = v.data;
  const d = u.cols;
  return (i, j) => {
    const oi = i * d;
    const oj = j * d;
    let s = 0;
    for (let q = 0; q < d; q++) s += a[oi + q]! * b[oj + q]!;
    return s;
  };
}

/**
 * out[e] = the exact entry G_{is[e], js[e]} for every e: the same left-to-right float64 sums as
 * {@link exactDot}, four independent ones interleaved so the additions overlap (about 3x the
 * throughput of one at a time, the same bits).
 */
export function exactDotsInto(u: Matrix, v: Matrix, is: Int32Array, js: Int32Array, out: Float64Array): void {
  interleavedDots(u.data, v.data, u.cols)(is, js, out, is.length);
}

/** The JS kernel (64 x 64 blocks, entries bit-identical to the naive triple loop). */
export function jsPlan(u: Matrix, v: Matrix, reason: string): GramPlan {
  const block = new Float64Array(BLOCK_ROWS * BLOCK_COLS);
  return {
    kernel: 'js',
    reason,
    rows: BLOCK_ROWS,
    cols: BLOCK_COLS,
    arena: null,
    blas: null,
    dot: null,
    dots: null,
    f32: null,
    eps: 0,
    normProduct: null,
    source: (i0, bi, j0, bj) => {
      gramBlock(u, v, i0, bi, j0, bj, block);
      return { buf: block, off: 0, ld: bj };
    },
  };
}

/**
 * OpenBLAS blocks: sgemm on exact float32 copies when the inputs are float32 values, else dgemm.
 * With two slots the copies live on shared memory, a helper thread makes its own blocks, and each
 * thread's calls run single-threaded (two JS threads, two cores, the bookkeeping split too).
 */
function blasPlan(
  u: Matrix,
  v: Matrix,
  slots: number,
  reason: string,
  sgemmOk: (eps32: number) => boolean,
): GramPlan | string {
  const status = loadBlas();
  if (!status.ok) return status.reason;
  const { blas } = status;
  const d = u.cols;
  const rows = BLAS_ROWS;
  const cols = Math.min(BLAS_COLS, v.rows);
  const normProduct = maxRowNorm(u) * maxRowNorm(v);
  // Exact float32 copies (on shared memory, kept for the separator) when the inputs allow sgemm.
  const u32 = float32Twin(u.data);
  const v32 = u32 === null ? null : float32Twin(v.data);
  const eps32 = entryBound(u, normProduct, 2 ** -24, 2 ** -149);
  const twins = u32 !== null && v32 !== null && sgemmOk(eps32) ? { u: u32, v: v32 } : null;
  const why = u32 !== null && v32 !== null && twins === null ? ' for the loss' : '';
  const f32 = twins !== null;
  const copy = (x: Float64Array): Float64Array => {
    if (slots < 2) return x;
    const out = new Float64Array(new SharedArrayBuffer(8 * x.length));
    out.set(x);
    return out;
  };
  const blocks: BlasBlocks = twins
    ? { u: twins.u, v: twins.v, d, rows, cols }
    : { u: copy(u.data), v: copy(v.data), d, rows, cols };
  const { dot } = blasBlocks(blas, blocks);
  const source = ledgerBlasSource(blas, blocks, v.rows);
  return {
    kernel: 'openblas',
    reason: `${reason}; ${f32 ? 'sgemm (float32 inputs)' : `dgemm${why}`}, ${blas.description}, ${
      slots > 1 ? '2 threads x 1' : `${blas.threads} threads`
    }`,
    rows,
    cols,
    arena: null,
    blas: slots > 1 ? blocks : null,
    dot,
    dots: interleavedDots(blocks.u, blocks.v, d),
    f32: twins,
    eps: f32 ? eps32 : entryBound(u, normProduct, 2 ** -53, 2 ** -1074),
    normProduct,
    source,
  };
}

/**
 * Whether sgemm's entries (each within eps32 of the exact one) may feed a loss at t: the input is
 * large enough for the time to matter, and the loss's relative bound t eps32 e^(t eps32) (a term
 * moves by sigma(z) |dz| <= softplus(z) |dz| e^|dz|) stays within LOSS_SGEMM_SLACK.
 */
export function sgemmFitsLoss(work: number, t: number, eps32: number): boolean {
  const te = Math.abs(t) * eps32;
  return work >= LOSS_DGEMM_WORK && te * Math.exp(te) <= LOSS_SGEMM_SLACK;
}

function wasmPlan(u: Matrix, v: Matrix, slots: number, reason: string): GramPlan | string {
  const arena = createGramArena(u.data, u.rows, v.data, v.rows, u.cols, slots, WASM_ROWS, WASM_COLS);
  if (arena === null) return 'build/kernel.wasm is not built or the input exceeds wasm32 memory';
  const normProduct = maxRowNorm(u) * maxRowNorm(v);
  return {
    kernel: 'wasm',
    reason,
    rows: WASM_ROWS,
    cols: WASM_COLS,
    arena,
    blas: null,
    dot: null,
    dots: null,
    f32: null,
    eps: entryBound(u, normProduct, 2 ** -53, 2 ** -1074),
    normProduct,
    source: wasmSource(arena, 0),
  };
}

/**
 * Multiply-adds below which 'auto' makes the exact entries (the js kernel) when a loss is summed:
 * about 0.1 s, and the loss then carries only its evaluation's rounding.
 */
export const LOSS_EXACT_WORK = 2 ** 27;
/**
 * Multiply-adds below which 'auto' takes dgemm over sgemm for float32 inputs when a loss is summed
 * (about 0.1 s more on 2 cores): a float32 entry is off by up to gamma_d(2^-24), which moves a loss
 * term by t times that.
 */
export const LOSS_DGEMM_WORK = 2 ** 33;
/** Largest t eps e^(t eps) (relative bound of the loss from sgemm entries) 'auto' accepts. */
export const LOSS_SGEMM_SLACK = 2 ** -8;

/** The loss the scan sums, for the kernel choice: its error grows with t times the entries' error. */
export interface LossHint {
  readonly t: number;
  readonly b: number;
}

/**
 * Picks the kernel; the reason says why (and why a faster one was not used). With a loss to sum,
 * 'auto' makes exact entries for small inputs and keeps float32 inputs on dgemm unless the input
 * is large and t small enough that sgemm's entries leave the loss within LOSS_SGEMM_SLACK.
 */
export function gramPlan(
  u: Matrix,
  v: Matrix,
  kernel: KernelChoice,
  slots: number,
  loss: LossHint | null = null,
): GramPlan {
  const work = u.rows * v.rows * u.cols;
  if (kernel === 'js') return jsPlan(u, v, 'requested');
  if (kernel === 'auto' && work < WASM_MIN_WORK) {
    return jsPlan(u, v, `small input (${work} < ${WASM_MIN_WORK} multiply-adds)`);
  }
  if (kernel === 'auto' && loss !== null && work < LOSS_EXACT_WORK) {
    return jsPlan(
      u,
      v,
      `small input with a loss (${work} < ${LOSS_EXACT_WORK} multiply-adds: exact entries)`,
    );
  }
  let why = '';
  if (kernel === 'openblas' || kernel === 'auto') {
    const p = blasPlan(
      u,
      v,
      slots,
      kernel === 'auto' ? 'OpenBLAS loaded' : 'requested',
      kernel === 'auto' && loss !== null ? (eps32) => sgemmFitsLoss(work, loss.t, eps32) : () => true,
    );
    if (typeof p !== 'string') return p;
    if (kernel === 'openblas') throw new UsageError(`scanPairs: the openblas kernel is not available: ${p}`);
    why = `OpenBLAS not used: ${p}`;
  }
  const w = wasmPlan(u, v, slots, why === '' ? 'requested' : why);
  if (typeof w !== 'string') return w;
  if (kernel === 'wasm')
    throw new UsageError(`scanPairs: the wasm kernel is not available (${w}; run npm run build:wasm)`);
  return jsPlan(u, v, `${why}; wasm not used: ${w}`);
}
