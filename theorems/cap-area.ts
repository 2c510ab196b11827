import fc from 'fast-check';
import { logBetaInc } from '../src/bounds/beta.js';
import { logCapArea, logCapAreaCos } from '../src/bounds/cap-area.js';
import { logCapAreaCosHp } from '../src/bounds/hp/cap-area.js';
import { lnGammaHp } from '../src/bounds/hp/lgamma.js';
import { type ClaimDomain, paramsArbitrary } from '../src/claims/domain.js';
import { checkProperty } from '../src/claims/property.js';
import type { Claim, CheckContext } from '../src/claims/types.js';
import { exact, hpContext } from '../src/numeric/hp/decimal.js';

/** Cost bounds: quadrature up to n = 60, decimal series up to n = 10^5. */
export const QUADRATURE_MAX_N = 60;
export const MAX_N = 100_000;
/** Simpson steps of the quadrature oracle. */
export const QUADRATURE_STEPS = 4000;
/** Relative tolerances: Simpson error with 4000 steps (< 1e-10 here, 1e-9 allowed); float vs decimal. */
export const QUADRATURE_TOL = 1e-9;
export const SERIES_TOL = 1e-11;

/** Composite Simpson's rule for int_a^b f with `steps` (even) subintervals. */
export function simpson(f: (x: number) => number, a: number, b: number, steps: number): number {
  const h = (b - a) / steps;
  let s = 0;
  for (let i = 0; i <= steps; i++) {
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    s += w * f(a + i * h);
  }
  return (s * h) / 3;
}

/** Omega_n(theta) = int_0^theta sin^{n-2} / int_0^pi sin^{n-2}, by composite Simpson (independent route). */
export function capByQuadrature(n: number, theta: number, steps = QUADRATURE_STEPS): number {
  const f = (x: number) => Math.sin(x) ** (n - 2);
  return simpson(f, 0, theta, steps) / simpson(f, 0, Math.PI, steps);
}

/** Digits of the decimal oracle of the series route. */
export const ORACLE_DIGITS = 30;
/**
 * Correct digits of ln B(a, 1/2) from `lnGammaHp`: its ln Gamma(1/2) is shifted to 60.5 and
 * carries the Stirling error there (~1e-57, 1e-55 stated), whatever the precision asked.
 */
export const LN_BETA_DIGITS = 55;
/** Working digits and relative stopping point of the all-positive series (ln Omega to ~1e-20). */
export const SERIES_A_DIGITS = 25;

/**
 * ln Omega_n(arccos s) in decimal: `logCapAreaCosHp` where its cancellation leaves
 * {@link ORACLE_DIGITS} digits, else the all-positive series DLMF 8.17.8 for the acute cap (no
 * subtraction; there a y > 34, so its ~57/y terms are fewer than 2a), with
 * ln(1 - Omega(pi - theta)) for s < 0 (Omega < e^-34 there).
 */
export function logCapAreaCosOracle(n: number, s: number): number {
  const a = (n - 1) / 2;
  // logCapAreaCosHp may take 1 - I_y(1/2, a), which cancels about a y / ln 10 digits, while its
  // ln B(a, 1/2) has a fixed accuracy: past that budget the difference can go <= 0 and its ln be
  // NaN (n = 70284, s = +-0.121: a y = 515; n = 83686, s = -0.0773: a y = 250, ln I_y = +4e-59)
  const cancelled = (a * s * s) / Math.LN10;
  if (n === 1 || cancelled + ORACLE_DIGITS + 10 <= LN_BETA_DIGITS) {
    return logCapAreaCosHp(n, s, ORACLE_DIGITS).toNumber();
  }
  const D = hpContext(SERIES_A_DIGITS);
  const aD = new D(a);
  const half = new D(0.5);
  const sd = exact(D, Math.abs(s));
  const y = sd.times(sd);
  const x = new D(1).minus(y);
  const tol = new D(10).pow(-(SERIES_A_DIGITS - 3));
  let term = new D(1);
  let sum = new D(1);
  for (let k = 0; ; k++) {
    term = term.times(x).times(aD.plus(half).plus(k)).div(aD.plus(1).plus(k));
    sum = sum.plus(term);
    // the tail after `term` is below term x / (1 - x) = term x / y
    if (term.times(x).div(y).lte(sum.times(tol))) break;
  }
  // ln Omega = -ln 2 + a ln x + (1/2) ln y - ln a - ln B(a, 1/2) + ln sum
  const lnBeta = lnGammaHp(aD, D)
    .plus(lnGammaHp(half, D))
    .minus(lnGammaHp(aD.plus(half), D));
  const acute = new D(2)
    .ln()
    .neg()
    .plus(aD.times(x.ln()))
    .plus(y.ln().times(half))
    .minus(aD.ln())
    .minus(lnBeta)
    .plus(sum.ln())
    .toNumber();
  return s >= 0 ? acute : Math.log1p(-Math.exp(acute));
}

