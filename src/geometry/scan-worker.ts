import { workerData } from 'node:worker_threads';
import { arenaDot, type GramArena } from '../numeric/float/wasm-gram.js';
import { CTRL_DONE, CTRL_ERROR, runTasks, type ScanJob, wasmSource } from './scan-core.js';

/** What the helper thread of a parallel scan receives (all arrays on SharedArrayBuffers). */
export interface ScanWorkerData {
  readonly job: ScanJob;
  readonly arena: GramArena;
  /** This thread's output slot in the arena and the job. */
  readonly slot: number;
}

// Entry of the helper thread: take row-block tasks until none is left, then exit. A failure sets
// the error word and wakes the main thread, which is blocked on the done counter.
if (workerData !== null && typeof workerData === 'object' && 'job' in workerData) {
  const { job, arena, slot } = workerData as ScanWorkerData;
  try {
    runTasks(job, slot, wasmSource(arena, slot), arenaDot(arena));
  } catch {
    Atomics.store(job.ctrl, CTRL_ERROR, 1);
    Atomics.notify(job.ctrl, CTRL_DONE);
  }
}
