/**
 * The `solve --out` document as the report reads it back: the type and its parser.
 */
import { UsageError } from '../errors.js';
import type { TrajectoryPoint } from '../solver/run.js';
import { finiteNum, num, obj, optStr, show } from './parse.js';

/** The fields of the solver's trajectory point that the run document keeps for the report. */
export type TrajectorySample = Pick<TrajectoryPoint, 'step' | 'loss' | 't' | 'bRel' | 'mStar'>;

/** The part of a `sigcheck solve --out` document the report uses. */
export interface RunDoc {
  readonly seed: number;
  readonly N: number;
  readonly d: number;
  readonly steps: number;
  readonly t: number;
  readonly b: number;
  readonly bRel: number;
  readonly loss: number;
  readonly margin: number;
  readonly bStar: number;
  readonly xi: number;
  readonly lossFunction?: string;
  readonly normalization?: string;
  readonly trajectory: readonly TrajectorySample[];
}

/** Checks a `solve --out` document; the trajectory must be a non-empty array of samples. */
export function parseRunDoc(x: unknown, where: string): RunDoc {
  const o = obj(x, where);
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
    seed: finiteNum(o, 'seed', where),
    N: finiteNum(o, 'N', where),
    d: finiteNum(o, 'd', where),
    steps: finiteNum(o, 'steps', where),
    t: num(o, 't', where),
    b: num(o, 'b', where),
    bRel: num(o, 'bRel', where),
    loss: num(o, 'loss', where),
    margin: num(o, 'margin', where),
    bStar: num(o, 'bStar', where),
    xi: num(o, 'xi', where),
    ...optStr(o, 'lossFunction', where),
    ...optStr(o, 'normalization', where),
    trajectory,
  };
}
