import fc from 'fast-check';
import { logCapAreaCos } from '../src/bounds/cap-area.js';
import { logBestUpper, logLevenshtein } from '../src/bounds/levenshtein.js';
import { type ClaimDomain, type PendingCorner, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import { type SharpCase, withSharpness } from '../src/claims/sharpness.js';
import type { Claim, CheckContext } from '../src/claims/types.js';

/**
 * Known exact code sizes A(n, s) (docs/theory.md §2): kissing numbers A(n, 1/2) = 6, 12, 24, 240, 196560
 * for n = 2, 3, 4, 8, 24 (Conway-Sloane SPLAG ch. 1, ch. 13; Musin 2008 for n = 4), A(n, 0) = 2n,
 * A(n, s) = n + 1 on [-1/n, 0) (Rankin 1955).
 */
export const KISSING: readonly { readonly n: number; readonly size: number }[] = [
  { n: 2, size: 6 },
  { n: 3, size: 12 },
  { n: 4, size: 24 },
  { n: 8, size: 240 },
  { n: 24, size: 196560 },
];

/** Cost bound on n for the random exact cases. */
export const MAX_N = 5000;
/** Relative slack on ln of the bounds (rounding of lgamma and the cap area, ~1e-14). */
export const KNOWN_TOL = 1e-12;
/** One case of the domain: a kissing number, A(n, 0) = 2n, or A(n, s) = n + 1 at s = (u - 1)/n. */
export type KnownCase =
  | { readonly kind: 'kissing'; readonly i: number }
  | { readonly kind: 'orthoplex'; readonly n: number }
  | { readonly kind: 'simplex'; readonly n: number; readonly u: number };

/** Largest n drawn: for s <= 0 both bounds are closed forms, O(1) in n (under 1 ms at n = 1e6). */
export const DOMAIN_MAX_N = 1_000_000;

/**
 * The declared domain: the five kissing numbers; A(n, 0) = 2n and A(n, s) = n + 1 for n from 2 to
 * {@link DOMAIN_MAX_N} (log-uniform), s = -1/n + u/n with u from 0 (s = -1/n exactly, the
 * simplex's own inner product) to 0.999 (just below s = 0, where A jumps to 2n).
 */
export const knownParams = {
  i: { min: 0, max: KISSING.length - 1, scale: 'linear', integer: true },
  n: { min: 2, max: DOMAIN_MAX_N, scale: 'log', integer: true, corners: [3, 24] },
  u: { min: 0, max: 0.999, scale: 'symlog', minAbs: 1e-9 },
} as const;

export const knownPendingCorners: readonly PendingCorner[] = [];

export const knownDomain: ClaimDomain<KnownCase> = {
  params: knownParams,
  arbitrary: fc.oneof(
    paramsArbitrary({ i: knownParams.i }, knownPendingCorners).map(({ i }) => ({
      kind: 'kissing' as const,
      i,
    })),
    paramsArbitrary({ n: knownParams.n }, knownPendingCorners).map(({ n }) => ({
      kind: 'orthoplex' as const,
      n,
    })),
    paramsArbitrary({ n: knownParams.n, u: knownParams.u }, knownPendingCorners).map(({ n, u }) => ({
      kind: 'simplex' as const,
      n,
      u,
    })),
  ),
  values: (c) =>
    c.kind === 'kissing' ? { i: c.i } : c.kind === 'orthoplex' ? { n: c.n } : { n: c.n, u: c.u },
  pendingCorners: knownPendingCorners,
  boundaries: [
    { name: 's = -1/n (u = 0)', on: (c) => c.kind === 'simplex' && c.u === 0 },
    { name: 'n = 1e6 with s = 0', on: (c) => c.kind === 'orthoplex' && c.n === DOMAIN_MAX_N },
    { name: 'n = 1e6 with s = -1/n', on: (c) => c.kind === 'simplex' && c.n === DOMAIN_MAX_N && c.u === 0 },
  ],
};

const knownCase: fc.Arbitrary<KnownCase> = knownDomain.arbitrary;

function caseOf(c: KnownCase): { n: number; s: number; size: number } {
  if (c.kind === 'kissing') {
    const k = KISSING[c.i]!;
    return { n: k.n, s: 0.5, size: k.size };
  }
  if (c.kind === 'orthoplex') return { n: c.n, s: 0, size: 2 * c.n };
  return { n: c.n, s: -1 / c.n + c.u / c.n, size: c.n + 1 };
}

/**
 * Slack of lower <= ln A <= upper, where `upper` is Levenshtein's bound (the exact-case shortcut of
 * logBestUpper would make the s <= 0 cases trivial) and lower the covering bound 1/Omega_n.
 */
function knownBounds(c: KnownCase) {
  const { n, s, size } = caseOf(c);
  const lnA = Math.log(size);
  const lower = -logCapAreaCos(n, s);
  const upper = logLevenshtein(n, s) ?? logBestUpper(n, s).value;
  const tol = KNOWN_TOL * Math.max(1, lnA);
  return { n, s, size, lnA, lower, upper, tol };
}
/** The claim's slack on one case (the twin `reversed` asks ln A >= ln L instead), with its detail. */
export function knownSlack(c: KnownCase, reversed: boolean) {
  const { n, s, size, lnA, lower, upper, tol } = knownBounds(c);
  const slack = reversed
    ? Math.min(lnA - lower + tol, lnA - upper + tol)
    : Math.min(lnA - lower + tol, upper - lnA + tol);
  return { slack, detail: { n, s, size, lowerBound: Math.exp(lower), levenshtein: Math.exp(upper) } };
}

/** Dimensions of the tight s = 0 and s = -1/n cases (the domain's corners and ends). */
export const SHARP_NS = [2, 3, 10, 24, 1000, DOMAIN_MAX_N] as const;

/**
 * The tight side: Levenshtein's bound equals A(n, s) for the kissing numbers 240 (n = 8) and 196560
 * (n = 24), for A(n, 0) = 2n and for A(n, -1/n) = n + 1 (gap = ln L - ln A, within the claim's
 * relative tolerance). A bound loosened by a factor 1 + e misses by ln(1 + e) there.
 */
export function knownSharpCases(): SharpCase[] {
  const cases: KnownCase[] = [
    { kind: 'kissing', i: KISSING.findIndex((k) => k.n === 8) },
    { kind: 'kissing', i: KISSING.findIndex((k) => k.n === 24) },
    ...SHARP_NS.map((n) => ({ kind: 'orthoplex' as const, n })),
    ...SHARP_NS.map((n) => ({ kind: 'simplex' as const, n, u: 0 })),
  ];
  return cases.map((c) => {
    // the bounds exactly as the check compares them
    const { n, s, size, lnA, upper, tol } = knownBounds(c);
    return {
      input: c,
      gap: upper - lnA,
      tolerance: tol,
      applies: true,
      row: { n, s, size, levenshtein: Math.exp(upper) },
    };
  });
}

function check(ctx: CheckContext, id: string, reversed: boolean) {
  const property = checkProperty(ctx, {
    claimId: id,
    arbitrary: knownCase,
    metric: 'min(ln A - ln lower, ln upper - ln A) + tol',
    measure: (c) => knownSlack(c, reversed),
    examples: KISSING.map((_, i) => ({ kind: 'kissing' as const, i })),
  });
  return withSharpness(ctx, property, {
    claimId: id,
    metric: 'ln L(n, s) - ln A(n, s) where Levenshtein is tight: n = 8, 24 kissing; s = 0; s = -1/n',
    cases: knownSharpCases,
  });
}

const common = {
  source: {
    paper: 'literature',
    ref: 'docs/theory.md §2; Levenshtein 1979; Conway-Sloane SPLAG ch. 1, 13; Rankin 1955',
  },
  hypotheses: ['n >= 2', 'A(n, s) known exactly: kissing numbers, s = 0, s in [-1/n, 0)'],
  tolerance: { kind: 'relative', value: KNOWN_TOL, why: 'log-space bounds accurate to ~1e-14 relative' },
  defaultRuns: 80,
  domain: knownDomain,
} as const;

/** known-code-sizes: known exact A(n, s) lie between the covering lower bound and Levenshtein's bound. */
export const claim: Claim = {
  id: 'known-code-sizes',
  title:
    'Known code sizes (kissing numbers, orthoplex, simplex) lie between the covering and Levenshtein bounds',
  ...common,
  statement:
    '1/Omega_n(arccos s) <= A(n, s) <= L(n, s) for the kissing numbers 6, 12, 24, 240, 196560 (n = 2, 3, 4, 8, 24), A(n, 0) = 2n and A(n, s) = n + 1 on [-1/n, 0); Levenshtein is tight at n = 8 and 24.',
  latex: '\\Omega_n(\\arccos s)^{-1}\\le A(n,s)\\le L(n,s)',
  examples: [
    {
      name: 'L(8, 1/2) = 240 (tight: E8 roots)',
      expected: 240,
      from: 'Levenshtein 1979; Odlyzko-Sloane 1979 (SPLAG ch. 13)',
      tolerance: 1e-9,
      run: () => Math.exp(logLevenshtein(8, 0.5)!),
    },
    {
      name: 'L(24, 1/2) = 196560 (tight: Leech lattice minimal vectors)',
      expected: 196560,
      from: 'Levenshtein 1979; Odlyzko-Sloane 1979 (SPLAG ch. 13)',
      tolerance: 1e-6,
      run: () => Math.exp(logLevenshtein(24, 0.5)!),
    },
    {
      name: 'L(n, 0) = L_2(n, 0) = 2n = A(n, 0) at n = 10',
      expected: 20,
      from: 'by hand: 2n(1 - s)/(1 - ns) at s = 0',
      tolerance: 1e-12,
      run: () => Math.exp(logLevenshtein(10, 0)!),
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'known-code-sizes', false),
};

/** Must-refute variant: Levenshtein's bound below the true size ("L(n, s) <= A(n, s)"). */
export const reversedUpper: Claim = {
  id: 'known-code-sizes/reversed-upper',
  title: 'Must refute: Levenshtein bound <= A(n, s)',
  ...common,
  statement:
    'As known-code-sizes with the upper inequality reversed: fails where L is not tight (n = 3: 13.29 > 12).',
  latex: 'L(n,s)\\overset{?}{\\le}A(n,s)',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'known-code-sizes', change: 'A(n, s) <= L(n, s) reversed' },
  check: (ctx) => check(ctx, 'known-code-sizes/reversed-upper', true),
};
