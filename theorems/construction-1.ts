import fc from 'fast-check';
import { code, type CodeFamily, type SphericalCode } from '../constructions/codes.js';
import {
  construction1,
  construction1Parameters,
  construction1Predicted,
  type MarginBias,
  oneCoordinate,
  oneCoordinatePredicted,
} from '../constructions/construction-1.js';
import {
  buildConstellation,
  type ConstellationSpec,
  constellationSpecDomainArbitrary,
} from '../constructions/random-constellation.js';
import { type ClaimDomain, type PendingCorner, paramArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { CheckContext, Claim } from '../src/claims/types.js';
import { margins } from '../src/geometry/margins.js';
import { Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { randomOrthogonal, rotateRows } from '../src/numeric/float/vectors.js';

/** Largest perturbation of the base configurations of the general (paper) form. */
export const MAX_NOISE = 0.2;
/** Code families used for the Thm 3.3 parameters and the one-coordinate form (with their parameter). */
export const CODES: readonly (readonly [CodeFamily, number])[] = [
  ['simplex', 4],
  ['simplex', 9],
  ['cross-polytope', 3],
  ['cross-polytope', 5],
  ['reed-muller', 2],
  ['reed-muller', 3],
  ['hamming', 3],
  ['roots-d', 3],
  ['roots-d', 4],
];

/** How a stated formula maps inputs to (m', b'): the paper's, or a broken one for a variant. */
export type Predict = (m: number, b: number, delta: number, phi: number) => MarginBias;

/** One case: paper form on any configuration, Thm 3.3 parameters on a code, or the one-coordinate form. */
export type Construction1Case =
  | {
      readonly kind: 'paper';
      readonly base: ConstellationSpec;
      readonly delta: number;
      readonly phiShare: number;
    }
  | {
      readonly kind: 'thm33';
      readonly code: number;
      readonly mShare: number;
      readonly bShare: number;
      readonly seed: number;
    }
  | { readonly kind: 'one-coordinate'; readonly code: number; readonly delta: number; readonly seed: number };

/**
 * The declared domain: delta from 0.05 (the constructed margin delta^2 m is 400x smaller than the
 * base's, still far above the rounding bound) to 1; phiShare = phi^2 / (1 - delta^2) from 0 to 1
 * (1: delta^2 + phi^2 = 1, the largest phi); the Thm 3.3 target's share of the margin range from
 * 0.01 to 1 (m = (1 - alpha)/2, the code's own margin) and of the bias range from 0 (rho(m, b) =
 * alpha) to 1 (m + b = 1); every code of {@link CODES}.
 */
export const construction1Params = {
  delta: { min: 0.05, max: 1, scale: 'log', corners: [0.5] },
  phiShare: { min: 0, max: 1, scale: 'symlog', minAbs: 1e-6 },
  mShare: { min: 0.01, max: 1, scale: 'log' },
  bShare: { min: 0, max: 1, scale: 'symlog', minAbs: 1e-6 },
  code: { min: 0, max: CODES.length - 1, scale: 'linear', integer: true },
} as const;

export const construction1PendingCorners: readonly PendingCorner[] = [];

const c1Params = construction1Params;
const c1Pending = construction1PendingCorners;

export const construction1Domain: ClaimDomain<Construction1Case> = {
  params: construction1Params,
  arbitrary: fc.oneof(
    fc.record({
      kind: fc.constant('paper' as const),
      base: constellationSpecDomainArbitrary(MAX_NOISE),
      delta: paramArbitrary('delta', c1Params.delta, c1Pending),
      phiShare: paramArbitrary('phiShare', c1Params.phiShare, c1Pending),
    }),
    fc.record({
      kind: fc.constant('thm33' as const),
      code: paramArbitrary('code', c1Params.code, c1Pending),
      mShare: paramArbitrary('mShare', c1Params.mShare, c1Pending),
      bShare: paramArbitrary('bShare', c1Params.bShare, c1Pending),
      seed: fc.integer(),
    }),
    fc.record({
      kind: fc.constant('one-coordinate' as const),
      code: paramArbitrary('code', c1Params.code, c1Pending),
      delta: paramArbitrary('delta', c1Params.delta, c1Pending),
      seed: fc.integer(),
    }),
  ),
  values: (c) =>
    c.kind === 'paper'
      ? { delta: c.delta, phiShare: c.phiShare }
      : c.kind === 'thm33'
        ? { code: c.code, mShare: c.mShare, bShare: c.bShare }
        : { code: c.code, delta: c.delta },
  pendingCorners: construction1PendingCorners,
  boundaries: [
    {
      name: 'delta^2 + phi^2 = 1 (phiShare = 1)',
      on: (c) => c.kind === 'paper' && c.phiShare === 1 && c.delta < 1,
    },
    { name: 'Thm 3.3 target on m + b = 1 (bShare = 1)', on: (c) => c.kind === 'thm33' && c.bShare === 1 },
    {
      name: 'Thm 3.3 target on rho(m, b) = alpha (bShare = 0)',
      on: (c) => c.kind === 'thm33' && c.bShare === 0,
    },
    { name: 'delta = 1 (no shift)', on: (c) => c.kind !== 'thm33' && c.delta === 1 },
  ],
};

/** The random cases. */
export const construction1CaseArbitrary: fc.Arbitrary<Construction1Case> = construction1Domain.arbitrary;

function caseCode(i: number): SphericalCode {
  const [family, p] = CODES[i]!;
  return code(family, p);
}

/**
 * A target (m, b) reachable from an alpha-code by Thm 3.3: m in (0, (1-alpha)/2], b between
 * m (3 + alpha)/(1 - alpha) - 1 (where rho(m, b) = alpha) and 1 - m.
 */
export function thm33Target(alpha: number, mShare: number, bShare: number): MarginBias {
  const m = (mShare * (1 - alpha)) / 2;
  const bMin = (m * (3 + alpha)) / (1 - alpha) - 1;
  return { m, b: bMin + bShare * (1 - m - bMin) };
}

/**
 * Rounding bound on m*, b* of the built configuration against the prediction: code entries and the
 * construction's scalings (a few u), the rotation (gamma_d per coordinate, Q orthogonal to O(d u)),
 * the Gram entry (gamma_d), the formula (a few u): 8 (2d + 12) u.
 */
export function constructionTolerance(d: number): number {
  return 8 * (2 * d + 12) * UNIT_ROUNDOFF;
}

function rotate(u: Matrix, v: Matrix, seed: number): { u: Matrix; v: Matrix } {
  const q = randomOrthogonal(u.cols, new Rng(seed));
  return { u: rotateRows(u, q), v: rotateRows(v, q) };
}

/** Builds a case and compares measured (m*, b*) with the prediction; for `paper` the base is measured. */
export function measureConstruction1(c: Construction1Case, predict: Predict) {
  let built: { u: Matrix; v: Matrix };
  let expected: MarginBias;
  let info: Record<string, unknown>;
  let target: MarginBias | null = null;
  if (c.kind === 'paper') {
    const base = buildConstellation(c.base);
    const mb = margins(base.u, base.v);
    const phi = Math.sqrt(c.phiShare * (1 - c.delta * c.delta));
    built = rotate(
      ...(Object.values(construction1(base.u, base.v, c.delta, phi)) as [Matrix, Matrix]),
      c.base.seed ^ 0x5bd1,
    );
    expected = predict(mb.mStar, mb.bStar, c.delta, phi);
    info = { base: { mStar: mb.mStar, bStar: mb.bStar }, delta: c.delta, phi };
  } else if (c.kind === 'thm33') {
    const k = caseCode(c.code);
    target = thm33Target(k.rho, c.mShare, c.bShare);
    const { delta, phi } = construction1Parameters(k.rho, target.m, target.b);
    const r = construction1(k.x, k.x, delta, phi);
    built = rotate(r.u, r.v, c.seed);
    // the code is a ((1-alpha)/2, (1+alpha)/2)-constellation; the stated map must land on the target
    const viaFormula = predict((1 - k.rho) / 2, (1 + k.rho) / 2, delta, phi);
    expected = viaFormula;
    info = { code: k.name, alpha: k.rho, target, delta, phi };
  } else {
    const k = caseCode(c.code);
    const r = oneCoordinate(k.x, c.delta);
    built = rotate(r.u, r.v, c.seed);
    expected = oneCoordinatePredictedVia(predict, k.rho, c.delta);
    info = { code: k.name, rhoC: k.rho, delta: c.delta };
  }
  const mg = margins(built.u, built.v);
  const tol = constructionTolerance(built.u.cols);
  let err = Math.max(Math.abs(mg.mStar - expected.m), Math.abs(mg.bStar - expected.b));
  // Thm 3.3: the built configuration is exactly the target (m, b)
  if (target !== null) err = Math.max(err, Math.abs(mg.mStar - target.m), Math.abs(mg.bStar - target.b));
  return {
    slack: tol - err,
    detail: {
      kind: c.kind,
      ...info,
      measured: { m: mg.mStar, b: mg.bStar },
      predicted: expected,
      difference: err,
      tolerance: tol,
    },
  };
}

/**
 * The one-coordinate form is Construction 1 with one coordinate dropped: for the stated formula
 * the prediction is {@link oneCoordinatePredicted}; a variant's broken formula is applied the same way
 * (delta on the code, phi = 0: the (m, b) of delta^2 code + w^2 shift).
 */
function oneCoordinatePredictedVia(predict: Predict, rhoC: number, delta: number): MarginBias {
  if (predict === construction1Predicted) return oneCoordinatePredicted(rhoC, delta);
  return predict((1 - rhoC) / 2, (1 + rhoC) / 2, delta, 0);
}

function check(ctx: CheckContext, id: string, predict: Predict) {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary: construction1CaseArbitrary,
    metric: 'tol - max(|m* - m_pred|, |b* - b_pred|)',
    measure: (c) => measureConstruction1(c, predict),
    examples: [{ kind: 'thm33', code: 0, mShare: 0.5, bShare: 0.5, seed: 1 }],
  });
}

