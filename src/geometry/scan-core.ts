import { softplusFast } from '../numeric/float/softplus-fast.js';
import { bindGram, type GramArena } from '../numeric/float/wasm-gram.js';

/** Histogram buckets of the trimmed-quantile fallback (a power of two, shared with pairs.ts). */
export const BUCKETS = 2 ** 20;

/** Control words of a {@link ScanJob} (Int32Array indices). */
export const CTRL_NEXT = 0;
/** Row-block tasks finished (by any thread). */
export const CTRL_DONE = 1;
/** Set to 1 by a thread that failed. */
export const CTRL_ERROR = 2;
/** Length of the control array. */
export const CTRL_LEN = 4;

/** Doubles of per-task partial sums: negative sum and its compensation, loss sum and compensation. */
export const TASK_STRIDE = 4;
/** Doubles of per-slot scalars: min negative, values in the window, values below it. */
export const SLOT_STRIDE = 3;

/**
 * One streamed pass over G = U V^T split into row-block tasks that any thread may take (an atomic
 * counter hands them out). Everything a task writes is indexed by row, by task or by thread slot,
 * so the merged result does not depend on which thread ran which task. With a helper thread all
 * arrays live on SharedArrayBuffers.
 */
export interface ScanJob {
  readonly n: number;
  /** The rows [row0, row1) of U this job scans (all of them unless sharded). */
  readonly row0: number;
  readonly row1: number;
  readonly k: number;
  /** Rows per task and columns per block. */
  readonly blockRows: number;
  readonly blockCols: number;
  readonly tasks: number;
  /** Positive index of every U row. */
  readonly pos: Int32Array;
  readonly wantLoss: boolean;
  readonly t: number;
  readonly bias: number;
  readonly wantTrim: boolean;
  readonly useHist: boolean;
  /** Window [wlo, whi) of negatives kept for the exact quantile; histogram origin and scale. */
  readonly wlo: number;
  readonly whi: number;
  readonly hlo: number;
  readonly hscale: number;
  /** Values each slot may keep. */
  readonly keptCap: number;
  /**
   * Bound on |block entry - exact entry| (0 when the kernel's entries are the exact ones). When
   * positive, a block entry only nominates candidates: an entry within 2 eps of a running maximum
   * (row or column, negatives) is recomputed with the exact dot product. The trimmed quantile is
   * finished on exact values later, from the histogram and the kept window entries.
   */
  readonly eps: number;
  readonly ctrl: Int32Array;
  /** Exact positive of every row (filled before the pass; the pass skips positives). */
  readonly rowPos: Float64Array;
  /** Exact row maxima of the negatives, and (eps > 0) the running maxima of the block entries. */
  readonly rowNegMax: Float64Array;
  readonly rowNegApprox: Float64Array;
  /** TASK_STRIDE doubles per task. */
  readonly taskSums: Float64Array;
  /** k per slot: exact column maxima of the negatives, and (eps > 0) of the block entries. */
  readonly colNegMax: Float64Array;
  readonly colNegApprox: Float64Array;
  /** SLOT_STRIDE doubles per slot. */
  readonly slotScalars: Float64Array;
  /** BUCKETS per slot (empty without the histogram): the window's entries only. */
  readonly hist: Float64Array;
  /** keptCap per slot: window entries as the kernel computed them, and their index i k + j. */
  readonly kept: Float64Array;
  readonly keptIdx: Float64Array;
}

/** The exact entry G_ij (the naive left-to-right float64 dot product of the input rows). */
export type ExactDot = (i: number, j: number) => number;

/**
 * Computes the block G[i0 : i0+bi, j0 : j0+bj] and returns where it is: entry (r, c) at
 * `buf[off + r * ld + c]`.
 */
export type BlockSource = (
  i0: number,
  bi: number,
  j0: number,
  bj: number,
) => { readonly buf: Float64Array | Float32Array; readonly off: number; readonly ld: number };

/** Blocks from the wasm kernel, computed into this thread's slot of the arena. */
export function wasmSource(arena: GramArena, slot: number): BlockSource {
  const gram = bindGram(arena, slot);
  const buf = new Float64Array(arena.memory.buffer);
  return (i0, bi, j0, bj) => ({ buf, off: gram(i0, bi, j0, bj), ld: bj + (bj & 1) });
}

/** The monotone bucket of x: clamp(floor((x - lo) * scale), 0, BUCKETS - 1). */
export function bucketOf(x: number, lo: number, scale: number): number {
  const k = Math.floor((x - lo) * scale);
  return k < 0 ? 0 : k >= BUCKETS ? BUCKETS - 1 : k;
}

