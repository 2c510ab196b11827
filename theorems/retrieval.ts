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
import { type SharpCase, withSharpness } from '../src/claims/sharpness.js';
import type { CheckContext, Claim } from '../src/claims/types.js';
import { retrieval } from '../src/geometry/retrieval.js';
import { gramExtremes } from '../src/geometry/margins.js';
import { crossGram } from '../src/numeric/float/gram.js';
import { deriveSeed, Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';

/** Largest perturbation of the random constellations (cases with m* <= 0 are skipped as vacuous). */
export const MAX_NOISE = 0.1;

/** One case: a constellation, the search error eps = theta * epsFactor * m*, the query shift r = theta * m*. */
export interface RetrievalCase {
  readonly spec: ConstellationSpec;
  /** In (0, 1): how close to the stated threshold the adversary goes. */
  readonly theta: number;
  /** Seed of the random query perturbations. */
  readonly seed: number;
}

/**
 * The declared domain: constellations over every family and form (noise up to 0.1), and theta
 * from 0.5 (the must-refute variant's doubled eps first crosses 2 m* there) to 0.999, just inside
 * the strict hypotheses eps < 2 m*, ||dU|| < m* (theta = 1 is a tie the theorem excludes).
 */
export const retrievalParams = {
  ...specParams(MAX_NOISE),
  theta: { min: 0.5, max: 0.999, scale: 'linear', corners: [0.9] },
} as const;

export const retrievalPendingCorners: readonly PendingCorner[] = [];

export const retrievalDomain: ClaimDomain<RetrievalCase> = {
  params: retrievalParams,
  arbitrary: fc.record({
    spec: constellationSpecDomainArbitrary(MAX_NOISE),
    theta: paramArbitrary('theta', retrievalParams.theta, retrievalPendingCorners),
    seed: fc.integer(),
  }),
  values: (c) => ({ ...specValues(c.spec), theta: c.theta }),
  pendingCorners: retrievalPendingCorners,
  boundaries: [
    { name: 'exact constellation at theta = 0.999', on: (c) => c.spec.noise === 0 && c.theta === 0.999 },
  ],
};

/** The random cases. */
export const retrievalCaseArbitrary: fc.Arbitrary<RetrievalCase> = retrievalDomain.arbitrary;

/** Rounding bound on a difference G_ii - G_ij of unit rows, or on <dU, V_j - V_i>: 4 (2d + 4) u. */
export function retrievalTolerance(d: number): number {
  return 4 * (2 * d + 4) * UNIT_ROUNDOFF;
}

/**
 * Measures Cor. 1 and its robust form on one configuration with m* > 0, for a search error
 * eps = theta * epsFactor * m* (the theorem: epsFactor = 2) and a query shift of norm theta * m*:
 * (a) exact retrieval: U_i's strict nearest V is V_i, (b) an adversarial eps-approximate search
 * (it may return any j with G_ij >= max_k G_ik - eps) can only return i, (c) the worst-direction
 * shift dU = r (V_j - V_i)/|V_j - V_i| and random shifts of norm r keep V_i the answer.
 * The slack is the smallest margin left over all i, j (negative = a wrong answer).
 */
export function measureRetrieval(u: Matrix, v: Matrix, theta: number, epsFactor: number, seed: number) {
  const n = u.rows;
  const d = u.cols;
  const g = crossGram(u, v);
  const { minPos: p, maxNeg: q } = gramExtremes(g, n);
  const mStar = (p - q) / 2;
  if (!(mStar > 0)) return { slack: Number.POSITIVE_INFINITY, detail: { mStar, vacuous: true } };
  const tol = retrievalTolerance(d);
  const eps = theta * epsFactor * mStar;
  const r = theta * mStar;
  const rt = retrieval(u, v);
  let exactSlack = rt.uToV === 1 ? Number.POSITIVE_INFINITY : -1;
  let searchSlack = Number.POSITIVE_INFINITY;
  let shiftSlack = Number.POSITIVE_INFINITY;
  const rng = new Rng(seed);
  const du = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const gii = g[i * n + i]!;
    // random shifts of norm r
    for (let k = 0; k < d; k++) du[k] = rng.normal();
    const nd = Math.hypot(...du);
    for (let k = 0; k < d; k++) du[k] = (r * du[k]!) / nd;
    let shiftedII = gii;
    for (let k = 0; k < d; k++) shiftedII += du[k]! * v.data[i * d + k]!;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const gij = g[i * n + j]!;
      exactSlack = Math.min(exactSlack, gii - gij + tol);
      // the adversary returns j iff gij >= max_k g_ik - eps; max_k g_ik >= gii
      searchSlack = Math.min(searchSlack, gii - eps - gij + tol);
      // worst direction: dU = r (V_j - V_i)/|V_j - V_i| moves <U, V_j - V_i> by r |V_j - V_i|
      let dist = 0;
      let rnd = 0;
      for (let k = 0; k < d; k++) {
        const x = v.data[j * d + k]! - v.data[i * d + k]!;
        dist += x * x;
        rnd += du[k]! * v.data[j * d + k]!;
      }
      shiftSlack = Math.min(shiftSlack, gii - gij - r * Math.sqrt(dist) + tol, shiftedII - (gij + rnd) + tol);
    }
  }
  const slack = Math.min(exactSlack, searchSlack, shiftSlack);
  return {
    slack,
    detail: { mStar, eps, shift: r, exactSlack, searchSlack, shiftSlack, uToV: rt.uToV, tolerance: tol },
  };
}

