import type { Worker } from 'node:worker_threads';
import { logitOf, productError, sumError } from '../numeric/float/error-free.js';
import { startWorker, stopWorker } from '../start-worker.js';
import { note, timed } from './timings.js';
import { UsageError } from '../errors.js';
import { loadBlas } from '../numeric/blas.js';
import { softplus } from '../numeric/float/softplus.js';
import { adjacentDouble } from '../numeric/float/ulp.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { BLOCK_COLS, BLOCK_ROWS, gramBlock } from './gram-block.js';
import {
  exactWeight,
  halfCombination,
  lerpExact,
  lerpNumpy,
  quantileRanks,
  quantileSorted,
  selectRanks,
} from './quantile.js';
import {
  BUCKETS,
  bucketOf,
  CTRL_DONE,
  CTRL_ERROR,
  CTRL_LEN,
  type ExactDot,
  type ExactDots,
  interleavedDots,
  runTasks,
  SLOT_STRIDE,
  type ScanJob,
  TASK_STRIDE,
} from './scan-core.js';
import type { ScanWorkerData } from './scan-worker.js';
import {
  BLAS_COLS,
  exactDot,
  exactDotsInto,
  type GramPlan,
  gramPlan,
  jsPlan,
  type KernelChoice,
  type KernelName,
  maxRowNorm,
} from './gram-plan.js';

export { exactDot, exactDotsInto, type KernelChoice, type KernelName, WASM_MIN_WORK } from './gram-plan.js';

/** Margin measures of a configuration (docs/theory.md §2). */
export interface Margins {
  /** m* = (min pos - max neg) / 2: the largest m for which this is an (m, b)-constellation. */
  readonly mStar: number;
  /** b* = (min pos + max neg) / 2: the centre of the admissible b_rel interval. */
  readonly bStar: number;
  /** min over i of the positive G_{i, l(i)}. */
  readonly minPos: number;
  /** max over the negatives G_ij, j != l(i). */
  readonly maxNeg: number;
  /** Mean positive similarity. */
  readonly meanPos: number;
  /** Mean negative similarity. */
  readonly meanNeg: number;
  /** (mean pos - mean neg) / 2. */
  readonly mMean: number;
  /** (mean pos + mean neg) / 2. */
  readonly bMean: number;
}

/** Trimmed (quantile) margins: the robust form used for real models (docs/theory.md sections 2, 4). */
export interface TrimmedMargins {
  /** The trim fraction: the trim-quantile of positives and the (1 - trim)-quantile of negatives. */
  readonly trim: number;
  /** The trim-quantile of the positives (numpy 'linear' definition). */
  readonly posQuantile: number;
  /** The (1 - trim)-quantile of the negatives (numpy 'linear' definition), exact. */
  readonly negQuantile: number;
  /** The two order statistics of the negatives that negQuantile interpolates. */
  readonly negLower: number;
  readonly negUpper: number;
  /** (posQuantile - negQuantile) / 2 of the quantiles' real values (before rounding), rounded once. */
  readonly mTrimmed: number;
  /** (posQuantile + negQuantile) / 2 of the quantiles' real values, rounded once. */
  readonly bTrimmed: number;
  /**
   * Passes over G = U V^T used to make the negative quantile exact (1 in the usual case). A cost,
   * not a value: with more negatives in the window than the cap, it depends on which rows each
   * thread scanned (each narrows its own kept window), so two runs may differ here and nowhere else.
   */
  readonly passes: number;
}

/** Top-1 retrieval accuracy in both directions; ties count as failures. */
export interface Retrieval {
  /** Fraction of U_i whose strict nearest V (by inner product) is its positive. */
  readonly uToV: number;
  /** Fraction of V_j whose strict nearest U is one of its positives. */
  readonly vToU: number;
  /** Count behind uToV (out of N). */
  readonly uCorrect: number;
  /** Count behind vToU (out of the number of V rows). */
  readonly vCorrect: number;
}

/** What {@link scanPairs} measures in one streamed pass over G = U V^T. */
export interface PairScanOptions {
  /**
   * U_i's positive is V_{labels[i]} (many U per V, e.g. images per class text). Absent: one-to-one,
   * U_i's positive is V_i.
   * @defaultValue one-to-one
   */
  readonly labels?: ArrayLike<number>;
  /**
   * Also compute trimmed margins with this trim fraction in [0, 1/2).
   * @defaultValue not computed
   */
  readonly trim?: number;
  /**
   * Also sum the canonical sigmoid loss at (t, b): sum over positives of softplus(-(t G - b)) plus
   * over negatives of softplus(t G - b) (normalisation `sum`).
   * @defaultValue not computed
   */
  readonly loss?: { readonly t: number; readonly b: number };
  /**
   * Most negatives held at once by the exact trimmed selection; lower it only to exercise the
   * multi-pass path in tests (results do not depend on it).
   * @defaultValue {@link COLLECT_CAP}
   */
  readonly collectCap?: number;
  /**
   * The window [lo, hi) of negatives kept for the exact trimmed quantile in place of the one a
   * pilot places; set it only to exercise the pass that a window missing the quantile costs
   * (results do not depend on it).
   * @defaultValue placed by a pilot of 128 evenly spaced U rows
   */
  readonly quantileWindow?: { readonly lo: number; readonly hi: number };
  /**
   * The trimmed quantile's exact values are first taken for the entries within (1 + bandInner)
   * eps of the located buckets, and for the full 2 eps band only when those do not settle the
   * order statistics; set it only to exercise that second step in tests (results do not depend
   * on it).
   * @defaultValue 1/8
   */
  readonly bandInner?: number;
  /**
   * Block kernel for G: `'openblas'` (cblas_sgemm when every coordinate is a float32 value, else
   * cblas_dgemm, through koffi), `'wasm'` (the SIMD kernel of build/kernel.wasm), `'js'` (the naive
   * float64 dot products), or `'auto'`: openblas when it loads, else wasm when built, when the pass
   * has at least {@link WASM_MIN_WORK} multiply-adds; else js. The decided quantities (m*, b*,
   * extremes, retrieval, trimmed quantiles) are the same bits for every kernel.
   * @defaultValue 'auto'
   */
  readonly kernel?: KernelChoice;
  /**
   * Threads of the main pass (1 or 2; 2 needs the wasm kernel). Results do not depend on it.
   * @defaultValue 2 when the pass has at least {@link PARALLEL_MIN_WORK} multiply-adds, else 1
   */
  readonly threads?: number;
  /** Called on the main thread after each row block: tasks done and in total (a progress bar). */
  readonly progress?: (done: number, tasks: number) => void;
}

/** Everything {@link scanPairs} measured. */
export interface PairScan {
  /** Number of U rows. */
  readonly n: number;
  /** Number of V rows (N one-to-one, the class count with labels). */
  readonly k: number;
  /** Dimension. */
  readonly d: number;
  readonly margins: Margins;
  readonly retrieval: Retrieval;
  /** Present when `trim` was given. */
  readonly trimmed?: TrimmedMargins;
  /** Present when `loss` was given: the loss with normalisation `sum`. */
  readonly lossSum?: number;
  /** Present with lossSum: a bound on its distance from the loss of the exact entries. */
  readonly lossError?: number;
  /** The kernel that made the Gram blocks, and why it was chosen (the fallback reason). */
  readonly kernel: KernelName;
  readonly kernelReason: string;
}

/** Values the exact quantile selection may hold at once (64 MiB of doubles). */
export const COLLECT_CAP = 2 ** 23;
/** Multiply-adds from which the main pass starts a helper thread (startup costs 50-500 ms). */
export const PARALLEL_MIN_WORK = 2 ** 31;
/** A helper that makes no progress for this long is dead: fail loudly rather than hang. */
const HELPER_TIMEOUT_MS = 600_000;
/** Rows of U sampled (evenly spaced) by the pilot that places the quantile window. */
const PILOT_ROWS = 128;

