import type { Worker } from 'node:worker_threads';
import { startWorker } from '../start-worker.js';
import { sigmoidLossHp } from '../loss/hp/sigmoid.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { xi } from '../geometry/xi.js';
import { marginOf } from './measures.js';
import { type ResolvedOptions, resolveOptions, type SolveOptions, type SolverLoss } from './options.js';
import { runStart, type StartResult, type StopReason, type TrajectoryPoint } from './run.js';
import type { WorkerMessage, WorkerTask } from './worker.js';

export type {
  KernelChoice,
  ResolvedOptions,
  Schedule,
  SolveOptions,
  SolverLoss,
  SolverOptimizer,
  SyncGraph,
} from './options.js';
export { resolveOptions, SOLVE_DEFAULTS, SolveOptionError } from './options.js';
export type { StopReason, TrajectoryPoint } from './run.js';

/** The result of {@link solve}: the best start's final configuration and its measures. */
export interface SolveResult {
  readonly seed: number;
  readonly n: number;
  readonly d: number;
  readonly loss: SolverLoss;
  /** Adam steps taken by the best start. */
  readonly steps: number;
  readonly stopReason: StopReason;
  readonly polishIterations: number;
  readonly polishStop: StopReason | null;
  /** The first two modalities (U, V), and all k of them. */
  readonly u: Matrix;
  readonly v: Matrix;
  readonly configs: Matrix[];
  /** Final inverse temperature, absolute bias and relative bias (b = 0 for InfoNCE). */
  readonly t: number;
  readonly b: number;
  readonly bRel: number;
  /** Final loss (float64, in the chosen normalisation; per-pair average when k > 2). */
  readonly lossValue: number;
  /**
   * The loss in decimal.js (40 digits, as a string) when float64 cannot hold it to full relative
   * precision (below 1e-290), for the sigmoid family with k = 2 and N^2 d <= 4e6; else null.
   */
  readonly lossHp: string | null;
  readonly gradNorm: number;
  /** m*, b* of (U, V) for k = 2; of the worst synchronised pair when k > 2. */
  readonly mStar: number;
  readonly bStar: number;
  /** xi of (U, V). */
  readonly xi: number;
  readonly trajectory: TrajectoryPoint[];
  /** The winning start and every start's final loss (best-of by loss, then lowest index). */
  readonly bestStart: number;
  readonly startLosses: number[];
  readonly kernel: 'js' | 'wasm' | 'openblas';
}

/** Below this the float64 loss loses relative precision to subnormals: recompute in decimal.js. */
const UNDERFLOW = 1e-290;
/** Cost bound (N^2 d decimal multiply-adds) of that recomputation. */
const HP_BUDGET = 4e6;

function better(a: StartResult, b: StartResult): boolean {
  return a.loss < b.loss || (a.loss === b.loss && a.start < b.start);
}

function assemble(o: ResolvedOptions, results: StartResult[]): SolveResult {
  let best = results[0]!;
  for (const r of results) if (better(r, best)) best = r;
  const { n, d } = o;
  const configs = best.configs.map((data) => ({ rows: n, cols: d, data }));
  const u = configs[0]!;
  const v = configs[1]!;
  const { mStar, bStar } = marginOf(best.minPos, best.maxNeg);
  let lossHp: string | null = null;
  if (best.loss < UNDERFLOW && o.loss !== 'infonce' && o.modalities === 2 && n * n * d <= HP_BUDGET) {
    lossHp = sigmoidLossHp(u, v, best.t, best.b, o.normalization, 40).loss.toString();
  }
  return {
    seed: o.seed,
    n,
    d,
    loss: o.loss,
    steps: best.steps,
    stopReason: best.stopReason,
    polishIterations: best.polishIterations,
    polishStop: best.polishStop,
    u,
    v,
    configs,
    t: best.t,
    b: best.b,
    bRel: best.b / best.t,
    lossValue: best.loss,
    lossHp,
    gradNorm: best.gradNorm,
    mStar,
    bStar,
    xi: xi(u, v),
    trajectory: best.trajectory,
    bestStart: best.start,
    startLosses: [...results].sort((a, b) => a.start - b.start).map((r) => r.loss),
    kernel: best.kernel,
  };
}

/** Progress hook: called with the total Adam steps done so far over all starts and the total budget. */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * Runs every start in this thread and returns the best. Deterministic: the same options give the
 * same result bit for bit.
 * @example solveSync({ n: 8, d: 8, steps: 100, seed: 1 }).lossValue < 8 * Math.LN2 // below the loss at t = b = 0
 */
export function solveSync(options: SolveOptions, onProgress?: ProgressCallback): SolveResult {
  return solveResolvedSync(resolveOptions(options), onProgress);
}

function solveResolvedSync(o: ResolvedOptions, onProgress?: ProgressCallback): SolveResult {
  const total = o.steps * o.starts;
  const results: StartResult[] = [];
  let done = 0;
  for (let k = 0; k < o.starts; k++) {
    const base = done;
    const r = runStart(
      o,
      k,
      onProgress === undefined ? undefined : (s) => onProgress(base + s, total),
      o.kernelThreads,
    );
    done += r.steps;
    results.push(r);
  }
  return assemble(o, results);
}

function startSolverWorker(task: WorkerTask): Worker {
  return startWorker(import.meta.url, 'worker', task);
}

/**
 * Multi-start solver: starts are dealt round-robin to `threads` worker threads (in-thread when
 * threads or starts is 1), and the best final loss wins (ties: lowest start index). The result
 * does not depend on the number of threads.
 */
export async function solve(options: SolveOptions, onProgress?: ProgressCallback): Promise<SolveResult> {
  return solveResolved(resolveOptions(options), onProgress);
}

/** {@link solve} with options already resolved by {@link resolveOptions} (resolved once). */
export async function solveResolved(o: ResolvedOptions, onProgress?: ProgressCallback): Promise<SolveResult> {
  if (o.threads <= 1 || o.starts <= 1) return solveResolvedSync(o, onProgress);
  const total = o.steps * o.starts;
  let done = 0;
  const runs: Promise<StartResult[]>[] = [];
  for (let w = 0; w < o.threads; w++) {
    const starts: number[] = [];
    for (let k = w; k < o.starts; k += o.threads) starts.push(k);
    const task: WorkerTask = { options: o, starts };
    runs.push(
      new Promise<StartResult[]>((resolve, reject) => {
        const out: StartResult[] = [];
        const worker = startSolverWorker(task);
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') {
            done += m.steps;
            onProgress?.(done, total);
          } else out.push(m.result);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0 || out.length !== starts.length) {
            reject(
              new Error(`solver worker exited with code ${code} after ${out.length}/${starts.length} starts`),
            );
          } else resolve(out);
        });
      }),
    );
  }
  const results = (await Promise.all(runs)).flat();
  return assemble(o, results);
}
