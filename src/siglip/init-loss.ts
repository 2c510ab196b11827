/**
 * The sigmoid loss at random initialisation: positives and negatives are cosines of independent
 * uniform unit vectors in R^d, so each term's expectation is a one-dimensional integral.
 *
 * @remarks E[L_sum] = B E[softplus(b - t s)] + B (B - 1) E[softplus(t s - b)]; per-anchor divides
 * by B, mean by B^2. The range is termwise over s in [-1, 1]. docs/theory.md §5.
 */
import { UsageError } from '../errors.js';
import { type Normalization, NORMALIZATIONS, normalizationScale } from '../loss/conventions.js';
import { Rng } from '../numeric/float/rng.js';
import { sigmoid, softplus } from '../numeric/float/softplus.js';
import { cosineGrid, expectCosineLog } from './cosine.js';

/**
 * ln softplus(z), finite for every finite z (softplus(z) ~ e^z underflows below z = -745).
 * @example logSoftplus(-1000) === -1000
 */
export function logSoftplus(z: number): number {
  if (z > -30) return Math.log(softplus(z));
  // ln ln(1 + y) = ln y + ln(1 - y/2 + y^2/3 - ...), y = e^z < 1e-13
  const y = Math.exp(z);
  return z + Math.log1p(-y / 2 + (y * y) / 3);
}

/** Expected per-pair terms at random init. */
export interface InitTerms {
  /** E[softplus(b - t s)], one positive pair (0 where it underflows: see log10Positive). */
  readonly positive: number;
  /** E[softplus(t s - b)], one negative pair (0 where it underflows: see log10Negative). */
  readonly negative: number;
  readonly log10Positive: number;
  readonly log10Negative: number;
}

/**
 * The strip (softplus(+-(t s - b)) is analytic except at t s - b = i pi (2k+1), about pi / (t + 1)
 * from the real line in x) and the log range of the integrands of {@link initTerms}.
 */
export function initTermsShape(t: number, b: number): { strip: number; logRange: number } {
  const zMax = t + Math.abs(b);
  return { strip: Math.PI / (t + 1), logRange: logSoftplus(zMax) - logSoftplus(-zMax) };
}

/**
 * E[softplus(b - t s)] and E[softplus(t s - b)] for s the cosine of two independent uniform unit
 * vectors in R^d, by trapezoidal quadrature in s = tanh x (see `cosine.ts`).
 * @remarks softplus(+-(t s - b)) is analytic except where t s - b = i pi (2k+1); in x these points
 * lie at least about pi / (t + 1) from the real line, the strip the grid is built for.
 * @example Math.abs(initTerms(768, 10, 10).negative - Math.exp(-10 + 100 / 1536)) < 1e-8 // s about N(0, 1/768): E[e^{10 s - 10}]
 */
export function initTerms(d: number, t: number, b: number): InitTerms {
  if (!(t > 0 && Number.isFinite(t))) throw new UsageError(`initTerms: t must be finite and > 0, got ${t}`);
  if (!Number.isFinite(b)) throw new UsageError(`initTerms: b must be finite, got ${b}`);
  const { strip, logRange } = initTermsShape(t, b);
  const grid = cosineGrid(d, strip, logRange);
  const [lp, ln] = expectCosineLog(d, [(s) => logSoftplus(b - t * s), (s) => logSoftplus(t * s - b)], grid);
  return {
    positive: Math.exp(lp!),
    negative: Math.exp(ln!),
    log10Positive: lp! / Math.LN10,
    log10Negative: ln! / Math.LN10,
  };
}

/** The loss of a batch of B pairs under each normalisation. */
export type ByNormalization = Readonly<Record<Normalization, number>>;

function byNormalization(sum: number, batch: number): ByNormalization {
  const out: Partial<Record<Normalization, number>> = {};
  for (const n of NORMALIZATIONS) out[n] = sum * normalizationScale(n, batch);
  return out as ByNormalization;
}

/** log10 of each normalisation of a sum given by its natural log (finite where the sum underflows). */
function log10ByNormalization(lnSum: number, batch: number): ByNormalization {
  const out: Partial<Record<Normalization, number>> = {};
  for (const n of NORMALIZATIONS) out[n] = (lnSum + Math.log(normalizationScale(n, batch))) / Math.LN10;
  return out as ByNormalization;
}

/**
 * ln(e^x + e^y), exact to a few ulps for any finite x, y.
 * @example Math.abs(logAddExp(-1000, -1000) - (-1000 + Math.LN2)) < 1e-12
 */
export function logAddExp(x: number, y: number): number {
  const hi = Math.max(x, y);
  return hi + Math.log1p(Math.exp(Math.min(x, y) - hi));
}

