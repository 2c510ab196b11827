/**
 * The logit bias that sets the initial match probability to a target prior.
 *
 * @remarks With logits t s + logit_bias (SigLIP's sign) and every similarity s = 0 at init,
 * sigmoid(logit_bias) = pi gives logit_bias = ln(pi / (1 - pi)); for pi = 1/B (one positive among
 * B candidates) that is -ln(B - 1). The same bias is the stationary point in b of the expected
 * loss B sp(b) + B(B-1) sp(-b) at s = 0. docs/theory.md §5.1.
 */
import { UsageError } from '../errors.js';
import { sigmoid } from '../numeric/float/softplus.js';
import { cosineGrid, expectCosineLog } from './cosine.js';

/**
 * logit_bias = ln(pi / (1 - pi)) (SigLIP's sign: added to the logits), assuming similarity 0 at
 * init. Canonical b is its negative. `complement` is 1 - pi when known more exactly than the
 * double 1 - pi (a prior typed as 0.999999999999999).
 * @example initLogitBias(0.5) === 0
 */
export function initLogitBias(prior: number, complement?: number): number {
  if (!(prior > 0 && prior < 1)) throw new UsageError(`initLogitBias: prior must be in (0, 1), got ${prior}`);
  // near 1 the double prior has lost the digits of 1 - prior: take them from the exact complement
  return Math.log(prior) - (complement !== undefined ? Math.log(complement) : Math.log1p(-prior));
}

/**
 * logit_bias = -ln(B - 1) for the prior 1/B (formed from the integer B - 1, exact input).
 * @example initLogitBiasForBatch(32768) === -Math.log(32767) // about -10.397
 */
export function initLogitBiasForBatch(batch: number): number {
  if (!(Number.isInteger(batch) && batch >= 2 && batch <= Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(`initLogitBiasForBatch: batch must be an integer >= 2, got ${batch}`);
  }
  return -Math.log(batch - 1);
}

/** The batch size whose 1/B prior gives this logit_bias: B = 1 + e^{-logit_bias}. */
export function batchForLogitBias(logitBias: number): number {
  return 1 + Math.exp(-logitBias);
}

/** Bisection steps for the calibrated bias (the bracket is < 2^11 wide: 64 steps reach float64 spacing). */
const CALIBRATION_STEPS = 64;

/**
 * The logit_bias with E[sigmoid(t s + logit_bias)] = pi when s is the cosine of two independent
 * uniform unit vectors in R^d: the prior holds on average at init rather than at s = 0. For
 * pi = 1/B it is also the stationary point in b of the expected initial loss.
 * @remarks The expectation is increasing in logit_bias, so bisection on a bracket around the
 * s = 0 answer (shifted by t, since |t s| <= t) converges. `complement` as in {@link initLogitBias}.
 * docs/theory.md §5.1.
 */
export function calibratedInitLogitBias(prior: number, d: number, t: number, complement?: number): number {
  // s and -s have the same law, so E[sigmoid(t s + lb)] = pi iff E[sigmoid(t s - lb)] = 1 - pi:
  // above 1/2 solve for the complement, whose digits the double prior no longer has
  if (complement !== undefined && prior > 0.5) return -calibratedInitLogitBias(complement, d, t);
  const at0 = initLogitBias(prior);
  if (!(t > 0 && Number.isFinite(t)))
    throw new UsageError(`calibratedInitLogitBias: t must be > 0, got ${t}`);
  if (prior >= 0.25 && prior <= 0.75) return calibratedNearHalf(prior, d, t);
  let lo = at0 - t - 1;
  let hi = at0 + t + 1;
  const logPrior = Math.log(prior);
  const logMean = (lb: number): number => {
    const grid = cosineGrid(d, Math.PI / (t + 1), t + Math.abs(lb) + 1);
    return expectCosineLog(d, [(s) => Math.log(sigmoid(t * s + lb))], grid)[0]!;
  };
  for (let i = 0; i < CALIBRATION_STEPS; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (logMean(mid) < logPrior) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** ln cosh(x) without overflow. */
function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** ln sinh(x) for x > 0 without overflow. */
function logSinh(x: number): number {
  return x < 1 ? Math.log(Math.sinh(x)) : x - Math.LN2 + Math.log1p(-Math.exp(-2 * x));
}

/**
 * The calibrated bias for 1/4 <= pi <= 3/4, where E[sigmoid] - pi cancels to rounding noise near
 * the root (at pi = 1/2 that noise was the whole answer, which is 0). With x, y = (lb +- t s)/2,
 * s and -s equal in law: E[sigmoid(t s + lb)] - 1/2 = E[tanh x]/2 = sinh(lb) W(lb)/4,
 * W(lb) = E[1/(cosh x cosh y)] > 0, so the root solves sinh(lb) W(lb) = 2(2 pi - 1), whose right
 * side is exact in float64 here (Sterbenz) and whose left side has no cancellation. Bisection
 * brackets it; fixed-point steps lb = asinh(2(2 pi - 1)/W(lb)), kept inside the bracket, then
 * give the root to relative (not absolute) accuracy, which matters near 0.
 */
function calibratedNearHalf(prior: number, d: number, t: number): number {
  const target = 2 * (2 * prior - 1);
  if (target === 0) return 0;
  const logW = (lb: number): number => {
    const grid = cosineGrid(d, Math.PI / (t + 1), t + Math.abs(lb) + 1);
    return expectCosineLog(d, [(s) => -logCosh((lb + t * s) / 2) - logCosh((lb - t * s) / 2)], grid)[0]!;
  };
  // sinh(lb) W(lb) < target, compared in log space on the target's side of 0
  const below = (lb: number): boolean => {
    if (target > 0 ? lb <= 0 : lb >= 0) return target > 0;
    const logLeft = logSinh(Math.abs(lb)) + logW(lb);
    const logTarget = Math.log(Math.abs(target));
    return target > 0 ? logLeft < logTarget : logLeft > logTarget;
  };
  let lo = -t - 2;
  let hi = t + 2;
  for (let i = 0; i < CALIBRATION_STEPS; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  let lb = 0.5 * (lo + hi);
  for (let i = 0; i < FIXED_POINT_STEPS; i++) {
    const next = Math.asinh(target / Math.exp(logW(lb)));
    if (!(next >= lo && next <= hi) || next === lb) break;
    lb = next;
  }
  return lb;
}

/** Fixed-point refinements after the bisection (each one quadrature). */
const FIXED_POINT_STEPS = 4;
