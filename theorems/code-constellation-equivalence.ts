import fc from 'fast-check';
import { code, maxInnerProduct, type SphericalCode } from '../constructions/codes.js';
import {
  buildConstellation,
  type ConstellationSpec,
  constellationSpecDomainArbitrary,
  FAMILY_RANGES,
  specParams,
  specValues,
} from '../constructions/random-constellation.js';
import { type ClaimDomain, type PendingCorner, paramArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import { type SharpCase, withSharpness } from '../src/claims/sharpness.js';
import type { CheckContext, Claim } from '../src/claims/types.js';
import { margins } from '../src/geometry/margins.js';
import { Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { randomOrthogonal, randomUnitRows, rotateRows, zeros } from '../src/numeric/float/vectors.js';

/** Largest perturbation of the configurations of the converse part. */
export const MAX_NOISE = 0.3;

/** One case: a code (forward direction) or any configuration (quantitative converse). */
export type EquivalenceCase =
  | {
      readonly kind: 'code';
      readonly family: keyof typeof FAMILY_RANGES;
      readonly pRaw: number;
      readonly dim: number;
      readonly seed: number;
    }
  | { readonly kind: 'converse'; readonly spec: ConstellationSpec };

/**
 * The declared domain: every code family over its whole parameter range (both ends drawn; the
 * forward direction has U = V, so each code case sits on the boundary m + b_rel = 1), random codes
 * in dimension 2 to 8, and configurations over every family and form with noise 0 to 0.3 for the
 * converse, nonzero noise from 1e-9 (there 1 - m* - b* ~ 1e-17 rounds to 0: the converse bound
 * carries the gap's rounding through the square root, see measureConverse).
 */
export const MIN_CONVERSE_NOISE = 1e-9;
export const equivalenceParams = specParams(MAX_NOISE, MIN_CONVERSE_NOISE);

export const equivalencePendingCorners: readonly PendingCorner[] = [];

function codeP(c: Extract<EquivalenceCase, { kind: 'code' }>): number {
  const [lo, hi] = FAMILY_RANGES[c.family];
  return lo + (c.pRaw % (hi - lo + 1));
}

export const equivalenceDomain: ClaimDomain<EquivalenceCase> = {
  params: equivalenceParams,
  arbitrary: fc.oneof(
    fc
      .record({
        family: fc.constantFrom(...(Object.keys(FAMILY_RANGES) as (keyof typeof FAMILY_RANGES)[])),
        pShare: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
        dim: paramArbitrary('dim', equivalenceParams.dim, equivalencePendingCorners),
        seed: fc.integer(),
      })
      .map(({ family, pShare, dim, seed }) => {
        const [lo, hi] = FAMILY_RANGES[family];
        return { kind: 'code' as const, family, pRaw: Math.round(pShare * (hi - lo)), dim, seed };
      }),
    fc.record({
      kind: fc.constant('converse' as const),
      spec: constellationSpecDomainArbitrary(MAX_NOISE, MIN_CONVERSE_NOISE),
    }),
  ),
  values: (c) =>
    c.kind === 'code' ? { p: codeP(c), dim: c.family === 'random' ? c.dim : undefined } : specValues(c.spec),
  pendingCorners: equivalencePendingCorners,
  boundaries: [
    { name: 'm + b_rel = 1 (a code, U = V)', on: (c) => c.kind === 'code' },
    {
      name: 'm + b_rel = 1 (exact identity-form constellation in the converse)',
      on: (c) => c.kind === 'converse' && c.spec.form === 'identity' && c.spec.noise === 0,
    },
  ],
};

/** The random cases. */
export const equivalenceCaseArbitrary: fc.Arbitrary<EquivalenceCase> = equivalenceDomain.arbitrary;

/** The code of a case, rotated by a random orthogonal map (rho from the closed form, or measured for random codes). */
export function caseCode(c: Extract<EquivalenceCase, { kind: 'code' }>): SphericalCode {
  const [lo, hi] = FAMILY_RANGES[c.family];
  const p = lo + (c.pRaw % (hi - lo + 1));
  const rng = new Rng(c.seed);
  let k: SphericalCode;
  if (c.family === 'random') {
    const x = randomUnitRows(p, c.dim, rng);
    k = { name: `random(${p},${c.dim})`, x, rho: maxInnerProduct(x) };
  } else k = code(c.family, p);
  return { ...k, x: rotateRows(k.x, randomOrthogonal(k.x.cols, rng)) };
}

/**
 * Rounding bound on m*, b* of a rotated code against the closed form: code entries (a few u), the
 * rotation (gamma_d per coordinate) and the Gram entry (gamma_d): 8 (2d + 12) u.
 */
export function equivalenceTolerance(d: number): number {
  return 8 * (2 * d + 12) * UNIT_ROUNDOFF;
}

/**
 * Forward: U = V = an alpha-code is a ((1-alpha)/2, (1+alpha)/2) constellation, with m* and b*
 * exactly those. `marginOf(alpha)` is the stated margin ((1-alpha)/2 in the theorem).
 */
export function measureCode(k: SphericalCode, marginOf: (alpha: number) => number) {
  const mg = margins(k.x, k.x);
  const tol = equivalenceTolerance(k.x.cols);
  const em = marginOf(k.rho);
  const eb = (1 + k.rho) / 2;
  const err = Math.max(Math.abs(mg.mStar - em), Math.abs(mg.bStar - eb));
  return {
    slack: tol - err,
    detail: {
      code: k.name,
      rho: k.rho,
      mStar: mg.mStar,
      bStar: mg.bStar,
      expectedM: em,
      expectedB: eb,
      tolerance: tol,
    },
  };
}

/**
 * Converse (quantitative form, derived here): for any configuration, max_i ||U_i - V_i||^2 =
 * 2 (1 - (m* + b*)) and max_{i != j} <V_i, V_j> <= (b* - m*) + sqrt(2 (1 - m* - b*)). On the line
 * m + b = 1 both say U_i = V_i and the V's form a (b - m)-code.
 */
export function measureConverse(u: Matrix, v: Matrix) {
  const mg = margins(u, v);
  const n = u.rows;
  const d = u.cols;
  const gap = Math.max(0, 1 - mg.mStar - mg.bStar);
  let maxDiff2 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (u.data[i * d + k]! - v.data[i * d + k]!) ** 2;
    maxDiff2 = Math.max(maxDiff2, s);
  }
  const codeRho = maxInnerProduct(v);
  const tol = equivalenceTolerance(d);
  const s1 = tol - Math.abs(maxDiff2 - 2 * gap);
  // gap is computed with an error below tol; sqrt is increasing, so sqrt(2 (gap + tol)) bounds the
  // exact sqrt(2 (1 - m* - b*)) even where the computed gap rounds to 0
  const codeBound = mg.bStar - mg.mStar + Math.sqrt(2 * (gap + tol));
  const s2 = codeBound + tol - codeRho;
  return {
    slack: Math.min(s1, s2),
    detail: { mStar: mg.mStar, bStar: mg.bStar, maxDiff2, codeRho, codeBound, tolerance: tol },
  };
}

/**
 * The tight side of the converse code bound: U_i = -x, V_i = x (x a random unit vector) has every
 * G_ij = -1, so m* = 0, b* = -1, and (b* - m*) + sqrt(2 (1 - m* - b*)) = -1 + 2 = 1 = <V_i, V_j>.
 * `gap` is the bound as measureConverse states it minus max <V_i, V_j>: rounding of |x|^2 and the
 * tol under its square root (tol/2) move it by a few u.
 */
export function converseSharpCases(seed: number): SharpCase[] {
  const out: SharpCase[] = [];
  for (const [n, d] of [
    [2, 2],
    [3, 3],
    [5, 4],
  ] as const) {
    const x = randomUnitRows(1, d, new Rng(seed + n));
    const u = zeros(n, d);
    const v = zeros(n, d);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) {
        u.data[i * d + k] = -x.data[k]!;
        v.data[i * d + k] = x.data[k]!;
      }
    }
    const r = measureConverse(u, v);
    out.push({
      input: { n, d, form: 'antipodal' },
      gap: r.detail.codeBound - r.detail.codeRho,
      tolerance: r.detail.tolerance,
      applies: true,
      row: { n, d, ...r.detail },
    });
  }
  return out;
}