/** ln(B a + B (B - 1) c) from ln a and ln c: the summed loss of B pairs in log space. */
function lnBatchSum(batch: number, lnPositive: number, lnNegative: number): number {
  return logAddExp(Math.log(batch) + lnPositive, Math.log(batch * (batch - 1)) + lnNegative);
}

/** The expected initial loss, its s = 0 value and its range, for batch B at (t, b). */
export interface InitialLoss {
  readonly batch: number;
  readonly d: number | null;
  readonly t: number;
  readonly b: number;
  /** Expected loss at random init in R^d (null without d). */
  readonly expected: ByNormalization | null;
  readonly terms: InitTerms | null;
  /** The loss when every similarity is 0 (the limit d -> infinity): B sp(b) + B(B-1) sp(-b). */
  readonly atZero: ByNormalization;
  /** Smallest and largest value over similarities in [-1, 1], termwise. */
  readonly min: ByNormalization;
  readonly max: ByNormalization;
  /** log10 of each value above: finite where the value underflows to 0 (t or |b| in the hundreds and more). */
  readonly log10: {
    readonly expected: ByNormalization | null;
    readonly atZero: ByNormalization;
    readonly min: ByNormalization;
    readonly max: ByNormalization;
  };
}

/**
 * Expected initial sigmoid loss of a batch of B pairs at (t, b) under each normalisation.
 * @remarks Sum: B E[sp(b - t s)] + B(B-1) E[sp(t s - b)]. Termwise range: positives in
 * [sp(b - t), sp(b + t)], negatives in [sp(-t - b), sp(t - b)]. docs/theory.md §5.2.
 * @example Math.abs(initialLoss(32768, 768, 10, 10).expected['per-anchor'] - (10 + 32767 * Math.exp(-10 + 100 / 1536))) < 1e-4 // about 11.59
 */
export function initialLoss(batch: number, d: number | null, t: number, b: number): InitialLoss {
  checkBatch(batch, 'initialLoss');
  const neg = batch * (batch - 1);
  const terms = d === null ? null : initTerms(d, t, b);
  const sum = (p: number, n: number) => batch * p + neg * n;
  const logOf = (zp: number, zn: number) =>
    log10ByNormalization(lnBatchSum(batch, logSoftplus(zp), logSoftplus(zn)), batch);
  return {
    batch,
    d,
    t,
    b,
    expected: terms === null ? null : byNormalization(sum(terms.positive, terms.negative), batch),
    terms,
    atZero: byNormalization(sum(softplus(b), softplus(-b)), batch),
    min: byNormalization(sum(softplus(b - t), softplus(-t - b)), batch),
    max: byNormalization(sum(softplus(b + t), softplus(t - b)), batch),
    log10: {
      expected:
        terms === null
          ? null
          : log10ByNormalization(
              lnBatchSum(batch, terms.log10Positive * Math.LN10, terms.log10Negative * Math.LN10),
              batch,
            ),
      atZero: logOf(b, -b),
      min: logOf(b - t, -t - b),
      max: logOf(b + t, t - b),
    },
  };
}

/** A Monte Carlo estimate with its standard error. */
export interface MonteCarloEstimate {
  readonly samples: number;
  readonly seed: number;
  /** Sample mean of the summed loss per draw. */
  readonly mean: ByNormalization;
  /** Standard error of the mean. */
  readonly standardError: ByNormalization;
  /** log10 of mean and standard error, from the same draws summed in log space (finite where they underflow). */
  readonly log10Mean: ByNormalization;
  readonly log10StandardError: ByNormalization;
}

/** Largest d * samples the Monte Carlo check draws (normal deviates). */
export const MAX_MONTE_CARLO_WORK = 2e8;

/**
 * Seeded Monte Carlo of the initial loss: each draw takes two similarities (one for the positive
 * term, one for the negative) as x_1 / |x| for a standard Gaussian x in R^d (the cosine with e_1
 * of a uniform unit vector), and forms B sp(b - t s_p) + B(B-1) sp(t s_n - b). An independent
 * route to {@link initialLoss}: it never uses the density formula.
 */
