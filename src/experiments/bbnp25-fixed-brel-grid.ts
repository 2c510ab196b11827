import { BBNP25, bbnpProtocol, bbnpSteps, solveBbnp, thm34MaxMargin } from './common.js';
import type { Column, Experiment, Metrics, Row } from './types.js';

/** The 20-point grid of the single-run figure, linspace(-1, 1, 20). */
const GRID = Array.from({ length: 20 }, (_, i) => -1 + (2 * i) / 19);
const QUICK = [0, 5, 10, 15, 19];
/** Trajectory checkpoints as fractions of the budget. */
const FRACTIONS = [0, 0.01, 0.1, 0.5, 1] as const;

const COLUMNS: Column[] = [
  { key: 'bRel', label: 'b_rel (fixed)', kind: 'param' },
  { key: 'step', label: 'step', kind: 'param' },
  { key: 'margin', label: 'm*', kind: 'ours' },
  { key: 'thm34', label: 'm* <= Thm3.4(b_rel)', kind: 'theory' },
  { key: 'bStar', label: 'b*', kind: 'ours' },
  { key: 't', label: 't', kind: 'ours' },
  { key: 'loss', label: 'loss (mean)', kind: 'ours' },
];

/**
 * The single-run fixed-b_rel grid of FixedRelativeBias.ipynb (margin_vs_optimal_rb_trajectory):
 * b_rel on linspace(-1, 1, 20), one run each, 10^4 steps, the margin m* and b* along training.
 * Only figures are published (no numbers): the mean-of-100 grid is bbnp25-fixed-brel.
 */
export const bbnp25FixedBrelGrid: Experiment = {
  id: 'bbnp25-fixed-brel-grid',
  title: 'margin and b* trajectories at 20 fixed relative biases (one run each)',
  reproduces:
    'BBNP25 FixedRelativeBias.ipynb single-run figures (margin_vs_optimal_rb_trajectory, margin_time_fixed_rb)',
  notes: [
    'published: figures only; b* tracks b_rel and m* saturates once U_i = V_i (b_rel >~ .55)',
    'theory: Thm 3.4 (exact form) bounds m* <= min(1 - b_rel, (1 + b_rel)/(3 - 4/N)) for a constellation at b_rel',
  ],
  defaultSeeds: { quick: 1, full: 1 },
  protocol: (quick) =>
    bbnpProtocol(quick, {
      loss: 'rb-sig',
      trained: 'log t (b_rel fixed)',
      grid: 'linspace(-1, 1, 20)',
      steps: bbnpSteps(quick, 300),
    }),
  groups: (quick) =>
    (quick ? QUICK : GRID.map((_, i) => i)).map((i) => ({ params: { index: i, bRel: GRID[i]! }, cost: 1 })),
  run(params, seed, quick, step) {
    const steps = bbnpSteps(quick, 300);
    const r = solveBbnp(seed, quick, step, {
      loss: 'rb-sig',
      bRel0: params.bRel as number,
      trainBias: false,
      steps,
      every: steps / 100,
    });
    const out: Metrics = {};
    for (const f of FRACTIONS) {
      const s = Math.round(f * steps);
      const p = r.trajectory.find((x) => x.step === s);
      if (p === undefined) throw new Error(`bbnp25-fixed-brel-grid: no trajectory sample at step ${s}`);
      out[`margin@${s}`] = p.mStar;
      out[`bStar@${s}`] = p.bStar;
      out[`t@${s}`] = p.t;
      out[`loss@${s}`] = p.loss;
    }
    return out;
  },
  assemble(results, plan) {
    const steps = bbnpSteps(plan.quick, 300);
    const rows: Row[] = [];
    for (const g of results) {
      for (const f of FRACTIONS) {
        const s = Math.round(f * steps);
        const bRel = g.params.bRel as number;
        const row: Row = { bRel, step: s, thm34: thm34MaxMargin(bRel, BBNP25.n) };
        for (const k of ['margin', 'bStar', 't', 'loss']) {
          row[k] = g.stats[`${k}@${s}`]?.mean ?? null;
          row[`${k}_sd`] = g.stats[`${k}@${s}`]?.sd ?? null;
        }
        rows.push(row);
      }
    }
    return { columns: COLUMNS, rows, summary: {} };
  },
};
