import fc from 'fast-check';
import { buildCcem } from '../constructions/ccem.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import { type SharpCase, withSharpness } from '../src/claims/sharpness.js';
import type { Claim, CheckContext } from '../src/claims/types.js';
import { crossGram } from '../src/numeric/float/gram.js';
import { deriveSeed, Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { normalizeRows, randomOrthogonal, randomUnitRows, rotateRows } from '../src/numeric/float/vectors.js';

/** Bounds on the random cases. */
export const MAX_N = 20;
export const MAX_D = 24;
/** Largest perturbation of a CCEM configuration (before renormalising). */
export const MAX_PERTURBATION = 0.5;

/** A configuration family the check draws from. */
export type KeyCase =
  | { readonly kind: 'random'; readonly n: number; readonly d: number; readonly seed: number }
  | {
      readonly kind: 'ccem';
      readonly n: number;
      readonly d: number;
      readonly delta: number;
      readonly seed: number;
    }
  | {
      readonly kind: 'perturbed-ccem';
      readonly n: number;
      readonly d: number;
      readonly delta: number;
      readonly eps: number;
      readonly seed: number;
    };

/**
 * The declared domain: N and d as far as the O(N^2 d) float check and its rounding bound go (the
 * inequality itself has no upper end), delta >= 0 from 0 (the ETF) to 50 (nearly antipodal pairs),
 * perturbations from 1e-9 (equality to rounding) to 0.5.
 */
export const keyParams = {
  n: { min: 2, max: MAX_N, scale: 'log', integer: true, corners: [3] },
  d: { min: 1, max: MAX_D, scale: 'log', integer: true },
  delta: { min: 0, max: 50, scale: 'symlog', minAbs: 1e-9, corners: [1] },
  eps: { min: 0, max: MAX_PERTURBATION, scale: 'symlog', minAbs: 1e-9 },
  extra: { min: 0, max: 4, scale: 'linear', integer: true },
} as const;

export const keyPendingCorners: readonly PendingCorner[] = [];

const seedArbitrary = fc.integer();

/** Random unit configurations, rotated CCEM (equality) and perturbed CCEM (near equality). */
export const keyDomain: ClaimDomain<KeyCase> = {
  params: keyParams,
  arbitrary: fc.oneof(
    fc
      .record({
        p: paramsArbitrary({ n: keyParams.n, d: keyParams.d }, keyPendingCorners),
        seed: seedArbitrary,
      })
      .map(({ p, seed }) => ({ kind: 'random' as const, n: p.n, d: p.d, seed })),
    fc
      .record({
        p: paramsArbitrary(
          { n: { ...keyParams.n, min: 3 }, extra: keyParams.extra, delta: keyParams.delta },
          keyPendingCorners,
        ),
        seed: seedArbitrary,
      })
      .map(({ p, seed }) => ({ kind: 'ccem' as const, n: p.n, d: p.n + p.extra, delta: p.delta, seed })),
    fc
      .record({
        p: paramsArbitrary(
          {
            n: { ...keyParams.n, min: 3 },
            extra: keyParams.extra,
            delta: keyParams.delta,
            eps: keyParams.eps,
          },
          keyPendingCorners,
        ),
        seed: seedArbitrary,
      })
      .map(({ p, seed }) => ({
        kind: 'perturbed-ccem' as const,
        n: p.n,
        d: p.n + p.extra,
        delta: p.delta,
        eps: p.eps,
        seed,
      })),
  ),
  values: (c) => ({
    n: c.n,
    d: c.d,
    delta: c.kind === 'random' ? undefined : c.delta,
    eps: c.kind === 'perturbed-ccem' ? c.eps : undefined,
    extra: c.kind === 'random' ? undefined : c.d - c.n,
  }),
  pendingCorners: keyPendingCorners,
  boundaries: [
    { name: 'CCEM with d = N (no spare dimension)', on: (c) => c.kind === 'ccem' && c.d === c.n },
    { name: 'd < N (random)', on: (c) => c.kind === 'random' && c.d < c.n },
  ],
};

/** Random unit configurations, rotated CCEM (equality) and perturbed CCEM (near equality). */
export const keyCaseArbitrary: fc.Arbitrary<KeyCase> = keyDomain.arbitrary;

/** Builds the configuration of a case (deterministic in the case's seed). */
export function buildKeyCase(c: KeyCase): { u: Matrix; v: Matrix } {
  const rng = new Rng(c.seed);
  if (c.kind === 'random') return { u: randomUnitRows(c.n, c.d, rng), v: randomUnitRows(c.n, c.d, rng) };
  const base = buildCcem(c.n, c.d, c.delta);
  const q = randomOrthogonal(c.d, rng);
  const u = rotateRows(base.u, q);
  const v = rotateRows(base.v, q);
  if (c.kind === 'perturbed-ccem') {
    for (const m of [u, v]) {
      for (let k = 0; k < m.data.length; k++) m.data[k]! += c.eps * rng.normal();
      normalizeRows(m);
    }
  }
  return { u, v };
}

/**
 * Rounding bound on LHS - RHS: each G_ij has error <= gamma_d <= 1.01 d u (unit vectors); the
 * N(N-1) + N weighted entries are summed (another N^2 u relative on terms of size <= 1) and
 * scaled by (N-2)/2. Total <= (d + N^2) N^2 u (first order); we allow 2x that.
 */
export function keyInequalityTolerance(n: number, d: number): number {
  return 2 * (d + n * n) * n * n * UNIT_ROUNDOFF;
}

/** LHS - RHS of sum_{i!=j} G_ij >= coef * sum_i G_ii - N^2/2, and whether the case is CCEM. */
export function keyGap(u: Matrix, v: Matrix, coef: (n: number) => number): number {
  const n = u.rows;
  const g = crossGram(u, v);
  let neg = 0;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) pos += g[i * n + j]!;
      else neg += g[i * n + j]!;
    }
  }
  return neg - (coef(n) * pos - (n * n) / 2);
}

