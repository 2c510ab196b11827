import fc from 'fast-check';
import { code, type CodeFamily } from '../constructions/codes.js';
import type { MarginBias } from '../constructions/construction-1.js';
import { construction2, construction2Predicted, MAX_MODALITIES } from '../constructions/construction-2.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { CheckContext, Claim } from '../src/claims/types.js';
import { margins } from '../src/geometry/margins.js';
import { Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import { randomOrthogonal, rotateRows } from '../src/numeric/float/vectors.js';

/** Largest k drawn (cost bound: k (k - 1) ordered pairs of N x N Gram matrices). */
export const MAX_K = 6;
/** Code families used (with their parameter). */
export const CODES: readonly (readonly [CodeFamily, number])[] = [
  ['simplex', 5],
  ['simplex', 10],
  ['cross-polytope', 4],
  ['reed-muller', 3],
  ['hamming', 3],
  ['roots-d', 4],
];

/** One case: a code, k modalities, delta, a rotation seed. */
export interface Construction2Case {
  readonly code: number;
  readonly k: number;
  readonly delta: number;
  readonly seed: number;
}

/**
 * The declared domain: every code of {@link CODES}, k from 2 to the cost bound, delta from 0.05 to
 * 1 log-uniform (delta = 1: the modalities share the code exactly).
 */
export const construction2Params = {
  code: { min: 0, max: CODES.length - 1, scale: 'linear', integer: true },
  k: { min: 2, max: Math.min(MAX_K, MAX_MODALITIES), scale: 'linear', integer: true },
  delta: { min: 0.05, max: 1, scale: 'log', corners: [0.5] },
} as const;

export const construction2PendingCorners: readonly PendingCorner[] = [];

export const construction2Domain: ClaimDomain<Construction2Case> = {
  params: construction2Params,
  arbitrary: fc
    .record({ p: paramsArbitrary(construction2Params, construction2PendingCorners), seed: fc.integer() })
    .map(({ p, seed }) => ({ ...p, seed })),
  values: (c) => ({ code: c.code, k: c.k, delta: c.delta }),
  pendingCorners: construction2PendingCorners,
  boundaries: [
    {
      name: 'k = max at delta = 0.05',
      on: (c) => c.k === construction2Params.k.max && c.delta === construction2Params.delta.min,
    },
  ],
};

/** The random cases. */
export const construction2CaseArbitrary: fc.Arbitrary<Construction2Case> = construction2Domain.arbitrary;

/** Rounding bound on m*, b* of a pair against the prediction (as construction-1): 8 (2d + 12) u. */
export function construction2Tolerance(d: number): number {
  return 8 * (2 * d + 12) * UNIT_ROUNDOFF;
}

/** Builds the k modalities, rotates them together, and compares every ordered pair with the prediction. */
export function measureConstruction2(
  c: Construction2Case,
  predict: (rhoC: number, k: number, delta: number) => MarginBias,
) {
  const [family, p] = CODES[c.code]!;
  const x = code(family, p);
  const mods = construction2(x.x, c.k, c.delta);
  const q = randomOrthogonal(mods[0]!.cols, new Rng(c.seed));
  const rot = mods.map((m) => rotateRows(m, q));
  const expected = predict(x.rho, c.k, c.delta);
  const tol = construction2Tolerance(mods[0]!.cols);
  let err = 0;
  let worstPair: [number, number] = [0, 1];
  let measured: MarginBias = { m: Number.NaN, b: Number.NaN };
  for (let a = 0; a < c.k; a++) {
    for (let b = 0; b < c.k; b++) {
      if (a === b) continue;
      const mg = margins(rot[a]!, rot[b]!);
      const e = Math.max(Math.abs(mg.mStar - expected.m), Math.abs(mg.bStar - expected.b));
      if (!(e <= err)) {
        err = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
        worstPair = [a, b];
        measured = { m: mg.mStar, b: mg.bStar };
      }
    }
  }
  return {
    slack: tol - err,
    detail: {
      code: x.name,
      rhoC: x.rho,
      k: c.k,
      delta: c.delta,
      worstPair,
      measured,
      predicted: expected,
      difference: err,
      tolerance: tol,
    },
  };
}

function check(
  ctx: CheckContext,
  id: string,
  predict: (rhoC: number, k: number, delta: number) => MarginBias,
) {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary: construction2CaseArbitrary,
    metric: 'tol - max over ordered pairs of modalities of max(|m* - m_pred|, |b* - b_pred|)',
    measure: (c) => measureConstruction2(c, predict),
    examples: [{ code: 0, k: 3, delta: 0.8, seed: 1 }],
  });
}

