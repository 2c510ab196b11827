import {
  BBNP25,
  bbnpProtocol,
  bbnpSteps,
  certifiedMargin,
  measuresOf,
  oursCells,
  solveBbnp,
  thm34MaxMargin,
  ONE_DRAW_SEEDS,
} from './common.js';
import { publishedValue } from './published.js';
import type { Column, Experiment, Row } from './types.js';

const B0 = [-10, -5, 0, 5, 10] as const;
const ID = 'bbnp25-bias-vs-rb';

const COLUMNS: Column[] = [
  { key: 'loss_kind', label: 'loss', kind: 'param' },
  { key: 'b0', label: 'b0', kind: 'param' },
  { key: 't', label: 't', kind: 'ours' },
  { key: 'pub_t', label: 't', kind: 'published' },
  { key: 'bRel', label: 'b/t', kind: 'ours' },
  { key: 'pub_bRel', label: 'b/t', kind: 'published' },
  { key: 'margin', label: 'm*', kind: 'ours' },
  { key: 'pub_margin', label: 'm*', kind: 'published' },
  { key: 'loss', label: 'loss (mean)', kind: 'ours' },
  { key: 'cert', label: 'm* >= eta/t', kind: 'theory' },
  { key: 'thm34', label: 'm* <= Thm3.4(b*)', kind: 'theory' },
];

/**
 * BBNP25 s3: Sig (absolute b trained) vs RB-Sig (b_rel trained) from b0 in {-10, -5, 0, 5, 10}.
 * @remarks docs/theory.md §3. Theory columns: the Thm 3.1 certificate eta/t (a lower bound on m*
 * from the final loss) and the Thm 3.4 upper bound on m* at the measured b*.
 */
export const bbnp25BiasVsRb: Experiment = {
  id: ID,
  title: 'Sig vs RB-Sig: final t, b/t, margin and loss by initial bias',
  reproduces:
    'BBNP25 s4 synthetic experiment "bias vs relative bias" (figure: margins, b_rel; numbers quoted in docs/theory.md §3)',
  notes: [
    'published: RB-Sig (t, b_rel, margin) per b0; Sig margins only (b/t "drifts toward 0 unless b0 is large")',
    'theory: eta/t with eta = ln(1/(e^L - 1)), L the sum-normalised loss, certifies m* >= eta/t when L < ln 2 (Thm 3.1); Thm 3.4 bounds m* <= min(1 - b, (1 + b)/(3 - 4/N))',
  ],
  defaultSeeds: { quick: 2, full: ONE_DRAW_SEEDS },
  protocol: (quick) =>
    bbnpProtocol(quick, {
      steps: bbnpSteps(quick, 300),
      b0: B0.join(' '),
      start: 'RB-Sig b_rel0 = b0/10, Sig b0; t0 = 10; all trained',
    }),
  groups: () =>
    (['rb-sig', 'sig'] as const).flatMap((loss) => B0.map((b0) => ({ params: { loss, b0 }, cost: 1 }))),
  run(params, seed, quick, step) {
    const loss = params.loss as 'sig' | 'rb-sig';
    const r = solveBbnp(seed, quick, step, { loss, b0: params.b0 as number, steps: bbnpSteps(quick, 300) });
    const m = measuresOf(r);
    const cert = certifiedMargin(r.lossValue * BBNP25.n * BBNP25.n, r.t);
    return { ...m, cert, thm34: thm34MaxMargin(r.bStar, BBNP25.n) };
  },
  assemble(results) {
    const rows: Row[] = results.map((g) => {
      return {
        loss_kind: g.params.loss as string,
        b0: g.params.b0 as number,
        ...oursCells(g.stats, ['t', 'bRel', 'margin', 'loss']),
        pub_t: publishedValue(ID, 't', g.params),
        pub_bRel: publishedValue(ID, 'bRel', g.params),
        pub_margin: publishedValue(ID, 'margin', g.params),
        cert: g.stats.cert?.mean ?? null,
        thm34: g.stats.thm34?.mean ?? null,
      };
    });
    let maxDev = 0;
    let certViolations = 0;
    for (const g of results) {
      for (const r of g.runs) {
        // certificate: m* >= eta/t up to rounding of the loss (relative 1e-9 of the margin scale)
        if (Number.isFinite(r.cert) && r.margin! < r.cert! - 1e-9) certViolations++;
      }
    }
    for (const r of rows) {
      if (typeof r.margin === 'number' && typeof r.pub_margin === 'number') {
        maxDev = Math.max(maxDev, Math.abs(r.margin - r.pub_margin));
      }
    }
    return {
      columns: COLUMNS,
      rows,
      summary: {
        'max |m* - published m*| (seed means)': maxDev,
        'runs with m* < eta/t (Thm 3.1 certificate violated)': certViolations,
      },
    };
  },
};
