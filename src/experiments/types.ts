/**
 * The experiment framework's types: an experiment is a list of parameter groups, each run once per
 * seed in a worker (a pure, seeded function of plain data), then assembled into a table with the
 * published numbers and the theory's prediction beside ours.
 * @packageDocumentation
 */

/** A plain JSON value for unit parameters (structured-cloneable). */
export type Param = number | string | boolean;

/** The parameters of one group (one row or a few rows of the result before seed averaging). */
export type Params = Readonly<Record<string, Param>>;

/** What one run (one group, one seed) measured: named numbers. */
export type Metrics = Record<string, number>;

/** The solver's vector update used by the experiments (see the solver's `optimizer` option). */
export type Step = 'projected-adam' | 'adam' | 'riemannian-adam';

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

/**
 * The role of a column: a parameter of the row, our measurement (mean, with a `<key>_sd` column
 * beside it), a published number, the theory's prediction, or a derived comparison.
 */
export type ColumnKind = 'param' | 'ours' | 'published' | 'theory' | 'compare';

/** One column of the result table. */
export interface Column {
  readonly key: string;
  readonly label: string;
  readonly kind: ColumnKind;
}

/** A table cell: a number, a word, or null (no value, e.g. nothing published). */
export type Cell = number | string | boolean | null;

/** A result row, keyed by column key (ours columns also carry `<key>_sd`). */
export type Row = Record<string, Cell>;

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

/** The document an experiment run produces (what --format json writes). */
export interface ExperimentDocument {
  readonly experiment: string;
  readonly title: string;
  readonly reproduces: string;
  readonly notes: readonly string[];
  readonly seed: number;
  readonly seeds: number;
  readonly quick: boolean;
  /** The vector update of every solver run. */
  readonly step: Step;
  readonly protocol: Readonly<Record<string, Param>>;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  readonly summary: Readonly<Record<string, Cell>>;
  /** Every published number of the experiment beside ours, with a verdict (empty when none). */
  readonly published: readonly PublishedRow[];
}

/** Whether a published number came out within the stated rule. */
export type Verdict = 'reproduced' | 'not reproduced';

/** One published number beside ours (the `published` array of the JSON document). */
export interface PublishedRow {
  /** Short name of the measured quantity: `t`, `bRel`, `b`, `margin`, `bStar`, `loss`, `log10Xi`, ... */
  readonly quantity: string;
  /** The group's parameters the number belongs to. */
  readonly params: Params;
  readonly published: number;
  /** Where the number is printed (paper figure, notebook cell, CSV). */
  readonly source: string;
  /** Ours over the seeds: mean, sample sd (null for one seed), and the seeds used. */
  readonly mean: number | null;
  readonly sd: number | null;
  readonly seeds: readonly number[];
  /** The theory's prediction for this number, where there is one. */
  readonly theory: number | null;
  /** |published - mean| and the tolerance the rule allowed. */
  readonly deviation: number | null;
  readonly tolerance: number;
  /** The rule in words (with its floor). */
  readonly rule: string;
  readonly verdict: Verdict;
  /** Why a miss is a miss, where known (else null). */
  readonly reason: string | null;
}
