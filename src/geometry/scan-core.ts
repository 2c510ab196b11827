import { softplus } from '../numeric/float/softplus.js';
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
  readonly ctrl: Int32Array;
  readonly rowPos: Float64Array;
  readonly rowNegMax: Float64Array;
  /** TASK_STRIDE doubles per task. */
  readonly taskSums: Float64Array;
  /** k per slot. */
  readonly colPosMax: Float64Array;
  readonly colNegMax: Float64Array;
  /** SLOT_STRIDE doubles per slot. */
  readonly slotScalars: Float64Array;
  /** BUCKETS per slot (empty without the histogram). */
  readonly hist: Float64Array;
  /** keptCap per slot. */
  readonly kept: Float64Array;
}

/**
 * Computes the block G[i0 : i0+bi, j0 : j0+bj] and returns where it is: entry (r, c) at
 * `buf[off + r * ld + c]`.
 */
export type BlockSource = (
  i0: number,
  bi: number,
  j0: number,
  bj: number,
) => { readonly buf: Float64Array; readonly off: number; readonly ld: number };

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
export function runTasks(job: ScanJob, slot: number, gram: BlockSource): void {
  for (;;) {
    const task = Atomics.add(job.ctrl, CTRL_NEXT, 1);
    if (task >= job.tasks) return;
    scanTask(job, slot, task, gram);
    Atomics.add(job.ctrl, CTRL_DONE, 1);
    if (job.ctrl.buffer instanceof SharedArrayBuffer) Atomics.notify(job.ctrl, CTRL_DONE);
  }
}

/** The statistics of one row block, column blocks in order. */
function scanTask(job: ScanJob, slot: number, task: number, gram: BlockSource): void {
  const { k, pos, rowPos, rowNegMax, wantLoss, t, bias, wantTrim, useHist, wlo, whi, hlo, hscale } = job;
  const colPosMax = job.colPosMax.subarray(slot * k, slot * k + k);
  const colNegMax = job.colNegMax.subarray(slot * k, slot * k + k);
  const hist = useHist ? job.hist.subarray(slot * BUCKETS, (slot + 1) * BUCKETS) : job.hist;
  const keptCap = job.keptCap;
  const kept = job.kept.subarray(slot * keptCap, (slot + 1) * keptCap);
  const sc = slot * SLOT_STRIDE;
  let minNeg = job.slotScalars[sc]!;
  let inWindow = job.slotScalars[sc + 1]!;
  let belowWindow = job.slotScalars[sc + 2]!;
  const i0 = task * job.blockRows;
  const bi = Math.min(job.blockRows, job.n - i0);
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
      for (let c = 0; c < bj; c++) {
        const j = j0 + c;
        const g = buf[o + c]!;
        if (j === li) {
          rowPos[i] = g;
          if (g > colPosMax[j]!) colPosMax[j] = g;
          continue;
        }
        bsum += g;
        if (g > rmax) rmax = g;
        if (g < minNeg) minNeg = g;
        if (g > colNegMax[j]!) colNegMax[j] = g;
        if (wantLoss) bloss += softplus(t * g - bias);
        if (wantTrim) {
          if (useHist) hist[bucketOf(g, hlo, hscale)]!++;
          if (g < wlo) belowWindow++;
          else if (g < whi) {
            if (inWindow < keptCap) kept[inWindow] = g;
            inWindow++;
          }
        }
      }
      rowNegMax[i] = rmax;
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
