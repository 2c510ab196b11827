import { separator } from '../geometry/index.js';
import { BBNP25, bbnpProtocol, oursCells, solveBbnp } from './common.js';
import type { Column, Experiment, Row } from './types.js';

const FULL = [-0.5, -0.3, -0.1, 0, 0.1, 0.3, 0.5, 0.7];
const QUICK = [-0.5, 0, 0.5];

const COLUMNS: Column[] = [
  { key: 'bRel', label: 'b_rel', kind: 'param' },
  { key: 'margin', label: 'm*', kind: 'ours' },
  { key: 'cond', label: 'P(m* > |b_rel|)', kind: 'ours' },
  { key: 'sign', label: 'P(G_ii > 0 > G_ij)', kind: 'ours' },
  { key: 'found', label: 'P(h: all U_i > 0)', kind: 'ours' },
  { key: 'frac', label: 'frac V_j < 0', kind: 'ours' },
  { key: 'guarantee', label: 'frac V_j < 0 >=', kind: 'theory' },
];

/**
 * Modality gap against a fixed relative bias: does a unit h separate U (all <h, U_i> > 0) from
 * (most of) V, and does that happen exactly when m* > |b_rel|?
 * @remarks BBNP25 Thm 3.6 (docs/theory.md §2): for N >= d + 2, G_ii > 0 > G_ij (implied by
 * m* > |b_rel| in an (m*, b_rel) constellation) gives h with <h, U_i> > 0 for all i and
 * <h, V_j> < 0 for at least N - d of the j. The separator is src/geometry's Gilbert search: it
 * decides "all U_i on one side" exactly (to its gap), the count of separated V_j is a lower bound
 * on the best h, so a shortfall below (N - d)/N would be a method limit before a refutation.
 */
export const gapVsBrel: Experiment = {
  id: 'gap-vs-brel',
  title: 'modality gap (U vs V linearly separable) against m* > |b_rel|',
  reproduces: 'new (suggested by BBNP25 Thm 3.6, modality gap): fixed b_rel in [-0.5, 0.7]',
  notes: [
    'theory: if G_ii > 0 > G_ij (e.g. m* > |b_rel|) and N >= d + 2, some h has all <h, U_i> > 0 and at least (N - d)/N = 0.9 of the <h, V_j> < 0',
    'no published numbers: BBNP25 state the theorem and show the gap on real models',
  ],
  defaultSeeds: { quick: 2, full: 3 },
  protocol: (quick) => bbnpProtocol(quick, { loss: 'rb-sig', trained: 'log t (b_rel fixed)' }),
  groups: (quick) => (quick ? QUICK : FULL).map((bRel) => ({ params: { bRel }, cost: 1.2 })),
  run(params, seed, quick, step) {
    const bRel = params.bRel as number;
    const r = solveBbnp(seed, quick, step, { loss: 'rb-sig', bRel0: bRel, trainBias: false });
    const s = separator(r.u, r.v);
    const minPos = r.bStar + r.mStar;
    const maxNeg = r.bStar - r.mStar;
    const sign = minPos > 0 && maxNeg < 0;
    const need = (BBNP25.n - BBNP25.d) / BBNP25.n;
    return {
      margin: r.mStar,
      cond: r.mStar > Math.abs(bRel) ? 1 : 0,
      sign: sign ? 1 : 0,
      found: s.found ? 1 : 0,
      frac: s.found ? s.fractionSeparated : 0,
      shortfall: sign && !(s.found && s.fractionSeparated >= need) ? 1 : 0,
    };
  },
  assemble(results) {
    const need = (BBNP25.n - BBNP25.d) / BBNP25.n;
    let shortfalls = 0;
    let agree = 0;
    let total = 0;
    for (const g of results) {
      for (const r of g.runs) {
        shortfalls += r.shortfall!;
        total++;
        if ((r.cond === 1) === (r.found === 1 && r.frac! >= need)) agree++;
      }
    }
    const rows: Row[] = results.map((g) => ({
      bRel: g.params.bRel as number,
      ...oursCells(g.stats, ['margin', 'cond', 'sign', 'found', 'frac']),
      guarantee: (g.stats.sign?.mean ?? 0) > 0 ? need : null,
    }));
    return {
      columns: COLUMNS,
      rows,
      summary: {
        'runs where G_ii > 0 > G_ij but the separator found < (N - d)/N': shortfalls,
        'runs where [m* > |b_rel|] agrees with [separated >= (N - d)/N]': `${agree}/${total}`,
      },
    };
  },
};
