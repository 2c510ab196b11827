/**
 * The match threshold: with logits t s - b (canonical) a pair is a predicted match (p > 1/2) iff
 * s > b / t = b_rel, and p(s) = sigmoid(t s - b). docs/theory.md §5.3.
 */
import type { Decimal } from 'decimal.js';
import { UsageError } from '../errors.js';
import { type DecimalCtor, hpContext } from '../numeric/hp/decimal.js';
import { sigmoid } from '../numeric/float/softplus.js';
import { MIN_NORMAL } from '../numeric/float/ulp.js';

/**
 * The similarity where p = 1/2: b_rel = b / t.
 * @example matchThreshold(117.8, 12.9) === 12.9 / 117.8 // about 0.1095
 */
export function matchThreshold(t: number, b: number): number {
  if (!(t > 0)) throw new UsageError(`matchThreshold: t must be > 0, got ${t}`);
  return b / t;
}

/**
 * p(s) = sigmoid(t s - b), the predicted match probability at similarity s.
 * @example matchProbability(10, 10, 1) === 0.5
 */
export function matchProbability(t: number, b: number, s: number): number {
  return sigmoid(t * s - b);
}

/** (t, b) as the decimal strings the user gave: canonical, or SigLIP's (logit_scale, logit_bias). */
export type ExactParameters =
  | { readonly kind: 'canonical'; readonly t: string; readonly b: string }
  | { readonly kind: 'siglip'; readonly logitScale: string; readonly logitBias: string };

/**
 * b / t as read: the double quotient q where it is finite and normal (or b = 0), else (a quotient past
 * 1.8e308, or one that underflows to 0 or to a subnormal) the exact ratio of the decimal inputs to
 * 17 significant digits, as a string in exponent form.
 * @example readableMatchThreshold(Infinity, { kind: 'canonical', t: '1e-300', b: '1e300' }) === '1e+600'
 */
export function readableMatchThreshold(q: number, p: ExactParameters): number | string {
  // the usual case needs no decimals
  if (Number.isFinite(q) && Math.abs(q) >= MIN_NORMAL) return q;
  const D = hpContext(DECISION_DIGITS);
  const t = p.kind === 'canonical' ? dec(D, p.t, 't') : dec(D, p.logitScale, 'logit_scale').exp();
  const b = p.kind === 'canonical' ? dec(D, p.b, 'b') : dec(D, p.logitBias, 'logit_bias').neg();
  if (b.isZero()) return q;
  return b.div(t).toSignificantDigits(17).toExponential();
}

/** Whether s is above, below or exactly at the threshold. */
export type MatchSide = 'match' | 'no-match' | 'boundary';

/** Working digits for the exact decision (decimal inputs have at most ~30 significant digits). */
const DECISION_DIGITS = 120;

function dec(D: DecimalCtor, s: string, what: string): Decimal {
  try {
    const x = new D(s.trim());
    if (!x.isFinite()) throw new Error('not finite');
    return x;
  } catch {
    throw new UsageError(`${what} must be a finite decimal number, got '${s}'`);
  }
}

/**
 * Decides p(s) > 1/2, < 1/2 or = 1/2 exactly from the decimal inputs.
 * @remarks Canonical: z = t s - b is a product and a difference of decimals, exact at 120 digits.
 * SigLIP: z = e^{logit_scale} s + logit_bias. For rational logit_scale != 0, e^{logit_scale} is
 * transcendental (Lindemann), so z = 0 only if s = 0 and logit_bias = 0, or logit_scale = 0 and
 * s = -logit_bias. Otherwise z != 0 and its sign is read from a 120-digit evaluation; a |z| below
 * 1e-100 is refused rather than guessed.
 * @example matchSide('0.2', { kind: 'canonical', t: '10', b: '2' }) === 'boundary'
 */
export function matchSide(s: string, p: ExactParameters): MatchSide {
  const { z } = decimalLogit(s, p, true);
  return z.isZero() ? 'boundary' : z.isPositive() ? 'match' : 'no-match';
}

/**
 * The logit z = t s - b of the typed decimals, rounded once to a double: t Number(s) - b would
 * carry the rounding of s times t (s = 0.9999999999999999 typed, t = 1e300: z 11 % off).
 * @example matchLogit('0.5', { kind: 'canonical', t: '3', b: '1' }) === 0.5
 */
export function matchLogit(s: string, p: ExactParameters): number {
  return Number(decimalLogit(s, p, false).z.toString());
}

function decimalLogit(s: string, p: ExactParameters, decide: boolean): { z: Decimal } {
  const D = hpContext(DECISION_DIGITS);
  const x = dec(D, s, 'similarity');
  let z: Decimal;
  if (p.kind === 'canonical') {
    z = dec(D, p.t, 't')
      .times(x)
      .minus(dec(D, p.b, 'b'));
  } else {
    const ls = dec(D, p.logitScale, 'logit_scale');
    const lb = dec(D, p.logitBias, 'logit_bias');
    if (ls.isZero()) z = x.plus(lb);
    else if (x.isZero()) z = lb;
    else {
      z = ls.exp().times(x).plus(lb);
      if (decide && z.abs().lt(new D('1e-100'))) {
        throw new UsageError(
          `similarity ${s}: too close to the threshold to decide at ${DECISION_DIGITS} digits`,
        );
      }
    }
  }
  return { z };
}
