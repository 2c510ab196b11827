import fc from 'fast-check';
import {
  buildConstellation,
  type ConstellationSpec,
  FAMILY_RANGES,
} from '../constructions/random-constellation.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import { type SharpCase, type SharpnessSpec, withSharpness } from '../src/claims/sharpness.js';
import { withSolverCases } from '../src/claims/solver-cases.js';
import type { CheckContext, CheckOutcome, Claim } from '../src/claims/types.js';
import { margins } from '../src/geometry/margins.js';
import { separator } from '../src/geometry/separator.js';
import { deriveSeed } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { solveSync } from '../src/solver/index.js';

/** Largest perturbation of the constructed constellations. */
export const MAX_NOISE = 0.08;
/** Solver runs per check (CI budget; `full` doubles them) and their step budget. */
export const SOLVER_RUNS = 3;
export const SOLVER_STEPS = 1500;

/** One case: a construction on a code (delta^2 in the window where m > |b_rel|), perturbed. */
export interface GapCase {
  readonly spec: ConstellationSpec;
  /** Position of delta^2 in (1/2, min(1, 1/(1 + rho_c))), the window of m > |b_rel| (one-coordinate form). */
  readonly window: number;
}

/** Codes of the random cases (every family of FAMILY_RANGES). */
const GAP_FAMILIES = ['simplex', 'cross-polytope', 'reed-muller', 'hamming', 'roots-d', 'random'] as const;
/** Pair counts of a random code: 12 to 24 (N >= d + 2 for every dim <= 6), or dim + 3 on N = d + 2. */
export const GAP_RANDOM_P = [12, 24] as const;

/**
 * The declared domain: codes of every family (random ones with 12 to 24 pairs in dimension 2 to 6),
 * delta^2 from 5% to 95% of the m > |b_rel| window, phiShare 0 to 0.2 (paper form), noise 0 to
 * 0.08 (configurations it pushes out of the hypothesis are vacuous), and a share drawn exactly on
 * N = d + 2 (one-coordinate form of dim + 3 random vectors, d = dim + 1), the smallest N covered.
 */
export const gapParams = {
  p: { min: 1, max: GAP_RANDOM_P[1], scale: 'log', integer: true },
  dim: { min: 2, max: 6, scale: 'linear', integer: true },
  window: { min: 0.05, max: 0.95, scale: 'linear', corners: [0.5] },
  phiShare: { min: 0, max: 0.2, scale: 'symlog', minAbs: 1e-6 },
  noise: { min: 0, max: MAX_NOISE, scale: 'symlog', minAbs: 1e-9 },
} as const;

export const gapPendingCorners: readonly PendingCorner[] = [];

const gapForm = fc.constantFrom(
  'identity' as const,
  'one-coordinate' as const,
  'one-coordinate' as const,
  'paper' as const,
);

export const gapDomain: ClaimDomain<GapCase> = {
  params: gapParams,
  arbitrary: fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record({
          family: fc.constantFrom(...GAP_FAMILIES),
          pShare: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
          form: gapForm,
          q: paramsArbitrary(
            {
              dim: gapParams.dim,
              window: gapParams.window,
              phiShare: gapParams.phiShare,
              noise: gapParams.noise,
            },
            gapPendingCorners,
          ),
          seed: fc.integer(),
        })
        .map(({ family, pShare, form, q, seed }) => {
          const [lo, hi] = family === 'random' ? GAP_RANDOM_P : FAMILY_RANGES[family];
          const p = lo + Math.round(pShare * (hi - lo));
          const { window, ...rest } = q;
          return { spec: { family, p, form, delta: 1, ...rest, seed }, window };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          q: paramsArbitrary(
            { dim: gapParams.dim, window: gapParams.window, noise: gapParams.noise },
            gapPendingCorners,
          ),
          seed: fc.integer(),
        })
        .map(({ q, seed }) => ({
          spec: {
            family: 'random' as const,
            p: q.dim + 3,
            dim: q.dim,
            form: 'one-coordinate' as const,
            delta: 1,
            phiShare: 0,
            noise: q.noise,
            seed,
          },
          window: q.window,
        })),
    },
  ),
  values: (c) => ({
    p: c.spec.p,
    dim: c.spec.family === 'random' ? c.spec.dim : undefined,
    window: c.window,
    phiShare: c.spec.form === 'paper' ? c.spec.phiShare : undefined,
    noise: c.spec.noise,
  }),
  pendingCorners: gapPendingCorners,
  boundaries: [
    {
      name: 'N = d + 2 (one-coordinate form of dim + 3 random vectors)',
      on: (c) =>
        c.spec.family === 'random' && c.spec.form === 'one-coordinate' && c.spec.p === c.spec.dim + 3,
    },
    {
      name: 'N = d + 2 exact (no noise) at dim = 6',
      on: (c) =>
        c.spec.family === 'random' && c.spec.p === c.spec.dim + 3 && c.spec.noise === 0 && c.spec.dim === 6,
    },
    {
      name: 'simplex U = V (N = d + 1)',
      on: (c) => c.spec.family === 'simplex' && c.spec.form === 'identity',
    },
  ],
};

