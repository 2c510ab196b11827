import fc from 'fast-check';
import { ccemOptimum } from '../constructions/ccem.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext, CheckOutcome } from '../src/claims/types.js';
import { sigmoidLoss } from '../src/loss/sigmoid.js';
import { Rng } from '../src/numeric/float/rng.js';
import { sigmoid } from '../src/numeric/float/softplus.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { randomUnitRows } from '../src/numeric/float/vectors.js';
import { solveSync } from '../src/solver/index.js';

/** Cost bounds of the random cases (each case is one solver run, about 20-80 ms at these sizes). */
export const MAX_N = 10;
export const MAX_EXTRA_D = 2;
export const MIN_T = 0.2;
export const MAX_T = 6;
export const MAX_ABS_B = 4;
/** Solver budget per case: Adam steps, then Riemannian BB polish iterations. */
export const SOLVER_STEPS = 1500;
export const SOLVER_POLISH = 3000;
/** The relative gap the solver must reach (the brief's target). */
export const REL_GAP_TOL = 1e-9;
/** Floor of the structure tolerance on |sum (U_i + V_i)| and max_i |(U_i - V_i) - (U_1 - V_1)|. */
export const STRUCTURE_TOL = 1e-5;

/**
 * Structure tolerance of a case: a point with loss gap eps above a minimiser of curvature lambda
 * lies within sqrt(2 eps / lambda) of it. lambda is taken as N f''(x*) (the curvature of L_Sig along
 * the CCEM family), eps as the positive gap plus the rounding bound; 10x that, floored at 1e-5.
 */
export function structureTol(n: number, t: number, b: number, x: number, gapAbs: number): number {
  const s = (z: number) => sigmoid(z) * sigmoid(-z);
  const c2 = ((n - 2) * x - n) / (2 * (n - 1));
  const fpp = t * t * (s(b - t * x) + (((n - 2) * (n - 2)) / (4 * (n - 1))) * s(t * c2 - b));
  return Math.max(STRUCTURE_TOL, 10 * Math.sqrt((2 * gapAbs) / (n * fpp)));
}

/** One case: N, d, (t, b) and the seed of the solver's random start (and of a random configuration). */
export interface OptimalityCase {
  readonly n: number;
  readonly d: number;
  readonly t: number;
  readonly b: number;
  readonly seed: number;
}

/** |sum_i (U_i + V_i)| and max_i |(U_i - V_i) - (U_1 - V_1)|: both 0 exactly on a rotated CCEM. */
export function ccemStructure(u: Matrix, v: Matrix): { sumNorm: number; diffSpread: number } {
  const { rows: n, cols: d } = u;
  const s = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) s[k]! += u.data[i * d + k]! + v.data[i * d + k]!;
  let sumNorm = 0;
  for (let k = 0; k < d; k++) sumNorm += s[k]! * s[k]!;
  let diffSpread = 0;
  for (let i = 1; i < n; i++) {
    let q = 0;
    for (let k = 0; k < d; k++) {
      const e = u.data[i * d + k]! - v.data[i * d + k]! - (u.data[k]! - v.data[k]!);
      q += e * e;
    }
    diffSpread = Math.max(diffSpread, Math.sqrt(q));
  }
  return { sumNorm: Math.sqrt(sumNorm), diffSpread };
}

/**
 * Rounding bound (relative) on a float64 per-anchor L_Sig: each logit t G_ij carries
 * t gamma_d, softplus is 1-Lipschitz, N^2 terms are summed: (d t + N^2) N u relative to the loss
 * (the loss is >= the per-anchor minimum, itself >= ln(1 + e^{-...}) > 0); doubled.
 */
export function lossRoundingTol(n: number, d: number, t: number): number {
  return 2 * (d * Math.max(1, t) + n * n) * n * UNIT_ROUNDOFF;
}

/** The solver at fixed (t, b) from the case's random start, polished. */
export function solveCase(c: OptimalityCase) {
  return solveSync({
    n: c.n,
    d: c.d,
    loss: 'sig',
    t0: c.t,
    b0: c.b,
    trainT: false,
    trainBias: false,
    steps: SOLVER_STEPS,
    polish: SOLVER_POLISH,
    polishGradTol: 1e-13,
    seed: c.seed,
    starts: 1,
    threads: 1,
  });
}

