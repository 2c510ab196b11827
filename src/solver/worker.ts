import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedOptions } from './options.js';
import { runStart } from './run.js';

/** Work sent to a solver worker: the resolved options and the start indices it runs in turn. */
export interface WorkerTask {
  readonly options: ResolvedOptions;
  readonly starts: readonly number[];
}

/** Messages a solver worker posts back. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly steps: number }
  | { readonly type: 'result'; readonly result: ReturnType<typeof runStart> };

// Progress is posted at most this often (in steps) to keep messaging off the hot path.
const PROGRESS_EVERY = 50;

if (parentPort !== null) {
  const port = parentPort;
  const task = workerData as WorkerTask;
  for (const start of task.starts) {
    let last = 0;
    const result = runStart(task.options, start, (s) => {
      if (s - last >= PROGRESS_EVERY) {
        port.postMessage({ type: 'progress', steps: s - last } satisfies WorkerMessage);
        last = s;
      }
    });
    port.postMessage({ type: 'progress', steps: result.steps - last } satisfies WorkerMessage);
    port.postMessage({ type: 'result', result } satisfies WorkerMessage);
  }
}
