/**
 * The experiment framework's types: an experiment is a list of parameter groups, each run once per
 * seed in a worker (a pure, seeded function of plain data), then assembled into a table with the
 * published numbers and the theory's prediction beside ours.
 * @packageDocumentation
 */
import type { Cell, Column, Param, Params, Row, Step } from '../documents/experiment.js';

export type {
  Cell,
  Column,
  ExperimentDocument,
  Param,
  Params,
  PublishedRow,
  Row,
  Step,
} from '../documents/experiment.js';

/** What one run (one group, one seed) measured: named numbers. */
export type Metrics = Record<string, number>;

/** Run-size knobs of one invocation. */
export interface Plan {
  /** The CI-sized variant. */
  readonly quick: boolean;
  /** The vector update of every solver run. */
  readonly step: Step;
  /** Number of seeds K (>= 1). */
  readonly seeds: number;
  /** Base seed; seed k of every group is deriveSeed(seed, `${id}:seed:${k}`) (common random numbers). */
  readonly seed: number;
}

/** One group of the experiment with a relative cost (for load balancing; any positive scale). */
export interface Group {
  readonly params: Params;
  readonly cost: number;
}

/** Mean and spread of one metric over the seeds. */
export interface Stat {
  readonly mean: number;
  /** Sample standard deviation (K - 1 denominator); NaN for K = 1. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** A group after all seeds ran: its parameters, every seed's metrics, and per-metric statistics. */
export interface GroupResult {
  readonly params: Params;
  readonly runs: readonly Metrics[];
  readonly stats: Readonly<Record<string, Stat>>;
}

/** The assembled result of an experiment. */
export interface Assembled {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  /** Headline numbers (e.g. the maximum deviation from theory). */
  readonly summary: Readonly<Record<string, Cell>>;
}

/** One experiment: what it reproduces, its groups, its seeded run, and its assembly. */
export interface Experiment {
  readonly id: string;
  readonly title: string;
  /** Paper, figure or table reproduced, or "new" with the paper that suggests it. */
  readonly reproduces: string;
  /** Caveats printed with the result (e.g. the authors' encoder could not represent the optimum). */
  readonly notes: readonly string[];
  /** Seeds K when --seeds is not given. */
  readonly defaultSeeds: { readonly quick: number; readonly full: number };
  /** The fixed protocol (sizes, steps, optimiser), echoed in the output. */
  protocol(quick: boolean): Readonly<Record<string, Param>>;
  /** The parameter groups. */
  groups(quick: boolean): readonly Group[];
  /** One seeded run; pure and deterministic (runs in a worker thread). */
  run(params: Params, seed: number, quick: boolean, step: Step): Metrics;
  /** Builds the table from the group results (in the order of `groups`). */
  assemble(results: readonly GroupResult[], plan: Plan): Assembled;
}
