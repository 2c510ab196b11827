/**
 * The loss parameters of a request in canonical form: (t, b) with logits t G - b, from either
 * convention. @remarks docs/theory.md §0 (conventions).
 */
import { UsageError } from '../errors.js';
import { fromSiglip } from '../loss/conventions.js';
import { MIN_NORMAL } from '../numeric/float/ulp.js';

/** The parsed (t, b) flags of a request: canonical numbers, SigLIP's numbers, or none given. */
export type LogitParameters =
  | { readonly from: 'canonical' | 'default'; readonly t: number; readonly b: number }
  | { readonly from: 'siglip'; readonly logitScale: number; readonly logitBias: number };

/** Canonical (t, b) and the convention they were given in. */
export interface CanonicalParameters {
  t: number;
  b: number;
  from: 'canonical' | 'siglip' | 'default';
}

/**
 * Canonical (t, b) of parsed flags: SigLIP's (logit_scale, logit_bias) become t = exp(logit_scale),
 * b = -logit_bias; a t that is not a finite positive number is refused, naming `where`.
 */
export function canonicalParameters(where: string, p: LogitParameters): CanonicalParameters {
  if (p.from !== 'siglip') return { t: p.t, b: p.b, from: p.from };
  const { t, b } = fromSiglip(p.logitScale, p.logitBias);
  if (!(t > 0) || !Number.isFinite(t))
    throw new UsageError(`${where}: exp(--logit-scale) must be a finite t > 0`);
  // a subnormal t keeps few of its digits (e^-745 rounds to 4.9e-324, 75 % off), so b/t would be wrong
  if (t < MIN_NORMAL)
    throw new UsageError(
      `${where}: exp(--logit-scale) = exp(${p.logitScale}) is below the smallest normal double 2^-1022 (logit_scale >= -1022 ln 2 = -708.3964185322641); give --t and --b instead`,
    );
  return { t, b, from: 'siglip' };
}