/** Validates shapes and labels; returns the positive index of every U row. */
export function positiveIndex(
  u: Matrix,
  v: Matrix,
  labels: ArrayLike<number> | undefined,
  where: string,
): Int32Array {
  if (u.cols !== v.cols) {
    throw new UsageError(`${where}: U has dimension ${u.cols} but V has dimension ${v.cols}`);
  }
  if (u.cols < 1) throw new UsageError(`${where}: dimension must be at least 1`);
  const out = new Int32Array(u.rows);
  if (labels === undefined) {
    if (u.rows !== v.rows) {
      throw new UsageError(
        `${where}: U has ${u.rows} rows but V has ${v.rows} (pairs are one-to-one without labels)`,
      );
    }
    for (let i = 0; i < u.rows; i++) out[i] = i;
  } else {
    if (labels.length !== u.rows) {
      throw new UsageError(`${where}: ${labels.length} labels for ${u.rows} rows of U`);
    }
    for (let i = 0; i < u.rows; i++) {
      const l = labels[i]!;
      if (!Number.isInteger(l) || l < 0 || l >= v.rows) {
        throw new UsageError(`${where}: label ${String(l)} of row ${i} is out of range [0, ${v.rows - 1}]`);
      }
      out[i] = l;
    }
  }
  if (u.rows < 1 || v.rows < 2) {
    throw new UsageError(`${where}: need at least one U row and two V rows (got ${u.rows} and ${v.rows})`);
  }
  return out;
}

/**
 * One monotone bucketing of the reals: bucket(x) = clamp(floor((x - lo) * scale), 0, B - 1). A
 * level keeps the buckets [k0, k1]. Because bucket() is non-decreasing in x for every double, the
 * set kept by a chain of levels is an interval of doubles, and a later pass reproduces the same
 * membership exactly (no boundary values are ever computed).
 */
interface Level {
  readonly lo: number;
  readonly scale: number;
  readonly k0: number;
  readonly k1: number;
}

function inLevels(x: number, levels: readonly Level[]): boolean {
  for (const l of levels) {
    const k = bucketOf(x, l.lo, l.scale);
    if (k < l.k0 || k > l.k1) return false;
  }
  return true;
}

/** Shard boundaries fall on multiples of this many rows (a multiple of every kernel's task rows). */
export const SHARD_ROWS = 512;

/** Visits every negative G_ij (j != pos[i]) of G = U V^T. */
function forEachNegative(
  plan: GramPlan,
  n: number,
  k: number,
  pos: Int32Array,
  f: (g: number) => void,
): void {
  for (let i0 = 0; i0 < n; i0 += plan.rows) {
    const bi = Math.min(plan.rows, n - i0);
    for (let j0 = 0; j0 < k; j0 += plan.cols) {
      const bj = Math.min(plan.cols, k - j0);
      const { buf, off, ld } = plan.source(i0, bi, j0, bj);
      for (let r = 0; r < bi; r++) {
        const li = pos[i0 + r]!;
        const o = off + r * ld;
        for (let c = 0; c < bj; c++) if (j0 + c !== li) f(buf[o + c]!);
      }
    }
  }
}

function startHelper(data: ScanWorkerData): Worker {
  return startWorker(import.meta.url, 'scan-worker', data);
}

/**
 * Runs every task of `job`: on this thread alone, or with a helper taking tasks from the same
 * counter. The main thread blocks (Atomics.wait) until the helper's last task is done, so callers
 * stay synchronous; if the helper is slow to start the main thread simply takes more tasks.
 */
function runJob(
  job: ScanJob,
  plan: GramPlan,
  threads: number,
  dots: ExactDots,
  progress: PairScanOptions['progress'],
): void {
  if (threads < 2 || (plan.arena === null && plan.blas === null)) {
    runTasks(job, 0, plan.source, dots, progress);
    return;
  }
  const worker = startHelper({ job, arena: plan.arena, blas: plan.blas, slot: 1 });
  const blas = plan.blas !== null ? loadBlas() : null;
  // Restored to the count found (a caller may hold the library at one thread for a whole run).
  const before = blas?.ok ? blas.blas.threadsNow() || blas.blas.threads : 0;
  if (blas?.ok) blas.blas.setThreads(1);
  worker.unref();
  try {
    runTasks(job, 0, plan.source, dots, progress);
    let last = Date.now();
    let seen = Atomics.load(job.ctrl, CTRL_DONE);
    while (seen < job.tasks) {
      if (Atomics.load(job.ctrl, CTRL_ERROR) !== 0) throw new Error('scanPairs: helper thread failed');
      if (Date.now() - last > HELPER_TIMEOUT_MS) throw new Error('scanPairs: helper thread did not answer');
      Atomics.wait(job.ctrl, CTRL_DONE, seen, 1000);
      const now = Atomics.load(job.ctrl, CTRL_DONE);
      if (now !== seen) last = Date.now();
      seen = now;
    }
  } finally {
    void stopWorker(worker);
    if (blas?.ok) blas.blas.setThreads(before);
  }
}

function alloc(len: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * len)) : new Float64Array(len);
}

/** Finds the buckets holding 0-based ranks r0 <= r1 in a histogram; returns the level and count below. */
function locate(
  hist: Float64Array,
  r0: number,
  r1: number,
  lo: number,
  scale: number,
): { level: Level; below: number; count: number } {
  // Two walks over up to 2^20 buckets, with the fewest operations a step: the first bucket whose
  // cumulative count passes r0, then the first passing r1 (r1 >= r0, so not before it).
  let cum = 0;
  let k0 = 0;
  while (k0 < BUCKETS && cum + hist[k0]! <= r0) cum += hist[k0++]!;
  const below = cum;
  let k1 = k0;
  while (k1 < BUCKETS && cum + hist[k1]! <= r1) cum += hist[k1++]!;
  if (k1 === BUCKETS) throw new Error('locate: ranks beyond the histogram total');
  // the count of buckets k0..k1: whole numbers below 2^53, exact
  return { level: { lo, scale, k0, k1 }, below, count: cum + hist[k1]! - below };
}

/**
 * Exact order statistics r0 <= r1 (0-based, r1 <= r0 + 1) of the negatives, when the first pass
 * could not hold them: repeated passes that histogram the current interval into 2^20 monotone
 * buckets and keep the buckets holding the ranks, until their count fits in {@link COLLECT_CAP}
 * (then one pass collects and sorts them) or the interval holds one value only.
 */
function refineNegatives(
  plan: GramPlan,
  rows: number,
  k: number,
  pos: Int32Array,
  start: { levels: Level[]; below: number; count: number; min: number; max: number },
  r0: number,
  r1: number,
  cap: number,
): { x0: number; x1: number; passes: number } {
  let { levels, below, count, min, max } = start;
  let passes = 0;
  for (;;) {
    if (min === max) return { x0: min, x1: max, passes };
    if (count <= cap) {
      const buf = new Float64Array(count);
      let n = 0;
      forEachNegative(plan, rows, k, pos, (g) => {
        if (inLevels(g, levels)) buf[n++] = g;
      });
      passes++;
      buf.sort();
      return { x0: buf[r0 - below]!, x1: buf[r1 - below]!, passes };
    }
    const lo = min;
    const scale = BUCKETS / (max - min);
    const hist = new Float64Array(BUCKETS);
    const cur = levels;
    forEachNegative(plan, rows, k, pos, (g) => {
      if (inLevels(g, cur)) hist[bucketOf(g, lo, scale)]!++;
    });
    passes++;
    const found = locate(hist, r0 - below, r1 - below, lo, scale);
    levels = [...levels, found.level];
    below += found.below;
    count = found.count;
    // Bounds of the new interval for the next histogram: one cheap pass over the kept values. Ranks
    // r0 < r1 = r0 + 1 in buckets k0 < k1 are the last of bucket k0 and the first above it: the
    // pass takes those two values and ends (histogramming [min, max] again would not narrow it when
    // the kept values are min and max only, and the loop would not end).
    const { k0 } = found.level;
    const split = k0 < found.level.k1;
    let nmin = Number.POSITIVE_INFINITY;
    let nmax = Number.NEGATIVE_INFINITY;
    let last0 = Number.NEGATIVE_INFINITY;
    let firstAbove = Number.POSITIVE_INFINITY;
    const next = levels;
    forEachNegative(plan, rows, k, pos, (g) => {
      if (inLevels(g, next)) {
        if (g < nmin) nmin = g;
        if (g > nmax) nmax = g;
        if (bucketOf(g, lo, scale) === k0) {
          if (g > last0) last0 = g;
        } else if (g < firstAbove) firstAbove = g;
      }
    });
    passes++;
    if (split) return { x0: last0, x1: firstAbove, passes };
    min = nmin;
    max = nmax;
  }
}