function check(ctx: CheckContext, id: string, marginOf: (alpha: number) => number) {
  const outcome = checkProperty(ctx, {
    claimId: id,
    arbitrary: equivalenceCaseArbitrary,
    metric: 'tol - |measured - closed form| (codes); converse bounds + tol (any configuration)',
    measure: (c) => {
      if (c.kind === 'code') return measureCode(caseCode(c), marginOf);
      const { u, v } = buildConstellation(c.spec);
      return measureConverse(u, v);
    },
    examples: [{ kind: 'code', family: 'cross-polytope', pRaw: 1, dim: 2, seed: 1 }],
  });
  return withSharpness(ctx, outcome, {
    claimId: id,
    metric:
      '(b* - m*) + sqrt(2 (1 - m* - b*)) - max <V_i, V_j> at U_i = -x, V_i = x (the converse code bound attained)',
    cases: () => converseSharpCases(ctx.seed),
  });
}

const common = {
  source: { paper: 'BBNP25', ref: 'spherical codes <-> constellations on m + b_rel = 1 (docs/theory.md §2)' },
  tolerance: {
    kind: 'bound',
    value: '8 (2d + 12) u, u = 2^-53',
    why: 'code entries carry a few u, the random rotation gamma_d per coordinate and each Gram entry gamma_d',
  },
  defaultRuns: 150,
  domain: equivalenceDomain,
} as const;

