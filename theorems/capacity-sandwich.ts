import fc from 'fast-check';
import { code, type CodeFamily } from '../constructions/codes.js';
import { oneCoordinate, oneCoordinateDelta } from '../constructions/construction-1.js';
import {
  buildConstellation,
  type ConstellationSpec,
  constellationSpecDomainArbitrary,
  specParams,
  specValues,
} from '../constructions/random-constellation.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { rho } from '../src/bounds/constellation.js';
import { logBestUpper } from '../src/bounds/levenshtein.js';
import { checkProperty } from '../src/claims/property.js';
import { type SharpCase, withSharpness } from '../src/claims/sharpness.js';
import type { CheckContext, Claim } from '../src/claims/types.js';
import { isConstellation, margins } from '../src/geometry/margins.js';
import { Rng } from '../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../src/numeric/float/ulp.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { randomOrthogonal, rotateRows } from '../src/numeric/float/vectors.js';

/** Largest perturbation of the constellations of the upper side. */
export const MAX_NOISE = 0.1;
/** Codes of the lower side (closed-form rho_c). */
export const CODES: readonly (readonly [CodeFamily, number])[] = [
  ['simplex', 3],
  ['simplex', 8],
  ['cross-polytope', 3],
  ['cross-polytope', 6],
  ['reed-muller', 3],
  ['hamming', 3],
  ['roots-d', 3],
  ['roots-d', 4],
];

/** One case: the upper side on a (perturbed) constellation, or the lower side on a code. */
export type SandwichCase =
  | {
      readonly kind: 'upper';
      readonly spec: ConstellationSpec;
      readonly mShare: number;
      readonly tilt: number;
    }
  | {
      readonly kind: 'lower';
      readonly code: number;
      readonly b: number;
      readonly mShare: number;
      readonly seed: number;
    };

/**
 * The declared domain. Upper side: constellations over every family and form (noise to 0.1), the
 * tested m a share 0 to 1 of m* (1: m = m* itself) and b tilted by -1 to 1 of the spare margin
 * (+-1: the ends of the admissible b range). Lower side: every code of {@link CODES}, b from -0.95
 * to 0.99 (b = 0 drawn), m a share 0.01 to 1 of the largest margin the code gives at that b.
 */
export const sandwichParams = {
  ...specParams(MAX_NOISE),
  mShare: { min: 0, max: 1, scale: 'symlog', minAbs: 1e-9 },
  tilt: { min: -1, max: 1, scale: 'symlog', minAbs: 1e-9 },
  code: { min: 0, max: CODES.length - 1, scale: 'linear', integer: true },
  b: { min: -0.95, max: 0.99, scale: 'symlog', minAbs: 1e-6 },
  lowerMShare: { min: 0.01, max: 1, scale: 'log' },
} as const;

export const sandwichPendingCorners: readonly PendingCorner[] = [];

const sp = sandwichParams;

export const sandwichDomain: ClaimDomain<SandwichCase> = {
  params: sandwichParams,
  arbitrary: fc.oneof(
    fc
      .record({
        spec: constellationSpecDomainArbitrary(MAX_NOISE),
        p: paramsArbitrary({ mShare: sp.mShare, tilt: sp.tilt }, sandwichPendingCorners),
      })
      .map(({ spec, p }) => ({ kind: 'upper' as const, spec, mShare: p.mShare, tilt: p.tilt })),
    fc
      .record({
        p: paramsArbitrary({ code: sp.code, b: sp.b, lowerMShare: sp.lowerMShare }, sandwichPendingCorners),
        seed: fc.integer(),
      })
      .map(({ p, seed }) => ({ kind: 'lower' as const, code: p.code, b: p.b, mShare: p.lowerMShare, seed })),
  ),
  values: (c) =>
    c.kind === 'upper'
      ? { ...specValues(c.spec), mShare: c.mShare, tilt: c.tilt }
      : { code: c.code, b: c.b, lowerMShare: c.mShare },
  pendingCorners: sandwichPendingCorners,
  boundaries: [
    { name: 'upper side at m = m* (mShare = 1)', on: (c) => c.kind === 'upper' && c.mShare === 1 },
    { name: 'lower side at the largest margin (share 1)', on: (c) => c.kind === 'lower' && c.mShare === 1 },
  ],
};

/** The random cases. */
export const sandwichCaseArbitrary: fc.Arbitrary<SandwichCase> = sandwichDomain.arbitrary;

/** Rounding bound on the compared quantities (cosines of normalised sums, m*, b*): 16 (2d + 12) u. */
export function sandwichTolerance(d: number): number {
  return 16 * (2 * d + 12) * UNIT_ROUNDOFF;
}

/** rho(m, b) with m, b clamped into [0, 1] x [-1, 1] (measured values may leave them by an ulp). */
function rhoClamped(m: number, b: number): number {
  return rho(Math.min(1, Math.max(0, m)), Math.min(1, Math.max(-1, b)));
}