/**
 * A window [lo, hi) that should hold the p-quantile of all negatives, placed from the negatives of
 * a few evenly spaced U rows (exported for its tests: no result depends on the window).
 */
export function pilotWindow(
  u: Matrix,
  v: Matrix,
  pos: Int32Array,
  p: number,
  useBlas: boolean,
  f32: { readonly u: Float32Array; readonly v: Float32Array } | null,
): { lo: number; hi: number } {
  const rows = Math.min(PILOT_ROWS, u.rows);
  const d = u.cols;
  const k = v.rows;
  const sub = new Float64Array(rows * d);
  const subPos = new Int32Array(rows);
  for (let s = 0; s < rows; s++) {
    const i = Math.floor(((s + 0.5) * u.rows) / rows);
    sub.set(u.data.subarray(i * d, (i + 1) * d), s * d);
    subPos[s] = pos[i]!;
  }
  const sample = new Float64Array(rows * (k - 1));
  // The pilot's products by sgemm (float32 inputs) or dgemm when OpenBLAS is in use (the window
  // only guides the pass).
  const blas = useBlas ? loadBlas() : null;
  const rb = blas?.ok ? rows : BLOCK_ROWS;
  const cb = blas?.ok ? BLAS_COLS : BLOCK_COLS;
  const single = blas?.ok === true && f32 !== null;
  const block = single ? new Float32Array(rb * cb) : new Float64Array(rb * cb);
  const sub32 = single ? Float32Array.from(sub) : null;
  const su: Matrix = { rows, cols: d, data: sub };
  for (let i0 = 0; i0 < rows; i0 += rb) {
    const bi = Math.min(rb, rows - i0);
    for (let j0 = 0; j0 < k; j0 += cb) {
      const bj = Math.min(cb, k - j0);
      if (blas?.ok && sub32 !== null && f32 !== null)
        blas.blas.sgemmAbt(sub32, i0 * d, f32.v, j0 * d, block as Float32Array, bi, bj, d, d, d);
      else if (blas?.ok)
        blas.blas.dgemmAbt(sub, i0 * d, v.data, j0 * d, block as Float64Array, bi, bj, d, d, d);
      else gramBlock(su, v, i0, bi, j0, bj, block as Float64Array);
      for (let r = 0; r < bi; r++) {
        const li = subPos[i0 + r]!;
        // Row-major sample: row s occupies [s (k-1), (s+1)(k-1)).
        let w = (i0 + r) * (k - 1) + (j0 > li ? j0 - 1 : j0);
        for (let c = 0; c < bj; c++) if (j0 + c !== li) sample[w++] = block[r * bj + c]!;
      }
    }
  }
  const n = sample.length;
  // Only four order statistics of the sample are needed: select them instead of sorting.
  const sorted = Float64Array.from(sample);
  const qr = quantileRanks(n, p);
  selectRanks(sorted, [qr.lower, qr.upper]);
  const qHat = lerpNumpy(sorted[qr.lower]!, sorted[qr.upper]!, qr.weight);
  // Clustered standard error of the fraction above the pilot quantile: rows, not values, are the
  // independent units (a row's similarities share its vector), so use the spread of row fractions.
  let s1 = 0;
  let s2 = 0;
  for (let s = 0; s < rows; s++) {
    let above = 0;
    for (let c = 0; c < k - 1; c++) if (sample[s * (k - 1) + c]! > qHat) above++;
    const f = above / (k - 1);
    s1 += f;
    s2 += f * f;
  }
  const meanF = s1 / rows;
  const varF = Math.max(0, s2 / rows - meanF * meanF);
  const se = Math.sqrt(varF / rows) + Math.sqrt((p * (1 - p)) / n);
  const delta = 8 * se + 4 / n;
  const pLo = p - delta;
  const pHi = p + delta;
  const rLo = Math.floor(pLo * (n - 1));
  const rHi = Math.ceil(pHi * (n - 1));
  selectRanks(sorted, [...(pLo > 0 ? [rLo] : []), ...(pHi < 1 ? [rHi] : [])]);
  const lo = pLo <= 0 ? Number.NEGATIVE_INFINITY : sorted[rLo]!;
  // [lo, hi) keeps the upper estimate itself: with ties (d = 1: every entry is +-1) the two
  // estimates are one value, and [x, x) would be empty
  const hi = pHi >= 1 ? Number.POSITIVE_INFINITY : nextUp(sorted[rHi]!);
  return { lo, hi };
}

/** The smallest double above a finite x. */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  return x > 0 ? adjacentDouble(x, 1n) : -adjacentDouble(-x, -1n);
}

/**
 * Measures a configuration in one streamed pass over G = U V^T: margins m*, b*, mean-based margins,
 * top-1 retrieval both ways, and optionally the exact trimmed margins and the loss at (t, b).
 *
 * @remarks G is built block by block, never N x K, by OpenBLAS (sgemm on float32 copies when every
 * coordinate is a float32 value, else dgemm; 256 x 4096 blocks), the wasm f64x2 `abt` kernel
 * (128 x 1024 blocks) or the JS kernel (64 x 64 blocks, bit-identical to the naive triple loop).
 * Whatever the kernel, the decided quantities are those of the exact entries, the naive
 * left-to-right float64 dot products: the positives are computed so, and an approximate kernel's
 * entry (within eps = (gamma_d(u) + gamma_d(2^-53)) max|U_i| max|V_j| of the exact one, any
 * summation order) only nominates: an entry within 2 eps of its row's or column's running maximum
 * of negatives is recomputed exactly (the exact maximum's entry always is). So minPos, maxNeg,
 * m*, b*, retrieval and the trimmed quantiles are the same bits for every kernel and thread count;
 * the mean positive is a compensated sum of the exact positives, the mean negative the sum of every
 * entry, <sum_i U_i, sum_j V_j> in double-double, less them (no kernel entries: the same bits for
 * every kernel), and the loss a sum over the kernel's entries. With two threads a helper
 * takes row tasks from a shared counter; row results are written by row, per-thread extremes and
 * counts merged order-free, and partial sums combined in task order. Definitions: docs/theory.md
 * section 2 (m*, b*, mean and trimmed versions, BBNP25 eq. 2), Cor. 1 (retrieval). Retrieval
 * counts U_i as correct iff G_{i,l(i)} > max_{j != l(i)} G_ij (strict: ties fail), and V_j as
 * correct iff max_{i: l(i) = j} G_ij > max_{i: l(i) != j} G_ij.
 *
 * Trimmed negatives (up to N^2 values) are selected exactly, memory-bounded: with the JS kernel and
 * at most {@link COLLECT_CAP} negatives they are all kept and sorted; otherwise the pass counts the
 * negatives below a window placed by a pilot of 128 evenly spaced U rows (8 clustered standard
 * errors wide), keeps the histogram of the window's entries (2^20 monotone buckets) and the entries
 * of a kept window inside it (a thread whose kept entries would overflow narrows its own kept window
 * around its estimate of the quantile; the histogram's window stays), and {@link selectBand}
 * finishes on the exact values of the buckets within 2 eps of the quantile's (from the kept entries,
 * else one more pass; when the window missed, one pass for the full histogram first, whose own kept
 * window usually holds the band; beyond the cap the JS kernel's multi-pass selection). Quantiles follow numpy's
 * default ('linear').
 */
