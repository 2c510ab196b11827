import { availableParallelism } from 'node:os';
import { integerIn, UsageError } from '../errors.js';
import { seedOf } from './common.js';
import { runUnits, type UnitProgress, type UnitTask } from './pool.js';
import { getExperiment } from './registry.js';
import { publishedRows } from './published.js';
import { unitKey } from './run-cache.js';
import { statsOf } from './stats.js';
import type { Cell, ExperimentDocument, GroupResult, Metrics, Plan, Row, Step } from './types.js';

/** The vector updates an experiment can use, the authors' first. */
export const STEPS: readonly Step[] = ['projected-adam', 'adam', 'riemannian-adam'];

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  /** CI-sized run. @defaultValue false */
  readonly quick?: boolean;
  /** Seeds K in [1, 64]. @defaultValue the experiment's default (quick or full) */
  readonly seeds?: number;
  /** Base seed (signed 32-bit). @defaultValue 0 */
  readonly seed?: number;
  /**
   * Index of the first seed: the run uses seeds firstSeed .. firstSeed + K - 1 of the base seed, so
   * a long run can be split into chunks whose runs, put together, give the whole. @defaultValue 0
   */
  readonly firstSeed?: number;
  /** Finished runs by {@link unitKey}: a unit found here is taken as is, not run again. */
  readonly cached?: ReadonlyMap<string, Metrics>;
  /** Receives every unit of the run and its metrics (cached or computed), in task order. */
  readonly onRuns?: (tasks: readonly UnitTask[], metrics: readonly Metrics[]) => void;
  /**
   * The solver's vector update. @defaultValue 'projected-adam' (the BBNP25 code: tangent gradient,
   * torch.optim.Adam, renormalise)
   */
  readonly step?: Step;
  /** Worker threads (1 = in this thread); the result does not depend on it. @defaultValue min(2, cores) */
  readonly threads?: number;
  /** Progress hook (units done, units total). */
  readonly onProgress?: UnitProgress;
}

/** Largest K accepted (a budget guard: K multiplies the run time; 100 is the fixed-b_rel protocol). */
export const MAX_SEEDS = 128;

/** NaN has no JSON form: a missing value becomes null (infinities are kept). */
function clean(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'number' && Number.isNaN(v) ? null : v;
  return out;
}

/**
 * Runs an experiment: every group once per seed (seed k of every group is the same, so groups are
 * compared on the same random starts), in worker threads, then assembles the table. Deterministic:
 * the same id, options and seed give the same document whatever the thread count.
 * @throws UsageError for an unknown id or a bad seeds/seed/threads value
 */
export async function runExperiment(
  id: string,
  options: RunExperimentOptions = {},
): Promise<ExperimentDocument> {
  const exp = getExperiment(id);
  const quick = options.quick ?? false;
  const seeds = integerIn(
    options.seeds ?? (quick ? exp.defaultSeeds.quick : exp.defaultSeeds.full),
    1,
    MAX_SEEDS,
    'experiment',
    '--seeds',
  );
  const seed = integerIn(options.seed ?? 0, -(2 ** 31), 2 ** 31 - 1, 'experiment', '--seed');
  const firstSeed = integerIn(options.firstSeed ?? 0, 0, 2 ** 31 - 1, 'experiment', '--first-seed');
  const threads = integerIn(
    options.threads ?? Math.min(2, availableParallelism()),
    1,
    64,
    'experiment',
    '--threads',
  );
  const step = options.step ?? 'projected-adam';
  if (!STEPS.includes(step)) {
    throw new UsageError(`experiment: --step must be one of ${STEPS.join(', ')}, got '${String(step)}'`);
  }
  const plan: Plan = { quick, step, seeds, seed };
  const groups = exp.groups(quick);
  const tasks: UnitTask[] = [];
  const cost: number[] = [];
  for (const g of groups) {
    for (let k = 0; k < seeds; k++) {
      tasks.push({
        index: tasks.length,
        experiment: id,
        params: g.params,
        seed: seedOf(seed, id, firstSeed + k),
        quick,
        step,
      });
      cost.push(g.cost);
    }
  }
  const metrics: Metrics[] = tasks.map((t) => options.cached?.get(unitKey(t)) ?? {});
  const todo = tasks.filter((t) => options.cached?.get(unitKey(t)) === undefined);
  const computed = await runUnits(
    todo.map((t, i) => ({ ...t, index: i })),
    todo.map((t) => cost[t.index] ?? 1),
    threads,
    (t) => exp.run(t.params, t.seed, t.quick, t.step),
    options.onProgress,
  );
  todo.forEach((t, i) => {
    metrics[t.index] = computed[i] ?? {};
  });
  options.onRuns?.(tasks, metrics);
  const results: GroupResult[] = groups.map((g, gi) => {
    const runs: Metrics[] = metrics.slice(gi * seeds, (gi + 1) * seeds);
    return { params: g.params, runs, stats: statsOf(runs) };
  });
  const a = exp.assemble(results, plan);
  const summary: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(a.summary))
    summary[k] = typeof v === 'number' && Number.isNaN(v) ? null : v;
  return {
    experiment: exp.id,
    title: exp.title,
    reproduces: exp.reproduces,
    notes: exp.notes,
    seed,
    seeds,
    quick,
    step,
    protocol: exp.protocol(quick),
    columns: a.columns,
    rows: a.rows.map(clean),
    summary,
    published: publishedRows(
      id,
      results,
      plan,
      Array.from({ length: seeds }, (_, k) => seedOf(seed, id, firstSeed + k)),
    ),
  };
}