/**
 * The declared domain. The bound holds for all N >= 3, d >= N, t > 0, b real, but each case is a
 * solver run (~20-80 ms at N <= 10): N <= 10 and d <= N + 2 are what the CI budget pays for, and
 * t in [0.2, 6], |b| <= 4 is where Adam + polish reach the 1e-9 relative gap in 1500 + 3000 steps
 * (at larger t the loss is e^{-t}-small and the landscape too flat for that gap in the budget).
 */
export const optimalityParams = {
  n: { min: 3, max: MAX_N, scale: 'log', integer: true, corners: [4, 8] },
  extra: { min: 0, max: MAX_EXTRA_D, scale: 'linear', integer: true },
  t: { min: MIN_T, max: MAX_T, scale: 'log', corners: [1] },
  b: { min: -MAX_ABS_B, max: MAX_ABS_B, scale: 'symlog', minAbs: 1e-3 },
} as const;

export const optimalityPendingCorners: readonly PendingCorner[] = [];

const solverSeed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** (N, d, t, b) with extremes; a quarter on the diagonal b = t of the LCS24 thresholds. */
export const optimalityDomain: ClaimDomain<OptimalityCase> = {
  params: optimalityParams,
  arbitrary: fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({ p: paramsArbitrary(optimalityParams, optimalityPendingCorners), seed: solverSeed })
        .map(({ p, seed }) => ({ n: p.n, d: p.n + p.extra, t: p.t, b: p.b, seed })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          p: paramsArbitrary(
            {
              n: optimalityParams.n,
              extra: optimalityParams.extra,
              t: { ...optimalityParams.t, max: MAX_ABS_B },
            },
            optimalityPendingCorners,
          ),
          seed: solverSeed,
        })
        .map(({ p, seed }) => ({ n: p.n, d: p.n + p.extra, t: p.t, b: p.t, seed })),
    },
  ),
  values: (c) => ({ n: c.n, extra: c.d - c.n, t: c.t, b: c.b }),
  pendingCorners: optimalityPendingCorners,
  boundaries: [
    { name: 'b = t', on: (c) => c.b === c.t },
    { name: 'd = N', on: (c) => c.d === c.n },
  ],
};

/**
 * The must-refute variant's cases: d in {N - 2, N - 1}, t = b a share u of the way from T_ANTI(N)
 * to T_ETF(N) (interior regime), N from 5 (T_ANTI < T_ETF needs N - 3 > 0) to the solver bound.
 */
export const belowParams = {
  n: { min: 5, max: MAX_N, scale: 'log', integer: true },
  off: { min: -2, max: -1, scale: 'linear', integer: true },
  u: { min: 0.2, max: 0.8, scale: 'linear', corners: [0.5] },
} as const;

/** A must-refute case with the share u it was drawn at. */
export interface BelowCase extends OptimalityCase {
  readonly u: number;
}

export const belowDomain: ClaimDomain<BelowCase> = {
  params: belowParams,
  arbitrary: fc
    .record({ p: paramsArbitrary(belowParams, optimalityPendingCorners), seed: solverSeed })
    .map(({ p, seed }) => {
      const te = ((p.n - 1) / p.n) * Math.log(p.n - 3);
      const ta = 0.5 * Math.log((p.n - 2) / 2);
      const t = ta + p.u * (te - ta);
      return { n: p.n, d: p.n + p.off, t, b: t, seed, u: p.u };
    }),
  values: (c) => ({ n: c.n, off: c.d - c.n, u: c.u }),
  pendingCorners: optimalityPendingCorners,
};

/**
 * min(relGap + roundTol, randomGap + roundTol, 1e-9 - relGap, sTol - |sum(U+V)|, sTol - spread(U-V)):
 * neither the solver nor a random configuration below the bound, the solver within 1e-9 of it, at
 * CCEM structure.
 */
