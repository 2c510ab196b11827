import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { ccemOptimumHp, type HpReal } from '../constructions/hp/ccem.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext, CheckOutcome } from '../src/claims/types.js';
import { exact, hpContext } from '../src/numeric/hp/decimal.js';

/** Bounds of the random cases and the decimal precision of c1* (its cost does not grow with N). */
export const MAX_N = 1_000_000;
export const MIN_T = 1e-3;
export const MAX_T = 1e4;
export const MIN_KAPPA = -3;
export const MAX_KAPPA = 3;
export const MAX_ABS_B = 3;
export const DIGITS = 25;
/** c1*(t2) >= c1*(t1) - TOL: the decimal optimum is accurate to ~1e-25. */
export const TOL = 1e-20;

/** A pair t1 < t2 on a ray b = kappa t (kappaRay) or at a fixed b (fixedB). */
export type MonotoneCase =
  | {
      readonly kind: 'ray';
      readonly n: number;
      readonly kappa: number;
      readonly t1: number;
      readonly t2: number;
    }
  | {
      readonly kind: 'fixed-b';
      readonly n: number;
      readonly b: number;
      readonly t1: number;
      readonly t2: number;
    };

/** c1* in decimal (25 digits), doubles taken exactly. */
export function c1Of(n: number, t: number, b: HpReal): Decimal {
  return ccemOptimumHp(n, t, b, DIGITS).c1;
}

/** Digits that hold the product of two doubles exactly (53 + 53 bits < 34 digits). */
const PRODUCT_DIGITS = 40;

/** c1*(t2) - c1*(t1) + TOL for a pair (b exactly kappa t on a ray), with the figures behind it. */
export function measure(c: MonotoneCase) {
  // b = kappa t exactly: a double product would move b/t by an ulp, and c1* = (3 kappa + 1)/2
  // is flat along the ray at N = 4, so that ulp alone would look like a drop
  const D = hpContext(PRODUCT_DIGITS);
  const onRay = (t: number): HpReal => (c.kind === 'ray' ? exact(D, c.kappa).times(exact(D, t)) : c.b);
  const b1 = onRay(c.t1);
  const b2 = onRay(c.t2);
  const a = c1Of(c.n, c.t1, b1);
  const z = c1Of(c.n, c.t2, b2);
  const rise = z.minus(a).toNumber();
  return {
    slack: rise + TOL,
    detail: {
      c1AtT1: a.toString(),
      c1AtT2: z.toString(),
      b1: b1.toString(),
      b2: b2.toString(),
      drop: -rise,
      tolerance: TOL,
    },
  };
}

const params = {
  n: { min: 3, max: MAX_N, scale: 'log', integer: true, corners: [4] },
  t: { min: MIN_T, max: MAX_T, scale: 'log' },
  kappa: { min: MIN_KAPPA, max: MAX_KAPPA, scale: 'linear', corners: [0, 0.25, 1] },
  b: { min: -MAX_ABS_B, max: MAX_ABS_B, scale: 'symlog', minAbs: 1e-3 },
} as const;

/** Every declared extreme is sampled as it is (none pending). */
export const pendingCorners: readonly PendingCorner[] = [];

/** t1 < t2, log-uniform with the extremes (equal draws are moved apart by one log step). */
const pair = paramsArbitrary({ t1: params.t, t2: params.t }, [
  ...pendingCorners.map((p) => ({ ...p, param: 't1' })),
  ...pendingCorners.map((p) => ({ ...p, param: 't2' })),
]).map(({ t1, t2 }) => {
  const [lo, hi] = t1 < t2 ? [t1, t2] : [t2, t1];
  return lo === hi ? (lo < 1 ? [lo, lo * 10] : [lo / 10, hi]) : [lo, hi];
});

/**
 * The ray hypothesis found by this workbench: N >= 4 with any kappa, or N = 3 with kappa >= 1/4
 * (for N = 3 and kappa < 1/4 the ETF condition fails at large t, so c1* leaves 1 and decreases).
 */
export const rayCase: fc.Arbitrary<MonotoneCase> = fc
  .record({
    nk: paramsArbitrary({ n: params.n, kappa: params.kappa }),
    diag: fc.boolean(),
    ts: pair,
  })
  .map(({ nk: { n, kappa }, diag, ts }) => ({
    kind: 'ray' as const,
    n,
    kappa: diag ? 1 : n === 3 ? Math.max(kappa, 0.25) : kappa,
    t1: ts[0]!,
    t2: ts[1]!,
  }));

