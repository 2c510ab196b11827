import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { ccemOptimumHp } from '../constructions/hp/ccem.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext, CheckOutcome } from '../src/claims/types.js';
import { exactDecimalString, hpContext } from '../src/numeric/hp/decimal.js';

/** Bounds of the random (N, t, b) and the working precision (the conditions cost O(1) in N). */
export const MAX_N = 1_000_000;
export const MIN_T = 1e-3;
export const MAX_T = 1e4;
export const MAX_ABS_B = 1e4;
export const DIGITS = 30;

/** The two conditions as a claim states them: ETF and antipodal, in decimal. */
export type GeneralConditions = (n: number, t: Decimal, b: Decimal) => { etf: boolean; antipodal: boolean };

/**
 * docs/theory.md §1 (derived from f'(+-1)): ETF iff 1 + e^{t/(N-1) + b} >= ((N-2)/2)(1 + e^{t - b});
 * antipodal iff t + b <= ln((N-2)/2).
 */
export const generalConditions: GeneralConditions = (n, t, b) => {
  const D = hpContext(DIGITS + 10);
  const lhs = new D(1).plus(
    t
      .div(n - 1)
      .plus(b)
      .exp(),
  );
  const rhs = new D(n - 2).div(2).times(new D(1).plus(t.minus(b).exp()));
  return { etf: lhs.gte(rhs), antipodal: n > 2 && t.plus(b).lte(new D(n - 2).div(2).ln()) };
};

export interface GeneralCase {
  readonly n: number;
  readonly t: number;
  readonly b: number;
  /** Drawn on the antipodal boundary t + b = ln((N-2)/2) (b rounded to the nearest double). */
  readonly onBoundary?: boolean;
}

const params = {
  n: { min: 3, max: MAX_N, scale: 'log', integer: true, corners: [4, 5] },
  t: { min: MIN_T, max: MAX_T, scale: 'log' },
  b: { min: -MAX_ABS_B, max: MAX_ABS_B, scale: 'symlog', minAbs: 1e-3 },
} as const;

/** Every declared extreme is sampled as it is (none pending). */
export const pendingCorners: readonly PendingCorner[] = [];

/** (N, t, b) log-uniform with extremes, a quarter on the diagonal b = t, some on the antipodal boundary. */
export const domain: ClaimDomain<GeneralCase> = {
  params,
  arbitrary: fc.oneof(
    { weight: 5, arbitrary: paramsArbitrary(params, pendingCorners) },
    {
      weight: 2,
      arbitrary: paramsArbitrary({ n: params.n, t: params.t }, pendingCorners).map((c) => ({ ...c, b: c.t })),
    },
    {
      weight: 1,
      arbitrary: paramsArbitrary({ n: { ...params.n, min: 5 }, t: params.t }, pendingCorners).map((c) => ({
        ...c,
        b: Math.log((c.n - 2) / 2) - c.t,
        onBoundary: true,
      })),
    },
  ),
  values: (c) => ({ n: c.n, t: c.t, b: c.b }),
  pendingCorners,
  boundaries: [
    { name: 't = b', on: (c) => c.t === c.b },
    { name: 't + b = ln((N-2)/2)', on: (c) => c.onBoundary === true },
    {
      name: 'N = 1e6 at t = 1e4',
      on: (c) => c.n === MAX_N && c.t === MAX_T,
    },
  ],
};

/** Significant digits of a decimal string. */
function significantDigits(text: string): number {
  return text.replace(/[-.]/g, '').replace(/^0+/, '').length;
}

/** 1 if the conditions name the regime of the decimal optimum (and not both edges at once), else -1. */
export function measureGeneral(c: GeneralCase, cond: GeneralConditions) {
  // t and b unrounded: at N = 4 the ETF edge b = t/3 can hold exactly between doubles, and a double
  // may carry more than 40 significant digits (b = 1 + 2^-40 has 41)
  const tText = exactDecimalString(c.t);
  const bText = exactDecimalString(c.b);
  const D = hpContext(Math.max(DIGITS + 10, significantDigits(tText), significantDigits(bText)));
  const t = new D(tText);
  const b = new D(bText);
  const k = cond(c.n, t, b);
  const opt = ccemOptimumHp(c.n, c.t, c.b, DIGITS);
  const predicted = k.etf ? 'etf' : k.antipodal ? 'antipodal' : 'interior';
  return {
    slack: predicted === opt.regime && !(k.etf && k.antipodal) ? 1 : -1,
    detail: { conditions: k, predicted, optimum: opt.regime, c1: opt.c1.toString() },
  };
}