/** The CCEM deltas of the tight side: the ETF, delta = 1 and nearly antipodal pairs. */
export const KEY_SHARP_DELTAS = [0, 1, 7] as const;

/**
 * The tight side: rotated CCEM(delta) with d = N attains equality for every N from 3 to MAX_N and
 * every delta of {@link KEY_SHARP_DELTAS}. A coefficient c(N) in place of (N-2)/2 leaves a gap
 * |c(N) - (N-2)/2| sum_i G_ii there, and sum_i G_ii = N at the ETF.
 */
export function keySharpCases(seed: number, coef: (n: number) => number): SharpCase[] {
  const out: SharpCase[] = [];
  for (let n = 3; n <= MAX_N; n++) {
    for (const delta of KEY_SHARP_DELTAS) {
      const caseSeed = deriveSeed(seed, `sharp:ccem:${n}:${delta}`);
      const c: KeyCase = { kind: 'ccem', n, d: n, delta, seed: caseSeed };
      const { u, v } = buildKeyCase(c);
      const gap = keyGap(u, v, coef);
      const tolerance = keyInequalityTolerance(n, n);
      out.push({ input: c, gap, tolerance, applies: true, row: { n, d: n, delta, gap, tolerance } });
    }
  }
  return out;
}

/** gap + tol on every case, tol - |gap| on CCEM (equality expected), with the gap and tolerance. */
export function measureKey(c: KeyCase, coef: (n: number) => number) {
  const { u, v } = buildKeyCase(c);
  const gap = keyGap(u, v, coef);
  const tol = keyInequalityTolerance(c.n, c.d);
  const slack = c.kind === 'ccem' ? tol - Math.abs(gap) : gap + tol;
  return { slack, detail: { gap, tolerance: tol, equalityExpected: c.kind === 'ccem' } };
}

