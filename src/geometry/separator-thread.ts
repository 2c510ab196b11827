/**
 * The modality-gap separator on a helper thread, started before the pair scan so it runs while the
 * scan's serial phases leave a core idle. The helper reads the exact float32 copies of U and V
 * (shared memory, the copies the scan's sgemm uses) and returns h and its margins through shared
 * memory; the result is the bits {@link separator} computes on this thread at the same OpenBLAS
 * thread count (the values are the same, the algorithm and its sums too).
 */
import type { Worker } from 'node:worker_threads';
import { float32Twin, loadBlas } from '../numeric/blas.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { startWorker, stopWorker } from '../start-worker.js';
import { ANALYZE_SEPARATOR, type Separator, separator } from './separator.js';

/** What the helper receives: the float32 copies and where to write (all shared). */
export interface SeparatorWorkerData {
  readonly u32: Float32Array;
  readonly v32: Float32Array;
  readonly n: number;
  readonly k: number;
  readonly d: number;
  /** [state] 0 running, 1 done, 2 failed. */
  readonly ctrl: Int32Array;
  /** found, fraction, count, margin, marginUpper, then h (d doubles). */
  readonly out: Float64Array;
}

/** Multiply-adds (N K d) from which analyze holds OpenBLAS at one thread and runs the separator beside the scan. */
export const SEPARATOR_THREAD_MIN_WORK = 2 ** 31;

/** A helper that has not answered in this long is given up: the separator then runs here (the same bits). */
const WAIT_MS = 600_000;

/**
 * Whether analyze of U (n x d) and V (k x d) runs with OpenBLAS held at one thread and the
 * separator on a helper: big inputs of float32 values with OpenBLAS loaded. The rule depends on the
 * inputs only, so a merge of shards decides like the single run (and gets the same separator bits).
 */
export function separatorBeside(u: Matrix, v: Matrix): boolean {
  if (u.rows * v.rows * u.cols < SEPARATOR_THREAD_MIN_WORK) return false;
  if (!loadBlas().ok) return false;
  const u32 = float32Twin(u.data);
  return u32 !== null && float32Twin(v.data) !== null;
}

/**
 * Holds OpenBLAS at one thread and starts the separator of U, V on a helper thread; the returned
 * function waits for it (run `separatorBeside` first: this assumes its conditions). Also used by a
 * merge, which computes the separator the same way without the helper: `beside = false`.
 */
export function startSeparator(u: Matrix, v: Matrix, beside: boolean): SeparatorWait {
  const status = loadBlas();
  if (status.ok) status.blas.setThreads(1);
  const u32 = float32Twin(u.data);
  const v32 = float32Twin(v.data);
  const state = { where: 'here' as 'here' | 'helper' };
  const here = Object.assign(() => separator(u, v, ANALYZE_SEPARATOR), { state });
  if (!beside || u32 === null || v32 === null) return here;
  const d = u.cols;
  const data: SeparatorWorkerData = {
    u32,
    v32,
    n: u.rows,
    k: v.rows,
    d,
    ctrl: new Int32Array(new SharedArrayBuffer(4)),
    out: new Float64Array(new SharedArrayBuffer(8 * (5 + d))),
  };
  let worker: Worker;
  try {
    worker = startWorker(import.meta.url, 'separator-worker', data);
  } catch {
    return here;
  }
  worker.unref();
  const wait = (): Separator => {
    const t0 = Date.now();
    while (Atomics.load(data.ctrl, 0) === 0 && Date.now() - t0 < WAIT_MS) Atomics.wait(data.ctrl, 0, 0, 1000);
    const done = Atomics.load(data.ctrl, 0);
    void stopWorker(worker);
    if (done !== 1) return separator(u, v, ANALYZE_SEPARATOR);
    state.where = 'helper';
    const o = data.out;
    return {
      found: o[0] === 1,
      fractionSeparated: o[1]!,
      separatedCount: o[2]!,
      margin: o[3]!,
      marginUpper: o[4]!,
      h: Float64Array.from(o.subarray(5, 5 + d)),
    };
  };
  return Object.assign(wait, { state });
}

/** Waits for the separator; `state.where` then says where it was computed. */
export type SeparatorWait = (() => Separator) & { readonly state: { where: 'here' | 'helper' } };