export function scanPairs(u: Matrix, v: Matrix, options: PairScanOptions = {}): PairScan {
  const part = scanRows(u, v, options, null);
  return finishScan([part], options.collectCap ?? COLLECT_CAP, exactResolver(u, v, options));
}

/**
 * The partial result of a pass over the rows [row0, row1) of U (all rows, or one shard): what
 * {@link finishScan} needs to produce the same bits as one pass over everything. Rows are in
 * order; column maxima are merged by max, task sums in task order, window values sorted at the end.
 */
export interface ScanPart {
  readonly n: number;
  readonly k: number;
  readonly d: number;
  readonly row0: number;
  readonly row1: number;
  readonly kernel: KernelName;
  readonly kernelReason: string;
  readonly trim: number | null;
  readonly loss: { readonly t: number; readonly b: number } | null;
  /** Positive index of rows row0 .. row1-1. */
  readonly pos: Int32Array;
  /** Exact positive and exact largest negative of rows row0 .. row1-1. */
  readonly rowPos: Float64Array;
  readonly rowNegMax: Float64Array;
  /** Exact largest negative of every column over these rows (-Infinity if none). */
  readonly colNegMax: Float64Array;
  /** Per task: negative sum, its compensation, negative loss, its compensation. */
  readonly taskSums: Float64Array;
  /** Smallest negative entry as the kernel computed it. */
  readonly minNeg: number;
  /** Bound on |kernel entry - exact entry| (0 for the js kernel). */
  readonly eps: number;
  /**
   * The trimmed-quantile window [wlo, whi) of kernel entries (the histogram's): negatives below it
   * and inside it. The kept window [klo, khi) inside it is the intersection of the slots' kept
   * windows; inKept counts the entries each slot kept in its own window (which contains [klo, khi),
   * so some may lie outside it), and kept, keptIdx hold them all, with index i k + j, when every
   * slot's fitted the cap (else they are empty).
   */
  readonly wlo: number;
  readonly whi: number;
  readonly belowWindow: number;
  readonly inWindow: number;
  readonly klo: number;
  readonly khi: number;
  readonly inKept: number;
  readonly kept: Float64Array;
  readonly keptIdx: Float64Array;
  /**
   * Histogram of the kernel's negative entries inside the window (BUCKETS monotone buckets from
   * hlo; empty if unused); those below it are counted in belowWindow, the rest are above it.
   */
  readonly hlo: number;
  readonly hscale: number;
  readonly hist: Float64Array;
}

/**
 * How {@link finishScan} reaches the exact entries: the exact dot product, a pass that returns the
 * exact values of the negatives whose kernel entry falls in buckets [kA, kB] (null when more than
 * `cap`), and the exact order statistics by the js kernel's own multi-pass selection (rare).
 */
export interface ExactResolver {
  readonly dot: ExactDot;
  /** out[e] = dot(is[e], js[e]) for every e (the same bits, faster for many entries). */
  readonly dots: (is: Int32Array, js: Int32Array, out: Float64Array) => void;
  readonly band: (kA: number, kB: number, cap: number) => Float64Array | null;
  /** The histogram (BUCKETS monotone buckets from hlo) of every negative's kernel entry: one pass. */
  readonly histogram: () => Float64Array;
  /**
   * One pass over every row whose window is everything: its histogram is {@link histogram}'s, and
   * its kept window (narrowed around the quantile) may hold the band. Optional: without it the
   * histogram pass and a band pass are made.
   */
  readonly wholePass?: () => ScanPart;
  readonly fallback: () => { x0: number; x1: number; passes: number };
  /** {@link PairScanOptions.bandInner}. */
  readonly bandInner: number;
  /** The sum of every entry of U V^T (the exact inputs') as hi + lo; optional. */
  readonly gramTotal?: () => { hi: number; lo: number };
}

/** The resolver over U and V with the kernel `options` select (the one the parts were made with). */
export function exactResolver(u: Matrix, v: Matrix, options: PairScanOptions): ExactResolver {
  const pos = positiveIndex(u, v, options.labels, 'scanPairs');
  const dot = exactDot(u, v);
  const n = u.rows;
  const k = v.rows;
  const trim = options.trim ?? 0;
  const cap = options.collectCap ?? COLLECT_CAP;
  // The histogram's range, the scan's: computed when a pass needs it (the usual finish does not).
  let range: { hlo: number; hscale: number } | null = null;
  const histRange = (): { hlo: number; hscale: number } => {
    if (range === null) {
      const bound = maxRowNorm(u) * maxRowNorm(v);
      range = { hlo: -bound, hscale: BUCKETS / (2 * bound > 0 ? 2 * bound : 1) };
    }
    return range;
  };
  const bandPass = (plan: GramPlan, kA: number, kB: number, limit: number): Float64Array | null => {
    const { hlo, hscale } = histRange();
    const out: number[] = [];
    let over = false;
    for (let i0 = 0; i0 < n && !over; i0 += plan.rows) {
      const bi = Math.min(plan.rows, n - i0);
      for (let j0 = 0; j0 < k; j0 += plan.cols) {
        const bj = Math.min(plan.cols, k - j0);
        const { buf, off, ld } = plan.source(i0, bi, j0, bj);
        for (let r = 0; r < bi; r++) {
          const li = pos[i0 + r]!;
          const o = off + r * ld;
          for (let c = 0; c < bj; c++) {
            if (j0 + c === li) continue;
            const b = bucketOf(buf[o + c]!, hlo, hscale);
            if (b >= kA && b <= kB) out.push(dot(i0 + r, j0 + c));
          }
        }
        if (out.length > limit) over = true;
      }
    }
    return over ? null : Float64Array.from(out);
  };
  // The band by a second scan on the scan's threads, without the loss, keeping the entries in the
  // values its buckets span (widened past any rounding of the bucket edges; the buckets then
  // decide): the same blocks, so the same kernel entries. Null when that scan could not keep them
  // all (then the one-thread pass below).
  const bandScan = (kA: number, kB: number, limit: number): Float64Array | null => {
    const { hlo, hscale } = histRange();
    const lo = hlo + kA / hscale;
    const hi = hlo + (kB + 1) / hscale;
    const window = { lo: lo - (Math.abs(lo) + 1) * 2 ** -40, hi: hi + (Math.abs(hi) + 1) * 2 ** -40 };
    const again: PairScanOptions = {
      ...(options.labels !== undefined ? { labels: options.labels } : {}),
      ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      trim,
      quantileWindow: window,
      collectCap: limit + 2 ** 21,
    };
    const part = scanRows(u, v, again, null);
    if (part.kept.length !== part.inKept || part.klo !== window.lo || part.khi !== window.hi) return null;
    const keys: number[] = [];
    for (let e = 0; e < part.kept.length; e++) {
      const b = bucketOf(part.kept[e]!, hlo, hscale);
      if (b >= kA && b <= kB) keys.push(part.keptIdx[e]!);
    }
    if (keys.length > limit) return null;
    const sorted = Float64Array.from(keys).sort();
    const is = new Int32Array(sorted.length);
    const js = new Int32Array(sorted.length);
    for (let e = 0; e < sorted.length; e++) {
      const i = Math.floor(sorted[e]! / k);
      is[e] = i;
      js[e] = sorted[e]! - i * k;
    }
    const out = new Float64Array(sorted.length);
    exactDotsInto(u, v, is, js, out);
    return out;
  };
  // The scan again on its threads, without the loss, counting every negative in the histogram; an
  // exact kernel that keeps every negative makes the histogram from them.
  const wholePass = (): ScanPart => {
    const again: PairScanOptions = {
      ...(options.labels !== undefined ? { labels: options.labels } : {}),
      ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      trim,
      quantileWindow: { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY },
      collectCap: cap,
    };
    const part = scanRows(u, v, again, null);
    if (part.hist.length > 0) return part;
    const hist = new Float64Array(BUCKETS);
    for (let e = 0; e < part.kept.length; e++) hist[bucketOf(part.kept[e]!, part.hlo, part.hscale)]!++;
    return { ...part, hist };
  };
  // A pass with the scan's kernel and OpenBLAS threading, so the entries (and buckets) are the same.
  const withScanPlan = <T>(f: (plan: GramPlan) => T): T => {
    const plan = gramPlan(u, v, options.kernel ?? 'auto', 1, options.loss ?? null);
    const threads = options.threads ?? (n * k * u.cols >= PARALLEL_MIN_WORK ? 2 : 1);
    const blas = plan.kernel === 'openblas' && threads === 2 ? loadBlas() : null;
    const before = blas?.ok ? blas.blas.threadsNow() || blas.blas.threads : 0;
    if (blas?.ok) blas.blas.setThreads(1);
    try {
      return f(plan);
    } finally {
      if (blas?.ok) blas.blas.setThreads(before);
    }
  };
  return {
    dot,
    bandInner: options.bandInner ?? 1 / 8,
    dots: (is, js, out) => exactDotsInto(u, v, is, js, out),
    band: (kA, kB, limit) => bandScan(kA, kB, limit) ?? withScanPlan((plan) => bandPass(plan, kA, kB, limit)),
    histogram: () => wholePass().hist,
    gramTotal: () => gramTotal(u, v),
    wholePass,
    fallback: () => {
      const { hlo, hscale } = histRange();
      const negCount = n * k - n;
      const ranks = quantileRanks(negCount, 1 - trim);
      const plan = jsPlan(u, v, 'exact fallback');
      const hist = new Float64Array(BUCKETS);
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      forEachNegative(plan, n, k, pos, (g) => {
        hist[bucketOf(g, hlo, hscale)]!++;
        if (g < min) min = g;
        if (g > max) max = g;
      });
      const found = locate(hist, ranks.lower, ranks.upper, hlo, hscale);
      const r = refineNegatives(
        plan,
        n,
        k,
        pos,
        { levels: [found.level], below: found.below, count: found.count, min, max },
        ranks.lower,
        ranks.upper,
        cap,
      );
      return { ...r, passes: r.passes + 1 };
    },
  };
}

