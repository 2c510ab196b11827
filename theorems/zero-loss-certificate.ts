import fc from 'fast-check';
import {
  buildConstellation,
  type ConstellationSpec,
  constellationSpecDomainArbitrary,
  specParams,
  specValues,
} from '../constructions/random-constellation.js';
import { type ClaimDomain, type PendingCorner, paramArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import { type SolverCase, withSolverCases } from '../src/claims/solver-cases.js';
import type { CheckContext, CheckOutcome, Claim } from '../src/claims/types.js';
import { margins } from '../src/geometry/margins.js';
import type { Normalization } from '../src/loss/conventions.js';
import { sigmoidLoss } from '../src/loss/sigmoid.js';
import { deriveSeed } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { solveSync } from '../src/solver/index.js';

/** Largest perturbation (per coordinate, before renormalising) of the random constellations. */
export const MAX_NOISE = 0.3;
/** Range of tau in t = tau ln(2 N^2) / m_pred (tau < 1 rarely certifies, tau > 1 usually does). */
export const TAU_RANGE = [0.3, 6] as const;
/** Solver runs per check (CI budget) and their step budget; `full` doubles both. */
export const SOLVER_RUNS = 3;
export const SOLVER_STEPS = 1500;

/** One case: a (perturbed) constellation and the (t, b) at which the loss is evaluated. */
export interface CertificateCase {
  readonly spec: ConstellationSpec;
  readonly tau: number;
  /** b/t = b_pred + kappa m_pred. */
  readonly kappa: number;
}

/**
 * The declared domain: constellations over every family and form (exact and perturbed), tau in
 * t = tau ln(2 N^2) / m_pred from 0.3 (the certificate rarely applies) to 6 (t in the hundreds:
 * the float loss is still resolved, L >= e^{-t m} stays a normal double for these margins), and
 * kappa from -1.5 to 1.5 (b/t off the predicted bias by 1.5 margins on either side, 0 on it).
 */
export const certificateParams = {
  ...specParams(MAX_NOISE),
  tau: { min: TAU_RANGE[0], max: TAU_RANGE[1], scale: 'log', corners: [1] },
  kappa: { min: -1.5, max: 1.5, scale: 'symlog', minAbs: 1e-6 },
} as const;

export const certificatePendingCorners: readonly PendingCorner[] = [];

export const certificateDomain: ClaimDomain<CertificateCase> = {
  params: certificateParams,
  arbitrary: fc.record({
    spec: constellationSpecDomainArbitrary(MAX_NOISE),
    tau: paramArbitrary('tau', certificateParams.tau, certificatePendingCorners),
    kappa: paramArbitrary('kappa', certificateParams.kappa, certificatePendingCorners),
  }),
  values: (c) => ({ ...specValues(c.spec), tau: c.tau, kappa: c.kappa }),
  pendingCorners: certificatePendingCorners,
  boundaries: [
    {
      name: 'exact constellation at its predicted bias (noise 0, kappa 0)',
      on: (c) => c.spec.noise === 0 && c.kappa === 0,
    },
  ],
};

/** The random cases. */
export const certificateCaseArbitrary: fc.Arbitrary<CertificateCase> = certificateDomain.arbitrary;

/**
 * Rounding bound, in similarity units, on m* - eta/t - |b/t - b*|: each G_ij carries gamma_d <= 1.01 d u
 * (unit rows, m*, b* inherit it), z = t G - b adds (t + |b|) u, the N^2-term loss sum N^2 u relative,
 * and d eta / dL = e^L/(e^L - 1) turns a relative error r of L into at most 2 r (L < ln 2). With
 * b/t and eta/t divided by t: (2d + 4 + 2|b|/t) u + 2 (N^2 + 2)(1 + 1/t) u; we allow 4x that.
 */
export function certificateTolerance(n: number, d: number, t: number, b: number): number {
  return 4 * (2 * d + 4 + 2 * Math.abs(b / t) + 2 * (n * n + 2) * (1 + 1 / t)) * UNIT_ROUNDOFF;
}

/** What the certificate says about one configuration at (t, b). */
export interface CertificateMeasure {
  /** The loss in the normalisation used for eta. */
  readonly loss: number;
  /** Whether the hypothesis L < ln 2 holds (the certificate applies). */
  readonly applies: boolean;
  /** eta = ln(1 / (e^L - 1)). */
  readonly eta: number;
  readonly mStar: number;
  readonly bStar: number;
  /** m* - eta/t - |b/t - b*| + tol (>= 0: an (eta/t, b/t)-constellation, up to rounding). */
  readonly slack: number;
  readonly tolerance: number;
}

/**
 * Measures the Thm 3.1 certificate at (t, b): with L the loss in `normalization` (the theorem uses
 * `sum`), L < ln 2 must make (U, V) an (eta/t, b/t)-constellation, eta = ln(1/(e^L - 1)).
 */
export function measureCertificate(
  u: Matrix,
  v: Matrix,
  t: number,
  b: number,
  normalization: Normalization,
): CertificateMeasure {
  const loss = sigmoidLoss(u, v, { t, b, normalization }).loss;
  const mg = margins(u, v);
  const tol = certificateTolerance(u.rows, u.cols, t, b);
  const applies = loss < Math.LN2;
  const eta = applies ? -Math.log(Math.expm1(loss)) : Number.NaN;
  const slack = applies ? mg.mStar - eta / t - Math.abs(b / t - mg.bStar) + tol : Number.POSITIVE_INFINITY;
  return { loss, applies, eta, mStar: mg.mStar, bStar: mg.bStar, slack, tolerance: tol };
}

/** The claim's fixed case: a perturbed 12-point simplex at tau = 1, kappa = 0. */
export const BROKEN_PAIR: CertificateCase = {
  spec: { family: 'simplex', p: 12, dim: 2, form: 'identity', delta: 1, phiShare: 0, noise: 0.25, seed: 7 },
  tau: 1,
  kappa: 0,
};

/**
 * The (t, b) of a case: t = tau ln(2 N^2) / m_p and b/t = b_pred + kappa m_p, with m_p the predicted
 * margin floored at 0.02 (random codes) or 0.05.
 */
export function caseTb(c: CertificateCase, n: number): { t: number; b: number } {
  const m = Math.max(c.spec.family === 'random' ? 0.02 : 0.05, 0);
  const built = buildConstellation(c.spec);
  const mp = Math.max(built.predicted.m, m);
  const t = (c.tau * Math.log(2 * n * n)) / mp;
  return { t, b: t * (built.predicted.b + c.kappa * mp) };
}

/**
 * Solver run k of a check: RB-Sig on N = 8 + 4k points in d = 3 + k (sum normalisation, one thread,
 * seed derived from the claim's seed and k), its certificate measured in `normalization`.
 */
export function solverCase(k: number, seed: number, steps: number, normalization: Normalization): SolverCase {
  const n = 8 + 4 * k;
  const d = 3 + k;
  const runSeed = deriveSeed(seed, `solver:${k}`);
  const s = solveSync({ n, d, loss: 'rb-sig', steps, seed: runSeed, normalization: 'sum', threads: 1 });
  const r = measureCertificate(s.u, s.v, s.t, s.b, normalization);
  const row = { n, d, seed: runSeed, steps, t: s.t, b: s.b, ...r };
  return { input: { n, d, seed: runSeed, steps, loss: 'rb-sig' }, slack: r.slack, applies: r.applies, row };
}

async function check(ctx: CheckContext, id: string, normalization: Normalization): Promise<CheckOutcome> {
  let certified = 0;
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: certificateCaseArbitrary,
    metric: 'm* - eta/t - |b/t - b*| + tol, when L < ln 2 (similarity units)',
    measure: (c) => {
      const { u, v } = buildConstellation(c.spec);
      const { t, b } = caseTb(c, u.rows);
      const r = measureCertificate(u, v, t, b, normalization);
      if (r.applies) certified++;
      return { slack: r.slack, detail: { t, b, ...r } };
    },
    examples: [BROKEN_PAIR],
  });
  // Solver outputs: RB-Sig runs on small problems, certificate in the `sum` normalisation.
  const steps = ctx.full ? 2 * SOLVER_STEPS : SOLVER_STEPS;
  return withSolverCases(ctx, property, {
    claimId: id,
    runs: ctx.full ? 2 * SOLVER_RUNS : SOLVER_RUNS,
    run: (k) => solverCase(k, ctx.seed, steps, normalization),
    refuted: (c) =>
      `solver output with L = ${String(c.row.loss)} < ln 2 is not an (eta/t, b/t)-constellation: ${JSON.stringify(c.row)}`,
    vacuous: (rows) => `no solver run reached L < ln 2 in ${steps} steps (${JSON.stringify(rows)})`,
    details: { randomCertified: certified },
  });
}