/** The random cases: one-coordinate and paper forms, U = V (the simplex: N = d + 1), and N = d + 2. */
export const gapCaseArbitrary: fc.Arbitrary<GapCase> = gapDomain.arbitrary;

/** Resolves the case's delta: delta^2 inside the m > |b_rel| window for the code's rho. */
export function gapSpec(c: GapCase): ConstellationSpec {
  const probe = buildConstellation({ ...c.spec, form: 'identity', noise: 0 });
  const rhoC = probe.code.rho;
  const hi = Math.min(1, 1 / (1 + rhoC));
  const d2 = 0.5 + c.window * (hi - 0.5);
  return { ...c.spec, delta: Math.sqrt(d2) };
}

/** Rounding bound on <h, x> for unit h, x in R^d: 4 (d + 2) u. */
export function gapTolerance(d: number): number {
  return 4 * (d + 2) * UNIT_ROUNDOFF;
}

/**
 * Thm 3.6 on one configuration: when the hypothesis holds (G_ii > 0 > G_ij, N >= minN(d)), the
 * separator (src/geometry) must give h with <h, U_i> > tol for all i and <h, V_j> < -tol for at
 * least N - d of the j, recounted here from h. Slack: the margin of separation when both hold,
 * else minus the shortfall. Configurations outside the hypothesis are vacuous (+Infinity).
 */
export function measureGap(u: Matrix, v: Matrix, minN: (d: number) => number) {
  const n = u.rows;
  const d = u.cols;
  const mg = margins(u, v);
  const hypothesis = mg.minPos > 0 && mg.maxNeg < 0 && n >= minN(d);
  if (!hypothesis)
    return {
      slack: Number.POSITIVE_INFINITY,
      detail: { n, d, minPos: mg.minPos, maxNeg: mg.maxNeg, vacuous: true },
    };
  const sep = separator(u, v);
  const tol = gapTolerance(d);
  let uMin = Number.POSITIVE_INFINITY;
  let count = 0;
  let vMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let k = 0; k < d; k++) {
      a += sep.h[k]! * u.data[i * d + k]!;
      b += sep.h[k]! * v.data[i * d + k]!;
    }
    uMin = Math.min(uMin, a);
    if (b < -tol) {
      count++;
      vMin = Math.min(vMin, -b);
    }
  }
  const need = n - d;
  const margin = Math.min(uMin, vMin);
  const slack = uMin <= tol ? uMin - tol : count < need ? count - need : margin;
  return {
    slack,
    detail: {
      n,
      d,
      mStar: mg.mStar,
      bStar: mg.bStar,
      found: sep.found,
      separated: count,
      needed: need,
      margin,
      uMin,
      tolerance: tol,
    },
  };
}

