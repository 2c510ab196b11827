import type { Worker } from 'node:worker_threads';
import { startWorker, stopWorker } from '../start-worker.js';
import type { Metrics, Params, Step } from './types.js';

/** One seeded run sent to a worker. */
export interface UnitTask {
  readonly index: number;
  readonly experiment: string;
  readonly params: Params;
  readonly seed: number;
  readonly quick: boolean;
  readonly step: Step;
}

/** A worker's reply: the unit's metrics, or the error message of a failed unit. */
export type UnitReply =
  | { readonly index: number; readonly metrics: Metrics }
  | { readonly index: number; readonly error: string };

/** Runs one unit in this thread (the registry resolves the experiment). */
export type UnitRunner = (task: UnitTask) => Metrics;

/** Progress hook: units done so far and their total. */
export type UnitProgress = (done: number, total: number) => void;

function startPoolWorker(): Worker {
  return startWorker(import.meta.url, 'worker');
}

/**
 * Runs every unit and returns the metrics in task order. With `threads` > 1, units go to a pool of
 * worker threads, costliest first (`cost[i]`); each unit is a pure function of its task, so the
 * result does not depend on the thread count or the scheduling.
 */
export async function runUnits(
  tasks: readonly UnitTask[],
  cost: readonly number[],
  threads: number,
  inThread: UnitRunner,
  onProgress?: UnitProgress,
): Promise<Metrics[]> {
  const out: (Metrics | undefined)[] = tasks.map(() => undefined);
  const total = tasks.length;
  let done = 0;
  if (threads <= 1 || total <= 1) {
    for (const t of tasks) {
      out[t.index] = inThread(t);
      onProgress?.(++done, total);
    }
    return out as Metrics[];
  }
  const order = tasks.map((_, i) => i).sort((a, b) => (cost[b] ?? 1) - (cost[a] ?? 1) || a - b);
  let next = 0;
  let failed = false;
  const workers: Worker[] = [];
  // On the first failure every worker is stopped, so nothing keeps the process alive.
  const fail = (e: Error, reject: (e: Error) => void): void => {
    failed = true;
    for (const w of workers) void stopWorker(w);
    reject(e);
  };
  const runs: Promise<void>[] = [];
  for (let w = 0; w < Math.min(threads, total); w++) {
    runs.push(
      new Promise<void>((resolve, reject) => {
        const worker = startPoolWorker();
        workers.push(worker);
        const feed = (): void => {
          const i = failed ? undefined : order[next++];
          if (i === undefined) {
            void stopWorker(worker).then(() => resolve());
            return;
          }
          worker.postMessage(tasks[i]);
        };
        worker.on('message', (m: UnitReply) => {
          if ('error' in m) {
            fail(new Error(`experiment unit ${m.index} failed: ${m.error}`), reject);
            return;
          }
          out[m.index] = m.metrics;
          onProgress?.(++done, total);
          feed();
        });
        worker.on('error', (e) => fail(e, reject));
        worker.on('online', feed);
      }),
    );
  }
  await Promise.all(runs);
  return out as Metrics[];
}
