import { logitOf } from '../numeric/float/error-free.js';
import { softplusFast } from '../numeric/float/softplus-fast.js';
import { bindGram, type GramArena } from '../numeric/float/wasm-gram.js';
import type { Ledger } from './scan-ledger.js';

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
/**
 * Doubles of per-slot scalars: min negative, values in the window, values below it, the bounds of
 * the window of kept values (a slot narrows its own), the negatives it has visited, and the values
 * in the kept window.
 */
export const SLOT_STRIDE = 7;

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
  /**
   * Logits t G - b by {@link logitOf} (within an ulp) instead of `t * g - b` (off by up to
   * u (t |g| + |b|)): set with exact entries when that rounding would show in the loss.
   */
  readonly exactLogits: boolean;
  readonly wantTrim: boolean;
  readonly useHist: boolean;
  /** The quantile of the negatives wanted (1 - trim): where a slot narrows its window to. */
  readonly p: number;
  /**
   * Window [wlo, whi) of negatives counted in the histogram (fixed for the pass); histogram origin
   * and scale. The values kept for the exact quantile are those of a narrower window per slot.
   */
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
  /** keptCap per slot: kept-window entries as the kernel computed them, and their index i k + j. */
  readonly kept: Float64Array;
  readonly keptIdx: Float64Array;
}

/** The exact entry G_ij (the naive left-to-right float64 dot product of the input rows). */
export type ExactDot = (i: number, j: number) => number;

/**
 * out[e] = the exact entry G_{is[e], js[e]} for e < count (the same bits as {@link ExactDot}; an
 * implementation may interleave several sums so their additions overlap).
 */
export type ExactDots = (is: Int32Array, js: Int32Array, out: Float64Array, count: number) => void;

/** The batched form of a single exact dot (one at a time). */
export function dotsOf(dot: ExactDot): ExactDots {
  return (is, js, out, count) => {
    for (let e = 0; e < count; e++) out[e] = dot(is[e]!, js[e]!);
  };
}

/**
 * Four left-to-right float64 sums at a time over row-major U and V (float32 values are widened
 * exactly): the same bits as one sum at a time, about 3x the throughput; four entries of one U row
 * (entries sorted by row) share each load of it.
 */
export function interleavedDots(
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  d: number,
): ExactDots {
  return (is, js, out, count) => {
    let e = 0;
    for (; e + 4 <= count; e += 4) {
      const i0 = is[e]!;
      if (is[e + 1] === i0 && is[e + 2] === i0 && is[e + 3] === i0) {
        const a0 = i0 * d;
        const b0 = js[e]! * d;
        const b1 = js[e + 1]! * d;
        const b2 = js[e + 2]! * d;
        const b3 = js[e + 3]! * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let q = 0; q < d; q++) {
          const x = a[a0 + q]!;
          s0 += x * b[b0 + q]!;
          s1 += x * b[b1 + q]!;
          s2 += x * b[b2 + q]!;
          s3 += x * b[b3 + q]!;
        }
        out[e] = s0;
        out[e + 1] = s1;
        out[e + 2] = s2;
        out[e + 3] = s3;
        continue;
      }
      const a0 = is[e]! * d;
      const a1 = is[e + 1]! * d;
      const a2 = is[e + 2]! * d;
      const a3 = is[e + 3]! * d;
      const b0 = js[e]! * d;
      const b1 = js[e + 1]! * d;
      const b2 = js[e + 2]! * d;
      const b3 = js[e + 3]! * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let q = 0; q < d; q++) {
        s0 += a[a0 + q]! * b[b0 + q]!;
        s1 += a[a1 + q]! * b[b1 + q]!;
        s2 += a[a2 + q]! * b[b2 + q]!;
        s3 += a[a3 + q]! * b[b3 + q]!;
      }
      out[e] = s0;
      out[e + 1] = s1;
      out[e + 2] = s2;
      out[e + 3] = s3;
    }
    for (; e < count; e++) {
      const oi = is[e]! * d;
      const oj = js[e]! * d;
      let s = 0;
      for (let q = 0; q < d; q++) s += a[oi + q]! * b[oj + q]!;
      out[e] = s;
    }
  };
}

/** Nominated entries a thread holds before it settles them (1.4 MB a thread). */
const CANDIDATES = 2 ** 16;

/**
 * Computes the block G[i0 : i0+bi, j0 : j0+bj] and returns where it is: entry (r, c) at
 * `buf[off + r * ld + c]`.
 */