/** Codes (U = V, no noise) of the tight side: the antipodal pair (simplex N = 2) first. */
export const SHARP_CODES: readonly (readonly [ConstellationSpec['family'], number])[] = [
  ['simplex', 2],
  ['simplex', 3],
  ['simplex', 5],
  ['simplex', 8],
  ['cross-polytope', 3],
  ['hamming', 3],
  ['roots-d', 3],
];

/**
 * The tight side, at theta = 1 (the limit of the strict hypotheses): on a code with U = V every row
 * has G_ii - max_j G_ij = 2 m*, so an adversary with eps = 2 m* has no margin left (gap = margin of
 * the eps-search beyond the rounding bound, 0 to rounding); a smaller constant in place of 2 leaves
 * (2 - c) m*. For the antipodal pair (N = 2, m* = 1) a shift of norm m* towards V_j - V_i also meets
 * its bound (|V_j - V_i| = 2 = 2 m*).
 */
export function retrievalSharpCases(seed: number, epsFactor: number): SharpCase[] {
  const out: SharpCase[] = [];
  for (const [family, p] of SHARP_CODES) {
    const caseSeed = deriveSeed(seed, `sharp:${family}:${p}`);
    const spec: ConstellationSpec = {
      family,
      p,
      dim: 2,
      form: 'identity',
      delta: 1,
      phiShare: 0,
      noise: 0,
      seed: caseSeed,
    };
    const { u, v } = buildConstellation(spec);
    const r = measureRetrieval(u, v, 1, epsFactor, caseSeed);
    const tol = r.detail.tolerance ?? 0;
    const input = { family, p, theta: 1, seed: caseSeed };
    const search = (r.detail.searchSlack ?? Number.NaN) - tol;
    out.push({
      input,
      gap: search,
      tolerance: tol,
      applies: true,
      row: { bound: 'eps < 2 m*', ...r.detail },
    });
    if (family === 'simplex' && p === 2) {
      const shift = (r.detail.shiftSlack ?? Number.NaN) - tol;
      out.push({
        input,
        gap: shift,
        tolerance: tol,
        applies: true,
        row: { bound: '||dU|| < m*', ...r.detail },
      });
    }
  }
  return out;
}

export function check(ctx: CheckContext, id: string, epsFactor: number) {
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: retrievalCaseArbitrary,
    metric:
      'smallest margin of the right answer over exact, eps-approximate and shifted-query search (+ tol)',
    measure: (c) => {
      const { u, v } = buildConstellation(c.spec);
      return measureRetrieval(u, v, c.theta, epsFactor, c.seed);
    },
    examples: [
      {
        spec: {
          family: 'simplex' as const,
          p: 5,
          dim: 2,
          form: 'identity' as const,
          delta: 1,
          phiShare: 0,
          noise: 0,
          seed: 3,
        },
        theta: 0.99,
        seed: 1,
      },
    ],
  });
  return withSharpness(ctx, property, {
    claimId: id,
    metric:
      'margin beyond the rounding bound of the eps-search (and of the shift, N = 2) at theta = 1 on codes U = V',
    cases: () => retrievalSharpCases(ctx.seed, epsFactor),
  });
}

const common = {
  source: { paper: 'BBNP25', ref: 'Cor. 1 (robust form derived, docs/theory.md §2)' },
  tolerance: {
    kind: 'bound',
    value: '4 (2d + 4) u, u = 2^-53',
    why: 'each compared quantity is a difference of d-term dot products of unit vectors (gamma_d each)',
  },
  defaultRuns: 150,
  domain: retrievalDomain,
} as const;

/** retrieval: in a constellation with m* > 0, V_i is U_i's unique nearest neighbour, robustly. */
export const claim: Claim = {
  id: 'retrieval',
  title:
    'Retrieval: V_i is the unique nearest V of U_i; eps-approximate search with eps < 2m* and query shifts < m* still return V_i',
  ...common,
  hypotheses: ['(U, V) with m* > 0 (a constellation)', 'eps < 2 m*', '||dU|| < m*'],
  statement:
    'If m* > 0 then argmax_j <U_i, V_j> = i uniquely; any search returning some j with G_ij >= max_k G_ik - eps, eps < 2 m*, returns i; <U_i + dU, V_i> > <U_i + dU, V_j> for all j != i when ||dU|| < m*.',
  latex:
    'm^* > 0,\\ \\varepsilon < 2m^*,\\ \\|\\delta U\\| < m^* \\Rightarrow \\arg\\max_j \\langle U_i + \\delta U, V_j\\rangle = i',
  examples: [
    {
      name: 'simplex N = 3 (U = V): G_ii - max G_ij = 2 m* = 3/2, the largest admissible eps',
      expected: 1.5,
      from: 'by hand: G_ii = 1, G_ij = -1/2',
      tolerance: 1e-15,
      run: () => {
        const x = {
          rows: 3,
          cols: 2,
          data: new Float64Array([1, 0, -0.5, Math.sqrt(3) / 2, -0.5, -Math.sqrt(3) / 2]),
        };
        return measureRetrieval(x, x, 1e-9, 2, 1).detail.mStar! * 2;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'retrieval', 2),
};

/** Must-refute variant: search error eps < 4 m* (a wrong constant). */
export const epsFourM: Claim = {
  id: 'retrieval/eps-4m',
  title: 'Must refute: eps-approximate search with eps < 4 m* still returns V_i',
  ...common,
  hypotheses: ['(U, V) with m* > 0', 'eps < 4 m*'],
  statement:
    'As retrieval with eps < 4 m*: an adversarial search returns the closest negative once eps > 2 m*.',
  latex: '\\varepsilon < 4m^* \\overset{?}{\\Rightarrow} \\text{returns } V_i',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'retrieval', change: 'eps < 2 m* replaced by eps < 4 m*' },
  check: (ctx) => check(ctx, 'retrieval/eps-4m', 4),
};
