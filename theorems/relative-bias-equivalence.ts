import fc from 'fast-check';
import { type ClaimDomain, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { CheckContext, CheckOutcome, Claim } from '../src/claims/types.js';
import { margins } from '../src/geometry/margins.js';
import { rbSigmoidLoss } from '../src/loss/rb-sig.js';
import { Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { randomUnitRows, zeros } from '../src/numeric/float/vectors.js';
import { ADAPTER_BIAS, relativeBiasIdentities } from '../src/symbolic/relative-bias.js';

/** Bounds on the random cases (cost: N^2 d per loss). */
export const MAX_N = 12;
export const MAX_D = 8;
export const T_RANGE = [1e-2, 1e4] as const;
export const DELTA_RANGE = [1e-2, 1] as const;

/** One case: random U, V, (t, b_rel) and the adapter's delta. */
export interface AdapterCase {
  readonly n: number;
  readonly d: number;
  readonly t: number;
  readonly r: number;
  readonly delta: number;
  readonly seed: number;
}

const params = {
  n: { min: 2, max: MAX_N, scale: 'log', integer: true },
  d: { min: 1, max: MAX_D, scale: 'linear', integer: true },
  t: { min: T_RANGE[0], max: T_RANGE[1], scale: 'log' },
  r: { min: -1, max: 1, scale: 'linear', corners: [0] },
  delta: { min: DELTA_RANGE[0], max: DELTA_RANGE[1], scale: 'log' },
} as const;

/** t log-uniform over six decades, b_rel on [-1, 1] with its ends and 0, the adapter's delta log down to 1e-2. */
export const domain: ClaimDomain<AdapterCase> = {
  params,
  arbitrary: fc
    .record({ p: paramsArbitrary(params), seed: fc.integer() })
    .map(({ p, seed }) => ({ ...p, seed })),
  values: (c) => ({ n: c.n, d: c.d, t: c.t, r: c.r, delta: c.delta }),
  boundaries: [
    { name: 't = 1e4 with delta = 1e-2', on: (c) => c.t === T_RANGE[1] && c.delta === DELTA_RANGE[0] },
  ],
};

/** The random cases. */
export const adapterCaseArbitrary: fc.Arbitrary<AdapterCase> = domain.arbitrary;

/** The locked-encoder adapter: U~_i = (delta U_i, sqrt(1 - delta^2)), V~_i = (delta V_i, -sqrt(1 - delta^2)). */
export function adapter(x: Matrix, delta: number, sign: 1 | -1): Matrix {
  const d = x.cols;
  const y = zeros(x.rows, d + 1);
  const w = Math.sqrt(1 - delta * delta);
  for (let i = 0; i < x.rows; i++) {
    for (let k = 0; k < d; k++) y.data[i * (d + 1) + k] = delta * x.data[i * d + k]!;
    y.data[i * (d + 1) + d] = sign * w;
  }
  return y;
}

/**
 * Rounding bound on |L_RB(U~, V~; t, r) - L_RB(U, V; t delta^2, R)| (sum normalisation): each logit
 * differs by at most t ((2d + 6) + 6 (|r| + 1)) u (two Gram entries with gamma_(d+1), the bias
 * formula's three roundings scaled by t delta^2); sigma <= 1 over N^2 terms, plus 2 N^2 u L for
 * the two sums. We allow 4x.
 */
export function adapterTolerance(n: number, d: number, t: number, r: number, loss: number): number {
  return 4 * n * n * (t * (2 * d + 6 + 6 * (Math.abs(r) + 1)) + 2 * Math.abs(loss)) * UNIT_ROUNDOFF;
}

/** Both sides of the Obs. 1 identity and the locked-U constellation fact on one case. */
export function measureAdapter(c: AdapterCase, bias: (r: number, delta: number) => number) {
  const rng = new Rng(c.seed);
  const u = randomUnitRows(c.n, c.d, rng);
  const v = randomUnitRows(c.n, c.d, rng);
  const left = rbSigmoidLoss(adapter(u, c.delta, 1), adapter(v, c.delta, -1), {
    t: c.t,
    bRel: c.r,
    normalization: 'sum',
  }).loss;
  const right = rbSigmoidLoss(u, v, {
    t: c.t * c.delta * c.delta,
    bRel: bias(c.r, c.delta),
    normalization: 'sum',
  }).loss;
  const tol = adapterTolerance(c.n, c.d + 1, c.t, c.r, left);
  // locked U: V = U is a constellation (m* = (1 - max_{i != j} <U_i, U_j>)/2 > 0) for distinct U_i
  const locked = margins(u, u);
  const lockedSlack = locked.mStar > 0 || c.d === 1 ? Number.POSITIVE_INFINITY : locked.mStar;
  return {
    slack: Math.min(tol - Math.abs(left - right), lockedSlack),
    detail: { left, right, difference: Math.abs(left - right), tolerance: tol, lockedMStar: locked.mStar },
  };
}

/**
 * The claim's check for a stated adapter bias: the symbolic identities (the bias as a mathjs
 * expression), then the numeric identity on random configurations (the same bias as a function).
 */
export async function checkAdapter(
  ctx: CheckContext,
  id: string,
  biasExpr: string,
  bias: (r: number, delta: number) => number,
): Promise<CheckOutcome> {
  const ids = await relativeBiasIdentities(biasExpr);
  const bad = ids.find((x) => !x.zero || !(x.maxAtSamples <= 1e-12));
  if (bad !== undefined) {
    return {
      status: 'refuted',
      cases: ids.length,
      evidence: {
        metric: 'simplified residual (left - right) must be 0',
        worstSlack: -bad.maxAtSamples,
        at: bad.name,
        details: { residual: bad.residual, simplified: bad.simplified },
      },
      counterexample: {
        input: { identity: bad.name, residual: bad.residual },
        message: `mathjs simplify gives ${bad.simplified} (not 0); |residual| at sample points up to ${bad.maxAtSamples}`,
        shrinks: 0,
        replay: `sigcheck verify --claim ${id}`,
      },
      issues: ['counterexample'],
    };
  }
  const numeric = checkProperty(ctx, {
    claimId: id,
    arbitrary: adapterCaseArbitrary,
    metric: 'tol - |L_RB(U~, V~; t, r) - L_RB(U, V; t delta^2, R)|; locked U: m*(U, U) > 0',
    measure: (c) => measureAdapter(c, bias),
  });
  if (numeric.evidence === null) return numeric;
  return {
    ...numeric,
    cases: numeric.cases + ids.length,
    evidence: {
      ...numeric.evidence,
      details: {
        ...numeric.evidence.details,
        symbolic: ids.map((x) => ({ name: x.name, simplified: x.simplified })),
      },
    },
  };
}

/** The adapter's relative bias as Obs. 1 states it: (r + 1 - delta^2)/delta^2. */
export const adapterBias = (r: number, delta: number): number => (r + 1 - delta * delta) / (delta * delta);
/** The must-refute variant's bias, the shift's sign flipped: (r - 1 + delta^2)/delta^2. */
export const flippedAdapterBias = (r: number, delta: number): number =>
  (r - 1 + delta * delta) / (delta * delta);

const common = {
  source: {
    paper: 'BBNP25',
    ref: 'Def. 1 (RB-Sig) and Obs. 1 (locked encoder adapter; identity form derived)',
  },
  tolerance: {
    kind: 'bound',
    value: '4 N^2 (t (2d + 6 + 6 (|r| + 1)) + 2 |L|) u, u = 2^-53; symbolic: exact (mathjs simplify to 0)',
    why: 'each logit is formed two ways (Gram entries with gamma_(d+1), the bias formula); sigma <= 1 over N^2 terms',
  },
  defaultRuns: 120,
  domain,
} as const;

/** relative-bias-equivalence: L_RB(t, r) = L_Sig(t, t r); the adapter identity of Obs. 1. */
export const claim: Claim = {
  id: 'relative-bias-equivalence',
  title:
    'Relative bias: L_RB(t, b_rel) = L_Sig(t, t b_rel); adapter L_RB(U~, V~; t, r) = L_RB(U, V; t delta^2, (r + 1 - delta^2)/delta^2)',
  ...common,
  hypotheses: [
    'U_i, V_i unit vectors',
    't > 0, delta in (0, 1]',
    'U~_i = (delta U_i, sqrt(1-delta^2)), V~_i = (delta V_i, -sqrt(1-delta^2))',
  ],
  statement:
    'RB-Sig is Sig in the coordinates (ln t, b_rel) with dL/db_rel = t dL/db and dL/dln t = t (dL/dt + b_rel dL/db) (symbolic, mathjs); the locked-encoder adapter satisfies L_RB(U~, V~; t, r) = L_RB(U, V; t delta^2, (r + 1 - delta^2)/delta^2) (symbolic per logit, numeric on random configurations); with U locked, V = U is a constellation for distinct U_i.',
  latex:
    'L_{RB}(\\tilde U, \\tilde V; t, r) = L_{RB}\\big(U, V; t\\delta^2, \\tfrac{r + 1 - \\delta^2}{\\delta^2}\\big)',
  examples: [
    {
      name: 'N = 2 orthogonal pairs U = V = I, delta^2 = 1/2, t = 2, r = 0: both sides 2 softplus(0) + 2 softplus(-1)',
      expected: 2 * Math.log(2) + 2 * Math.log1p(Math.exp(-1)),
      from: 'by hand: G~_ii = 1/2 - 1/2 = 0, G~_ij = -1/2, so logits 0 (positives) and -1 (negatives)',
      tolerance: 1e-14,
      run: () => {
        const x = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
        return rbSigmoidLoss(x, x, { t: 2 * 0.5, bRel: (0 + 1 - 0.5) / 0.5, normalization: 'sum' }).loss;
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => checkAdapter(ctx, 'relative-bias-equivalence', ADAPTER_BIAS, adapterBias),
};

/** Must-refute variant: adapter bias (r - 1 + delta^2)/delta^2 (sign of the shift flipped). */
export const signFlip: Claim = {
  id: 'relative-bias-equivalence/sign-flip',
  title: 'Must refute: adapter relative bias (r - 1 + delta^2)/delta^2',
  ...common,
  hypotheses: ['as relative-bias-equivalence'],
  statement:
    'As relative-bias-equivalence with the shift 1 - delta^2 subtracted: the -w^2 coordinate lowers every logit.',
  latex: '\\overset{?}{=} L_{RB}\\big(U, V; t\\delta^2, \\tfrac{r - 1 + \\delta^2}{\\delta^2}\\big)',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'relative-bias-equivalence', change: '(r + 1 - delta^2) replaced by (r - 1 + delta^2)' },
  check: (ctx) =>
    checkAdapter(ctx, 'relative-bias-equivalence/sign-flip', '(r - 1 + d^2) / d^2', flippedAdapterBias),
};
