import { workerData } from 'node:worker_threads';
import type { Matrix } from '../numeric/float/vectors.js';
import { ANALYZE_SEPARATOR, separatorWith } from './separator.js';
import type { SeparatorWorkerData } from './separator-thread.js';

// Entry of the separator's helper thread: the float32 copies stand in for U and V (the same
// values; the separator widens every one to float64), the result goes to shared memory.
if (workerData !== null && typeof workerData === 'object' && 'u32' in workerData) {
  const { u32, v32, n, k, d, ctrl, out } = workerData as SeparatorWorkerData;
  try {
    const u = { rows: n, cols: d, data: u32 as unknown as Float64Array } as Matrix;
    const v = { rows: k, cols: d, data: v32 as unknown as Float64Array } as Matrix;
    const s = separatorWith(u, v, ANALYZE_SEPARATOR, { u32, v32 });
    out[0] = s.found ? 1 : 0;
    out[1] = s.fractionSeparated;
    out[2] = s.separatedCount;
    out[3] = s.margin;
    out[4] = s.marginUpper;
    out.set(s.h, 5);
    Atomics.store(ctrl, 0, 1);
  } catch {
    Atomics.store(ctrl, 0, 2);
  }
  Atomics.notify(ctrl, 0);
}