/**
 * Upper side on one configuration with m* > 0: the normalised X_i = U_i + V_i have pairwise cosines
 * <= rho(m*, b*), N <= A(d, max cos) (src/bounds' best finite-d bound), and, at a point (m, b) of
 * the configuration's admissible diamond with 3m > 1 + b, N <= bound(m, b) (the theorem: 4m/(3m-1-b)).
 */
export function measureUpper(
  u: Matrix,
  v: Matrix,
  mShare: number,
  tilt: number,
  bound: (m: number, b: number) => number,
) {
  const n = u.rows;
  const d = u.cols;
  const mg = margins(u, v);
  if (!(mg.mStar > 0)) return { slack: Number.POSITIVE_INFINITY, detail: { mStar: mg.mStar, vacuous: true } };
  const tol = sandwichTolerance(d);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const y = u.data[i * d + k]! + v.data[i * d + k]!;
      x[i * d + k] = y;
      s += y * y;
    }
    const r = Math.sqrt(s);
    for (let k = 0; k < d; k++) x[i * d + k]! /= r;
  }
  let maxCos = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k]! * x[j * d + k]!;
      maxCos = Math.max(maxCos, s);
    }
  }
  const rhoStar = rhoClamped(mg.mStar, mg.bStar);
  // rho's sensitivity to errors in m*, b*: |d rho/dm| + |d rho/db| = 4 (|1 + b| + m)/(1 + b + m)^2
  const cond = (4 * (Math.abs(1 + mg.bStar) + mg.mStar)) / (1 + mg.bStar + mg.mStar) ** 2;
  const codeSlack = rhoStar - maxCos + tol * (1 + cond);
  let aSlack = Number.POSITIVE_INFINITY;
  if (d >= 2 && n >= 2 && maxCos < 1 - 1e-9) {
    // A(d, s) is non-decreasing in s: round the measured cosine up by tol (snapping to the exact
    // s = 0 case, A(d, 0) = 2d, when it is within tol of 0)
    const s = Math.abs(maxCos) <= tol ? 0 : Math.max(-1, maxCos + tol);
    aSlack = logBestUpper(d, s).value - Math.log(n) + 1e-9;
  }
  // a point of the diamond {m <= m*, |b - b*| <= m* - m}
  const m = mShare * mg.mStar;
  const b = mg.bStar + tilt * (mg.mStar - m);
  let finiteSlack = Number.POSITIVE_INFINITY;
  let finite: number | null = null;
  if (3 * m > 1 + b + 1e-12) {
    finite = bound(m, b);
    finiteSlack = finite * (1 + 1e-9) - n;
  }
  return {
    slack: Math.min(codeSlack, aSlack, finiteSlack),
    detail: {
      n,
      d,
      mStar: mg.mStar,
      bStar: mg.bStar,
      rho: rhoStar,
      maxCos,
      m,
      b,
      finiteBound: finite,
      codeSlack,
      aSlack,
      finiteSlack,
      tolerance: tol,
    },
  };
}

/**
 * Lower side: the one-coordinate construction with delta^2 = (1 + b + m)/2 on a code with
 * rho_c <= rho(m, b) in R^(d-1) is an (m, b)-constellation in R^d of the same size.
 */
export function measureLower(codeIndex: number, b: number, mShare: number, seed: number) {
  const [family, p] = CODES[codeIndex]!;
  const k = code(family, p);
  // largest m with rho(m, b) >= rho_c, and m + b <= 1
  const mMax = Math.min(((1 + b) * (1 - k.rho)) / (3 + k.rho), 1 - b);
  const m = mShare * mMax;
  const { u, v } = oneCoordinate(k.x, oneCoordinateDelta(m, b));
  const q = randomOrthogonal(u.cols, new Rng(seed));
  const mg = margins(rotateRows(u, q), rotateRows(v, q));
  const tol = sandwichTolerance(u.cols);
  const slack = mg.mStar - m - Math.abs(b - mg.bStar) + tol;
  return {
    slack,
    detail: {
      code: k.name,
      n: k.x.rows,
      d: u.cols,
      rhoC: k.rho,
      m,
      b,
      rho: rho(m, b),
      mStar: mg.mStar,
      bStar: mg.bStar,
      isConstellation: isConstellation(mg.mStar + tol, mg.bStar, m, b),
      tolerance: tol,
    },
  };
}

/** The claim's check with the finite bound `bound(m, b)`: property cases, then the simplex where it is tight. */
export function check(ctx: CheckContext, id: string, bound: (m: number, b: number) => number) {
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: sandwichCaseArbitrary,
    metric: 'upper: min(rho - max cos, ln A(d, .) - ln N, bound - N) + tol; lower: m* - m - |b - b*| + tol',
    measure: (c) => {
      if (c.kind === 'lower') return measureLower(c.code, c.b, c.mShare, c.seed);
      const { u, v } = buildConstellation(c.spec);
      return measureUpper(u, v, c.mShare, c.tilt, bound);
    },
    examples: [
      {
        kind: 'upper',
        spec: { family: 'simplex', p: 6, dim: 2, form: 'identity', delta: 1, phiShare: 0, noise: 0, seed: 1 },
        mShare: 1,
        tilt: 0,
      },
    ],
  });
  return withSharpness(ctx, property, {
    claimId: id,
    metric: '(bound(m*, b*) - N)/N and rho(m*, b*) - max cos at the simplex U = V, N = 3..12 (both attained)',
    cases: () => sandwichSharpCases(ctx.seed, bound),
  });
}