/** Pairs at a fixed b (the must-refute variant's cases). */
export const fixedCase: fc.Arbitrary<MonotoneCase> = fc
  .record({ nb: paramsArbitrary({ n: params.n, b: params.b }), ts: pair })
  .map(({ nb: { n, b }, ts }) => ({ kind: 'fixed-b' as const, n, b, t1: ts[0]!, t2: ts[1]! }));

/** Both kinds of pair (the claim draws rays, its must-refute variant fixed b). */
export const domain: ClaimDomain<MonotoneCase> = {
  params,
  arbitrary: fc.oneof(rayCase, fixedCase),
  values: (c) =>
    c.kind === 'ray' ? { n: c.n, t: [c.t1, c.t2], kappa: c.kappa } : { n: c.n, t: [c.t1, c.t2], b: c.b },
  pendingCorners,
  boundaries: [
    { name: 'the LCS24 diagonal kappa = 1', on: (c) => c.kind === 'ray' && c.kappa === 1 },
    {
      name: 'N = 3 at kappa = 1/4 (edge of the ray hypothesis)',
      on: (c) => c.kind === 'ray' && c.n === 3 && c.kappa === 0.25,
    },
    { name: 'b fixed and negative', on: (c) => c.kind === 'fixed-b' && c.b === -MAX_ABS_B },
  ],
};

function checkWith(ctx: CheckContext, id: string, arbitrary: fc.Arbitrary<MonotoneCase>): CheckOutcome {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary,
    metric: 'c1*(t2) - c1*(t1) + 1e-20 for t1 < t2 (decimal optimum, 25 digits)',
    measure,
  });
}

const common = {
  source: { paper: 'LCS24', ref: 'monotonicity theorem (t = b); rays derived; docs/theory.md §1' },
  tolerance: {
    kind: 'absolute',
    value: TOL,
    why: 'c1* comes from a 25-digit decimal Newton solve (error < 1e-24); 1e-20 leaves 4 digits of margin',
  },
} as const;

/** ccem-monotone-delta: for t = b and along rays b = kappa t, c1*(t) is non-decreasing. */
export const claim: Claim = {
  id: 'ccem-monotone-delta',
  title: 'c1*(t) is non-decreasing for t = b and along rays b = kappa t (delta* non-increasing)',
  ...common,
  hypotheses: [
    't = b (LCS24), or b = kappa t with N >= 4 and any kappa, or N = 3 and kappa >= 1/4 (derived here)',
    'N >= 3, d >= N',
  ],
  statement:
    'For 0 < t1 < t2: c1*(t1, kappa t1) <= c1*(t2, kappa t2), i.e. delta* is non-increasing along the ray; kappa = 1 is the LCS24 diagonal.',
  latex: '0 < t_1 < t_2 \\implies c_1^*(t_1, \\kappa t_1) \\le c_1^*(t_2, \\kappa t_2)',
  derivation: [
    "c1* is the root of f'(x; t, kappa t) = 0 clamped to [-1, 1]; implicit differentiation gives dc1*/dt = -(d f'/dt)/f''.",
    'docs/theory.md states the ray version for every kappa; the check finds it false for N = 3 and kappa < 1/4 (1 + e^{t(1/2 + kappa)} < (1/2)(1 + e^{t(1 - kappa)}) at large t), so the hypothesis is restricted.',
  ],
  examples: [
    {
      name: 'N = 8, t = b: c1* at t = T_ETF(8) = (7/8) ln 5 is 1 (ETF edge)',
      expected: 1,
      from: 'LCS24 threshold: ETF iff t >= ((N-1)/N) ln(N-3)',
      tolerance: 0,
      run: () => c1Of(8, 1.408258173379838, 1.408258173379838).toNumber(),
    },
  ],
  expected: 'holds',
  defaultRuns: 150,
  domain,
  check: (ctx) => checkWith(ctx, 'ccem-monotone-delta', rayCase),
};

/** Must-refute variant: b held fixed (e.g. N = 8, b = 1: c1* rises, then falls toward 8/20). */
export const fixedBias: Claim = {
  id: 'ccem-monotone-delta/fixed-b',
  title: 'Must refute: c1*(t) non-decreasing with b held fixed',
  ...common,
  hypotheses: ['b fixed (hypothesis t = b dropped)', 'N >= 3'],
  statement:
    'As ccem-monotone-delta with b fixed: false, e.g. N = 8, b = 1 (c1* peaks near t = 2, then decreases to N/(3N-4)).',
  latex: '0 < t_1 < t_2 \\overset{?}{\\implies} c_1^*(t_1, b) \\le c_1^*(t_2, b)',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'ccem-monotone-delta', change: 'b = kappa t replaced by b fixed' },
  defaultRuns: 150,
  domain,
  check: (ctx) => checkWith(ctx, 'ccem-monotone-delta/fixed-b', fixedCase),
};
