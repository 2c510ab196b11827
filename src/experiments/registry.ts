import { UsageError } from '../errors.js';
import { bbnp25Basic } from './bbnp25-basic.js';
import { bbnp25BiasVsRb } from './bbnp25-bias-vs-rb.js';
import { bbnp25FixedBrel } from './bbnp25-fixed-brel.js';
import { bbnp25FixedBrelGrid } from './bbnp25-fixed-brel-grid.js';
import { bbnp25FixedT } from './bbnp25-fixed-t.js';
import { bbnp25KModal, bbnp25KSweep } from './bbnp25-k-modal.js';
import { bbnp25Locked } from './bbnp25-locked.js';
import { gapVsBrel } from './gap-vs-brel.js';
import { lcs24Infonce } from './lcs24-infonce.js';
import { lcs24Phase } from './lcs24-phase.js';
import type { UnitTask } from './pool.js';
import { retrievalVsEps } from './retrieval-vs-eps.js';
import type { Experiment, Metrics } from './types.js';
import { xiDecay } from './xi-decay.js';

/** Every experiment, in listing order. */
export const EXPERIMENTS: readonly Experiment[] = [
  lcs24Phase,
  lcs24Infonce,
  bbnp25BiasVsRb,
  bbnp25FixedBrel,
  bbnp25FixedBrelGrid,
  bbnp25Locked,
  bbnp25KModal,
  bbnp25KSweep,
  bbnp25FixedT,
  bbnp25Basic,
  gapVsBrel,
  retrievalVsEps,
  xiDecay,
];

/** The experiment with this id; a {@link UsageError} listing the ids otherwise. */
export function getExperiment(id: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.id === id);
  if (e === undefined) {
    throw new UsageError(`experiment: unknown id '${id}'; known: ${EXPERIMENTS.map((x) => x.id).join(', ')}`);
  }
  return e;
}

/** Runs one unit (in a worker or in-thread). */
export function runTask(task: UnitTask): Metrics {
  return getExperiment(task.experiment).run(task.params, task.seed, task.quick, task.step);
}