/** The claim's check with the hypothesis N >= minN(d): property cases, the boundary N = d + 2, solver cases. */
export async function check(
  ctx: CheckContext,
  id: string,
  minN: (d: number) => number,
  withSolver: boolean,
): Promise<CheckOutcome> {
  let applied = 0;
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: gapCaseArbitrary,
    metric:
      'separation margin of h (U_i positive, >= N - d of the V_j negative); minus the shortfall otherwise',
    measure: (c) => {
      const { u, v } = buildConstellation(gapSpec(c));
      const r = measureGap(u, v, minN);
      if (r.slack !== Number.POSITIVE_INFINITY) applied++;
      return r;
    },
    examples: [
      {
        spec: {
          family: 'simplex' as const,
          p: 6,
          dim: 2,
          form: 'identity' as const,
          delta: 1,
          phiShare: 0,
          noise: 0,
          seed: 1,
        },
        window: 0.5,
      },
    ],
  });
  const sharp = withSharpness(ctx, property, gapSharpness(ctx, id, minN));
  if (!withSolver) {
    return sharp.evidence
      ? {
          ...sharp,
          evidence: { ...sharp.evidence, details: { ...sharp.evidence.details, applied } },
        }
      : sharp;
  }
  // Solver-made constellations: RB-Sig with b_rel fixed at 0 drives G_ii > 0 > G_ij.
  return withSolverCases(ctx, sharp, {
    claimId: id,
    runs: ctx.full ? 2 * SOLVER_RUNS : SOLVER_RUNS,
    run: (k) => {
      const d = 3 + k;
      const n = 4 * d + 4;
      const seed = deriveSeed(ctx.seed, `solver:${k}`);
      const s = solveSync({
        n,
        d,
        loss: 'rb-sig',
        bRel0: 0,
        trainBias: false,
        steps: SOLVER_STEPS,
        seed,
        threads: 1,
      });
      const r = measureGap(s.u, s.v, minN);
      const row = { seed, steps: SOLVER_STEPS, ...r.detail, slack: r.slack };
      // an infinite slack marks an output where the hypothesis G_ii > 0 > G_ij failed
      const applies = r.slack !== Number.POSITIVE_INFINITY;
      return {
        input: { n, d, seed, steps: SOLVER_STEPS, loss: 'rb-sig', bRel: 0 },
        slack: r.slack,
        applies,
        row,
      };
    },
    refuted: (c) =>
      `no separator with >= N - d separated V's found on a solver-made constellation: ${JSON.stringify(c.row)}`,
    vacuous: (rows) => `no solver run reached G_ii > 0 > G_ij: ${JSON.stringify(rows)}`,
    details: { applied },
  });
}

/** Dimensions of the code under the one-coordinate boundary cases (d = dim + 1, N = d + 2). */
export const BOUNDARY_DIMS = [2, 3, 4, 5, 6] as const;

/**
 * The boundary of the hypothesis, both sides. At N = d + 2: the one-coordinate form of dim + 3
 * random unit vectors in R^dim (d = dim + 1) and of the cross-polytope of R^3 (N = 6, d = 4),
 * delta^2 mid-window, no noise; each must be inside the claim's hypothesis and separated (gap =
 * shortfall). At N = d + 1: the simplex U = V has sum U_i = 0, so the conclusion must fail there
 * (gap = the slack by which it would hold), which is why the hypothesis cannot be N >= d + 1.
 */
export function gapSharpCases(seed: number, minN: (d: number) => number): SharpCase[] {
  const out: SharpCase[] = [];
  const specs: ConstellationSpec[] = BOUNDARY_DIMS.map((dim) => ({
    family: 'random' as const,
    p: dim + 3,
    dim,
    form: 'one-coordinate' as const,
    delta: 1,
    phiShare: 0,
    noise: 0,
    seed: deriveSeed(seed, `sharp:boundary:${dim}`),
  }));
  specs.push({
    family: 'cross-polytope',
    p: 3,
    dim: 3,
    form: 'one-coordinate',
    delta: 1,
    phiShare: 0,
    noise: 0,
    seed,
  });
  for (const spec of specs) {
    const { u, v } = buildConstellation(gapSpec({ spec, window: 0.5 }));
    const r = measureGap(u, v, minN);
    const applies = r.slack !== Number.POSITIVE_INFINITY;
    out.push({
      input: { side: 'N = d + 2', ...spec },
      gap: applies && r.slack < 0 ? -r.slack : 0,
      tolerance: 0,
      applies,
      row: { side: 'N = d + 2', ...r.detail, slack: r.slack },
    });
  }
  for (const dim of BOUNDARY_DIMS) {
    const spec = {
      family: 'simplex' as const,
      p: dim + 1,
      dim,
      form: 'identity' as const,
      delta: 1,
      phiShare: 0,
      noise: 0,
      seed,
    };
    const { u, v } = buildConstellation(spec);
    const r = measureGap(u, v, (d) => d + 1);
    out.push({
      input: { side: 'N = d + 1', ...spec },
      gap: r.slack >= 0 ? r.slack : 0,
      tolerance: 0,
      applies: r.slack !== Number.POSITIVE_INFINITY,
      row: { side: 'N = d + 1 (must fail)', ...r.detail, slack: r.slack },
    });
  }
  return out;
}

