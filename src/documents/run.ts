/**
 * The run document (`sigcheck solve --out`, `--format json`): its type, the builder from the
 * solver's result, and the parser the report reads it back with.
 */
import { UsageError } from '../errors.js';
import { parseMatrix } from '../io/config.js';
import type { Normalization } from '../loss/conventions.js';
import { toRows } from '../numeric/float/vectors.js';
import {
  type ProgressCallback,
  type ResolvedOptions,
  type SolveResult,
  type StopReason,
  solveResolved,
  type TrajectoryPoint,
} from '../solver/index.js';
import { finiteNum, num, obj, oneOf, show } from './parse.js';

/**
 * The run document: `{ seed, N, d, steps, U, V, t, b, bRel, loss, margin, bStar, xi, trajectory,
 * ... }` in this key order (loss in the chosen normalisation). `sigcheck loss --config` reads its
 * U and V. Nothing run-dependent (times, paths) goes in, so it is byte-stable per seed.
 */
export interface RunDocument {
  readonly seed: number;
  readonly N: number;
  readonly d: number;
  readonly steps: number;
  readonly U: number[][];
  readonly V: number[][];
  readonly t: number;
  readonly b: number;
  readonly bRel: number;
  readonly loss: number;
  readonly lossHp: SolveResult['lossHp'];
  /** m* of the final configuration. */
  readonly margin: number;
  readonly bStar: number;
  readonly xi: number;
  readonly trajectory: readonly TrajectoryPoint[];
  readonly lossFunction: SolveResult['loss'];
  readonly normalization: Normalization;
  readonly modalities: number;
  /** Every modality's configuration, only when there are more than two. */
  readonly configs?: number[][][];
  readonly gradNorm: number;
  readonly stopReason: StopReason;
  readonly polishIterations: number;
  readonly polishStop: StopReason | null;
  readonly bestStart: number;
  readonly startLosses: readonly number[];
  readonly kernel: SolveResult['kernel'];
}

/** The run document of a solver result and the options it was resolved from. */
/** The solver's option set, defaults and option errors, as the solve command needs them. */
export {
  type ResolvedOptions,
  resolveOptions,
  SOLVE_DEFAULTS,
  SolveOptionError,
  type SolveOptions,
  type SolveResult,
} from '../solver/index.js';

/** Runs the solver on resolved options; the result and its run document. */
export async function solveRun(
  o: ResolvedOptions,
  onProgress?: ProgressCallback,
): Promise<{ result: SolveResult; document: RunDocument }> {
  const result = await solveResolved(o, onProgress);
  return { result, document: buildRunDocument(result, o) };
}

export function buildRunDocument(r: SolveResult, o: Pick<ResolvedOptions, 'normalization'>): RunDocument {
  return {
    seed: r.seed,
    N: r.n,
    d: r.d,
    steps: r.steps,
    U: toRows(r.u),
    V: toRows(r.v),
    t: r.t,
    b: r.b,
    bRel: r.bRel,
    loss: r.lossValue,
    lossHp: r.lossHp,
    margin: r.mStar,
    bStar: r.bStar,
    xi: r.xi,
    trajectory: r.trajectory,
    lossFunction: r.loss,
    normalization: o.normalization,
    modalities: r.configs.length,
    ...(r.configs.length > 2 ? { configs: r.configs.map(toRows) } : {}),
    gradNorm: r.gradNorm,
    stopReason: r.stopReason,
    polishIterations: r.polishIterations,
    polishStop: r.polishStop,
    bestStart: r.bestStart,
    startLosses: r.startLosses,
    kernel: r.kernel,
  };
}

/** The fields of a trajectory point the report draws (runs written before b* was sampled lack it). */
export type TrajectorySample = Pick<TrajectoryPoint, 'step' | 'loss' | 't' | 'bRel' | 'mStar'>;

/** The fields every run document has (older runs may lack the rest). */
const REQUIRED = ['seed', 'N', 'd', 'steps', 't', 'b', 'bRel', 'loss', 'margin', 'bStar', 'xi'] as const;

/**
 * A run document as read back: the numbers every run carries, the loss function and normalisation
 * when written, and the trajectory samples.
 */
export type RunDoc = Pick<RunDocument, (typeof REQUIRED)[number]> &
  Partial<Pick<RunDocument, 'lossFunction' | 'normalization'>> & {
    readonly trajectory: readonly TrajectorySample[];
  };

const LOSS_FUNCTIONS: readonly RunDocument['lossFunction'][] = ['sig', 'rb-sig', 'infonce'];
const NORMALIZATIONS: readonly Normalization[] = ['sum', 'per-anchor', 'mean'];

/**
 * Checks a run document: the numbers, a non-empty trajectory of samples, U and V as matrices of
 * one shape (the reader `sigcheck loss --config` uses, {@link parseMatrix}), and the loss function
 * and normalisation when present.
 * @param where - names the input in messages, e.g. `report: --run run.json`
 */
export function parseRunDocument(x: unknown, where: string): RunDoc {
  const o = obj(x, where);
  const numbers = Object.fromEntries(
    REQUIRED.map((k) => [
      k,
      k === 'seed' || k === 'N' || k === 'd' || k === 'steps' ? finiteNum(o, k, where) : num(o, k, where),
    ]),
  ) as Record<(typeof REQUIRED)[number], number>;
  const u = parseMatrix(o.U, 'U', where);
  const v = parseMatrix(o.V, 'V', where);
  if (u.rows !== numbers.N || v.rows !== numbers.N || u.cols !== numbers.d || v.cols !== numbers.d) {
    throw new UsageError(
      `${where}: U is ${u.rows} x ${u.cols} and V is ${v.rows} x ${v.cols}, but N = ${numbers.N}, d = ${numbers.d}`,
    );
  }
  if (!Array.isArray(o.trajectory) || o.trajectory.length === 0) {
    throw new UsageError(`${where}.trajectory must be a non-empty array, got ${show(o.trajectory)}`);
  }
  const trajectory = o.trajectory.map((p, k): TrajectorySample => {
    const w = `${where}.trajectory[${k}]`;
    const q = obj(p, w);
    return {
      step: finiteNum(q, 'step', w),
      loss: num(q, 'loss', w),
      t: num(q, 't', w),
      bRel: num(q, 'bRel', w),
      mStar: num(q, 'mStar', w),
    };
  });
  return {
    ...numbers,
    ...(o.lossFunction === undefined
      ? {}
      : { lossFunction: oneOf(o, 'lossFunction', where, LOSS_FUNCTIONS) }),
    ...(o.normalization === undefined
      ? {}
      : { normalization: oneOf(o, 'normalization', where, NORMALIZATIONS) }),
    trajectory,
  };
}
