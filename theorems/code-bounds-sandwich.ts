import { logCapAreaCosSplit } from '../src/bounds/cap-area.js';
import { rhoExactOf, rhoPartsOf } from '../src/bounds/constellation.js';
import { exactCodeSizeExact, logBestUpperSplit } from '../src/bounds/levenshtein.js';
import { forwardRow, log10CodeLower } from '../src/bounds/table.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { FEASIBLE_EDGES, feasibleMargin } from '../src/claims/feasible.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext } from '../src/claims/types.js';

/** Cost bounds of the random cases. */
export const MAX_D = 20_000;
/** Relative slack for comparing two independently rounded logs (each ~1e-13 relative at worst). */
export const SANDWICH_TOL = 1e-12;

type SandwichCase = { readonly d: number; readonly m: number; readonly bRel: number; readonly u?: number };

/** m as a share u of its largest feasible value min(1 - b_rel, (1 + b_rel)/3), down to 1e-300. */
export const MIN_SHARE = 1e-300;
/** The smallest share sampled until the tiny-margin bounds are fixed. */

const params = {
  d: { min: 3, max: MAX_D, scale: 'log', integer: true },
  bRel: { min: -0.9, max: 0.95, scale: 'linear', corners: [0, 0.5] },
  u: { min: MIN_SHARE, max: 1, scale: 'log', corners: [0.5] },
} as const;

/** Every declared extreme is sampled as it is (none pending). */
export const pendingCorners: readonly PendingCorner[] = [];

/** (d, b_rel, m) with m log-uniform toward 0 and the feasibility boundary u = 1 drawn on purpose. */
export const domain: ClaimDomain<SandwichCase> = {
  params,
  arbitrary: paramsArbitrary(params, pendingCorners).map(({ d, bRel, u }) => ({
    d,
    bRel,
    m: feasibleMargin(u, bRel),
    u,
  })),
  values: (c) => ({ d: c.d, bRel: c.bRel, u: c.u }),
  pendingCorners,
  boundaries: FEASIBLE_EDGES,
};

const sandwichCase = domain.arbitrary;

/**
 * Slack of lower <= upper, with the lower bound taken in dimension `lowerDim(d)`:
 * log10 upper(d) - log10 lower - tol.
 */
export function sandwichSlack(c: SandwichCase, lowerDim: (d: number) => number) {
  const row = forwardRow(c.d, c.m, c.bRel);
  // 1 - rho and 1 + rho carried exactly: at m = 1e-300 the double rho is 1
  const r = rhoExactOf(c.m, c.bRel);
  const p = rhoPartsOf(r);
  const lower = -logCapAreaCosSplit(lowerDim(c.d), p.oneMinus, p.onePlus, p.lnOneMinus) / Math.LN10;
  const exact = exactCodeSizeExact(c.d, r.rho);
  const upper =
    (exact !== null
      ? Math.log(Number(exact))
      : logBestUpperSplit(c.d, p.rho, p.oneMinus, p.onePlus, p.lnOneMinus).value) / Math.LN10;
  const paperOk = row.log10NLowerPaper! <= row.log10NLower! * (1 + SANDWICH_TOL) + SANDWICH_TOL;
  const tol = SANDWICH_TOL * Math.max(1, Math.abs(upper));
  // the table's lower bound (covering or cross-polytope, whichever is larger) sits below the upper too
  const slack = Math.min(
    upper - lower + tol,
    upper - row.log10NLower! + tol,
    paperOk ? Number.POSITIVE_INFINITY : -1,
  );
  return {
    slack,
    detail: { rho: row.rho, log10Lower: lower, log10TableLower: row.log10NLower, log10Upper: upper, paperOk },
  };
}

function check(ctx: CheckContext, id: string, lowerDim: (d: number) => number) {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary: sandwichCase,
    metric: 'log10 upper(d) - log10 lower + tol (and lower via d-2 <= lower via d-1)',
    measure: (c) => sandwichSlack(c, lowerDim),
    examples: [
      { d: 768, m: 0.0627, bRel: 0.0322 },
      { d: 1152, m: 0.05, bRel: 0 },
      { d: 3, m: 0.2, bRel: 0 },
    ],
  });
}

const common = {
  source: {
    paper: 'derived',
    ref: 'docs/theory.md §2 (capacity sandwich; Shannon-Wyner lower, Levenshtein upper)',
  },
  hypotheses: ['d >= 3', 'm > 0, m + b_rel <= 1, 3m <= 1 + b_rel (feasible region)'],
  tolerance: {
    kind: 'relative',
    value: SANDWICH_TOL,
    why: 'two independently rounded log-space values, each accurate to ~1e-14 relative on this range',
  },
  defaultRuns: 100,
  domain,
} as const;

/** code-bounds-sandwich: 1/Omega_{d-2} <= 1/Omega_{d-1} <= best finite upper bound on A(d, rho). */
export const claim: Claim = {
  id: 'code-bounds-sandwich',
  title:
    'Constellation bounds are ordered: Construction-1 lower <= one-coordinate lower <= finite upper bound',
  ...common,
  statement:
    "For every feasible (d, m, b_rel): 1/Omega_{d-2}(arccos rho) <= 1/Omega_{d-1}(arccos rho) <= min(Levenshtein L(d, rho), cap packing, exact small cases), and the table's lower bound max(1/Omega_{d-1}, 2(d-1)) (exact for rho <= 0) is below the same upper bound.",
  latex:
    '\\Omega_{d-2}(\\theta)^{-1}\\le\\Omega_{d-1}(\\theta)^{-1}\\le A(d-1,\\rho)\\le A(d,\\rho)\\le L(d,\\rho),\\ \\theta=\\arccos\\rho',
  examples: [
    {
      name: 'rho = 0 (3m = 1 + b_rel): upper bound A(d, 0) = 2d, d = 768 -> log10 1536',
      expected: Math.log10(1536),
      from: 'A(n, 0) = 2n (Rankin 1955; docs/theory.md §2)',
      tolerance: 1e-14,
      run: () => forwardRow(768, 0.4, 0.2).log10NUpper ?? Number.NaN,
    },
    {
      name: 'covering bound at rho = 0 in any d: half sphere, log10 2',
      expected: Math.log10(2),
      from: 'Omega_n(pi/2) = 1/2 by symmetry',
      tolerance: 1e-15,
      run: () => log10CodeLower(767, 0),
    },
    {
      name: 'table lower bound just inside 3m = 1 + b_rel, d = 768: the cross-polytope, log10 1534',
      expected: Math.log10(1534),
      from: 'A(n, rho) >= A(n, 0) = 2n for rho >= 0 (Rankin 1955)',
      tolerance: 1e-15,
      run: () => forwardRow(768, 0.2499999, -0.25).log10NLower ?? Number.NaN,
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'code-bounds-sandwich', (d) => d - 1),
};

/** Must-refute variant: the lower bound taken in dimension 2d must not exceed the upper bound in d. */
export const doubledDimension: Claim = {
  id: 'code-bounds-sandwich/doubled-dimension',
  title: 'Must refute: covering lower bound in dimension 2d below the upper bound in dimension d',
  ...common,
  statement:
    'As code-bounds-sandwich with Omega_{2d} in place of Omega_{d-1}: false once d is large (exponents differ by < 2x).',
  latex: '\\Omega_{2d}(\\theta)^{-1}\\overset{?}{\\le}L(d,\\rho)',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'code-bounds-sandwich', change: 'lower-bound dimension d - 1 replaced by 2d' },
  check: (ctx) => check(ctx, 'code-bounds-sandwich/doubled-dimension', (d) => 2 * d),
};