/** code-constellation-equivalence: alpha-codes are ((1-alpha)/2, (1+alpha)/2)-constellations, and conversely on m + b = 1. */
export const claim: Claim = {
  id: 'code-constellation-equivalence',
  title:
    'An alpha-code with U = V is a ((1-alpha)/2, (1+alpha)/2)-constellation; on m + b = 1 a constellation is a code',
  ...common,
  hypotheses: ['x_i unit vectors with max_{i!=j} <x_i, x_j> = alpha', 'converse: any unit configuration'],
  statement:
    'U_i = V_i = x_i gives m* = (1-alpha)/2, b* = (1+alpha)/2. Conversely ||U_i - V_i||^2 <= 2(1 - m* - b*) and <V_i, V_j> <= b* - m* + sqrt(2(1 - m* - b*)): on m + b = 1, U = V and the V form a (b - m)-code.',
  latex:
    'U = V = x \\Rightarrow (m^*, b^*) = (\\tfrac{1-\\alpha}{2}, \\tfrac{1+\\alpha}{2});\\quad m + b = 1 \\Rightarrow U = V',
  examples: [
    {
      name: 'cross-polytope in R^3 (alpha = 0): m* = 1/2',
      expected: 0.5,
      from: 'by hand: G_ii = 1, max G_ij = 0',
      tolerance: 1e-15,
      run: () => measureCode(code('cross-polytope', 3), (a) => (1 - a) / 2).detail.mStar,
    },
    {
      name: 'D_4 roots (24 kissing vectors of R^4, alpha = 1/2): b* = 3/4',
      expected: 0.75,
      from: 'Conway-Sloane ch. 1: the D_4 kissing configuration has max inner product 1/2; b* = (1 + 1/2)/2',
      tolerance: 1e-15,
      run: () => measureCode(code('roots-d', 4), (a) => (1 - a) / 2).detail.bStar,
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'code-constellation-equivalence', (a) => (1 - a) / 2),
};

/** The must-refute variant's margin of an alpha-code: 1 - alpha (the factor 1/2 dropped). */
export const noHalfMargin = (alpha: number): number => 1 - alpha;

/** Must-refute variant: m = 1 - alpha (the factor 1/2 dropped). */
export const noHalf: Claim = {
  id: 'code-constellation-equivalence/no-half',
  title: 'Must refute: an alpha-code is a (1 - alpha, (1+alpha)/2)-constellation',
  ...common,
  hypotheses: ['as code-constellation-equivalence'],
  statement: 'As code-constellation-equivalence with m = 1 - alpha: every code has m* = (1 - alpha)/2.',
  latex: 'm^* \\overset{?}{=} 1 - \\alpha',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'code-constellation-equivalence', change: 'm = (1-alpha)/2 replaced by 1 - alpha' },
  check: (ctx) => check(ctx, 'code-constellation-equivalence/no-half', noHalfMargin),
};
