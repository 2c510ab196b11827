import { deriveSeed, Rng } from '../numeric/float/rng.js';
import { bbnpProtocol, bbnpSteps, solveBbnp } from './common.js';
import type { Column, Experiment, Metrics, Row } from './types.js';

/** eps / (2 m*) values. */
const RATIOS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];
/** Noise draws per ratio (each draws all N^2 entries). */
const TRIALS = { quick: 5, full: 20 } as const;

const COLUMNS: Column[] = [
  { key: 'ratio', label: 'eps/(2m*)', kind: 'param' },
  { key: 'err', label: 'top-1 error (uniform noise)', kind: 'ours' },
  { key: 'adv', label: 'worst-case error', kind: 'theory' },
  { key: 'bound', label: 'guaranteed error', kind: 'theory' },
];

/**
 * Top-1 retrieval U -> V when every inner product is perturbed by independent uniform noise in
 * [-eps, eps], against eps / (2 m*).
 * @remarks BBNP25 Cor. 1, robust form (docs/theory.md §2): an additive-error eps maximum-inner-product
 * search with eps < 2m* returns V_i. With every entry off by at most eps, the argmax is a
 * 2eps-approximate search, so error 0 is guaranteed for eps/(2m*) < 1/2. The worst case is exact:
 * an adversary flips query i iff G_ii - max_{j!=i} G_ij <= 2 eps.
 */
export const retrievalVsEps: Experiment = {
  id: 'retrieval-vs-eps',
  title: 'retrieval error under inner-product noise against eps / (2 m*)',
  reproduces: 'new (suggested by BBNP25 Cor. 1: nearest-neighbour retrieval in zero-loss configurations)',
  notes: [
    'configuration: the BBNP25 protocol trained with RB-Sig; noise uniform in [-eps, eps] on each G_ij, eps = ratio * 2 m* of that run',
    'theory: error = 0 guaranteed for ratio < 1/2 (per-entry noise eps makes a 2 eps-approximate search); worst-case error = fraction of i with G_ii - max_j G_ij <= 2 eps',
  ],
  defaultSeeds: { quick: 2, full: 3 },
  protocol: (quick) =>
    bbnpProtocol(quick, {
      loss: 'rb-sig',
      steps: bbnpSteps(quick, 1000),
      trials: quick ? TRIALS.quick : TRIALS.full,
    }),
  groups: () => [{ params: { ratios: RATIOS.join(',') }, cost: 1 }],
  run(_params, seed, quick, step) {
    const r = solveBbnp(seed, quick, step, { loss: 'rb-sig', steps: bbnpSteps(quick, 1000) });
    const { n, d } = r;
    const g = new Float64Array(n * n);
    const gap = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += r.u.data[i * d + k]! * r.v.data[j * d + k]!;
        g[i * n + j] = s;
        if (j !== i && s > best) best = s;
      }
      gap[i] = g[i * n + i]! - best;
    }
    const out: Metrics = { margin: r.mStar };
    const rng = new Rng(deriveSeed(seed, 'retrieval-noise'));
    const trials = quick ? TRIALS.quick : TRIALS.full;
    for (const ratio of RATIOS) {
      const eps = ratio * 2 * r.mStar;
      let adv = 0;
      for (let i = 0; i < n; i++) if (gap[i]! <= 2 * eps) adv++;
      let wrong = 0;
      for (let trial = 0; trial < trials; trial++) {
        for (let i = 0; i < n; i++) {
          let arg = -1;
          let best = -Infinity;
          for (let j = 0; j < n; j++) {
            const x = g[i * n + j]! + eps * (2 * rng.uniform() - 1);
            if (x > best) {
              best = x;
              arg = j;
            }
          }
          if (arg !== i) wrong++;
        }
      }
      out[`err@${ratio}`] = r.mStar > 0 ? wrong / (trials * n) : Number.NaN;
      out[`adv@${ratio}`] = r.mStar > 0 ? adv / n : Number.NaN;
    }
    return out;
  },
  assemble(results) {
    const g = results[0]!;
    let violations = 0;
    for (const r of g.runs)
      for (const ratio of RATIOS) if (ratio < 0.5 && r[`err@${ratio}`]! > 0) violations++;
    const rows: Row[] = RATIOS.map((ratio) => ({
      ratio,
      err: g.stats[`err@${ratio}`]?.mean ?? null,
      err_sd: g.stats[`err@${ratio}`]?.sd ?? null,
      adv: g.stats[`adv@${ratio}`]?.mean ?? null,
      bound: ratio < 0.5 ? 0 : null,
    }));
    return {
      columns: COLUMNS,
      rows,
      summary: {
        'm* of the trained configurations (mean)': g.stats.margin?.mean ?? null,
        'runs with an error below ratio 1/2 (Cor. 1 violated)': violations,
      },
    };
  },
};