/** Takes tasks until none is left; `slot` selects this thread's private accumulators. */
export function runTasks(
  job: ScanJob,
  slot: number,
  gram: BlockSource,
  dot: ExactDot,
  progress?: (done: number, tasks: number) => void,
): void {
  for (;;) {
    const task = Atomics.add(job.ctrl, CTRL_NEXT, 1);
    if (task >= job.tasks) return;
    scanTask(job, slot, task, gram, dot);
    const done = Atomics.add(job.ctrl, CTRL_DONE, 1) + 1;
    progress?.(done, job.tasks);
    if (job.ctrl.buffer instanceof SharedArrayBuffer) Atomics.notify(job.ctrl, CTRL_DONE);
  }
}

/** The statistics of one row block, column blocks in order. */
function scanTask(job: ScanJob, slot: number, task: number, gram: BlockSource, dot: ExactDot): void {
  const { k, pos, rowNegMax, rowNegApprox, wantLoss, t, bias, wantTrim, useHist, wlo, whi, hlo, hscale } =
    job;
  const eps2 = 2 * job.eps;
  const approx = job.eps > 0;
  const colNegMax = job.colNegMax.subarray(slot * k, slot * k + k);
  const colNegApprox = approx ? job.colNegApprox.subarray(slot * k, slot * k + k) : colNegMax;
  const hist = useHist ? job.hist.subarray(slot * BUCKETS, (slot + 1) * BUCKETS) : job.hist;
  const keptCap = job.keptCap;
  const kept = job.kept.subarray(slot * keptCap, (slot + 1) * keptCap);
  const keptIdx = job.keptIdx.subarray(slot * keptCap, (slot + 1) * keptCap);
  const sc = slot * SLOT_STRIDE;
  let minNeg = job.slotScalars[sc]!;
  let inWindow = job.slotScalars[sc + 1]!;
  let belowWindow = job.slotScalars[sc + 2]!;
  const i0 = job.row0 + task * job.blockRows;
  const bi = Math.min(job.blockRows, job.row1 - i0);
  // Per-block plain sums, accumulated with Neumaier compensation across the task's blocks.
  let negSum = 0;
  let negComp = 0;
  let lossNeg = 0;
  let lossComp = 0;
  for (let j0 = 0; j0 < k; j0 += job.blockCols) {
    const bj = Math.min(job.blockCols, k - j0);
    const { buf, off, ld } = gram(i0, bi, j0, bj);
    let bsum = 0;
    let bloss = 0;
    for (let r = 0; r < bi; r++) {
      const i = i0 + r;
      const li = pos[i]!;
      const o = off + r * ld;
      let rmax = rowNegMax[i]!;
      let rapx = approx ? rowNegApprox[i]! : rmax;
      for (let c = 0; c < bj; c++) {
        const j = j0 + c;
        if (j === li) continue; // positives are exact already (rowPos)
        const g = buf[o + c]!;
        bsum += g;
        if (g < minNeg) minNeg = g;
        if (wantLoss) bloss += softplusFast(t * g - bias);
        if (approx) {
          // Candidates: the exact maximum's entry is within 2 eps of every running maximum below it.
          const ca = colNegApprox[j]!;
          if (g >= rapx - eps2 || g >= ca - eps2) {
            const x = dot(i, j);
            if (g >= rapx - eps2) {
              if (x > rmax) rmax = x;
              if (g > rapx) rapx = g;
            }
            if (g >= ca - eps2) {
              if (x > colNegMax[j]!) colNegMax[j] = x;
              if (g > ca) colNegApprox[j] = g;
            }
          }
        } else {
          if (g > rmax) rmax = g;
          if (g > colNegMax[j]!) colNegMax[j] = g;
        }
        if (wantTrim) {
          if (g < wlo) belowWindow++;
          else if (g < whi) {
            if (useHist) {
              // bucketOf, inlined; only window entries are bucketed (the rest are counted)
              const q = Math.floor((g - hlo) * hscale);
              hist[q < 0 ? 0 : q >= BUCKETS ? BUCKETS - 1 : q]!++;
            }
            if (inWindow < keptCap) {
              kept[inWindow] = g;
              keptIdx[inWindow] = i * k + j;
            }
            inWindow++;
          }
        }
      }
      rowNegMax[i] = rmax;
      if (approx) rowNegApprox[i] = rapx;
    }
    const s = negSum + bsum;
    negComp += Math.abs(negSum) >= Math.abs(bsum) ? negSum - s + bsum : bsum - s + negSum;
    negSum = s;
    const l = lossNeg + bloss;
    lossComp += Math.abs(lossNeg) >= Math.abs(bloss) ? lossNeg - l + bloss : bloss - l + lossNeg;
    lossNeg = l;
  }
  job.slotScalars[sc] = minNeg;
  job.slotScalars[sc + 1] = inWindow;
  job.slotScalars[sc + 2] = belowWindow;
  const ts = task * TASK_STRIDE;
  job.taskSums[ts] = negSum;
  job.taskSums[ts + 1] = negComp;
  job.taskSums[ts + 2] = lossNeg;
  job.taskSums[ts + 3] = lossComp;
}
