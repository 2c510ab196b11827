import { forwardRow } from '../src/bounds/table.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { FEASIBLE_EDGES, feasibleBRel, feasibleMargin } from '../src/claims/feasible.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext } from '../src/claims/types.js';

/** Cost bounds of the random cases. */
export const MAX_D = 3000;
/** Relative slack for comparing two rounded log values. */
export const MONOTONE_TOL = 1e-12;

type MonoCase = {
  readonly d: number;
  readonly m: number;
  readonly bRel: number;
  readonly t: number;
  readonly u?: number;
};

/** m as a share u of its largest feasible value min(1 - b_rel, (1 + b_rel)/3), down to 1e-300. */
export const MIN_SHARE = 1e-300;
/** The smallest share sampled until the tiny-margin bounds are fixed. */

const params = {
  d: { min: 3, max: MAX_D, scale: 'log', integer: true },
  bRel: { min: -0.9, max: 0.95, scale: 'linear', corners: [0, 0.5] },
  u: { min: MIN_SHARE, max: 1, scale: 'log', corners: [0.5] },
  t: { min: 0.05, max: 1, scale: 'log' },
} as const;

/** Every declared extreme is sampled as it is (none pending). */
export const pendingCorners: readonly PendingCorner[] = [];

/** (d, b_rel, m, t) with m log-uniform toward 0 and the feasibility boundary u = 1 drawn on purpose. */
export const domain: ClaimDomain<MonoCase> = {
  params,
  arbitrary: paramsArbitrary(params, pendingCorners).map(({ d, bRel, u, t }) => ({
    d,
    bRel,
    m: feasibleMargin(u, bRel),
    t,
    u,
  })),
  values: (c) => ({ d: c.d, bRel: c.bRel, u: c.u, t: c.t }),
  pendingCorners,
  boundaries: FEASIBLE_EDGES,
};

const monoCase = domain.arbitrary;

const KEYS = ['log10NLower', 'log10NLowerPaper', 'log10NUpper'] as const;

/**
 * The smallest slack over the three bounds and three moves (d -> d + 1, m -> t m, b -> b + t (1 - m - b)),
 * with `sign` = +1 for the true directions (up in d and b, down in m) and -1 for the wrong m direction.
 */
export function monotoneSlack(c: MonoCase, mSign: 1 | -1) {
  const r = forwardRow(c.d, c.m, c.bRel);
  const moves = {
    d: forwardRow(c.d + 1, c.m, c.bRel),
    m: forwardRow(c.d, c.m * c.t, c.bRel),
    // t = 1 moves b_rel onto the boundary m + b_rel = 1 (kept on its feasible side exactly)
    b: forwardRow(c.d, c.m, feasibleBRel(c.m, c.bRel + c.t * (1 - c.m - c.bRel))),
  };
  let slack = Number.POSITIVE_INFINITY;
  let worst = '';
  for (const key of KEYS) {
    const base = r[key]!;
    const tol = MONOTONE_TOL * Math.max(1, Math.abs(base));
    for (const [move, row] of Object.entries(moves)) {
      const sign = move === 'm' ? mSign : 1;
      const s = sign * (row[key]! - base) + tol;
      if (s < slack) {
        slack = s;
        worst = `${key} under ${move}`;
      }
    }
  }
  return { slack, detail: { worst, rho: r.rho } };
}

function check(ctx: CheckContext, id: string, mSign: 1 | -1) {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary: monoCase,
    metric: 'min over bounds and moves of (change in the claimed direction) + tol',
    measure: (c) => monotoneSlack(c, mSign),
    examples: [{ d: 768, m: 0.0627, bRel: 0.0322, t: 0.5 }],
  });
}

const common = {
  source: {
    paper: 'derived',
    ref: 'docs/theory.md §2 (rho decreasing in m, increasing in b_rel; A(n, s) increasing in n and s)',
  },
  hypotheses: ['feasible region m > 0, m + b_rel <= 1, 3m <= 1 + b_rel', 'd >= 3'],
  tolerance: {
    kind: 'relative',
    value: MONOTONE_TOL,
    why: 'two rounded log-space values, ~1e-14 relative each',
  },
  defaultRuns: 60,
  domain,
} as const;

/** bounds-monotone: every bound is non-decreasing in d and b_rel and non-increasing in m. */
export const claim: Claim = {
  id: 'bounds-monotone',
  title: 'Every constellation bound grows with d and b_rel and shrinks with m',
  ...common,
  statement:
    'log10NLower, log10NLowerPaper and log10NUpper are non-decreasing in d and in b_rel and non-increasing in m on the feasible region.',
  latex: '\\partial_d N_\\bullet\\ge0,\\ \\partial_{b}N_\\bullet\\ge0,\\ \\partial_m N_\\bullet\\le0',
  examples: [
    {
      name: 'rho(0.1, 0) = 7/11 (rho decreasing in m: rho(0, 0) = 1)',
      expected: 7 / 11,
      from: 'by hand: (1 + 0 - 0.3)/(1 + 0 + 0.1)',
      tolerance: 1e-15,
      run: () => forwardRow(64, 0.1, 0).rho,
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'bounds-monotone', 1),
};

/** Must-refute variant: "bounds grow with the margin m". */
export const increasingInMargin: Claim = {
  id: 'bounds-monotone/increasing-in-m',
  title: 'Must refute: bounds non-decreasing in m',
  ...common,
  statement: 'As bounds-monotone with the m direction reversed: a larger margin would allow more pairs.',
  latex: '\\partial_m N_\\bullet\\overset{?}{\\ge}0',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'bounds-monotone', change: 'non-increasing in m replaced by non-decreasing' },
  check: (ctx) => check(ctx, 'bounds-monotone/increasing-in-m', -1),
};