export function initialLossMonteCarlo(
  batch: number,
  d: number,
  t: number,
  b: number,
  samples: number,
  seed: number,
): MonteCarloEstimate {
  checkBatch(batch, 'initialLossMonteCarlo');
  if (!(Number.isInteger(samples) && samples >= 2)) {
    throw new UsageError(`initialLossMonteCarlo: samples must be an integer >= 2, got ${samples}`);
  }
  if (!(Number.isInteger(d) && d >= 2)) {
    throw new UsageError(`initialLossMonteCarlo: d must be an integer >= 2, got ${d}`);
  }
  if (2 * d * samples > MAX_MONTE_CARLO_WORK) {
    throw new UsageError(
      `initialLossMonteCarlo: 2 d samples = ${2 * d * samples} normal deviates, more than ${MAX_MONTE_CARLO_WORK}`,
    );
  }
  const cosine = cosines(seed, d);
  const neg = batch * (batch - 1);
  // Welford's running mean and variance, once on the draws and once on the draws scaled by e^-c (c the
  // largest ln draw so far): a draw underflows where t s_p - b and b - t s_n both pass 745, and at a
  // few draws so may every draw
  let mean = 0;
  let m2 = 0;
  let c = Number.NEGATIVE_INFINITY;
  let scaledMean = 0;
  let scaledM2 = 0;
  for (let i = 1; i <= samples; i++) {
    const sp = cosine();
    const sn = cosine();
    const x = batch * softplus(b - t * sp) + neg * softplus(t * sn - b);
    const delta = x - mean;
    mean += delta / i;
    m2 += delta * (x - mean);
    const lnX = lnBatchSum(batch, logSoftplus(b - t * sp), logSoftplus(t * sn - b));
    if (lnX > c) {
      const r = Math.exp(c - lnX);
      scaledMean *= r;
      scaledM2 *= r * r;
      c = lnX;
    }
    const y = Math.exp(lnX - c);
    const dy = y - scaledMean;
    scaledMean += dy / i;
    scaledM2 += dy * (y - scaledMean);
  }
  let se = Math.sqrt(m2 / (samples - 1) / samples);
  let lnSe = c + 0.5 * Math.log(scaledM2 / (samples - 1) / samples);
  if (!(se > 1e-6 * mean)) {
    // The draws differ by little more than their rounding, or less (small t): redraw the same
    // cosines and take the spread of (x - x_0) / t, x_0 the draw at t = 0, from per-term
    // differences that keep their digits; the standard error is t times its.
    const redraw = cosines(seed, d);
    let rMean = 0;
    let rM2 = 0;
    for (let i = 1; i <= samples; i++) {
      const r = batch * softplusSlope(b, -redraw(), t) + neg * softplusSlope(-b, redraw(), t);
      const delta = r - rMean;
      rMean += delta / i;
      rM2 += delta * (r - rMean);
    }
    if (rM2 > 0) {
      lnSe = Math.log(t) + 0.5 * Math.log(rM2 / (samples - 1) / samples);
      se = Math.exp(lnSe);
    }
  }
  return {
    samples,
    seed,
    mean: byNormalization(mean, batch),
    standardError: byNormalization(se, batch),
    log10Mean: log10ByNormalization(c + Math.log(scaledMean), batch),
    log10StandardError: log10ByNormalization(lnSe, batch),
  };
}

/**
 * The seeded cosines of the Monte Carlo: each x_1 / |x| for a standard Gaussian x in R^d (the
 * cosine with e_1 of a uniform unit vector), in the order of {@link Rng}'s deviates.
 */
function cosines(seed: number, d: number): () => number {
  const rng = new Rng(seed);
  return () => {
    const x1 = rng.normal();
    let ss = x1 * x1;
    for (let k = 1; k < d; k++) {
      const x = rng.normal();
      ss += x * x;
    }
    return x1 / Math.sqrt(ss);
  };
}

/**
 * (softplus(z + t s) - softplus(z)) / t with its digits at any t > 0: second-order Taylor
 * sigma(z) s (1 + (1 - sigma(z)) t s / 2) for |t s| < 1e-8 (error O((t s)^2) relative),
 * log1p(sigma(z) expm1(t s)) / t below 1 (no cancellation), the plain difference above.
 * @example softplusSlope(0, 1, 1e-300) === 0.5
 */
export function softplusSlope(z: number, s: number, t: number): number {
  const h = t * s;
  const sg = sigmoid(z);
  if (Math.abs(h) < 1e-8) return sg * s * (1 + ((1 - sg) * h) / 2);
  if (Math.abs(h) < 1) return Math.log1p(sg * Math.expm1(h)) / t;
  return (softplus(z + h) - softplus(z)) / t;
}

/** Largest batch accepted (B^2 must stay an exact double). */
export const MAX_BATCH = 2 ** 26;

function checkBatch(batch: number, where: string): void {
  if (!(Number.isInteger(batch) && batch >= 2 && batch <= MAX_BATCH)) {
    throw new UsageError(`${where}: batch must be an integer in [2, ${MAX_BATCH}], got ${batch}`);
  }
}
