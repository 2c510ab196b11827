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
 * `excess` is 2 pi - 1 from the typed decimal (near 1/2 the double pi has lost its digits).
 * docs/theory.md §5.1.
 */
export function calibratedInitLogitBias(
  prior: number,
  d: number,
  t: number,
  complement?: number,
  excess?: number,
): number {
  // s and -s have the same law, so E[sigmoid(t s + lb)] = pi iff E[sigmoid(t s - lb)] = 1 - pi:
  // above 1/2 solve for the complement, whose digits the double prior no longer has
  if (complement !== undefined && prior > 0.5) {
    return -calibratedInitLogitBias(complement, d, t, undefined, excess === undefined ? undefined : -excess);
  }
  const at0 = initLogitBias(prior);
  if (!(t > 0 && Number.isFinite(t)))
    throw new UsageError(`calibratedInitLogitBias: t must be > 0, got ${t}`);
  // s and -s have the same law: at 1/2 the root is 0 exactly
  if (prior === 0.5) return 0;
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
  const lb = 0.5 * (lo + hi);
  // the bisection's error is absolute (~1e-15): near 0 that is most of the digits
  return Math.abs(lb) < NEAR_ZERO && prior >= 0.25 && prior <= 0.75
    ? refineNearHalf(excess ?? 2 * prior - 1, d, t, lb)
    : lb;
}

/** ln cosh(x) without overflow. */
function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** Below this |logit_bias| the root is refined to relative accuracy. */
const NEAR_ZERO = 1;
/** Fixed-point refinements (each one quadrature). */
const FIXED_POINT_STEPS = 4;

/**
 * Refines a calibrated bias near 0 (1/4 <= pi <= 3/4) to relative accuracy. Near the root
 * E[sigmoid] - pi cancels to rounding noise (at pi = 1/2 that noise was the whole answer, and for
 * pi = 0.4999999 most of it). With x, y = (lb +- t s)/2 and s, -s equal in law,
 * E[sigmoid(t s + lb)] - 1/2 = E[tanh x]/2 = sinh(lb) W(lb)/4, W(lb) = E[1/(cosh x cosh y)] > 0,
 * so the root solves lb = asinh(2(2 pi - 1)/W(lb)): 2 pi - 1 (`excess`) is exact in float64 for a
 * double pi here (Sterbenz) and the CLI forms it from the typed decimal, W has no cancellation, and W is even in lb, so the map contracts strongly near 0.
 * A step that leaves a window around the bisection's answer is not taken.
 */
function refineNearHalf(excess: number, d: number, t: number, start: number): number {
  const target = 2 * excess;
  const W = (lb: number): number => {
    const grid = cosineGrid(d, Math.PI / (t + 1), t + Math.abs(lb) + 1);
    return Math.exp(
      expectCosineLog(d, [(s) => -logCosh((lb + t * s) / 2) - logCosh((lb - t * s) / 2)], grid)[0]!,
    );
  };
  const window = 1e-9 * (1 + Math.abs(start));
  let lb = start;
  for (let i = 0; i < FIXED_POINT_STEPS; i++) {
    const next = Math.asinh(target / W(lb));
    if (!(Math.abs(next - start) <= window) || next === lb) break;
    lb = next;
  }
  return lb;
}