const common = {
  source: { paper: 'BBNP25', ref: 'Thm 3.1 (certificate form derived, docs/theory.md §2)' },
  tolerance: {
    kind: 'bound',
    value: '4 ((2d + 4 + 2|b/t|) + 2 (N^2 + 2)(1 + 1/t)) u, u = 2^-53',
    why: 'G_ij of unit rows carries gamma_d; the N^2-term loss sum and eta = -ln(expm1 L) add at most 2 N^2 u relative',
  },
  defaultRuns: 150,
  domain: certificateDomain,
} as const;

/** zero-loss-certificate: L_Sig(sum) < ln 2 makes (U, V) an (eta/t, b/t)-constellation. */
export const claim: Claim = {
  id: 'zero-loss-certificate',
  title: 'Zero-loss certificate: L < ln 2 (sum) makes an (eta/t, b/t)-constellation, eta = ln(1/(e^L - 1))',
  ...common,
  hypotheses: ['U_i, V_i unit vectors', 't > 0', 'L = L_Sig(t, b) with normalisation sum', 'L < ln 2'],
  statement:
    'If L_Sig(sum) = L < ln 2 then every positive has t G_ii - b >= eta and every negative b - t G_ij >= eta, eta = ln(1/(e^L - 1)) > 0: an (eta/t, b/t)-constellation. Checked on random (perturbed) constellations and on RB-Sig solver outputs.',
  latex:
    'L < \\ln 2 \\;\\Rightarrow\\; m^* \\ge \\eta/t,\\ |b/t - b^*| \\le m^* - \\eta/t,\\ \\eta = \\ln\\frac{1}{e^L - 1}',
  examples: [
    {
      name: 'antipodal pair U = V = (1, -1), t = 10, b = 0: L = 4 ln(1 + e^-10) and eta = 10 - ln 4 - ln(1 + 3e^-10/2 + e^-20 + e^-30/4)',
      expected: 10 - Math.log(4) - Math.log1p(1.5 * Math.exp(-10) + Math.exp(-20) + 0.25 * Math.exp(-30)),
      from: 'by hand (binomial expansion): e^L - 1 = (1 + e^-10)^4 - 1 = 4 e^-10 (1 + 3e^-10/2 + e^-20 + e^-30/4)',
      // eta = -ln(e^L - 1) moves by about the relative error of L (a 4-term sum, < 8 u) for L << 1
      tolerance: 1e-14,
      run: () => {
        const x = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
        return measureCertificate(x, x, 10, 0, 'sum').eta;
      },
    },
    {
      name: 'antipodal pair U = (1, -1), V = U, t = 10, b = 0: slack m* - eta/t equals ln(...) closed form',
      expected: 1 + Math.log(Math.expm1(4 * Math.log1p(Math.exp(-10)))) / 10,
      from: 'by hand: L = 4 softplus(-10), m* = 1, b* = 0, slack = 1 - eta/10',
      tolerance: 1e-12,
      run: () => {
        const x = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
        const r = measureCertificate(x, x, 10, 0, 'sum');
        return r.slack - r.tolerance;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'zero-loss-certificate', 'sum'),
};

/** Must-refute variant: eta from the per-anchor loss (sum / N), the SigLIP normalisation. */
export const perAnchor: Claim = {
  id: 'zero-loss-certificate/per-anchor',
  title: 'Must refute: the certificate with the per-anchor loss (sum / N) in place of the sum',
  ...common,
  hypotheses: ['U_i, V_i unit vectors', 'L = L_Sig(t, b) / N (per-anchor)', 'L < ln 2'],
  statement:
    'As zero-loss-certificate with L per-anchor: fails when one broken pair carries the loss (L(sum) in [ln 2, N ln 2)).',
  latex: 'L_{\\text{per-anchor}} < \\ln 2 \\overset{?}{\\Rightarrow} (\\eta/t, b/t)\\text{-constellation}',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'zero-loss-certificate', change: 'normalisation sum replaced by per-anchor (L / N)' },
  check: (ctx) => check(ctx, 'zero-loss-certificate/per-anchor', 'per-anchor'),
};
