import fc from 'fast-check';
import { buildCcem } from '../constructions/ccem.js';
import {
  buildConstellation,
  type ConstellationSpec,
  constellationSpecDomainArbitrary,
  specParams,
  specValues,
} from '../constructions/random-constellation.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { simplexEtf } from '../constructions/simplex-etf.js';
import { checkProperty } from '../src/claims/property.js';
import { type SharpCase, type SharpnessSpec, withSharpness } from '../src/claims/sharpness.js';
import type { CheckContext, Claim } from '../src/claims/types.js';
import { margins } from '../src/geometry/margins.js';
import { deriveSeed, Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { randomOrthogonal, randomUnitRows, rotateRows } from '../src/numeric/float/vectors.js';

/** Bounds on the random cases. */
export const MAX_N = 16;
export const MAX_D = 12;
/** Largest perturbation of the constellations. */
export const MAX_NOISE = 0.3;

/** One case: random, a (perturbed) constellation, CCEM(delta) (equality), or the simplex U = V in R^(N-1). */
export type FeasibilityCase =
  | { readonly kind: 'random'; readonly n: number; readonly d: number; readonly seed: number }
  | { readonly kind: 'constellation'; readonly spec: ConstellationSpec }
  | {
      readonly kind: 'ccem';
      readonly n: number;
      readonly extra: number;
      readonly delta: number;
      readonly seed: number;
    }
  | { readonly kind: 'simplex'; readonly n: number; readonly seed: number };

/**
 * The declared domain: N and d up to the cost bound of the O(N^2 d) float check (the region itself
 * holds for every N, d), CCEM delta from 0 (ETF, on 3m = 1 + b with N -> inf) to 20, and the simplex
 * U = V in R^(N-1), N = d + 1, which sits on m + b = 1 and on (3 - 4/N) m = 1 + b at once.
 */
export const feasibilityParams = {
  n: { min: 2, max: MAX_N, scale: 'log', integer: true, corners: [3] },
  d: { min: 1, max: MAX_D, scale: 'log', integer: true },
  extra: { min: 0, max: 3, scale: 'linear', integer: true },
  ccemDelta: { min: 0, max: 20, scale: 'symlog', minAbs: 1e-9, corners: [1] },
  ...specParams(MAX_NOISE),
} as const;

export const feasibilityPendingCorners: readonly PendingCorner[] = [];

const fParams = feasibilityParams;

export const feasibilityDomain: ClaimDomain<FeasibilityCase> = {
  params: feasibilityParams,
  arbitrary: fc.oneof(
    fc
      .record({
        p: paramsArbitrary({ n: fParams.n, d: fParams.d }, feasibilityPendingCorners),
        seed: fc.integer(),
      })
      .map(({ p, seed }) => ({ kind: 'random' as const, n: p.n, d: p.d, seed })),
    fc.record({
      kind: fc.constant('constellation' as const),
      spec: constellationSpecDomainArbitrary(MAX_NOISE),
    }),
    fc
      .record({
        p: paramsArbitrary(
          { n: { ...fParams.n, min: 3 }, extra: fParams.extra, ccemDelta: fParams.ccemDelta },
          feasibilityPendingCorners,
        ),
        seed: fc.integer(),
      })
      .map(({ p, seed }) => ({ kind: 'ccem' as const, n: p.n, extra: p.extra, delta: p.ccemDelta, seed })),
    fc
      .record({ p: paramsArbitrary({ n: fParams.n }, feasibilityPendingCorners), seed: fc.integer() })
      .map(({ p, seed }) => ({ kind: 'simplex' as const, n: p.n, seed })),
  ),
  values: (c) =>
    c.kind === 'constellation'
      ? specValues(c.spec)
      : c.kind === 'random'
        ? { n: c.n, d: c.d }
        : c.kind === 'ccem'
          ? { n: c.n, extra: c.extra, ccemDelta: c.delta }
          : { n: c.n },
  pendingCorners: feasibilityPendingCorners,
  boundaries: [
    { name: 'N = d + 1 simplex (both inequalities tight)', on: (c) => c.kind === 'simplex' },
    { name: 'N = d + 1 simplex at N = max', on: (c) => c.kind === 'simplex' && c.n === MAX_N },
    {
      name: 'CCEM ETF (delta = 0) with d = N',
      on: (c) => c.kind === 'ccem' && c.delta === 0 && c.extra === 0,
    },
  ],
};

/** The random cases. */
export const feasibilityCaseArbitrary: fc.Arbitrary<FeasibilityCase> = feasibilityDomain.arbitrary;

/** Builds a case's configuration. */
export function buildFeasibilityCase(c: FeasibilityCase): { u: Matrix; v: Matrix } {
  if (c.kind === 'constellation') return buildConstellation(c.spec);
  const rng = new Rng(c.seed);
  if (c.kind === 'random') return { u: randomUnitRows(c.n, c.d, rng), v: randomUnitRows(c.n, c.d, rng) };
  if (c.kind === 'ccem') {
    const { u, v } = buildCcem(c.n, c.n + c.extra, c.delta);
    const q = randomOrthogonal(u.cols, rng);
    return { u: rotateRows(u, q), v: rotateRows(v, q) };
  }
  const x = rotateRows(simplexEtf(c.n), randomOrthogonal(c.n - 1, rng));
  return { u: x, v: x };
}

/**
 * Rounding bound on 1 + b - (3 - 4/N) m at the mean-based (m, b): each G_ij carries gamma_d plus a
 * few u from the construction and rotation, and the means of N and N (N-1) terms add N^2 u:
 * 8 (2d + 12 + N^2) u.
 */
export function feasibilityTolerance(n: number, d: number): number {
  return 8 * (2 * d + 12 + n * n) * UNIT_ROUNDOFF;
}

/**
 * Slack of m + b <= 1 and coef(N) m <= 1 + b at the mean-based (m, b) = (m_mean, b_mean): every
 * (m, b) with mean pos >= m + b and mean neg <= b - m has coef m - b <= coef m_mean - b_mean
 * (coef >= 1), so this is the tightest pair of the hypothesis.
 */
export function measureFeasibility(u: Matrix, v: Matrix, coef: (n: number) => number) {
  const mg = margins(u, v);
  const n = u.rows;
  const tol = feasibilityTolerance(n, u.cols);
  const s1 = 1 - (mg.mMean + mg.bMean) + tol;
  const s2 = 1 + mg.bMean - coef(n) * mg.mMean + tol;
  return {
    slack: Math.min(s1, s2),
    detail: {
      n,
      d: u.cols,
      mMean: mg.mMean,
      bMean: mg.bMean,
      marginPlusBias: s1 - tol,
      threeM: s2 - tol,
      tolerance: tol,
    },
  };
}

/** The claim's check with the constant coef(N) in place of 3 - 4/N (property cases, then the tight side). */
export function check(ctx: CheckContext, id: string, coef: (n: number) => number) {
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: feasibilityCaseArbitrary,
    metric: 'min(1 - (m + b), 1 + b - coef(N) m) + tol at (m_mean, b_mean)',
    measure: (c) => {
      const { u, v } = buildFeasibilityCase(c);
      return measureFeasibility(u, v, coef);
    },
    examples: [{ kind: 'simplex', n: 4, seed: 1 }],
  });
  return withSharpness(ctx, property, feasibilitySharpness(ctx, id, coef));
}

