import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { ccemOptimumHp } from '../constructions/ccem-hp.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext, CheckOutcome } from '../src/claims/types.js';

/** Bounds of the random cases and the decimal precision of c1*. */
export const MAX_N = 200;
export const MAX_T = 20;
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

/** c1* in decimal (25 digits), the doubles t and b taken exactly. */
export function c1Of(n: number, t: number, b: number): Decimal {
  return ccemOptimumHp(n, t, b, DIGITS).c1;
}

function measure(c: MonotoneCase) {
  const b1 = c.kind === 'ray' ? c.kappa * c.t1 : c.b;
  const b2 = c.kind === 'ray' ? c.kappa * c.t2 : c.b;
  const a = c1Of(c.n, c.t1, b1);
  const z = c1Of(c.n, c.t2, b2);
  const rise = z.minus(a).toNumber();
  return {
    slack: rise + TOL,
    detail: { c1AtT1: a.toString(), c1AtT2: z.toString(), b1, b2, drop: -rise, tolerance: TOL },
  };
}

const pair = fc
  .tuple(fc.double({ min: 1e-3, max: MAX_T, noNaN: true }), fc.double({ min: 1e-3, max: MAX_T, noNaN: true }))
  .filter(([x, y]) => x !== y)
  .map(([x, y]): [number, number] => (x < y ? [x, y] : [y, x]));

/**
 * The ray hypothesis found by this workbench: N >= 4 with any kappa, or N = 3 with kappa >= 1/4
 * (for N = 3 and kappa < 1/4 the ETF condition fails at large t, so c1* leaves 1 and decreases).
 */
const rayCase = fc
  .record({
    n: fc.integer({ min: 3, max: MAX_N }),
    kappa: fc.double({ min: MIN_KAPPA, max: MAX_KAPPA, noNaN: true }),
    diag: fc.boolean(),
    ts: pair,
  })
  .map(({ n, kappa, diag, ts }) => ({
    kind: 'ray' as const,
    n,
    kappa: diag ? 1 : n === 3 ? Math.max(kappa, 0.25) : kappa,
    t1: ts[0],
    t2: ts[1],
  }));

const fixedCase = fc
  .record({
    n: fc.integer({ min: 3, max: MAX_N }),
    b: fc.double({ min: -MAX_ABS_B, max: MAX_ABS_B, noNaN: true }),
    ts: pair,
  })
  .map(({ n, b, ts }) => ({ kind: 'fixed-b' as const, n, b, t1: ts[0], t2: ts[1] }));

function checkWith(ctx: CheckContext, id: string, arbitrary: fc.Arbitrary<MonotoneCase>): CheckOutcome {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary,
    metric: 'c1*(t2) - c1*(t1) + 1e-20 for t1 < t2 (decimal optimum, 25 digits)',
    measure,
  });
}

const common = {
  source: { paper: 'LCS24', ref: 'monotonicity theorem (t = b); rays derived; THEORY.md s1' },
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
    'THEORY.md states the ray version for every kappa; the check finds it false for N = 3 and kappa < 1/4 (1 + e^{t(1/2 + kappa)} < (1/2)(1 + e^{t(1 - kappa)}) at large t), so the hypothesis is restricted.',
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
  check: (ctx) => checkWith(ctx, 'ccem-monotone-delta/fixed-b', fixedCase),
};
