import { cosines, lcs24Groups, lcs24Protocol, lcs24Solve } from './lcs24-phase.js';
import { oursCells } from './common.js';
import type { Column, Experiment, Row } from './types.js';

const COLUMNS: Column[] = [
  { key: 'n', label: 'N', kind: 'param' },
  { key: 't', label: 't = 1/tau', kind: 'param' },
  { key: 's', label: 's = mean G_ii', kind: 'ours' },
  { key: 'c1', label: 'c1* (ETF)', kind: 'theory' },
  { key: 'dev', label: '|s - 1|', kind: 'ours' },
  { key: 'c2', label: 'mean G_ij', kind: 'ours' },
  { key: 'c2star', label: '-1/(N-1)', kind: 'theory' },
];

/**
 * The LCS24 grid under symmetric InfoNCE: the optimum is the simplex ETF (U = V, c1 = 1,
 * c2 = -1/(N-1)) for every temperature when d >= N.
 * @remarks LCS24 corollary (docs/theory.md §1): on CCEM the per-anchor InfoNCE term is
 * log(1 + (N-1) e^{(c2 - c1) t}), decreasing in c1.
 */
export const lcs24Infonce: Experiment = {
  id: 'lcs24-infonce',
  title: 'the same (N, t) grid under InfoNCE: simplex ETF everywhere',
  reproduces: 'LCS24 InfoNCE corollary (ETF for every temperature); companion of the phase-diagram figure',
  notes: [
    't is the inverse temperature 1/tau (logits t G, no bias); the theory predicts s = 1 and mean G_ij = -1/(N-1) everywhere',
    'no published table: LCS24 state the corollary; their encoder caveat (ReLU outputs) applies as for lcs24-phase',
  ],
  defaultSeeds: { quick: 2, full: 3 },
  protocol: (quick) => lcs24Protocol(quick, 'infonce (symmetric)'),
  groups: lcs24Groups,
  run(params, seed, quick) {
    const r = lcs24Solve('infonce', params.n as number, params.t as number, seed, quick);
    const c = cosines(r);
    return { ...c, dev: Math.abs(c.s! - 1) };
  },
  assemble(results) {
    let maxDev = 0;
    let maxDev2 = 0;
    const rows: Row[] = results.map((g) => {
      const n = g.params.n as number;
      for (const r of g.runs) {
        maxDev = Math.max(maxDev, r.dev!);
        maxDev2 = Math.max(maxDev2, Math.abs(r.c2! + 1 / (n - 1)));
      }
      return {
        n,
        t: g.params.t as number,
        c1: 1,
        c2star: -1 / (n - 1),
        ...oursCells(g.stats, ['s', 'dev', 'c2']),
      };
    });
    return {
      columns: COLUMNS,
      rows,
      summary: { 'max |s - 1| (over all runs)': maxDev, 'max |mean G_ij + 1/(N-1)|': maxDev2 },
    };
  },
};