export type BlockSource = ((
  i0: number,
  bi: number,
  j0: number,
  bj: number,
) => { readonly buf: Float64Array | Float32Array; readonly off: number; readonly ld: number }) & {
  /** When present, blocks land in this wasm memory (row stride bj) and its kernel does the bookkeeping. */
  readonly ledger?: Ledger;
};

/** Blocks from the wasm kernel, computed into this thread's slot of the arena. */
export function wasmSource(arena: GramArena, slot: number): BlockSource {
  const gram = bindGram(arena, slot);
  const buf = new Float64Array(arena.memory.buffer);
  return (i0, bi, j0, bj) => ({ buf, off: gram(i0, bi, j0, bj), ld: bj + (bj & 1) });
}

/** A slot's window of kept values and its count. */
interface KeptState {
  readonly klo: number;
  readonly khi: number;
  readonly inKept: number;
}

/**
 * Narrows a slot's kept window [klo, khi) to the buckets of the entries ranked within a quarter of
 * its count of the p-quantile of the negatives this slot has visited (at least `minHalf` buckets
 * each side of it), and drops the kept entries that leave it. The estimate comes from the
 * histogram of the whole window [wlo, whi) (never narrowed, so its counts stay exact); kept windows
 * only shrink, so the entries kept are all those inside the final one. A kept window that then
 * misses the quantile's band costs one more pass, never a wrong value. Unchanged when the estimate
 * is not inside the histogram's window.
 */
export function narrowKept(
  st: KeptState,
  a: {
    readonly hist: Float64Array;
    readonly kept: Float64Array;
    readonly keptIdx: Float64Array;
    readonly hlo: number;
    readonly hscale: number;
    readonly wlo: number;
    readonly whi: number;
    readonly belowWindow: number;
  },
  p: number,
  visited: number,
  minHalf: number,
): KeptState {
  const { hist, kept, keptIdx, hlo, hscale, belowWindow } = a;
  const bLo = a.wlo === Number.NEGATIVE_INFINITY ? -1 : bucketOf(a.wlo, hlo, hscale);
  const bHi = a.whi === Number.POSITIVE_INFINITY ? BUCKETS : bucketOf(a.whi, hlo, hscale);
  const r = Math.floor(p * (visited - 1));
  if (r < belowWindow) return st;
  // Keep the entries ranked within a quarter of the kept count of the estimate (at least minHalf
  // buckets each side): the kept population about halves around it. Three walks over the window's
  // buckets, with the fewest operations a step, find the first bucket whose cumulative count passes
  // each of the ranks rankLo <= r <= rankHi (r >= belowWindow here); none: one past the window.
  const quarter = Math.floor(st.inKept / 4);
  const rankLo = Math.max(belowWindow, r - quarter);
  const rankHi = r + quarter;
  const end = Math.min(bHi, BUCKETS - 1);
  let cum = belowWindow;
  let b = Math.max(bLo, 0);
  while (b <= end && cum + hist[b]! <= rankLo) cum += hist[b++]!;
  let kLo = b;
  while (b <= end && cum + hist[b]! <= r) cum += hist[b++]!;
  const kq = b;
  while (b <= end && cum + hist[b]! <= rankHi) cum += hist[b++]!;
  let kHi = Math.min(b, end);
  if (kq <= bLo || kq >= bHi) return st;
  kLo = Math.min(kLo, kq - minHalf);
  kHi = Math.max(kHi, kq + minHalf);
  const lo = Math.max(st.klo, hlo + kLo / hscale);
  const hi = Math.min(st.khi, hlo + (kHi + 1) / hscale);
  if (!(lo < hi) || (lo === st.klo && hi === st.khi)) return st;
  let w = 0;
  for (let e = 0; e < st.inKept; e++) {
    const g = kept[e]!;
    if (g < lo || g >= hi) continue;
    kept[w] = g;
    keptIdx[w] = keptIdx[e]!;
    w++;
  }
  return { klo: lo, khi: hi, inKept: w };
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
  dots: ExactDots,
  progress?: (done: number, tasks: number) => void,
): void {
  const pending: Pending = {
    count: 0,
    is: new Int32Array(CANDIDATES),
    js: new Int32Array(CANDIDATES),
    flags: new Uint8Array(CANDIDATES),
    approx: new Float64Array(CANDIDATES),
    exact: new Float64Array(CANDIDATES),
  };
  const ledger = job.eps > 0 ? gram.ledger : undefined;
  const k = job.k;
  // With a ledger the column maxima of the block entries live in its memory during the pass.
  const colApprox = ledger?.colApx ?? job.colNegApprox.subarray(slot * k, slot * k + k);
  if (ledger !== undefined) colApprox.set(job.colNegApprox.subarray(slot * k, slot * k + k));
  // The done count of a task is published after the next one is taken, so the last one is
  // published only after the pending nominations are settled into the shared maxima.
  let held = 0;
  for (;;) {
    const task = Atomics.add(job.ctrl, CTRL_NEXT, 1);
    if (task >= job.tasks) {
      settle(job, slot, pending, dots, colApprox);
      if (ledger !== undefined) job.colNegApprox.set(colApprox, slot * k);
      if (held > 0) publish(job, held, progress);
      return;
    }
    if (ledger !== undefined) scanTaskLedger(job, slot, task, gram, ledger, dots, pending);
    else scanTask(job, slot, task, gram, dots, pending);
    if (held > 0) publish(job, held, progress);
    held = 1;
  }
}

