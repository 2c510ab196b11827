import { UsageError } from '../errors.js';

/**
 * How the summed loss is scaled: `sum` (BBNP25 text), `per-anchor` = sum / N (SigLIP, big_vision,
 * open_clip, HF, LCS24), `mean` = sum / N^2 (BBNP25 code). Argmins do not depend on it.
 * @remarks docs/theory.md §0.
 */
export type Normalization = 'sum' | 'per-anchor' | 'mean';

/** All normalisations, in the order reports list them. */
export const NORMALIZATIONS: readonly Normalization[] = ['sum', 'per-anchor', 'mean'];

/** The factor that turns the summed loss into the normalised one. */
export function normalizationScale(normalization: Normalization, n: number): number {
  switch (normalization) {
    case 'sum':
      return 1;
    case 'per-anchor':
      return 1 / n;
    case 'mean':
      return 1 / (n * n);
  }
}

/** Parses a normalisation name, naming the flag in the error. */
export function parseNormalization(s: string, where: string): Normalization {
  if (s === 'sum' || s === 'per-anchor' || s === 'mean') return s;
  throw new UsageError(`${where}: normalization must be sum, per-anchor or mean, got '${s}'`);
}

/** Canonical (t, b) of the sigmoid loss: logits t G - b, t > 0. */
export interface TemperatureBias {
  readonly t: number;
  readonly b: number;
}

/**
 * SigLIP / open_clip / HF parameters to canonical ones: logits = exp(logit_scale) G + logit_bias,
 * so t = exp(logit_scale) and b = -logit_bias.
 * @example Math.abs(fromSiglip(Math.log(10), -10).t - 10) < 4e-15 && fromSiglip(Math.log(10), -10).b === 10 // the SigLIP init
 */
export function fromSiglip(logitScale: number, logitBias: number): TemperatureBias {
  return { t: Math.exp(logitScale), b: -logitBias };
}

/** Canonical (t, b) to SigLIP's (logit_scale, logit_bias). */
export function toSiglip(p: TemperatureBias): { logitScale: number; logitBias: number } {
  return { logitScale: Math.log(p.t), logitBias: -p.b };
}

/** The SigLIP initialisation logit_scale = ln 10, logit_bias = -10, i.e. t = b = 10. */
export const SIGLIP_INIT: TemperatureBias = { t: 10, b: 10 };
