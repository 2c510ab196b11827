/**
 * A solver run's trajectory: loss, t, b_rel and the margin m* against the step, four panels.
 * The samples are those `sigcheck solve --out` writes (`trajectory: [{ step, loss, t, bRel, mStar }]`,
 * the solver's TrajectoryPoint, read back by src/documents/run).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunDoc, TrajectorySample } from '../../documents/run.js';
import { type Plot, renderSvg } from './render.js';

/** What the caption says about the run. */
export type RunSummary = Pick<
  RunDoc,
  'N' | 'd' | 'seed' | 'steps' | 'lossFunction' | 'normalization' | 't' | 'bRel' | 'loss' | 'margin'
>;

const PANELS = [
  { field: 'loss', title: 'loss', log: true },
  { field: 't', title: 't (inverse temperature)', log: false },
  { field: 'bRel', title: 'b_rel = b / t', log: false },
  { field: 'mStar', title: 'margin m*', log: false },
] as const;

/** The vega-lite spec: a 2 x 2 grid sharing the step axis; the loss on a log axis (positive values). */
export function trajectorySpec(samples: readonly TrajectorySample[]): TopLevelSpec {
  const losses = samples.map((s) => s.loss).filter((x) => x > 0 && Number.isFinite(x));
  const lo = Math.floor(Math.log10(Math.min(...losses)));
  const hi = Math.ceil(Math.log10(Math.max(...losses)));
  const every = Math.max(1, Math.ceil((hi - lo) / 6));
  const decades: number[] = [];
  for (let k = lo; k <= hi; k += every) decades.push(10 ** k);
  const panel = (p: (typeof PANELS)[number]) => ({
    width: 400,
    height: 170,
    ...(p.log ? { transform: [{ filter: 'datum.loss > 0' }] } : {}),
    mark: { type: 'line', point: samples.length <= 40, strokeWidth: 2, color: '#1f77b4', aria: false },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: {
        field: p.field,
        type: 'quantitative',
        title: p.title,
        scale: p.log ? { type: 'log' } : { zero: false },
        ...(p.log ? { axis: { format: '.0e', values: decades } } : {}),
      },
    },
  });
  return {
    data: { values: samples },
    columns: 2,
    concat: PANELS.map(panel),
    spacing: 24,
  } as TopLevelSpec;
}

/** The trajectory as a report plot. */
export async function trajectoryPlot(samples: readonly TrajectorySample[], run: RunSummary): Promise<Plot> {
  const svg = await renderSvg(trajectorySpec(samples), 'solver trajectory: loss, t, b_rel, m* against step');
  const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));
  return {
    id: 'trajectory',
    title: 'Solver run: loss, t, b_rel and margin m* over the steps',
    caption:
      `A run of sigcheck solve: N = ${run.N} pairs in d = ${run.d}, seed ${run.seed}, ${run.steps} steps` +
      (run.lossFunction !== undefined ? `, loss ${run.lossFunction}` : '') +
      (run.normalization !== undefined ? ` (${run.normalization} normalisation)` : '') +
      `; final t = ${fmt(run.t)}, b_rel = ${fmt(run.bRel)}, loss = ${fmt(run.loss)}, margin m* = ${fmt(run.margin)}. ` +
      `${samples.length} samples. A positive m* means the configuration is a constellation (BBNP25 eq. 2); ` +
      'the loss panel is on a log axis.',
    svg,
    tables: [
      {
        file: 'trajectory.csv',
        label: `trajectory (${samples.length} rows: step, loss, t, b_rel, m*)`,
        columns: ['step', 'loss', 't', 'bRel', 'mStar'],
        rows: samples.map((s) => [s.step, s.loss, s.t, s.bRel, s.mStar]),
      },
    ],
  };
}
