import fc from 'fast-check';
import { buildCcem, c2OfC1, deltaOfC1 } from '../constructions/ccem.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext, CheckOutcome } from '../src/claims/types.js';
import { infoNceLoss } from '../src/loss/infonce.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import { solveSync } from '../src/solver/index.js';
import { ccemStructure } from './ccem-optimality.js';

/** Bounds of the random cases (one solver run each). */
export const MAX_N = 10;
export const MAX_EXTRA_D = 2;
export const MIN_TAU = 0.25;
export const MAX_TAU = 5;
export const REL_GAP_TOL = 1e-9;
export const STRUCTURE_TOL = 1e-5;

/** Symmetric InfoNCE on CCEM with c1 = x: 2 log(1 + (N-1) exp((c2(x) - x)/tau)). LCS24 corollary. */
export function infoNceOnCcem(n: number, tau: number, x: number, sign = 1): number {
  return 2 * Math.log1p((n - 1) * Math.exp((sign * (c2OfC1(n, x) - x)) / tau));
}

export interface InfoCase {
  readonly n: number;
  readonly d: number;
  readonly tau: number;
  readonly x: number;
  readonly seed: number;
}

/**
 * The declared domain. The closed form holds for every N, tau > 0 and x in [-1, 1], but each case
 * runs the solver (Adam + polish, ~50 ms at N = 10): N <= 10 and d <= N + 2 are what the CI budget
 * pays for, and tau in [0.25, 5] is where the ETF minimiser is well conditioned enough for the
 * solver to reach 1e-9 (see the tolerance note).
 */
export const infoNceParams = {
  n: { min: 3, max: MAX_N, scale: 'log', integer: true, corners: [4] },
  extra: { min: 0, max: MAX_EXTRA_D, scale: 'linear', integer: true },
  tau: { min: MIN_TAU, max: MAX_TAU, scale: 'log', corners: [1] },
  x: { min: -1, max: 1, scale: 'symlog', minAbs: 1e-6 },
} as const;

export const infoNcePendingCorners: readonly PendingCorner[] = [];

/** (N, d - N, tau, x) with extremes; x = 1 is the ETF itself, x = -1 the antipodal CCEM. */
export const infoNceDomain: ClaimDomain<InfoCase> = {
  params: infoNceParams,
  arbitrary: fc
    .record({
      p: paramsArbitrary(infoNceParams, infoNcePendingCorners),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ p, seed }) => ({ n: p.n, d: p.n + p.extra, tau: p.tau, x: p.x, seed })),
  values: (c) => ({ n: c.n, extra: c.d - c.n, tau: c.tau, x: c.x }),
  pendingCorners: infoNcePendingCorners,
  boundaries: [{ name: 'x = 1 with d = N (the ETF in N dimensions)', on: (c) => c.x === 1 && c.d === c.n }],
};

/**
 * One case: the loss of CCEM(delta(x)) against the closed form (with the exponent's `sign`), the
 * ETF's closed form below it, and (`withSolver`) a solver run's relative gap to the ETF and its
 * distance from the ETF structure.
 */
export function measureInfoNce(c: InfoCase, sign: number, withSolver: boolean) {
  const { u, v } = buildCcem(c.n, c.d, deltaOfC1(c.x));
  const direct = infoNceLoss(u, v, { tau: c.tau }).loss;
  const closed = infoNceOnCcem(c.n, c.tau, c.x, sign);
  const etf = infoNceOnCcem(c.n, c.tau, 1, sign);
  // G_ij error gamma_d per entry, divided by tau, through a 1-Lipschitz log-sum-exp of N terms
  const tol = 4 * (c.d / c.tau + c.n + 4) * UNIT_ROUNDOFF * Math.max(1, direct, 1 / c.tau);
  // the same absolute bound, relative to the (small) ETF loss, for the solver's gap
  const relTol = tol / etf;
  let relGap = 0;
  let structure = 0;
  if (withSolver) {
    const r = solveSync({
      n: c.n,
      d: c.d,
      loss: 'infonce',
      t0: 1 / c.tau,
      trainT: false,
      steps: 1500,
      polish: 3000,
      polishGradTol: 1e-13,
      seed: c.seed,
      threads: 1,
    });
    relGap = (r.lossValue - etf) / etf;
    // ETF: U = V (spread of U - V around 0) and sum U_i = 0
    const st = ccemStructure(r.u, r.v);
    let uv = 0;
    for (let k = 0; k < r.u.data.length; k++) uv = Math.max(uv, Math.abs(r.u.data[k]! - r.v.data[k]!));
    structure = Math.max(st.sumNorm, st.diffSpread, uv);
  }
  const slack = Math.min(
    tol - Math.abs(direct - closed),
    direct - etf + tol,
    REL_GAP_TOL + relTol - relGap,
    relGap + relTol,
    STRUCTURE_TOL - structure,
  );
  return {
    slack,
    detail: { direct, closed, etf, tolerance: tol, relTolerance: relTol, relGap, structure },
  };
}

