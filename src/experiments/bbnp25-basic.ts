import { bbnpProtocol, bbnpSteps, ONE_DRAW_SEEDS, oursCells, solveBbnp } from './common.js';
import { publishedValue } from './published.js';
import type { Column, Experiment, Row } from './types.js';

const ID = 'bbnp25-basic';
const N = 20;
const D = 3;

const COLUMNS: Column[] = [
  { key: 'N', label: 'N', kind: 'param' },
  { key: 'd', label: 'd', kind: 'param' },
  { key: 't', label: 't', kind: 'ours' },
  { key: 'pub_t', label: 't', kind: 'published' },
  { key: 'margin', label: 'm*', kind: 'ours' },
  { key: 'pub_margin', label: 'm*', kind: 'published' },
  { key: 'bStar', label: 'b*', kind: 'ours' },
  { key: 'loss', label: 'loss (mean)', kind: 'ours' },
  { key: 'cap', label: 'm* <= (1 - rho_min)/(3 + rho_min)', kind: 'theory' },
];

/**
 * The largest margin of an (m, 0)-constellation of N pairs in R^3.
 * @remarks At b_rel = 0 an (m, 0)-constellation has U_i + V_i forming a code with
 * inner products <= rho(m, 0) = (1 - 3m)/(1 + m) (docs/theory.md §2). Fejes Toth's bound (1943): N
 * points on S^2 have two at chord distance <= sqrt(4 - csc^2(pi N / (6 (N - 2)))), i.e. a largest
 * inner product rho_min >= 1 - chord^2 / 2; so m <= (1 - rho_min)/(3 + rho_min).
 */
export function fejesTothMaxMargin(n: number): number {
  const csc = 1 / Math.sin((Math.PI * n) / (6 * (n - 2)));
  const chord2 = 4 - csc * csc;
  const rho = 1 - chord2 / 2;
  return (1 - rho) / (3 + rho);
}

/**
 * The basic run of BasicExperiment.ipynb: N = 20 pairs in d = 3, b_rel = 0 fixed, t trainable from
 * 10, 10^4 steps. Twenty points on S^2 leave a small margin, so t keeps growing.
 */
export const bbnp25Basic: Experiment = {
  id: ID,
  title: 'N = 20, d = 3, b_rel = 0 fixed: final t and margin',
  reproduces: 'BBNP25 BasicExperiment.ipynb (basicpicture; final t = 951, m* = .012)',
  notes: [
    'published: one draw (torch seed 50); t read from the final print, m* from the figure',
    "theory: m* at b_rel = 0 is at most (1 - rho)/(3 + rho), rho >= the least possible largest inner product of 20 points on S^2 (Fejes Toth's bound)",
  ],
  defaultSeeds: { quick: 2, full: ONE_DRAW_SEEDS },
  protocol: (quick) =>
    bbnpProtocol(quick, {
      N,
      d: D,
      loss: 'rb-sig, b_rel = 0 fixed, log t trained',
      steps: bbnpSteps(quick, 2000),
    }),
  groups: () => [{ params: { N, d: D }, cost: 1 }],
  run(_params, seed, quick, step) {
    const r = solveBbnp(seed, quick, step, {
      n: N,
      d: D,
      loss: 'rb-sig',
      bRel0: 0,
      trainBias: false,
      steps: bbnpSteps(quick, 2000),
    });
    return { t: r.t, margin: r.mStar, bStar: r.bStar, loss: r.lossValue };
  },
  assemble(results) {
    const rows: Row[] = results.map((g) => ({
      N,
      d: D,
      ...oursCells(g.stats, ['t', 'margin', 'bStar', 'loss']),
      pub_t: publishedValue(ID, 't', {}),
      pub_margin: publishedValue(ID, 'margin', {}),
      cap: fejesTothMaxMargin(N),
    }));
    return { columns: COLUMNS, rows, summary: {} };
  },
};