function checkWith(ctx: CheckContext, id: string, cond: GeneralConditions): CheckOutcome {
  return checkProperty(ctx, {
    claimId: id,
    arbitrary: domain.arbitrary,
    show: (c) => ({ n: c.n, t: c.t, b: c.b }),
    metric: "1 if the conditions give the regime of the decimal optimum (Newton on f', 30 digits), else -1",
    measure: (c: GeneralCase) => measureGeneral(c, cond),
    examples: [
      { n: 8, t: 1.125, b: 1.125 },
      { n: 8, t: 3, b: 1 },
      { n: 20, t: 4, b: -2 },
    ],
  });
}

const common = {
  source: { paper: 'derived', ref: "f'(+-1) sign conditions for general (t, b); docs/theory.md §1" },
  tolerance: {
    kind: 'exact',
    value: 'regime equality',
    why: 'both sides are decided on the exact doubles at 40 significant digits or more (as many as the doubles carry, so an exact N = 4 tie stays a tie); cases drawn on the antipodal boundary sit within an ulp of it, far above 1e-30',
  },
} as const;

/** ccem-general-thresholds: the ETF and antipodal conditions for general (t, b). */
export const claim: Claim = {
  id: 'ccem-general-thresholds',
  title:
    'General (t, b): ETF iff 1 + e^{t/(N-1)+b} >= ((N-2)/2)(1 + e^{t-b}); antipodal iff t + b <= ln((N-2)/2)',
  ...common,
  hypotheses: ['N >= 3', 't > 0, b real', 'd >= N (the optimum is CCEM)'],
  statement:
    'The CCEM optimum is the ETF iff 1 + e^{t/(N-1) + b} >= ((N-2)/2)(1 + e^{t - b}), antipodal iff t + b <= ln((N-2)/2), interior otherwise.',
  latex:
    'c_1^*=1 \\iff 1+e^{\\frac{t}{N-1}+b} \\ge \\tfrac{N-2}{2}\\big(1+e^{t-b}\\big),\\qquad c_1^*=-1 \\iff t+b \\le \\ln\\tfrac{N-2}{2}',
  derivation: [
    "f'(1) = t[-sigma(b - t) + ((N-2)/2) sigma(-t/(N-1) - b)] <= 0 iff ((N-2)/2)(1 + e^{t-b}) <= 1 + e^{t/(N-1)+b}.",
    "f'(-1) = t[-sigma(b + t) + ((N-2)/2) sigma(-t - b)] >= 0 iff e^{t+b} <= (N-2)/2.",
    'With b = t these reduce to the LCS24 thresholds (claim ccem-thresholds).',
  ],
  examples: [
    {
      name: 'N = 8, t = 3, b = 1: ETF (1 + e^{3/7+1} = 5.17 >= 3(1 + e^2) = 25.2 is false: not ETF)',
      expected: false,
      from: 'by hand: e^{10/7} = 4.17, e^2 = 7.39',
      run: () => {
        const D = hpContext(40);
        return generalConditions(8, new D(3), new D(1)).etf;
      },
    },
    {
      name: 'N = 8, t = 0.5, b = 0.5: antipodal (1 <= ln 3 = 1.0986)',
      expected: true,
      from: 'by hand',
      run: () => {
        const D = hpContext(40);
        return generalConditions(8, new D(0.5), new D(0.5)).antipodal;
      },
    },
  ],
  expected: 'holds',
  defaultRuns: 200,
  domain,
  check: (ctx) => checkWith(ctx, 'ccem-general-thresholds', generalConditions),
};

/** The must-refute variant's conditions: the ETF one unchanged, antipodal iff t - b <= ln((N-2)/2). */
export const flippedConditions: GeneralConditions = (n, t, b) => {
  const k = generalConditions(n, t, b);
  const D = hpContext(DIGITS + 10);
  return { etf: k.etf, antipodal: t.minus(b).lte(new D(n - 2).div(2).ln()) };
};

/** Must-refute variant: antipodal iff t - b <= ln((N-2)/2) (the bias sign flipped). */
export const flippedBias: Claim = {
  id: 'ccem-general-thresholds/flipped-bias',
  title: 'Must refute: antipodal iff t - b <= ln((N-2)/2)',
  ...common,
  hypotheses: ['N >= 3', 't > 0, b real'],
  statement: 'As ccem-general-thresholds with the bias sign flipped in the antipodal condition.',
  latex: 'c_1^*=-1 \\overset{?}{\\iff} t-b \\le \\ln\\tfrac{N-2}{2}',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'ccem-general-thresholds', change: 't + b replaced by t - b in the antipodal condition' },
  defaultRuns: 200,
  domain,
  check: (ctx) => checkWith(ctx, 'ccem-general-thresholds/flipped-bias', flippedConditions),
};