function checkWith(ctx: CheckContext, id: string, sign: number, withSolver: boolean): CheckOutcome {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary: infoNceDomain.arbitrary,
    metric:
      'min(closed-form tol - |L_CCEM - closed|, L_CCEM(x) - L_ETF + tol, 1e-9 - relGap, 1e-5 - structure)',
    measure: (c: InfoCase) => measureInfoNce(c, sign, withSolver),
  });
}

const common = {
  source: { paper: 'LCS24', ref: 'InfoNCE corollary; docs/theory.md §1' },
  tolerance: {
    kind: 'bound',
    value:
      '4 (d/tau + N + 4) u max(1, L, 1/tau) absolute; solver gap 1e-9 (+ that bound / L_ETF); structure 1e-5',
    why: 'each logit G_ij/tau carries gamma_d/tau, log-sum-exp is 1-Lipschitz, plus the N-term sum; 1e-9 is the solver target; tau is kept in [0.25, 5] where the ETF minimiser is well conditioned (below, the loss ~ e^{-N/((N-1) tau)} makes the landscape flat and the structure converges slowly)',
  },
} as const;

/** infonce-etf: the InfoNCE optimum is the simplex ETF for every tau (d >= N). */
export const claim: Claim = {
  id: 'infonce-etf',
  title:
    'InfoNCE: on CCEM the loss is 2 log(1 + (N-1) e^{(c2-c1)/tau}), minimised by the ETF; the solver finds the ETF',
  ...common,
  hypotheses: ['N >= 3, d >= N', 'tau > 0 fixed', 'symmetric InfoNCE, per-anchor (docs/theory.md §0)'],
  statement:
    'On CCEM(delta(x)) the symmetric InfoNCE equals 2 log(1 + (N-1) exp((c2(x) - x)/tau)), decreasing in x, so the CCEM minimum is the ETF (x = 1); the solver from a random start reaches that value (relative gap <= 1e-9) at U = V = a simplex ETF.',
  latex:
    'L_{\\mathrm{NCE}}(\\mathrm{CCEM}(x)) = 2\\log\\!\\big(1 + (N-1)e^{(c_2(x) - x)/\\tau}\\big),\\quad c_2(x) - x = -\\tfrac{N(1+x)}{2(N-1)}',
  derivation: [
    'On CCEM every row of G has G_ii = c1 and N-1 entries c2, so each per-anchor term is log(1 + (N-1) e^{(c2 - c1)/tau}); both directions are equal.',
    'c2 - c1 = ((N-2)c1 - N)/(2(N-1)) - c1 = -N(1 + c1)/(2(N-1)), decreasing in c1: the term decreases in c1 and the minimum is c1 = 1 (ETF).',
  ],
  examples: [
    {
      name: 'N = 4, tau = 1, ETF: 2 log(1 + 3 e^{-4/3})',
      expected: 2 * Math.log1p(3 * Math.exp(-4 / 3)),
      from: 'by hand: c2 - c1 = -1/3 - 1 = -4/3',
      tolerance: 1e-14,
      run: () => {
        const { u, v } = buildCcem(4, 4, 0);
        return infoNceLoss(u, v, { tau: 1 }).loss;
      },
    },
  ],
  expected: 'holds',
  defaultRuns: 40,
  domain: infoNceDomain,
  check: (ctx) => checkWith(ctx, 'infonce-etf', 1, true),
};

/** Must-refute variant: the exponent sign flipped, (c1 - c2)/tau (then the ETF would be the maximiser). */
export const wrongSign: Claim = {
  id: 'infonce-etf/wrong-sign',
  title: 'Must refute: InfoNCE on CCEM = 2 log(1 + (N-1) e^{(c1-c2)/tau})',
  ...common,
  hypotheses: ['N >= 3, d >= N'],
  statement: 'As infonce-etf with the exponent sign flipped: the closed form disagrees with the loss.',
  latex: 'L \\overset{?}{=} 2\\log(1 + (N-1)e^{(c_1 - c_2)/\\tau})',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'infonce-etf', change: '(c2 - c1) replaced by (c1 - c2)' },
  defaultRuns: 20,
  domain: infoNceDomain,
  check: (ctx) => checkWith(ctx, 'infonce-etf/wrong-sign', -1, false),
};