/**
 * Whether the plain logit t g - b, off by at most 2^-52 (t |g| + |b|), moves no loss term by more
 * than 2^-41 of itself (|d softplus / softplus| <= |dz|): |t| B + |b| < 2^11 for |g| <= B.
 */
export function plainLogitsExact(t: number, b: number, bound: number): boolean {
  return Math.abs(t) * bound + Math.abs(b) < 2 ** 11;
}

/**
 * Bound on |summed loss - the loss of the exact entries| (entries |g| <= B, the scan's norm
 * product): a negative's logit is off by at most dz = t eps (the kernel's entry) plus 2^-52 (t (B +
 * eps) + |b|) (its rounding; none with exact logits, which the scan takes when eps = 0 and plain
 * ones would not be exact), which moves its term by sigma |dz| <= softplus e^|dz| |dz| (sigma(z + h)
 * <= e^h sigma(z), sigma <= softplus), and by at most |dz| (sigma <= 1): over `negCount` terms,
 * dz min(negCount, e^dz lossNeg). Each term's evaluation and the row sums (at most 4096 terms,
 * gamma_4096 < 2^-40) add 2^-40 of the sums. Positives use exact entries and exact logits.
 */
export function lossErrorBound(
  lossNeg: number,
  lossPos: number,
  t: number,
  b: number,
  eps: number,
  bound: number,
  negCount = Number.POSITIVE_INFINITY,
): number {
  const exactLogits = eps === 0 && !plainLogitsExact(t, b, bound);
  const te = Math.abs(t) * eps;
  const dz = te + (exactLogits ? 0 : 2 ** -52 * (Math.abs(t) * (bound + eps) + Math.abs(b)) * (1 + 2 ** -40));
  // the first form where the terms are small (e^dz finite), the second where logits are huge
  const moved = dz === 0 ? 0 : dz * Math.min(negCount, Math.exp(dz) * lossNeg * (1 + 2 ** -40));
  return (moved + 2 ** -40 * (Math.abs(lossNeg) + Math.abs(lossPos))) * (1 + 2 ** -50);
}

/** neg + pos + comp with the rounding of neg + pos kept. */
function lossSumOf(neg: number, pos: number, comp: number): number {
  const s = neg + pos;
  return s + (sumError(neg, pos, s) + comp);
}

/**
 * sum_{i,j} <U_i, V_j> = <sum_i U_i, sum_j V_j> as hi + lo: column sums and their dot product in
 * double-double (error ~ 2^-100 of the terms' magnitudes, non-finite if they overflow).
 */
export function gramTotal(u: Matrix, v: Matrix): { hi: number; lo: number } {
  const d = u.cols;
  // Each column summed row by row with TwoSum; four rows a visit keep a column's sum and error in
  // registers (three times faster at 10,000 x 1152, the same operations in the same order).
  const columns = (m: Matrix) => {
    const hi = new Float64Array(d);
    const lo = new Float64Array(d);
    const data = m.data;
    let i = 0;
    for (; i + 4 <= m.rows; i += 4) {
      const o = i * d;
      for (let k = 0; k < d; k++) {
        // TwoSum written out: V8 keeps this straight-line form in registers
        const h0 = hi[k]!;
        const x0 = data[o + k]!;
        const s0 = h0 + x0;
        const z0 = s0 - h0;
        const x1 = data[o + d + k]!;
        const s1 = s0 + x1;
        const z1 = s1 - s0;
        const x2 = data[o + 2 * d + k]!;
        const s2 = s1 + x2;
        const z2 = s2 - s1;
        const x3 = data[o + 3 * d + k]!;
        const s3 = s2 + x3;
        const z3 = s3 - s2;
        let l = lo[k]!;
        l += h0 - (s0 - z0) + (x0 - z0);
        l += s0 - (s1 - z1) + (x1 - z1);
        l += s1 - (s2 - z2) + (x2 - z2);
        l += s2 - (s3 - z3) + (x3 - z3);
        hi[k] = s3;
        lo[k] = l;
      }
    }
    for (; i < m.rows; i++) {
      const o = i * d;
      for (let k = 0; k < d; k++) {
        const x = data[o + k]!;
        const h = hi[k]!;
        const s = h + x;
        lo[k]! += sumError(h, x, s);
        hi[k] = s;
      }
    }
    return { hi, lo };
  };
  const a = columns(u);
  const b = columns(v);
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < d; k++) {
    const p = a.hi[k]! * b.hi[k]!;
    const e = productError(a.hi[k]!, b.hi[k]!, p) + a.hi[k]! * b.lo[k]! + a.lo[k]! * b.hi[k]!;
    const s = hi + p;
    lo += sumError(hi, p, s) + e;
    hi = s;
  }
  return { hi, lo };
}

/** Rows [row0, row1) of shard i (0-based) of k: multiples of {@link SHARD_ROWS}, in order. */
export function shardRows(n: number, index: number, count: number): { row0: number; row1: number } {
  const units = Math.ceil(n / SHARD_ROWS);
  const u0 = Math.floor((units * index) / count);
  const u1 = Math.floor((units * (index + 1)) / count);
  return { row0: Math.min(n, u0 * SHARD_ROWS), row1: Math.min(n, u1 * SHARD_ROWS) };
}

/**
 * One pass over the rows `rows` of U (null: all), as {@link scanPairs} describes; the result is a
 * {@link ScanPart}. Kernel, block shapes and the trimmed window depend only on the whole input, so
 * every shard of a split makes the same choices as the unsharded pass.
 */