export function optimalitySlack(
  relGap: number,
  randomGap: number,
  roundTol: number,
  sTol: number,
  st: { readonly sumNorm: number; readonly diffSpread: number },
): number {
  return Math.min(
    relGap + roundTol,
    randomGap + roundTol,
    REL_GAP_TOL - relGap,
    sTol - st.sumNorm,
    sTol - st.diffSpread,
  );
}

/**
 * The solver's case against the bound: min(relGap + roundTol, randomGap + roundTol, 1e-9 - relGap,
 * sTol - |sum(U+V)|, sTol - spread(U-V)), with every figure behind it.
 */
export function measure(c: OptimalityCase) {
  const opt = ccemOptimum(c.n, c.t, c.b);
  const r = solveCase(c);
  const roundTol = lossRoundingTol(c.n, c.d, c.t);
  const relGap = (r.lossValue - opt.loss) / opt.loss;
  // a random configuration must not beat the bound either
  const rng = new Rng(c.seed ^ 0x5eed);
  const ru = randomUnitRows(c.n, c.d, rng);
  const rv = randomUnitRows(c.n, c.d, rng);
  const randomGap =
    (sigmoidLoss(ru, rv, { t: c.t, b: c.b, normalization: 'per-anchor' }).loss - opt.loss) / opt.loss;
  const st = ccemStructure(r.u, r.v);
  const sTol = structureTol(c.n, c.t, c.b, opt.c1, c.n * opt.loss * (Math.max(0, relGap) + roundTol));
  const slack = optimalitySlack(relGap, randomGap, roundTol, sTol, st);
  return {
    slack,
    detail: {
      regime: opt.regime,
      c1Star: opt.c1,
      fStar: opt.loss,
      solverLoss: r.lossValue,
      relGap,
      randomGap,
      sumNorm: st.sumNorm,
      diffSpread: st.diffSpread,
      gradNorm: r.gradNorm,
      tolerances: { relGap: REL_GAP_TOL, rounding: roundTol, structure: sTol },
    },
  };
}

const common = {
  source: { paper: 'LCS24', ref: 'optimality theorem (CCEM); docs/theory.md §1' },
  tolerance: {
    kind: 'relative',
    value: "gap >= -(2 (d t + N^2) N u); gap <= 1e-9; structure <= max(1e-5, 10 sqrt(2 eps / (N f''(x*))))",
    why: 'the lower side is a float64 rounding bound on L_Sig (N^2 softplus terms of logits t G_ij, each G_ij with gamma_d error); 1e-9 is the target the polished solver must reach; a point with loss gap eps is within sqrt(2 eps / lambda) of the minimiser, lambda the curvature (N d2f(x*) along CCEM; small at small t or large |b|), eps the gap plus rounding',
  },
} as const;