/**
 * The tight side of both inequalities: the simplex U = V with N = d + 1 (randomly rotated) has
 * m + b = 1 and (3 - 4/N) m = 1 + b exactly, for every N from 2 to MAX_N. A weaker constant in
 * place of 3 - 4/N (or of 1 in m + b <= 1) leaves a gap of order m/N >= 1/(2 MAX_N) there.
 */
export function feasibilitySharpCases(seed: number, coef: (n: number) => number): SharpCase[] {
  const out: SharpCase[] = [];
  for (let n = 2; n <= MAX_N; n++) {
    const caseSeed = deriveSeed(seed, `sharp:simplex:${n}`);
    const { u, v } = buildFeasibilityCase({ kind: 'simplex', n, seed: caseSeed });
    const r = measureFeasibility(u, v, coef);
    const input = { kind: 'simplex', n, d: n - 1, seed: caseSeed };
    const tolerance = r.detail.tolerance;
    out.push(
      {
        input,
        gap: r.detail.threeM,
        tolerance,
        applies: true,
        row: { bound: 'coef(N) m <= 1 + b', ...r.detail },
      },
      {
        input,
        gap: r.detail.marginPlusBias,
        tolerance,
        applies: true,
        row: { bound: 'm + b <= 1', ...r.detail },
      },
    );
  }
  return out;
}