function publish(job: ScanJob, count: number, progress?: (done: number, tasks: number) => void): void {
  const done = Atomics.add(job.ctrl, CTRL_DONE, count) + count;
  progress?.(done, job.tasks);
  if (job.ctrl.buffer instanceof SharedArrayBuffer) Atomics.notify(job.ctrl, CTRL_DONE);
}

/**
 * Entries nominated for an exact recomputation, with their block entry: flag 1 for the row
 * maximum, 2 for the column maximum.
 */
interface Pending {
  count: number;
  readonly is: Int32Array;
  readonly js: Int32Array;
  readonly flags: Uint8Array;
  readonly approx: Float64Array;
  readonly exact: Float64Array;
}

/**
 * Takes the pending nominations into the exact row and column maxima. A nomination is kept only if
 * its block entry is still within 2 eps of the running maximum now (the exact maximum's entry is
 * within 2 eps of every running maximum, at any time), so most are dropped before their exact
 * entry is computed; maxima do not depend on the order entries are taken in.
 */
function settle(job: ScanJob, slot: number, p: Pending, dots: ExactDots, colNegApprox: Float64Array): void {
  const { k, rowNegMax, rowNegApprox } = job;
  const eps2 = 2 * job.eps;
  const colNegMax = job.colNegMax.subarray(slot * k, slot * k + k);
  let w = 0;
  for (let e = 0; e < p.count; e++) {
    const g = p.approx[e]!;
    const i = p.is[e]!;
    const j = p.js[e]!;
    const f =
      (p.flags[e]! & 1 && g >= rowNegApprox[i]! - eps2 ? 1 : 0) |
      (p.flags[e]! & 2 && g >= colNegApprox[j]! - eps2 ? 2 : 0);
    if (f === 0) continue;
    p.is[w] = i;
    p.js[w] = j;
    p.flags[w] = f;
    w++;
  }
  dots(p.is, p.js, p.exact, w);
  for (let e = 0; e < w; e++) {
    const x = p.exact[e]!;
    const f = p.flags[e]!;
    if (f & 1 && x > rowNegMax[p.is[e]!]!) rowNegMax[p.is[e]!] = x;
    if (f & 2 && x > colNegMax[p.js[e]!]!) colNegMax[p.js[e]!] = x;
  }
  p.count = 0;
}

/** The rounding error of a + b (Neumaier): add it to a compensation term beside the running sum. */
function neumaierError(a: number, b: number): number {
  const s = a + b;
  return Math.abs(a) >= Math.abs(b) ? a - s + b : b - s + a;
}

/** Adds a block's negatives' sum and loss sum (with its compensation) to a task's compensated sums (see {@link storeSlot}). */
function addBlockSums(
  sums: [number, number, number, number],
  bsum: number,
  bloss: number,
  blossComp: number,
): void {
  sums[1] += neumaierError(sums[0], bsum);
  sums[0] += bsum;
  sums[3] += neumaierError(sums[2], bloss) + blossComp;
  sums[2] += bloss;
}

/**
 * A task's results into the job's shared arrays: the slot's scalars (minimum negative, window
 * counts, window, entries visited) and the task's compensated sums (negatives, loss).
 */
function storeSlot(
  job: { readonly slotScalars: Float64Array; readonly taskSums: Float64Array },
  task: number,
  sc: number,
  scalars: readonly number[],
  sums: readonly [number, number, number, number],
): void {
  for (let q = 0; q < scalars.length; q++) job.slotScalars[sc + q] = scalars[q]!;
  job.taskSums.set(sums, task * TASK_STRIDE);
}

