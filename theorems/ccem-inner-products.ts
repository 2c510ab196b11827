import fc from 'fast-check';
import { buildCcem, ccemC1, ccemC2 } from '../constructions/ccem.js';
import { type ClaimDomain, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext } from '../src/claims/types.js';
import { crossGram } from '../src/numeric/float/gram.js';
import { Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import { randomOrthogonal, rotateRows } from '../src/numeric/float/vectors.js';

/** Bounds on the random cases (cost: a d x d rotation and an N x N x d Gram). */
export const MAX_N = 24;
export const MAX_EXTRA_DIMS = 8;
/** delta spreads log-uniformly over [MIN_DELTA, MAX_DELTA]; 0 (ETF) and Infinity (antipodal) are drawn too. */
export const MIN_DELTA = 1e-8;
export const MAX_DELTA = 1e8;

/** One case: N pairs in R^d, the CCEM parameter, and a seed for the random rotation. */
export interface CcemCase {
  readonly n: number;
  readonly d: number;
  readonly delta: number;
  readonly rotationSeed: number;
}

const params = {
  n: { min: 3, max: MAX_N, scale: 'log', integer: true },
  extra: { min: 0, max: MAX_EXTRA_DIMS, scale: 'linear', integer: true },
  delta: { min: MIN_DELTA, max: MAX_DELTA, scale: 'log', corners: [1] },
} as const;

/** Cases with N >= 3, d >= N (d = N included), delta log-uniform over 16 decades, 0 or Infinity. */
export const domain: ClaimDomain<CcemCase> = {
  params,
  arbitrary: fc
    .record({
      p: paramsArbitrary(params),
      ends: fc.oneof(
        { weight: 6, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(0, Infinity) },
      ),
      rotationSeed: fc.integer(),
    })
    .map(({ p, ends, rotationSeed }) => ({ n: p.n, d: p.n + p.extra, delta: ends ?? p.delta, rotationSeed })),
  values: (c) => ({
    n: c.n,
    extra: c.d - c.n,
    delta: c.delta > 0 && Number.isFinite(c.delta) ? c.delta : undefined,
  }),
  boundaries: [
    { name: 'delta = 0 (simplex ETF)', on: (c) => c.delta === 0 },
    { name: 'delta = Infinity (antipodal)', on: (c) => c.delta === Infinity },
    { name: 'd = N = 24', on: (c) => c.n === MAX_N && c.d === MAX_N },
  ],
};

/** Cases with N >= 3, d >= N, delta in [0, MAX_DELTA] or Infinity. */
export const ccemCaseArbitrary: fc.Arbitrary<CcemCase> = domain.arbitrary;

/**
 * The tolerance of one measured inner product, in units of u = 2^-53: each coordinate of the
 * built vectors carries a few roundings (sqrt, division, scaling: at most 6u relative), the random
 * rotation adds a d-term dot product per coordinate (gamma_d) and the Gram entry another d-term
 * sum (gamma_d); |U_i| = |V_j| = 1, so |error| <= (2d + 12) u (first order). We allow 4x that.
 */
export function innerProductTolerance(d: number): number {
  return 4 * (2 * d + 12) * UNIT_ROUNDOFF;
}

/** The max deviation of the built CCEM inner products from given closed forms. */
export function measureCcem(
  c: CcemCase,
  c1: (delta: number) => number,
  c2: (n: number, delta: number) => number,
): { slack: number; detail: Record<string, unknown> } {
  const { u, v } = buildCcem(c.n, c.d, c.delta);
  const q = randomOrthogonal(c.d, new Rng(c.rotationSeed));
  const g = crossGram(rotateRows(u, q), rotateRows(v, q));
  const e1 = c1(c.delta);
  const e2 = c2(c.n, c.delta);
  let worst = 0;
  let worstAt: [number, number] = [0, 0];
  let actual = 0;
  let expected = 0;
  for (let i = 0; i < c.n; i++) {
    for (let j = 0; j < c.n; j++) {
      const x = g[i * c.n + j]!;
      const e = i === j ? e1 : e2;
      const err = Math.abs(x - e);
      if (err > worst || Number.isNaN(err)) {
        worst = Number.isNaN(err) ? Infinity : err;
        worstAt = [i, j];
        actual = x;
        expected = e;
      }
    }
  }
  const tol = innerProductTolerance(c.d);
  return { slack: tol - worst, detail: { at: worstAt, actual, expected, difference: worst, tolerance: tol } };
}

function check(ctx: CheckContext, id: string, c2: (n: number, delta: number) => number) {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary: ccemCaseArbitrary,
    metric: 'tol - max_ij |G_ij - c(i,j)|, tol = 4 (2d + 12) u',
    measure: (c) => measureCcem(c, ccemC1, c2),
    examples: [
      { n: 3, d: 3, delta: 0, rotationSeed: 1 },
      { n: 5, d: 6, delta: Infinity, rotationSeed: 2 },
    ],
  });
}