/**
 * The tight side: the simplex U = V of N points (randomly rotated) has m* = N/(2(N-1)),
 * b* = (N-2)/(2(N-1)), so 4m/(3m-1-b) = N and rho(m*, b*) = -1/(N-1) = its largest cosine.
 */
export function sandwichSharpCases(seed: number, bound: (m: number, b: number) => number): SharpCase[] {
  const out: SharpCase[] = [];
  for (let n = 3; n <= 12; n++) {
    const spec = {
      family: 'simplex' as const,
      p: n,
      dim: 2,
      form: 'identity' as const,
      delta: 1,
      phiShare: 0,
      noise: 0,
      seed: seed + n,
    };
    const { u, v } = buildConstellation(spec);
    const r = measureUpper(u, v, 1, 0, bound);
    const d = r.detail as { finiteBound: number | null; rho: number; maxCos: number; tolerance: number };
    const input = { simplex: n, seed: spec.seed };
    out.push({
      input,
      gap: d.finiteBound === null ? Number.NaN : (d.finiteBound - n) / n,
      // m*, b* carry ~N u; 4m/(3m-1-b) amplifies that by ~N: measured <= 6e-15 for N <= 12
      tolerance: 1e-12,
      applies: d.finiteBound !== null,
      row: { bound: 'N <= bound(m, b)', n, ...d },
    });
    out.push({
      input,
      gap: d.rho - d.maxCos,
      tolerance: 4 * d.tolerance,
      applies: true,
      row: { bound: 'max cos <= rho', n, ...d },
    });
  }
  return out;
}

const common = {
  source: { paper: 'derived', ref: 'capacity sandwich (docs/theory.md §2), with BBNP25 Thm 3.3-3.5' },
  tolerance: {
    kind: 'bound',
    value: '16 (2d + 12) u (times 1 + |grad rho| for rho(m*, b*)), u = 2^-53',
    why: 'normalised sums and their cosines are built from gamma_d-accurate dot products of unit vectors (and a rotation)',
  },
  defaultRuns: 150,
  domain: sandwichDomain,
} as const;

/** capacity-sandwich: A(d-1, rho) <= N_MRB(d, m, b) <= A(d, rho); N <= 4m/(3m-1-b) when 3m > 1 + b. */
export const claim: Claim = {
  id: 'capacity-sandwich',
  title:
    'Capacity sandwich: U_i + V_i normalised form a rho(m, b)-code; the one-coordinate construction realises A(d-1, rho); N <= 4m/(3m-1-b) if 3m > 1+b',
  ...common,
  hypotheses: [
    '(U, V) an (m, b)-constellation with m > 0 in R^d',
    'lower side: m + b <= 1, a code in R^(d-1) with rho_c <= rho(m, b)',
  ],
  statement:
    'The normalised X_i = U_i + V_i have pairwise inner products <= rho(m, b) = (1 + b - 3m)/(1 + b + m), so N <= A(d, rho); if 3m > 1 + b then N <= 4m/(3m - 1 - b) for every d (tight for the simplex). Conversely the one-coordinate construction on a rho(m, b)-code of R^(d-1) is an (m, b)-constellation of the same size.',
  latex:
    'A(d-1, \\rho) \\le N_{MRB}(d, m, b) \\le A(d, \\rho),\\quad 3m > 1 + b \\Rightarrow N \\le \\frac{4m}{3m - 1 - b}',
  examples: [
    {
      name: 'simplex of 6 points (U = V): 4m/(3m-1-b) at (m*, b*) = 6',
      expected: 6,
      from: 'by hand: m = (1 + 1/5)/2 = 3/5, b = 2/5, 4m/(3m - 1 - b) = (12/5)/(9/5 - 7/5) = 6 (tight)',
      tolerance: 1e-12,
      run: () => {
        const x = code('simplex', 6).x;
        const mg = margins(x, x);
        return (4 * mg.mStar) / (3 * mg.mStar - 1 - mg.bStar);
      },
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'capacity-sandwich', (m, b) => (4 * m) / (3 * m - 1 - b)),
};

/** Must-refute variant: N <= 2m/(3m-1-b). */
export const halfBound: Claim = {
  id: 'capacity-sandwich/half-bound',
  title: 'Must refute: N <= 2m/(3m - 1 - b) when 3m > 1 + b',
  ...common,
  hypotheses: ['as capacity-sandwich'],
  statement: 'As capacity-sandwich with 2m in place of 4m: the simplex attains 4m/(3m - 1 - b).',
  latex: 'N \\overset{?}{\\le} \\frac{2m}{3m - 1 - b}',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'capacity-sandwich', change: '4m/(3m-1-b) replaced by 2m/(3m-1-b)' },
  check: (ctx) => check(ctx, 'capacity-sandwich/half-bound', (m, b) => (2 * m) / (3 * m - 1 - b)),
};