/** One slot's views and running scalars at the start of a task (storeSlot writes the scalars back). */
function loadSlot(job: ScanJob, slot: number, task: number) {
  const keptCap = job.keptCap;
  const sc = slot * SLOT_STRIDE;
  const s = job.slotScalars;
  const i0 = job.row0 + task * job.blockRows;
  return {
    hist: job.useHist ? job.hist.subarray(slot * BUCKETS, (slot + 1) * BUCKETS) : job.hist,
    kept: job.kept.subarray(slot * keptCap, (slot + 1) * keptCap),
    keptIdx: job.keptIdx.subarray(slot * keptCap, (slot + 1) * keptCap),
    keptCap,
    sc,
    headroom: job.blockRows * job.blockCols,
    // The band of the exact quantile is 2 eps and two buckets each side of its buckets.
    minHalf: Math.ceil(2 * job.eps * job.hscale) + 2 + 64,
    i0,
    bi: Math.min(job.blockRows, job.row1 - i0),
    scalars: [s[sc]!, s[sc + 1]!, s[sc + 2]!, s[sc + 3]!, s[sc + 4]!, s[sc + 5]!, s[sc + 6]!] as const,
  };
}

/**
 * The statistics of one row block, column blocks in order. With an approximate kernel the
 * nominated entries are settled in batches: which entries are nominated depends on block entries
 * only, and maxima do not depend on the order they are taken in, so the result is the same bits.
 */