export function scanRows(
  u: Matrix,
  v: Matrix,
  options: PairScanOptions,
  rows: { row0: number; row1: number } | null,
): ScanPart {
  const where = 'scanPairs';
  const pos = positiveIndex(u, v, options.labels, where);
  const n = u.rows;
  const k = v.rows;
  const trim = options.trim;
  if (trim !== undefined && !(trim >= 0 && trim < 0.5)) {
    throw new UsageError(`${where}: trim must be in [0, 0.5), got ${String(trim)}`);
  }
  const loss = options.loss;
  const t = loss?.t ?? 0;
  const bias = loss?.b ?? 0;
  if (loss !== undefined && !(Number.isFinite(t) && Number.isFinite(bias))) {
    throw new UsageError(`${where}: loss needs finite t and b, got t = ${String(t)}, b = ${String(bias)}`);
  }
  const negCount = n * k - n;
  const cap = options.collectCap ?? COLLECT_CAP;
  if (!(Number.isInteger(cap) && cap >= 2)) {
    throw new UsageError(`${where}: collectCap must be an integer >= 2, got ${String(cap)}`);
  }
  const row0 = rows?.row0 ?? 0;
  const row1 = rows?.row1 ?? n;
  const myRows = row1 - row0;

  const work = n * k * u.cols;
  const threads = options.threads ?? (work >= PARALLEL_MIN_WORK ? 2 : 1);
  if (!(threads === 1 || threads === 2)) {
    throw new UsageError(`${where}: threads must be 1 or 2, got ${String(options.threads)}`);
  }
  const kernel = options.kernel ?? 'auto';
  const plan = timed('scan set-up (kernel, float32 copies)', () =>
    gramPlan(u, v, kernel, threads, loss ?? null),
  );
  const slots = plan.arena !== null || plan.blas !== null ? threads : 1;
  const shared = slots > 1;
  const approx = plan.eps > 0;
  const dot = plan.dot ?? exactDot(u, v);

  // Trimmed negatives: window [wlo, whi) kept per slot (bounded) with a global histogram, unless
  // an exact kernel can keep every negative.
  const wantTrim = trim !== undefined;
  const p = 1 - (trim ?? 0);
  let wlo = Number.NEGATIVE_INFINITY;
  let whi = Number.POSITIVE_INFINITY;
  let useHist = false;
  if (wantTrim && (negCount > cap || approx || rows !== null)) {
    ({ lo: wlo, hi: whi } =
      options.quantileWindow ??
      timed('pilot window', () => pilotWindow(u, v, pos, p, plan.kernel === 'openblas', plan.f32)));
    if (!(wlo < whi)) throw new UsageError(`${where}: quantileWindow needs lo < hi, got [${wlo}, ${whi})`);
    useHist = true;
  }
  const keptCap = wantTrim ? Math.min(negCount, cap) : 0;
  const bound = plan.normProduct ?? maxRowNorm(u) * maxRowNorm(v);
  const hlo = -bound;
  const hscale = BUCKETS / (2 * bound > 0 ? 2 * bound : 1);
  const tasks = Math.ceil(myRows / plan.rows);
  const posShared = shared ? new Int32Array(new SharedArrayBuffer(4 * n)) : pos;
  if (shared) posShared.set(pos);
  const rowPos = alloc(n, shared);
  for (let i = row0; i < row1; i++) rowPos[i] = dot(i, pos[i]!);
  const job: ScanJob = {
    n,
    row0,
    row1,
    k,
    blockRows: plan.rows,
    blockCols: plan.cols,
    tasks,
    pos: posShared,
    wantLoss: loss !== undefined,
    t,
    bias,
    exactLogits: plan.eps === 0 && !plainLogitsExact(t, bias, bound),
    wantTrim,
    useHist,
    p,
    wlo,
    whi,
    hlo,
    hscale,
    keptCap,
    eps: plan.eps,
    ctrl: shared ? new Int32Array(new SharedArrayBuffer(4 * CTRL_LEN)) : new Int32Array(CTRL_LEN),
    rowPos,
    rowNegMax: alloc(n, shared).fill(Number.NEGATIVE_INFINITY),
    rowNegApprox: alloc(approx ? n : 0, shared).fill(Number.NEGATIVE_INFINITY),
    taskSums: alloc(TASK_STRIDE * tasks, shared),
    colNegMax: alloc(slots * k, shared).fill(Number.NEGATIVE_INFINITY),
    colNegApprox: alloc(approx ? slots * k : 0, shared).fill(Number.NEGATIVE_INFINITY),
    slotScalars: alloc(SLOT_STRIDE * slots, shared),
    hist: alloc(useHist ? slots * BUCKETS : 0, shared),
    kept: alloc(slots * keptCap, shared),
    keptIdx: alloc(slots * keptCap, shared),
  };
  for (let s = 0; s < slots; s++) {
    job.slotScalars[s * SLOT_STRIDE] = Number.POSITIVE_INFINITY;
    job.slotScalars[s * SLOT_STRIDE + 3] = wlo;
    job.slotScalars[s * SLOT_STRIDE + 4] = whi;
    job.slotScalars[s * SLOT_STRIDE + 6] = 0;
  }
  if (myRows > 0)
    timed('pass over U V^T', () =>
      runJob(job, plan, slots, plan.dots ?? interleavedDots(u.data, v.data, u.cols), options.progress),
    );

  // Merge the slots: extremes and counts are order-free. Each slot may have narrowed its kept
  // window; the part's is their intersection (when every slot kept all of its entries).
  const colNegMax = job.colNegMax.subarray(0, k);
  let minNeg = Number.POSITIVE_INFINITY;
  let inWindow = 0;
  let belowWindow = 0;
  let klo = wlo;
  let khi = whi;
  let inKept = 0;
  let complete = true;
  for (let s = 0; s < slots; s++) {
    const o = s * SLOT_STRIDE;
    if (job.slotScalars[o]! < minNeg) minNeg = job.slotScalars[o]!;
    inWindow += job.slotScalars[o + 1]!;
    belowWindow += job.slotScalars[o + 2]!;
    if (job.slotScalars[o + 3]! > klo) klo = job.slotScalars[o + 3]!;
    if (job.slotScalars[o + 4]! < khi) khi = job.slotScalars[o + 4]!;
    inKept += job.slotScalars[o + 6]!;
    if (job.slotScalars[o + 6]! > keptCap) complete = false;
    if (s === 0) continue;
    for (let j = 0; j < k; j++) {
      if (job.colNegMax[s * k + j]! > colNegMax[j]!) colNegMax[j] = job.colNegMax[s * k + j]!;
    }
  }
  // Window values of all slots, gathered when every slot could keep all of its own.
  let kept = new Float64Array(0);
  let keptIdx = new Float64Array(0);
  if (wantTrim && complete) {
    kept = new Float64Array(inKept);
    keptIdx = new Float64Array(inKept);
    let w = 0;
    for (let s = 0; s < slots; s++) {
      const c = job.slotScalars[s * SLOT_STRIDE + 6]!;
      kept.set(job.kept.subarray(s * keptCap, s * keptCap + c), w);
      keptIdx.set(job.keptIdx.subarray(s * keptCap, s * keptCap + c), w);
      w += c;
    }
  }
  const hist = job.hist.subarray(0, useHist ? BUCKETS : 0);
  for (let s = 1; s < slots && useHist; s++) {
    for (let b = 0; b < BUCKETS; b++) hist[b]! += job.hist[s * BUCKETS + b]!;
  }
  return {
    n,
    k,
    d: u.cols,
    row0,
    row1,
    kernel: plan.kernel,
    kernelReason: plan.reason,
    trim: trim ?? null,
    loss: loss === undefined ? null : { t, b: bias },
    pos: pos.slice(row0, row1),
    rowPos: Float64Array.from(job.rowPos.subarray(row0, row1)),
    rowNegMax: Float64Array.from(job.rowNegMax.subarray(row0, row1)),
    colNegMax: Float64Array.from(colNegMax),
    taskSums: Float64Array.from(job.taskSums),
    minNeg,
    eps: plan.eps,
    wlo,
    whi,
    belowWindow,
    inWindow,
    klo,
    khi,
    inKept,
    kept,
    keptIdx,
    hlo,
    hscale,
    hist: Float64Array.from(hist),
  };
}