export function check(ctx: CheckContext, id: string, coef: (n: number) => number) {
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: keyCaseArbitrary,
    metric: 'gap + tol >= 0 everywhere, and tol - |gap| >= 0 on CCEM (gap = LHS - RHS)',
    measure: (c) => measureKey(c, coef),
    examples: [
      { kind: 'ccem', n: 3, d: 3, delta: 0, seed: 1 },
      { kind: 'ccem', n: 8, d: 8, delta: 0, seed: 2 },
    ],
    show: (c) => c,
  });
  return withSharpness(ctx, property, {
    claimId: id,
    metric: 'LHS - RHS at rotated CCEM(delta), d = N = 3..20, delta in {0, 1, 7} (equality)',
    cases: () => keySharpCases(ctx.seed, coef),
  });
}

const common = {
  source: { paper: 'LCS24', ref: 'key lemma (quoted by BBNP25); equality case derived, docs/theory.md §1' },
  tolerance: {
    kind: 'bound',
    value: '2 (d + N^2) N^2 u, u = 2^-53',
    why: 'each G_ij is a d-term dot product of unit vectors (gamma_d); N^2 of them are summed',
  },
  defaultRuns: 150,
  domain: keyDomain,
} as const;

/** ccem-key-inequality: sum_{i!=j} G_ij >= ((N-2)/2) sum_i G_ii - N^2/2, equality on CCEM. */
export const claim: Claim = {
  id: 'ccem-key-inequality',
  title: 'Key inequality: negatives sum to at least ((N-2)/2) positives - N^2/2; equality on CCEM',
  ...common,
  hypotheses: [
    'U_i, V_i unit vectors in R^d',
    'N >= 2, d >= 1',
    'equality case: CCEM(delta) with d >= N, N >= 3',
  ],
  statement:
    'For any N pairs of unit vectors, sum_{i!=j} <U_i,V_j> >= ((N-2)/2) sum_i <U_i,V_i> - N^2/2, with equality on every CCEM(delta).',
  latex: '\\sum_{i\\ne j} G_{ij} \\ge \\frac{N-2}{2}\\sum_i G_{ii} - \\frac{N^2}{2}',
  examples: [
    {
      name: 'ETF with N = 4: LHS - RHS = 0',
      expected: 0,
      from: 'equality case by hand: LHS = N(N-1)(-1/(N-1)) = -4, RHS = (2/2)(4) - 8 = -4',
      tolerance: 1e-14,
      run: () => {
        const { u, v } = buildCcem(4, 4, 0);
        return keyGap(u, v, (n) => (n - 2) / 2);
      },
    },
    {
      name: 'all U_i = V_i = e, N = 3: LHS - RHS = 6 - (3/2 - 9/2) = 9',
      expected: 9,
      from: 'by hand: LHS = 6, sum G_ii = 3, RHS = (1/2)3 - 9/2 = -3',
      tolerance: 1e-14,
      run: () => {
        const e = { rows: 3, cols: 2, data: new Float64Array([1, 0, 1, 0, 1, 0]) };
        return keyGap(e, e, (n) => (n - 2) / 2);
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'ccem-key-inequality', (n) => (n - 2) / 2),
};

/** The must-refute variant's coefficient (N-1)/2. */
export const wrongCoefficientOf = (n: number): number => (n - 1) / 2;

/** Must-refute variant: the coefficient (N-1)/2 in place of (N-2)/2 (a wrong constant). */
export const wrongCoefficient: Claim = {
  id: 'ccem-key-inequality/wrong-coefficient',
  title: 'Must refute: coefficient (N-1)/2 in place of (N-2)/2',
  ...common,
  hypotheses: ['U_i, V_i unit vectors in R^d'],
  statement: 'As ccem-key-inequality with (N-1)/2: fails on the simplex ETF, where the true form is tight.',
  latex: '\\sum_{i\\ne j} G_{ij} \\overset{?}{\\ge} \\frac{N-1}{2}\\sum_i G_{ii} - \\frac{N^2}{2}',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'ccem-key-inequality', change: '(N-2)/2 replaced by (N-1)/2' },
  check: (ctx) => check(ctx, 'ccem-key-inequality/wrong-coefficient', wrongCoefficientOf),
};