/** ccem-optimality: for d >= N >= 3 no configuration beats min_x f(x); the solver reaches it with CCEM structure. */
export const claim: Claim = {
  id: 'ccem-optimality',
  title: 'For d >= N >= 3, min L_Sig (per anchor) = min_x f(x), attained by CCEM; the solver reaches it',
  ...common,
  hypotheses: [
    'N >= 3',
    'd >= N',
    't > 0, b real (fixed, not trained)',
    'per-anchor normalisation (argmins do not depend on it)',
  ],
  statement:
    'For every configuration of N pairs of unit vectors in R^d with d >= N, L_Sig/N >= min over x in [-1, 1] of f(x) = softplus(b - t x) + (N-1) softplus(t c2(x) - b); the bound is attained by CCEM(delta(x*)), and the Adam + polish solver from a random start reaches it (relative gap <= 1e-9) at a configuration with sum_i (U_i + V_i) = 0 and U_i - V_i constant.',
  latex:
    '\\min_{U,V \\in (S^{d-1})^N} \\tfrac1N L_{\\mathrm{Sig}} = \\min_{x\\in[-1,1]} \\mathrm{sp}(b - t x) + (N-1)\\,\\mathrm{sp}\\big(t\\,c_2(x) - b\\big),\\quad d \\ge N',
  derivation: [
    'Jensen on the convex softplus: sum_i sp(b - t G_ii) >= N sp(b - t x), x = mean_i G_ii; sum_{i!=j} sp(t G_ij - b) >= N(N-1) sp(t y - b), y = mean_{i!=j} G_ij.',
    'Key inequality: N(N-1) y >= ((N-2)/2) N x - N^2/2, i.e. y >= c2(x) = ((N-2) x - N)/(2(N-1)); sp is increasing, so the negative term is >= (N-1) sp(t c2(x) - b).',
    'Hence L_Sig/N >= f(x) >= min_[-1,1] f; CCEM(delta(x)) meets every inequality with equality (all G_ii = x, all G_ij = c2(x)).',
    'Attainment needs N equal-norm vectors (U_i + V_i)/2 summing to 0 with equal inner products plus a common orthogonal U_i - V_i: N dimensions when both parts are non-zero (interior regime).',
  ],
  examples: [
    {
      name: 'N = 4, t = b = 1: ETF regime (T_ETF(4) = 0), min f = ln 2 + 3 ln(1 + e^{-4/3})',
      expected: Math.LN2 + 3 * Math.log1p(Math.exp(-4 / 3)),
      from: 'by hand: f(1) = sp(0) + 3 sp(-t/3 - b) with c2(1) = -1/3: sp(0) + 3 sp(-1/3 - 1)',
      tolerance: 1e-15,
      run: () => ccemOptimum(4, 1, 1).loss,
    },
    {
      name: 'N = 8, t = b = 0.25 (<= T_ANTI(8) = ln(3)/2): antipodal, min f = sp(0.5) + 7 sp(-0.5)',
      expected: Math.log1p(Math.exp(0.5)) + 7 * Math.log1p(Math.exp(-0.5)),
      from: 'by hand: x = -1, c2(-1) = -1',
      tolerance: 1e-14,
      run: () => ccemOptimum(8, 0.25, 0.25).loss,
    },
  ],
  expected: 'holds',
  defaultRuns: 60,
  domain: optimalityDomain,
  check: (ctx: CheckContext): CheckOutcome =>
    checkProperty(ctx, {
      claimId: 'ccem-optimality',
      arbitrary: optimalityDomain.arbitrary,
      metric:
        'min(relGap + roundTol, randomGap + roundTol, 1e-9 - relGap, sTol - |sum(U+V)|, sTol - spread(U-V)), relGap = (L_solver - f*)/f*',
      measure,
      examples: [
        { n: 8, d: 8, t: 1.125, b: 1.125, seed: 1 },
        { n: 8, d: 8, t: 3, b: 3, seed: 2 },
        { n: 8, d: 8, t: 0.3, b: 0.3, seed: 3 },
      ],
    }),
};

/**
 * Must-refute variant: d < N (d = N - 1 or N - 2) in the interior regime of t = b. The bound is not
 * attained there, so the solver's relative gap stays far above 1e-9.
 */
export const dBelowN: Claim = {
  id: 'ccem-optimality/d-below-n',
  title: 'Must refute: the CCEM bound attained with d < N in the interior regime',
  ...common,
  hypotheses: [
    'N >= 5',
    'd = N - 1 or N - 2 (hypothesis d >= N dropped)',
    't = b strictly between T_ANTI(N) and T_ETF(N)',
  ],
  statement:
    'As ccem-optimality with d < N: the solver reaching min f within 1e-9 fails (the bound needs N dimensions in the interior regime).',
  latex: '\\min_{(S^{d-1})^N} \\tfrac1N L_{\\mathrm{Sig}} \\overset{?}{=} \\min_x f(x),\\quad d < N',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'ccem-optimality', change: 'd >= N replaced by d in {N-2, N-1}, interior regime' },
  defaultRuns: 10,
  domain: belowDomain,
  check: (ctx: CheckContext): CheckOutcome =>
    checkProperty(ctx, {
      claimId: 'ccem-optimality/d-below-n',
      arbitrary: belowDomain.arbitrary,
      metric: '1e-9 - relGap, relGap = (L_solver - f*)/f*',
      measure: (c) => {
        const m = measure(c);
        const relGap = m.detail.relGap;
        return { slack: REL_GAP_TOL - relGap, detail: m.detail };
      },
    }),
};