function gapSharpness(ctx: CheckContext, id: string, minN: (d: number) => number): SharpnessSpec {
  let boundary: SharpCase[] = [];
  return {
    claimId: id,
    metric:
      'N = d + 2 (one-coordinate codes): inside the hypothesis and separated, gap = shortfall; N = d + 1 (simplex U = V): conclusion fails, gap = its slack',
    cases: () => {
      boundary = gapSharpCases(ctx.seed, minN);
      return boundary;
    },
    details: () => {
      const at = boundary.filter((c) => c.input.side === 'N = d + 2');
      const below = boundary.filter((c) => c.input.side === 'N = d + 1');
      const rows = at.map((c) => c.row as { separated?: number; needed?: number; margin?: number });
      return {
        boundarySampled: at.length,
        boundaryApplied: at.filter((c) => c.applies).length,
        boundaryMinExtraSeparated: Math.min(...rows.map((r) => (r.separated ?? 0) - (r.needed ?? 0))),
        boundaryMinMargin: Math.min(...rows.map((r) => r.margin ?? Number.NaN)),
        belowSampled: below.length,
        belowRefuted: below.filter((c) => (c.row as { slack: number }).slack < 0).length,
      };
    },
  };
}

const common = {
  source: { paper: 'BBNP25', ref: 'Thm 3.6 (modality gap), Example 3' },
  tolerance: {
    kind: 'bound',
    value: '4 (d + 2) u, u = 2^-53',
    why: '<h, x> of unit vectors carries gamma_d; a sign is trusted only beyond it',
  },
  defaultRuns: 100,
  domain: gapDomain,
} as const;

/** modality-gap: N >= d + 2 and G_ii > 0 > G_ij give h with all U positive and >= N - d of the V negative. */
export const claim: Claim = {
  id: 'modality-gap',
  title:
    'Modality gap: N >= d + 2, G_ii > 0 > G_ij give h with <h, U_i> > 0 for all i and <h, V_j> < 0 for >= N - d of the j',
  ...common,
  hypotheses: [
    'U_i, V_i unit vectors in R^d',
    'N >= d + 2',
    'G_ii > 0 for all i, G_ij < 0 for i != j (e.g. m > |b_rel|)',
  ],
  statement:
    'There is a unit h with <h, U_i> > 0 for all i and <h, V_j> < 0 for at least N - d of the j. Checked on constructions (perturbed) and RB-Sig solver outputs with b_rel = 0, h from the Gilbert separator, margins reported.',
  latex:
    'N \\ge d + 2,\\ G_{ii} > 0 > G_{ij} \\Rightarrow \\exists h:\\ \\langle h, U_i\\rangle > 0\\ \\forall i,\\ |\\{j: \\langle h, V_j\\rangle < 0\\}| \\ge N - d',
  examples: [
    {
      name: 'one-coordinate on the cross-polytope of R^3 (N = 6, d = 4), delta^2 = 0.6: margin of h = e_4 is sqrt(0.4)',
      expected: Math.sqrt(0.4),
      from: 'by hand: U_i = (delta x_i, w), V_i = (delta x_i, -w), so h = e_last gives <h, U_i> = w = -<h, V_i>; no h does better since the U lie on a cap around e_last',
      tolerance: 1e-3 * Math.sqrt(0.4),
      run: () => {
        const { u, v } = buildConstellation({
          family: 'cross-polytope',
          p: 3,
          dim: 2,
          form: 'one-coordinate',
          delta: Math.sqrt(0.6),
          phiShare: 0,
          noise: 0,
          seed: 1,
        });
        return measureGap(u, v, (d) => d + 2).detail.margin as number;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'modality-gap', (d) => d + 2, true),
};

/** Must-refute variant: N >= d + 1 (the simplex U = V with N = d + 1 has sum U_i = 0). */
export const dPlusOne: Claim = {
  id: 'modality-gap/n-d-plus-1',
  title: 'Must refute: the modality gap with N >= d + 1',
  ...common,
  hypotheses: ['as modality-gap with N >= d + 1'],
  statement:
    'As modality-gap with N = d + 1 allowed: the simplex U = V has sum_i U_i = 0, so no h makes every U_i positive.',
  latex: 'N \\ge d + 1 \\overset{?}{\\Rightarrow} \\exists h',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'modality-gap', change: 'N >= d + 2 replaced by N >= d + 1' },
  check: (ctx) => check(ctx, 'modality-gap/n-d-plus-1', (d) => d + 1, false),
};