const common = {
  source: { paper: 'LCS24', ref: 'Definition of the double-constant embedding model; docs/theory.md §1' },
  hypotheses: ['N >= 3', 'd >= N', 'delta in [0, inf]', 'w_1..w_N a simplex ETF in R^{d-1}'],
  tolerance: {
    kind: 'bound',
    value: '4 (2d + 12) u, u = 2^-53',
    why: 'a few roundings per coordinate plus two d-term dot products (rotation, Gram), each gamma_d; unit vectors',
  },
  defaultRuns: 60,
  domain,
} as const;

/** ccem-inner-products: the built CCEM vectors have exactly c1(delta) and c2(delta). */
export const claim: Claim = {
  id: 'ccem-inner-products',
  title: 'CCEM(delta) has positive inner product c1(delta) and negative inner product c2(delta)',
  ...common,
  statement:
    'For U_i = (w_i, delta)/sqrt(1+delta^2), V_i = (w_i, -delta)/sqrt(1+delta^2), after any rotation, ' +
    '<U_i,V_i> = (1-delta^2)/(1+delta^2) and <U_i,V_j> = -(1/(N-1)+delta^2)/(1+delta^2) for i != j.',
  latex:
    '\\langle U_i,V_i\\rangle = \\frac{1-\\delta^2}{1+\\delta^2},\\quad \\langle U_i,V_j\\rangle = -\\frac{\\frac{1}{N-1}+\\delta^2}{1+\\delta^2}\\ (i\\ne j)',
  examples: [
    {
      name: 'N = 3, delta = 1: c1 = 0',
      expected: 0,
      from: 'closed form by hand: (1 - 1)/(1 + 1)',
      tolerance: 1e-15,
      run: () => measureInner(3, 3, 1).c1,
    },
    {
      name: 'N = 3, delta = 1: c2 = -3/4',
      expected: -0.75,
      from: 'closed form by hand: -(1/2 + 1)/2',
      tolerance: 1e-15,
      run: () => measureInner(3, 3, 1).c2,
    },
    {
      name: 'N = 4, delta = 0 (ETF): c2 = -1/3',
      expected: -1 / 3,
      from: 'regular simplex: <w_i, w_j> = -1/(N-1)',
      tolerance: 1e-15,
      run: () => measureInner(4, 5, 0).c2,
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'ccem-inner-products', ccemC2),
};

/** The must-refute variant's c2: -(1/N + delta^2)/(1 + delta^2), -1 at delta = Infinity. */
export function wrongC2(n: number, delta: number): number {
  return delta === Infinity ? -1 : -(1 / n + delta * delta) / (1 + delta * delta);
}

/** Must-refute variant: c2 with N in place of N - 1 (a wrong constant). */
export const wrongConstant: Claim = {
  id: 'ccem-inner-products/wrong-c2',
  title: 'Must refute: c2 with 1/N in place of 1/(N-1)',
  ...common,
  statement: 'As ccem-inner-products, but claiming <U_i,V_j> = -(1/N + delta^2)/(1+delta^2).',
  latex: '\\langle U_i,V_j\\rangle \\overset{?}{=} -\\frac{\\frac{1}{N}+\\delta^2}{1+\\delta^2}',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'ccem-inner-products', change: '1/(N-1) replaced by 1/N in c2' },
  check: (ctx) => check(ctx, 'ccem-inner-products/wrong-c2', wrongC2),
};

/** The measured (c1, c2) of CCEM(delta) for an example (no rotation). */
export function measureInner(n: number, d: number, delta: number): { c1: number; c2: number } {
  const { u, v } = buildCcem(n, d, delta);
  const g = crossGram(u, v);
  return { c1: g[0]!, c2: g[1]! };
}