const common = {
  source: { paper: 'BBNP25', ref: 'Construction 2 (k modalities), docs/theory.md §2' },
  tolerance: {
    kind: 'bound',
    value: '8 (2d + 12) u, u = 2^-53',
    why: 'construction scalings and simplex entries carry a few u, the rotation and each Gram entry gamma_d',
  },
  defaultRuns: 100,
  domain: construction2Domain,
} as const;

/** construction-2: every pair of the k modalities is a (delta^2 (1-rho)/2, delta^2 (1+rho)/2 - (1-delta^2)/(k-1)) constellation. */
export const claim: Claim = {
  id: 'construction-2',
  title:
    'Construction 2: every pair of k modalities is a (delta^2 (1-rho_c)/2, delta^2 (1+rho_c)/2 - (1-delta^2)/(k-1))-constellation',
  ...common,
  hypotheses: [
    'x_i a code with max inner product rho_c',
    's_1..s_k a regular simplex in R^(k-1)',
    'delta in (0, 1], k >= 2',
  ],
  statement:
    "U^(l)_i = (delta x_i, sqrt(1 - delta^2) s_l): for every l != l', (U^(l), U^(l')) has m* = delta^2 (1 - rho_c)/2 and b* = delta^2 (1 + rho_c)/2 - (1 - delta^2)/(k - 1).",
  latex:
    'm = \\tfrac{\\delta^2 (1-\\rho_c)}{2},\\ b_{rel} = \\tfrac{\\delta^2(1+\\rho_c)}{2} - \\tfrac{1-\\delta^2}{k-1}',
  examples: [
    {
      name: 'k = 3 on the cross-polytope of R^4, delta^2 = 1/2: b* = 1/4 - 1/4 = 0',
      expected: 0,
      from: 'by hand from the vectors: G_ij = (1/2)<x_i, x_j> + (1/2)<s_1, s_3> = (1/2)<x_i, x_j> - 1/4, so G_ii = 1/4, max G_ij = -1/4 (orthogonal x), b* = 0',
      tolerance: 1e-15,
      run: () => {
        const m = construction2(code('cross-polytope', 4).x, 3, Math.SQRT1_2);
        return margins(m[0]!, m[2]!).bStar;
      },
    },
    {
      name: 'k = 4 on the simplex of 5 points, delta = 1: m* = (1 + 1/4)/2 = 5/8',
      expected: 0.625,
      from: 'by hand: delta = 1 leaves the code, m* = (1 - (-1/4))/2',
      tolerance: 1e-15,
      run: () => {
        const m = construction2(code('simplex', 5).x, 4, 1);
        return margins(m[1]!, m[3]!).mStar;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'construction-2', construction2Predicted),
};

/** The must-refute variant's prediction: b_rel with (1 - delta^2)/k in place of /(k - 1). */
export function overKPredicted(rhoC: number, k: number, delta: number): MarginBias {
  const d2 = delta * delta;
  return { m: (d2 * (1 - rhoC)) / 2, b: (d2 * (1 + rhoC)) / 2 - (1 - d2) / k };
}

/** Must-refute variant: (1 - delta^2)/k in place of (1 - delta^2)/(k - 1). */
export const overK: Claim = {
  id: 'construction-2/over-k',
  title: 'Must refute: Construction 2 with b_rel = delta^2 (1+rho_c)/2 - (1-delta^2)/k',
  ...common,
  hypotheses: ['as construction-2'],
  statement: "As construction-2 with /k: the simplex s_l has <s_l, s_l'> = -1/(k-1).",
  latex: 'b_{rel} \\overset{?}{=} \\tfrac{\\delta^2(1+\\rho_c)}{2} - \\tfrac{1-\\delta^2}{k}',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'construction-2', change: '(1 - delta^2)/(k - 1) replaced by (1 - delta^2)/k' },
  check: (ctx) => check(ctx, 'construction-2/over-k', overKPredicted),
};