function scanTask(
  job: ScanJob,
  slot: number,
  task: number,
  gram: BlockSource,
  dots: ExactDots,
  pending: Pending,
): void {
  const { k, pos, rowNegMax, rowNegApprox, wantLoss, t, bias, wantTrim, useHist, hlo, hscale } = job;
  const exactLogits = job.exactLogits;
  const eps2 = 2 * job.eps;
  const approx = job.eps > 0;
  const colNegMax = job.colNegMax.subarray(slot * k, slot * k + k);
  const colNegApprox = approx ? job.colNegApprox.subarray(slot * k, slot * k + k) : colNegMax;
  const { hist, kept, keptIdx, keptCap, sc, headroom, minHalf, i0, bi, scalars } = loadSlot(job, slot, task);
  let [minNeg, inWindow, belowWindow, klo, khi, visited, inKept] = scalars;
  const { wlo, whi } = job;
  // Per-block plain sums, accumulated with Neumaier compensation across the task's blocks.
  // negatives' sum and its compensation, the loss's sum and its compensation, over the task's blocks
  const sums: [number, number, number, number] = [0, 0, 0, 0];
  for (let j0 = 0; j0 < k; j0 += job.blockCols) {
    const bj = Math.min(job.blockCols, k - j0);
    const { buf, off, ld } = gram(i0, bi, j0, bj);
    let bsum = 0;
    // each row's loss terms summed, rows added with Neumaier's correction
    let bloss = 0;
    let blossComp = 0;
    for (let r = 0; r < bi; r++) {
      const i = i0 + r;
      const li = pos[i]!;
      const o = off + r * ld;
      let rloss = 0;
      let rmax = rowNegMax[i]!;
      let rapx = approx ? rowNegApprox[i]! : rmax;
      for (let c = 0; c < bj; c++) {
        const j = j0 + c;
        if (j === li) continue; // positives are exact already (rowPos)
        const g = buf[o + c]!;
        bsum += g;
        if (g < minNeg) minNeg = g;
        if (wantLoss) rloss += softplusFast(exactLogits ? logitOf(t, g, bias) : t * g - bias);
        if (approx) {
          // Candidates: the exact maximum's entry is within 2 eps of every running maximum below it.
          const ca = colNegApprox[j]!;
          const inRow = g >= rapx - eps2;
          const inCol = g >= ca - eps2;
          if (inRow || inCol) {
            const e = pending.count;
            pending.is[e] = i;
            pending.js[e] = j;
            pending.flags[e] = (inRow ? 1 : 0) | (inCol ? 2 : 0);
            pending.approx[e] = g;
            if (g > rapx) rapx = g;
            if (g > ca) colNegApprox[j] = g;
            if (++pending.count === CANDIDATES) {
              rowNegApprox[i] = rapx;
              settle(job, slot, pending, dots, colNegApprox);
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
            if (g >= klo && g < khi) {
              if (inKept < keptCap) {
                kept[inKept] = g;
                keptIdx[inKept] = i * k + j;
              }
              inKept++;
            }
            inWindow++;
          }
        }
      }
      if (approx) rowNegApprox[i] = rapx;
      else rowNegMax[i] = rmax;
      blossComp += neumaierError(bloss, rloss);
      bloss += rloss;
    }
    let positives = 0;
    for (let r = 0; r < bi; r++) if (pos[i0 + r]! >= j0 && pos[i0 + r]! < j0 + bj) positives++;
    visited += bi * bj - positives;
    // the kept entries would overflow: narrow this slot's kept window around its own estimate
    if (useHist && inKept <= keptCap && inKept > keptCap - headroom)
      ({ klo, khi, inKept } = narrowKept(
        { klo, khi, inKept },
        { hist, kept, keptIdx, hlo, hscale, wlo, whi, belowWindow },
        job.p,
        visited,
        minHalf,
      ));
    addBlockSums(sums, bsum, bloss, blossComp);
  }
  storeSlot(job, task, sc, [minNeg, inWindow, belowWindow, klo, khi, visited, inKept], sums);
}

/**
 * {@link scanTask} with the per-entry work done by the ledger's wasm kernel, one call per block (more
 * when its lists fill): the same nominations, window entries and counts as the plain loop, in the
 * same order; the block's sums are taken in two SIMD lanes (other bits than the plain loop, the
 * same bits on every run and split, since the blocks are the same).
 */
function scanTaskLedger(
  job: ScanJob,
  slot: number,
  task: number,
  gram: BlockSource,
  ledger: Ledger,
  dots: ExactDots,
  pending: Pending,
): void {
  const { k, pos, rowNegApprox, wantLoss, t, bias, wantTrim, useHist, hlo, hscale } = job;
  const eps2 = 2 * job.eps;
  const { hist, kept, keptIdx, keptCap, sc, headroom, minHalf, i0, bi, scalars } = loadSlot(job, slot, task);
  let [minNeg, inWindow, belowWindow, klo, khi, visited, inKept] = scalars;
  const { wlo, whi } = job;
  const { block, posc, rowApx, colApx } = ledger;
  const rowApprox = rowNegApprox.subarray(i0, i0 + bi);
  rowApx.set(rowApprox);
  // negatives' sum and its compensation, the loss's sum and its compensation, over the task's blocks
  const sums: [number, number, number, number] = [0, 0, 0, 0];
  for (let j0 = 0; j0 < k; j0 += job.blockCols) {
    const bj = Math.min(job.blockCols, k - j0);
    const made = gram(i0, bi, j0, bj);
    if (made.buf !== block || made.off !== 0 || made.ld !== bj)
      throw new Error('scan: block not in the ledger');
    let positives = 0;
    for (let r = 0; r < bi; r++) {
      const c = pos[i0 + r]! - j0;
      const inside = c >= 0 && c < bj;
      posc[r] = inside ? c : -1;
      if (inside) positives++;
    }
    let bsum = 0;
    let bloss = 0;
    let blossComp = 0;
    for (let r = 0; r < bi; ) {
      const call = ledger.scan(bi, bj, j0, r, { t, b: bias, eps2, wlo, whi, wantLoss, wantTrim });
      r = call.next;
      bsum += call.sum;
      blossComp += neumaierError(bloss, call.loss) + call.lossComp;
      bloss += call.loss;
      if (call.min < minNeg) minNeg = call.min;
      belowWindow += call.below;
      rowApprox.set(rowApx.subarray(0, bi));
      const { cand, win } = call;
      for (let e = 0; e < call.candCount; e++) {
        const x = cand[e]!;
        const idx = x >>> 2;
        const rr = Math.floor(idx / bj);
        const p = pending.count;
        pending.is[p] = i0 + rr;
        pending.js[p] = j0 + idx - rr * bj;
        pending.flags[p] = x & 3;
        pending.approx[p] = block[idx]!;
        if (++pending.count === CANDIDATES) settle(job, slot, pending, dots, colApx);
      }
      for (let e = 0; e < call.winCount; e++) {
        const idx = win[e]!;
        const g = block[idx]!;
        if (useHist) {
          const q = Math.floor((g - hlo) * hscale);
          hist[q < 0 ? 0 : q >= BUCKETS ? BUCKETS - 1 : q]!++;
        }
        if (g >= klo && g < khi) {
          if (inKept < keptCap) {
            const rr = Math.floor(idx / bj);
            kept[inKept] = g;
            keptIdx[inKept] = (i0 + rr) * k + j0 + idx - rr * bj;
          }
          inKept++;
        }
        inWindow++;
      }
    }
    visited += bi * bj - positives;
    // the kept entries would overflow: narrow this slot's kept window around its own estimate
    if (useHist && inKept <= keptCap && inKept > keptCap - headroom)
      ({ klo, khi, inKept } = narrowKept(
        { klo, khi, inKept },
        { hist, kept, keptIdx, hlo, hscale, wlo, whi, belowWindow },
        job.p,
        visited,
        minHalf,
      ));
    addBlockSums(sums, bsum, bloss, blossComp);
  }
  storeSlot(job, task, sc, [minNeg, inWindow, belowWindow, klo, khi, visited, inKept], sums);
}