function feasibilitySharpness(ctx: CheckContext, id: string, coef: (n: number) => number): SharpnessSpec {
  return {
    claimId: id,
    metric:
      'gap of 1 + b - coef(N) m and of 1 - (m + b) at the simplex U = V, N = d + 1 = 2..16 (attains both)',
    cases: () => feasibilitySharpCases(ctx.seed, coef),
  };
}

const common = {
  source: { paper: 'BBNP25', ref: 'Thm 3.4 (exact form with 3 - 4/N), docs/theory.md §2' },
  tolerance: {
    kind: 'bound',
    value: '8 (2d + 12 + N^2) u, u = 2^-53',
    why: 'each G_ij carries gamma_d plus construction/rotation rounding; the means of N^2 terms add N^2 u',
  },
  defaultRuns: 150,
  domain: feasibilityDomain,
} as const;

/** feasibility-region: mean pos >= m + b, mean neg <= b - m imply m + b <= 1 and (3 - 4/N) m <= 1 + b. */
export const claim: Claim = {
  id: 'feasibility-region',
  title: 'Feasibility: mean pos >= m + b and mean neg <= b - m imply m + b <= 1 and (3 - 4/N) m <= 1 + b',
  ...common,
  hypotheses: ['U_i, V_i unit vectors, N >= 2', 'mean_i G_ii >= m + b', 'mean_{i!=j} G_ij <= b - m'],
  statement:
    'Then m + b <= 1 and (3 - 4/N) m <= 1 + b (from the key inequality), with equality for the simplex U = V with N = d + 1 and on CCEM. Checked at the tightest pair (m_mean, b_mean).',
  latex: 'm + b \\le 1,\\quad (3 - 4/N)\\, m \\le 1 + b',
  examples: [
    {
      name: 'simplex N = 4 (U = V): 1 + b - (3 - 4/N) m = 0',
      expected: 0,
      from: 'by hand: m = (1 + 1/3)/2 = 2/3, b = (1 - 1/3)/2 = 1/3, 1 + 1/3 - 2 (2/3) = 0',
      tolerance: 1e-14,
      run: () => {
        const x = simplexEtf(4);
        const r = measureFeasibility(x, x, (n) => 3 - 4 / n);
        return r.detail.threeM;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'feasibility-region', (n) => 3 - 4 / n),
};

/** Must-refute variant: the design-card form 3m <= 1 + b (large-N limit) stated for every N. */
export const unconditional: Claim = {
  id: 'feasibility-region/unconditional-3m',
  title: 'Must refute: 3m <= 1 + b for every N (the large-N limit stated unconditionally)',
  ...common,
  hypotheses: ['as feasibility-region'],
  statement:
    'As feasibility-region with 3 in place of 3 - 4/N: the simplex U = V with N = d + 1 violates it by 2/(N-1).',
  latex: '3m \\overset{?}{\\le} 1 + b',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'feasibility-region', change: '(3 - 4/N) m <= 1 + b replaced by 3m <= 1 + b' },
  check: (ctx) => check(ctx, 'feasibility-region/unconditional-3m', () => 3),
};