/** The broken formula of the must-refute variant: n/2 in place of (n-1)/2 in the beta parameter. */
export function logCapAreaWrongParameter(n: number, theta: number): number {
  const t = theta <= Math.PI / 2 ? theta : Math.PI - theta;
  const acute = -Math.LN2 + logBetaInc(Math.sin(t) ** 2, n / 2, 0.5, Math.cos(t) ** 2);
  return theta <= Math.PI / 2 ? acute : Math.log1p(-Math.exp(acute));
}

/** One case of the claim: the quadrature route (n <= 60) or the series route. */
export type CapCase =
  | { readonly route: 'quadrature'; readonly n: number; readonly theta: number }
  | { readonly route: 'series'; readonly n: number; readonly s: number };

/** Largest |cos theta| of the series route (the float route's conditioning bound holds below it). */
export const MAX_ABS_S = 0.99;

const params = {
  nQuadrature: { min: 2, max: QUADRATURE_MAX_N, scale: 'log', integer: true, corners: [3] },
  theta: { min: 0.2, max: Math.PI - 0.2, scale: 'linear', corners: [Math.PI / 2] },
  n: { min: 1, max: MAX_N, scale: 'log', integer: true, corners: [2, 3] },
  s: { min: -MAX_ABS_S, max: MAX_ABS_S, scale: 'symlog', minAbs: 1e-6 },
} as const;

/** Both routes: n log-uniform to 10^5 with the ends, s symmetric-log down to 1e-6 with 0 and +-0.99. */
export const domain: ClaimDomain<CapCase> = {
  params,
  arbitrary: fc.oneof(
    paramsArbitrary({ n: params.nQuadrature, theta: params.theta }).map((c) => ({
      route: 'quadrature' as const,
      ...c,
    })),
    paramsArbitrary({ n: params.n, s: params.s }).map((c) => ({ route: 'series' as const, ...c })),
  ),
  values: (c) => (c.route === 'quadrature' ? { nQuadrature: c.n, theta: c.theta } : { n: c.n, s: c.s }),
  boundaries: [
    {
      name: 'half sphere (s = 0) at n = 10^5',
      on: (c) => c.route === 'series' && c.s === 0 && c.n === MAX_N,
    },
    {
      name: 'n = 10^5 at s = -0.99 (Omega next to 1)',
      on: (c) => c.route === 'series' && c.s === -MAX_ABS_S && c.n === MAX_N,
    },
  ],
};

const capCase = domain.arbitrary;

/** One case's slack: the tolerance minus the distance of `logCap` from the case's oracle. */
export function measureCap(c: CapCase, logCap: (n: number, theta: number) => number) {
  if (c.route === 'quadrature') {
    const expected = capByQuadrature(c.n, c.theta);
    const actual = Math.exp(logCap(c.n, c.theta));
    const tol = QUADRATURE_TOL * expected;
    return { slack: tol - Math.abs(actual - expected), detail: { actual, expected, tolerance: tol } };
  }
  const expected = logCapAreaCosOracle(c.n, c.s);
  const actual = logCap(c.n, Math.acos(c.s));
  // acos rounding moves theta by ~1 ulp: d ln Omega / d theta * ulp(theta) is added to the tolerance
  const cond = (c.n * Math.abs(c.s) * 2.3e-16) / Math.max(1e-3, 1 - c.s * c.s) + 1e-15;
  const tol = SERIES_TOL * Math.abs(expected) + cond;
  return { slack: tol - Math.abs(actual - expected), detail: { actual, expected, tolerance: tol } };
}

