/**
 * The `siglip` document: the numbers SigLIP practitioners ask for (init bias, initial loss, match
 * threshold, logits memory, LCS24 regime, BBNP25 margins) from one set of parameters, with where
 * the parameters came from. @remarks docs/theory.md §5.
 */
import { exactDecimalString, hpContext } from '../numeric/hp/decimal.js';
import { ccemReadableLoss } from './ccem.js';
import { type SiglipAnswers, type SiglipOptions, siglipAnswers } from '../siglip/answers.js';
import { MAX_MONTE_CARLO_WORK } from '../siglip/init-loss.js';
import type { ExactParameters } from '../siglip/threshold.js';

export { NORMALIZATIONS } from '../loss/conventions.js';
export { formatBytes, type LogitsBlock, type LogitsDtype } from '../siglip/memory.js';
export type { ExactParameters };

/** Monte Carlo draws of the initial-loss check when --d and --batch are given and none are asked for. */
export const DEFAULT_MC_SAMPLES = 4000;

/**
 * Largest number of Monte Carlo draws at dimension d (each draw takes 2d normal deviates, at most
 * {@link MAX_MONTE_CARLO_WORK} in all).
 * @example monteCarloSamplesMax(1_000_000) === 100
 */
export function monteCarloSamplesMax(d: number): number {
  return Math.floor(MAX_MONTE_CARLO_WORK / (2 * d));
}

/** The default draws at dimension d: {@link DEFAULT_MC_SAMPLES}, fewer where d is too large for them. */
export function defaultMonteCarloSamples(d: number): number {
  return Math.min(DEFAULT_MC_SAMPLES, monteCarloSamplesMax(d));
}

/**
 * The parameters of a request: `t` with `b_rel` as written (b = t b_rel, computed exactly), the
 * doubles of a checkpoint (their exact decimal expansions decide the thresholds), or (t, b) with
 * the decimals they were given as.
 */
export type SiglipParameters =
  | { readonly kind: 'b-rel'; readonly t: string; readonly bRel: string }
  | {
      readonly kind: 'checkpoint';
      readonly t: number;
      readonly b: number;
      readonly logitScale: number;
      readonly logitBias: number;
    }
  | { readonly kind: 'given'; readonly t: number; readonly b: number; readonly exact: ExactParameters };

/** What `buildSiglip` needs: the parameters, where they came from, and the other options. */
export type SiglipInput = Omit<SiglipOptions, 't' | 'b' | 'exact'> & {
  readonly parameters: SiglipParameters;
  /** one line naming where the parameters came from */
  readonly source: string;
};

/** The `siglip --format json` document (key order is the output order). */
export type SiglipDocument = { readonly source: string } & Omit<SiglipAnswers, 'lcs24'> & {
    /** lossPerAnchor is a string in exponent form where float64 underflows (see documents/ccem) */
    readonly lcs24:
      | (Omit<NonNullable<SiglipAnswers['lcs24']>, 'lossPerAnchor'> & {
          readonly lossPerAnchor: number | string;
        })
      | null;
  };

/** Digits of the exact product b = t b_rel (decimal inputs carry at most ~30 significant digits). */
const PRODUCT_DIGITS = 120;

/** Canonical (t, b) and their exact decimal form. */
function resolve(p: SiglipParameters): { t: number; b: number; exact: ExactParameters } {
  if (p.kind === 'b-rel') {
    const D = hpContext(PRODUCT_DIGITS);
    const t = p.t.trim();
    const b = new D(t).times(new D(p.bRel.trim())).toString();
    return { t: Number(t), b: Number(b), exact: { kind: 'canonical', t, b } };
  }
  if (p.kind === 'checkpoint') {
    const exact: ExactParameters = {
      kind: 'siglip',
      logitScale: exactDecimalString(p.logitScale),
      logitBias: exactDecimalString(p.logitBias),
    };
    return { t: p.t, b: p.b, exact };
  }
  return { t: p.t, b: p.b, exact: p.exact };
}

/** Builds the siglip document. */
export function buildSiglip(input: SiglipInput): SiglipDocument {
  const { parameters, source, ...options } = input;
  const resolved = resolve(parameters);
  const answers = siglipAnswers({ ...resolved, ...options });
  const lcs24 =
    answers.lcs24 === null
      ? null
      : { ...answers.lcs24, lossPerAnchor: ccemReadableLoss(options.batch!, resolved.t, resolved.b) };
  return { source, ...answers, lcs24 };
}
