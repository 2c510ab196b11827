import { workerData } from 'node:worker_threads';
import { type BlasBlocks, loadBlas } from '../numeric/blas.js';
import { arenaDot, type GramArena } from '../numeric/float/wasm-gram.js';
import {
  CTRL_DONE,
  CTRL_ERROR,
  dotsOf,
  interleavedDots,
  runTasks,
  type ScanJob,
  wasmSource,
} from './scan-core.js';
import { ledgerBlasSource } from './scan-ledger.js';

/** What the helper thread of a parallel scan receives (all arrays on SharedArrayBuffers). */
export interface ScanWorkerData {
  readonly job: ScanJob;
  readonly arena: GramArena | null;
  /** OpenBLAS inputs when the blocks come from OpenBLAS (then arena is null). */
  readonly blas: BlasBlocks | null;
  /** This thread's output slot in the arena and the job. */
  readonly slot: number;
}

// Entry of the helper thread: take row-block tasks until none is left, then exit. A failure sets
// the error word and wakes the main thread, which is blocked on the done counter.
if (workerData !== null && typeof workerData === 'object' && 'job' in workerData) {
  const { job, arena, blas, slot } = workerData as ScanWorkerData;
  try {
    if (arena !== null) runTasks(job, slot, wasmSource(arena, slot), dotsOf(arenaDot(arena)));
    else {
      const status = loadBlas();
      if (!status.ok || blas === null) throw new Error('scan worker: OpenBLAS not loadable here');
      status.blas.setThreads(1);
      runTasks(
        job,
        slot,
        ledgerBlasSource(status.blas, blas, job.k),
        interleavedDots(blas.u, blas.v, blas.d),
      );
    }
  } catch {
    Atomics.store(job.ctrl, CTRL_ERROR, 1);
    Atomics.notify(job.ctrl, CTRL_DONE);
  }
}