function check(ctx: CheckContext, id: string, logCap: (n: number, theta: number) => number) {
  return checkProperty<CapCase>(ctx, {
    claimId: id,
    arbitrary: capCase,
    metric: 'tol * |expected| - |actual - expected| (quadrature: Omega; series: ln Omega)',
    measure: (c) => measureCap(c, logCap),
    examples: [
      { route: 'quadrature', n: 3, theta: Math.PI / 3 },
      { route: 'series', n: 1152, s: Math.sqrt(3) / 2 },
    ],
  });
}

const common = {
  source: { paper: 'derived', ref: 'docs/theory.md §2 (spherical-code bounds: normalised cap area)' },
  hypotheses: ['n >= 1 (ambient dimension, sphere S^{n-1})', 'theta in (0, pi)'],
  tolerance: {
    kind: 'relative',
    value: 'quadrature 1e-9 (Omega); series 1e-11 (ln Omega) + acos conditioning',
    why: 'Simpson with 4000 steps on sin^{n-2} (n <= 60) is accurate to ~1e-12; the float continued fraction loses ~eps/cos^2(theta) near pi/2 at n ~ 10^5',
  },
  defaultRuns: 60,
  domain,
} as const;

/** cap-area: Omega_n(theta) = (1/2) I_{sin^2 theta}((n-1)/2, 1/2), 1 - Omega_n(pi - theta) above pi/2. */
export const claim: Claim = {
  id: 'cap-area',
  title: 'Normalised cap area Omega_n(theta) = (1/2) I_{sin^2 theta}((n-1)/2, 1/2), computed in log space',
  ...common,
  statement:
    'The fraction of S^{n-1} within angle theta of a point equals (1/2) I_{sin^2 theta}((n-1)/2, 1/2) for theta <= pi/2 and 1 - Omega_n(pi - theta) above; the log-space evaluation matches direct quadrature of sin^{n-2} and an independent decimal series for n up to 10^5.',
  latex:
    '\\Omega_n(\\theta)=\\frac{\\int_0^\\theta \\sin^{n-2}\\varphi\\,d\\varphi}{\\int_0^\\pi \\sin^{n-2}\\varphi\\,d\\varphi}=\\tfrac12 I_{\\sin^2\\theta}\\big(\\tfrac{n-1}2,\\tfrac12\\big)',
  examples: [
    {
      name: 'Omega_3(60 deg) = 1/4',
      expected: 0.25,
      from: 'by hand: Archimedes, Omega_3(theta) = (1 - cos theta)/2',
      tolerance: 1e-15,
      run: () => Math.exp(logCapAreaCos(3, 0.5)),
    },
    {
      name: 'half sphere: Omega_1153(90 deg) = 1/2',
      expected: 0.5,
      from: 'symmetry of the sphere',
      tolerance: 1e-15,
      run: () => Math.exp(logCapAreaCos(1153, 0)),
    },
    {
      name: 'circle: Omega_2(1 rad) = 1/pi',
      expected: 1 / Math.PI,
      from: 'by hand: arc length 2 theta over 2 pi',
      tolerance: 1e-15,
      run: () => Math.exp(logCapArea(2, 1)),
    },
  ],
  expected: 'holds',
  check: (ctx) => check(ctx, 'cap-area', logCapArea),
};

/** Must-refute variant: beta parameter n/2 in place of (n-1)/2. */
export const wrongParameter: Claim = {
  id: 'cap-area/wrong-parameter',
  title: 'Must refute: cap area with beta parameter n/2 in place of (n-1)/2',
  ...common,
  statement: 'As cap-area with I_{sin^2 theta}(n/2, 1/2): the cap of S^n, not S^{n-1}; quadrature disagrees.',
  latex: '\\Omega_n(\\theta)\\overset{?}{=}\\tfrac12 I_{\\sin^2\\theta}(\\tfrac n2,\\tfrac12)',
  examples: [],
  expected: 'refuted',
  variantOf: { id: 'cap-area', change: 'beta parameter (n-1)/2 replaced by n/2' },
  check: (ctx) => check(ctx, 'cap-area/wrong-parameter', logCapAreaWrongParameter),
};