/**
 * The exact values of the kept window entries in buckets [kA, kB] (`count` of them): with an
 * approximate kernel the exact dots, taken in index order i k + j (the entries of a U row come
 * together and share its loads), else the kept values themselves.
 */
function keptBand(
  parts: readonly ScanPart[],
  kA: number,
  kB: number,
  count: number,
  resolver: ExactResolver,
): Float64Array {
  const { hlo, hscale, eps, k } = parts[0]!;
  const band = new Float64Array(count);
  const keys = eps > 0 ? new Float64Array(count) : null;
  let w = 0;
  for (const q of parts) {
    for (let e = 0; e < q.kept.length; e++) {
      const b = bucketOf(q.kept[e]!, hlo, hscale);
      if (b < kA || b > kB) continue;
      if (w >= count) {
        w++;
        continue;
      }
      if (keys !== null) keys[w] = q.keptIdx[e]!;
      else band[w] = q.kept[e]!;
      w++;
    }
  }
  if (w !== count) throw new Error(`selectBand: ${w} kept entries in the band, the histogram says ${count}`);
  if (keys !== null) {
    keys.sort();
    const is = new Int32Array(count);
    const js = new Int32Array(count);
    for (let e = 0; e < count; e++) {
      const i = Math.floor(keys[e]! / k);
      is[e] = i;
      js[e] = keys[e]! - i * k;
    }
    resolver.dots(is, js, band);
  }
  return band;
}

/**
 * The exact order statistics r0 <= r1 of the negatives from the summed histogram of kernel entries.
 *
 * @remarks If every kernel entry is within eps of its exact value, the r-th smallest kernel entry is
 * within eps of the r-th smallest exact value. So the exact order statistics lie within eps of the
 * histogram buckets k0, k1 that hold ranks r0, r1; every entry whose bucket is below kA (at least
 * 2 eps + 2 buckets lower) is exactly smaller, every entry above kB exactly larger. The band
 * [kA, kB] is taken from the kept window entries when the window covers it (the usual case: no
 * extra pass), else from one more pass; its exact values, sorted, give the order statistics at
 * ranks r - (count below kA). With eps = 0 (js kernel) the band is the two buckets' neighbourhood.
 * The parts hold the histogram of their window's entries only: the counts below and above go to
 * the edge buckets of the windows' intersection, which leaves the cumulative counts exact strictly
 * inside it; when the band is not strictly inside, one pass makes the full histogram first.
 */
function selectBand(
  parts: readonly ScanPart[],
  r0: number,
  r1: number,
  cap: number,
  resolver: ExactResolver,
): { x0: number; x1: number; passes: number } {
  const first = parts[0]!;
  const { hlo, hscale, eps } = first;
  // The parts' windows are the pilot's (a given quantileWindow); use their intersection anyway.
  let wlo = first.wlo;
  let whi = first.whi;
  for (const q of parts) {
    if (q.wlo > wlo) wlo = q.wlo;
    if (q.whi < whi) whi = q.whi;
  }
  // The parts bucketed their window entries only and counted the rest: put the counts below and
  // above the window into the window's edge buckets. Cumulative counts are then exact for every
  // bucket strictly inside the window's edge buckets.
  // the first part's counts copied, the others' added (a walk over 2^20 buckets fewer)
  let hist: Float64Array = first.hist.slice(0, BUCKETS);
  let inWindow = 0;
  let belowWindow = 0;
  let negatives = 0;
  for (const q of parts) {
    if (q !== first) for (let b = 0; b < BUCKETS; b++) hist[b]! += q.hist[b]!;
    inWindow += q.inWindow;
    belowWindow += q.belowWindow;
    negatives += (q.row1 - q.row0) * (q.k - 1);
  }
  const bLo = wlo === Number.NEGATIVE_INFINITY ? -1 : bucketOf(wlo, hlo, hscale);
  const bHi = whi === Number.POSITIVE_INFINITY ? BUCKETS : bucketOf(whi, hlo, hscale);
  hist[Math.max(bLo, 0)]! += belowWindow;
  hist[Math.min(bHi, BUCKETS - 1)]! += negatives - belowWindow - inWindow;
  const slack = Math.ceil(2 * eps * hscale) + 2;
  // the located buckets k0, k1 of the current histogram, with the count below k0
  const bandOf = (h: Float64Array) => {
    const found = locate(h, r0, r1, hlo, hscale);
    return {
      k0: found.level.k0,
      k1: found.level.k1,
      below0: found.below,
      kA: Math.max(0, found.level.k0 - slack),
      kB: Math.min(BUCKETS - 1, found.level.k1 + slack),
    };
  };
  let { k0, k1, below0, kA, kB } = bandOf(hist);
  const inside = bLo < kA && bHi > kB;
  let passes = 0;
  // the parts whose kept entries may hold the band
  let pool: readonly ScanPart[] = parts;
  if (!inside) {
    // The pilot's window missed the quantile: one pass for the histogram of all the entries (whose
    // kept window may then hold the band).
    const whole = resolver.wholePass?.() ?? null;
    hist = whole?.hist ?? resolver.histogram();
    pool = whole === null ? [] : [whole];
    passes++;
    ({ k0, k1, below0, kA, kB } = bandOf(hist));
  }
  // the count below kA from the count below k0 (kA <= k0; whole counts, exact in doubles)
  let below = below0;
  for (let b = kA; b < k0; b++) below -= hist[b]!;
  let count = 0;
  for (let b = kA; b <= kB; b++) count += hist[b]!;
  // The kept entries hold the band when every part kept all of its kept window's entries and the
  // band lies strictly inside the intersection of the kept windows (buckets are monotone).
  let klo = Number.NEGATIVE_INFINITY;
  let khi = Number.POSITIVE_INFINITY;
  let inKept = 0;
  for (const q of pool) {
    if (q.klo > klo) klo = q.klo;
    if (q.khi < khi) khi = q.khi;
    inKept += q.inKept;
  }
  const kLo = klo === Number.NEGATIVE_INFINITY ? -1 : bucketOf(klo, hlo, hscale);
  const kHi = khi === Number.POSITIVE_INFINITY ? BUCKETS : bucketOf(khi, hlo, hscale);
  note(
    `trimmed quantile: ${inWindow} of ${negatives} negatives in the window [${wlo}, ${whi}), ${inKept} in the kept window [${klo}, ${khi})${pool === parts ? '' : ' of the histogram pass'}, ${count} in the band`,
  );
  // the fallback's passes come on top of a histogram pass already made
  const fallback = () => {
    const f = resolver.fallback();
    return { ...f, passes: passes + f.passes };
  };
  if (count > cap) return fallback();
  const covered = pool.length > 0 && kLo < kA && kHi > kB && pool.every((q) => q.kept.length === q.inKept);
  if (covered && eps > 0) {
    // First the entries within (1 + bandInner) eps of the located buckets: their exact values
    // settle the order statistics when each is more than eps (and a bucket) inside that narrower
    // band, since every entry outside it is then exactly on its side.
    const inner = Math.ceil((1 + resolver.bandInner) * eps * hscale) + 2;
    const kA1 = Math.max(kA, k0 - inner);
    const kB1 = Math.min(kB, k1 + inner);
    if (kA1 > kA || kB1 < kB) {
      let below1 = below;
      for (let b = kA; b < kA1; b++) below1 += hist[b]!;
      let count1 = 0;
      for (let b = kA1; b <= kB1; b++) count1 += hist[b]!;
      const first = keptBand(pool, kA1, kB1, count1, resolver).sort();
      const y0 = first[r0 - below1];
      const y1 = first[r1 - below1];
      if (
        y0 !== undefined &&
        y1 !== undefined &&
        bucketOf(y0 - eps, hlo, hscale) > kA1 &&
        bucketOf(y1 + eps, hlo, hscale) < kB1
      ) {
        note(`trimmed quantile: settled by the ${count1} entries of the inner band`);
        return { x0: y0, x1: y1, passes };
      }
    }
  }
  let band: Float64Array;
  if (covered) band = keptBand(pool, kA, kB, count, resolver);
  else {
    const got = resolver.band(kA, kB, cap);
    if (got === null) return fallback();
    if (got.length !== count) {
      throw new Error(`selectBand: ${got.length} entries in the band, the histogram says ${count}`);
    }
    band = got;
    passes++;
  }
  band.sort();
  const x0 = band[r0 - below];
  const x1 = band[r1 - below];
  if (x0 === undefined || x1 === undefined) throw new Error('selectBand: ranks outside the band');
  return { x0, x1, passes };
}