const common = {
  source: {
    paper: 'BBNP25',
    ref: 'Construction 1, proof of Thm 3.3; one-coordinate form derived (docs/theory.md §2)',
  },
  tolerance: {
    kind: 'bound',
    value: '8 (2d + 12) u, u = 2^-53',
    why: 'construction scalings and code entries carry a few u, the rotation and each Gram entry gamma_d',
  },
  defaultRuns: 150,
  domain: construction1Domain,
} as const;

/** construction-1: the paper form maps (m, b) to (delta^2 m, delta^2 b + phi^2 - w^2); one-coordinate form. */
export const claim: Claim = {
  id: 'construction-1',
  title:
    'Construction 1: (delta U, phi, w), (delta V, phi, -w) is a (delta^2 m, delta^2 b + phi^2 - w^2)-constellation',
  ...common,
  hypotheses: [
    '(U, V) an (m, b)-constellation in R^(d-2)',
    'delta^2 + phi^2 <= 1, w = sqrt(1 - delta^2 - phi^2)',
    'one-coordinate form: a code with max inner product rho_c',
  ],
  statement:
    "U'_i = (delta U_i, phi, w), V'_i = (delta V_i, phi, -w) has m*' = delta^2 m*, b*' = delta^2 b* + phi^2 - (1 - delta^2 - phi^2); with the Thm 3.3 parameters on an alpha-code it is exactly the target (m, b). One-coordinate: m = delta^2 (1 - rho_c)/2, b = (delta^2 (3 + rho_c) - 2)/2.",
  latex: "(m', b') = (\\delta^2 m,\\ \\delta^2 b + \\varphi^2 - (1 - \\delta^2 - \\varphi^2))",
  examples: [
    {
      name: 'Thm 3.3 parameters on the simplex of 4 points for (m, b) = (0.2, 0.3): measured m* = 0.2',
      expected: 0.2,
      from: 'the target itself (Thm 3.3 chooses delta, phi to hit it); delta^2 = 0.4/(4/3) = 0.3 by hand',
      tolerance: 1e-14,
      run: () => {
        const k = code('simplex', 4);
        const { delta, phi } = construction1Parameters(k.rho, 0.2, 0.3);
        const r = construction1(k.x, k.x, delta, phi);
        return margins(r.u, r.v).mStar;
      },
    },
    {
      name: 'one-coordinate on the cross-polytope of R^3, delta^2 = 1/2: b* = -1/4',
      expected: -0.25,
      from: 'by hand: G_ii = 1/2 - 1/2 = 0, max G_ij = 0 - 1/2, b* = -1/4',
      tolerance: 1e-15,
      run: () => {
        const r = oneCoordinate(code('cross-polytope', 3).x, Math.SQRT1_2);
        return margins(r.u, r.v).bStar;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'construction-1', construction1Predicted),
};

/** The must-refute variant's map: (delta^2 m, delta^2 b + phi^2 + w^2), the sign of w^2 lost. */
export const signErrorPredicted: Predict = (m, b, delta, phi) => {
  const d2 = delta * delta;
  const p2 = phi * phi;
  return { m: d2 * m, b: d2 * b + p2 + (1 - d2 - p2) };
};

/** Must-refute variant: the last coordinate's sign lost (b' = delta^2 b + phi^2 + w^2). */
export const signError: Claim = {
  id: 'construction-1/sign-error',
  title: "Must refute: Construction 1 gives b' = delta^2 b + phi^2 + w^2",
  ...common,
  hypotheses: ['as construction-1'],
  statement: "As construction-1 with + w^2: the +w, -w coordinate contributes -w^2 to every G'_ij.",
  latex: "b' \\overset{?}{=} \\delta^2 b + \\varphi^2 + (1 - \\delta^2 - \\varphi^2)",
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'construction-1', change: '- (1 - delta^2 - phi^2) replaced by + (1 - delta^2 - phi^2)' },
  check: (ctx) => check(ctx, 'construction-1/sign-error', signErrorPredicted),
};