/**
 * Combines the parts of a split pass (in row order, covering all rows) into the measures, with
 * the same bits as one pass: positives and row maxima in row order, task sums in task order,
 * column maxima by max, histograms summed, and the trimmed quantile finished on exact values
 * (see {@link selectBand}).
 */
export function finishScan(parts: readonly ScanPart[], cap: number, resolver: ExactResolver): PairScan {
  const first = parts[0];
  if (first === undefined) throw new UsageError('merge: no parts');
  const { n, k, d, trim, loss } = first;
  let next = 0;
  for (const q of parts) {
    if (q.row0 !== next)
      throw new UsageError(`merge: rows ${next} .. ${q.row0 - 1} are missing (or overlap)`);
    next = q.row1;
  }
  if (next !== n) throw new UsageError(`merge: rows ${next} .. ${n - 1} are missing`);
  const negCount = n * k - n;
  const t = loss?.t ?? 0;
  const bias = loss?.b ?? 0;
  const colPosMax = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  const colNegMax = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  let inWindow = 0;
  let negSum = 0;
  let negComp = 0;
  let lossNeg = 0;
  let lossComp = 0;
  let minPos = Number.POSITIVE_INFINITY;
  let posSum = 0;
  let posComp = 0;
  let lossPos = 0;
  let maxNeg = Number.NEGATIVE_INFINITY;
  let uCorrect = 0;
  const rowPosAll = new Float64Array(n);
  for (const q of parts) {
    inWindow += q.inWindow;
    for (let j = 0; j < k; j++) if (q.colNegMax[j]! > colNegMax[j]!) colNegMax[j] = q.colNegMax[j]!;
    for (let o = 0; o < q.taskSums.length; o += TASK_STRIDE) {
      const bsum = q.taskSums[o]!;
      const s = negSum + bsum;
      negComp +=
        (Math.abs(negSum) >= Math.abs(bsum) ? negSum - s + bsum : bsum - s + negSum) + q.taskSums[o + 1]!;
      negSum = s;
      const bloss = q.taskSums[o + 2]!;
      const l = lossNeg + bloss;
      lossComp +=
        (Math.abs(lossNeg) >= Math.abs(bloss) ? lossNeg - l + bloss : bloss - l + lossNeg) +
        q.taskSums[o + 3]!;
      lossNeg = l;
    }
    for (let r = 0; r < q.row1 - q.row0; r++) {
      const g = q.rowPos[r]!;
      rowPosAll[q.row0 + r] = g;
      const li = q.pos[r]!;
      if (g > colPosMax[li]!) colPosMax[li] = g;
      if (g < minPos) minPos = g;
      const ps = posSum + g;
      posComp += sumError(posSum, g, ps);
      posSum = ps;
      if (loss !== null) {
        // Neumaier, into the negatives' compensation (the positives' terms may dwarf each other)
        const term = softplus(-logitOf(t, g, bias));
        const l = lossPos + term;
        lossComp += sumError(lossPos, term, l);
        lossPos = l;
      }
      const rn = q.rowNegMax[r]!;
      if (rn > maxNeg) maxNeg = rn;
      if (g > rn) uCorrect++;
    }
  }
  let vCorrect = 0;
  for (let j = 0; j < k; j++) if (colPosMax[j]! > colNegMax[j]!) vCorrect++;
  const meanPos = (posSum + posComp) / n;
  // The negatives' sum is the whole sum <sum_i U_i, sum_j V_j> less the positives: exact inputs, not
  // the kernel's entries (a float32 GEMM's sum was off by 1e-9 relative); else the entries' sum.
  const total = resolver.gramTotal?.() ?? null;
  let meanNeg = (negSum + negComp) / negCount;
  if (total !== null && Number.isFinite(total.hi) && Number.isFinite(total.lo)) {
    const s = total.hi - posSum;
    meanNeg = (s + (sumError(total.hi, -posSum, s) + total.lo - posComp)) / negCount;
  }
  const margins: Margins = {
    mStar: (minPos - maxNeg) / 2,
    bStar: (minPos + maxNeg) / 2,
    minPos,
    maxNeg,
    meanPos,
    meanNeg,
    mMean: (meanPos - meanNeg) / 2,
    bMean: (meanPos + meanNeg) / 2,
  };
  const retrieval: Retrieval = { uToV: uCorrect / n, vToU: vCorrect / k, uCorrect, vCorrect };

  let trimmed: TrimmedMargins | undefined;
  if (trim !== null) {
    const ranks = quantileRanks(negCount, 1 - trim);
    const keptCap = Math.min(negCount, cap);
    let x0: number;
    let x1: number;
    let passes = 1;
    const r0 = ranks.lower;
    const r1 = ranks.upper;
    if (first.hist.length === 0) {
      // Every negative was kept, exactly (js kernel, at most cap of them).
      const sel = new Float64Array(inWindow);
      let w = 0;
      for (const q of parts) {
        sel.set(q.kept, w);
        w += q.kept.length;
      }
      sel.sort();
      x0 = sel[r0]!;
      x1 = sel[r1]!;
    } else {
      const found = timed('trimmed quantile band', () => selectBand(parts, r0, r1, keptCap, resolver));
      x0 = found.x0;
      x1 = found.x1;
      passes += found.passes;
    }
    const negQuantile = lerpNumpy(x0, x1, ranks.weight);
    const posQuantile = quantileSorted(rowPosAll.sort(), trim);
    // the margins from the quantiles' real values, rounded once: the two rounded quantiles are
    // close, and their difference lost ~20 ulps
    const pr = quantileRanks(n, trim);
    const pw = exactWeight(n, trim, false, pr.lower);
    const nw = exactWeight(negCount, trim, true, ranks.lower);
    const posExact = lerpExact(rowPosAll[pr.lower]!, rowPosAll[pr.upper]!, pw.hi, pw.lo);
    const negExact = lerpExact(x0, x1, nw.hi, nw.lo);
    trimmed = {
      trim,
      posQuantile,
      negQuantile,
      negLower: x0,
      negUpper: x1,
      mTrimmed: halfCombination(posExact, negExact, -1),
      bTrimmed: halfCombination(posExact, negExact, 1),
      passes,
    };
  }
  return {
    n,
    k,
    d,
    margins,
    retrieval,
    ...(trimmed !== undefined ? { trimmed } : {}),
    ...(loss !== null
      ? {
          lossSum: lossSumOf(lossNeg, lossPos, lossComp),
          // the histogram's origin hlo is -B, B = max|U_i| max|V_j| bounding every entry
          lossError: lossErrorBound(lossNeg, lossPos, t, bias, first.eps, -first.hlo, negCount),
        }
      : {}),
    kernel: first.kernel,
    kernelReason: first.kernelReason,
  };
}
