/**
 * The `siglip` document: the numbers SigLIP practitioners ask for (init bias, initial loss, match
 * threshold, logits memory, LCS24 regime, BBNP25 margins) from one set of parameters, with where
 * the parameters came from. @remarks docs/theory.md §5.
 */
import { exactDecimalString, hpContext } from '../numeric/hp/decimal.js';
import { ccemReadableLoss, floatOptimumAtDecimals } from './ccem.js';
import { readableLoss } from './loss.js';
import { softplus } from '../numeric/float/softplus.js';
import { type SiglipAnswers, type SiglipOptions, siglipAnswers } from '../siglip/answers.js';
import {
  type ByNormalization,
  type InitialLoss,
  MAX_MONTE_CARLO_WORK,
  type MonteCarloEstimate,
} from '../siglip/init-loss.js';
import type { Normalization } from '../loss/conventions.js';
import { type ExactParameters, readableMatchThreshold } from '../siglip/threshold.js';

export { NORMALIZATIONS } from '../loss/conventions.js';
export { formatBytes, type LogitsBlock, type LogitsDtype, MAX_BATCH } from '../siglip/memory.js';
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

/** A loss under each normalisation as read: a string in exponent form where float64 underflows (see documents/loss). */
export type ReadableByNormalization = Readonly<Record<Normalization, number | string>>;

/** The initial loss with every value readable. */
export type ReadableInitialLoss = Omit<InitialLoss, 'expected' | 'terms' | 'atZero' | 'min' | 'max'> & {
  readonly expected: ReadableByNormalization | null;
  readonly terms:
    | (Omit<NonNullable<InitialLoss['terms']>, 'positive' | 'negative'> & {
        readonly positive: number | string;
        readonly negative: number | string;
      })
    | null;
  readonly atZero: ReadableByNormalization;
  readonly min: ReadableByNormalization;
  readonly max: ReadableByNormalization;
};

/** The Monte Carlo estimate with its mean and standard error readable. */
export type ReadableMonteCarlo = Omit<MonteCarloEstimate, 'mean' | 'standardError'> & {
  readonly mean: ReadableByNormalization;
  readonly standardError: ReadableByNormalization;
};

/** The `siglip --format json` document (key order is the output order). */
export type SiglipDocument = { readonly source: string } & Omit<
  SiglipAnswers,
  | 'bRel'
  | 'matchThreshold'
  | 'bbnp25'
  | 'lcs24'
  | 'initialLoss'
  | 'monteCarlo'
  | 'similarities'
  | 'batchForGivenBias'
> & {
    /** b / t; a string in exponent form where the double quotient overflows or underflows (see siglip/threshold) */
    readonly bRel: number | string;
    readonly matchThreshold: number | string;
    readonly bbnp25:
      | (Omit<NonNullable<SiglipAnswers['bbnp25']>, 'bRel'> & { readonly bRel: number | string })
      | null;
    /** lossPerAnchor is a string in exponent form where float64 underflows (see documents/ccem) */
    readonly lcs24:
      | (Omit<NonNullable<SiglipAnswers['lcs24']>, 'lossPerAnchor'> & {
          readonly lossPerAnchor: number | string;
        })
      | null;
    readonly initialLoss: ReadableInitialLoss | null;
    readonly monteCarlo: ReadableMonteCarlo | null;
    /** 1 + e^b, a string in exponent form past the largest double (b > 709.78) */
    readonly batchForGivenBias: number | string;
    /** p is a string in exponent form where float64 underflows */
    readonly similarities: readonly (Omit<SiglipAnswers['similarities'][number], 'p'> & {
      readonly p: number | string;
    })[];
  };

function readableByNormalization(
  values: ByNormalization,
  log10: ByNormalization,
  scale: number,
): ReadableByNormalization {
  const out: Partial<Record<Normalization, number | string>> = {};
  for (const n of Object.keys(values) as Normalization[]) out[n] = readableLoss(values[n], log10[n], scale);
  return out as ReadableByNormalization;
}

/** The Monte Carlo estimate at (t, b) as read: where float64 underflows, the digits its log carries. */
export function readableMonteCarlo(mc: MonteCarloEstimate, t: number, b: number): ReadableMonteCarlo {
  const scale = Math.abs(t) + Math.abs(b);
  return {
    ...mc,
    mean: readableByNormalization(mc.mean, mc.log10Mean, scale),
    standardError: readableByNormalization(mc.standardError, mc.log10StandardError, scale),
  };
}

/** Every value of the initial loss as read: where float64 underflows, the digits its log carries. */
function readableInitialLoss(il: InitialLoss): ReadableInitialLoss {
  const scale = Math.abs(il.t) + Math.abs(il.b);
  const r = (values: ByNormalization, log10: ByNormalization) =>
    readableByNormalization(values, log10, scale);
  return {
    ...il,
    expected: il.expected === null ? null : r(il.expected, il.log10.expected!),
    terms:
      il.terms === null
        ? null
        : {
            ...il.terms,
            positive: readableLoss(il.terms.positive, il.terms.log10Positive, scale),
            negative: readableLoss(il.terms.negative, il.terms.log10Negative, scale),
          },
    atZero: r(il.atZero, il.log10.atZero),
    min: r(il.min, il.log10.min),
    max: r(il.max, il.log10.max),
  };
}

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
  // next to a regime edge the float optimum's 1 + c1 ~ 1/t is rounding noise: the decimal route's
  const opt =
    answers.lcs24 === null
      ? null
      : floatOptimumAtDecimals(
          options.batch!,
          { text: exactDecimalString(resolved.t), x: resolved.t },
          { text: exactDecimalString(resolved.b), x: resolved.b },
        );
  const lcs24 =
    answers.lcs24 === null || opt === null
      ? null
      : {
          ...answers.lcs24,
          regime: opt.regime,
          c1: opt.c1,
          c2: opt.c2,
          delta: opt.delta,
          lossPerAnchor: ccemReadableLoss(options.batch!, resolved.t, resolved.b, opt),
        };
  const monteCarlo =
    answers.monteCarlo === null ? null : readableMonteCarlo(answers.monteCarlo, resolved.t, resolved.b);
  const initialLoss = answers.initialLoss === null ? null : readableInitialLoss(answers.initialLoss);
  const scale = Math.abs(resolved.t) + Math.abs(resolved.b);
  const similarities = answers.similarities.map((a) => ({ ...a, p: readableLoss(a.p, a.log10P, scale) }));
  // 1 + e^b = e^softplus(b); its log is exact to a few ulps, so the digits follow from |ln B| alone
  const batchForGivenBias = readableLoss(answers.batchForGivenBias, softplus(resolved.b) / Math.LN10, 0);
  const bRel = readableMatchThreshold(answers.bRel, resolved.exact);
  const bbnp25 = answers.bbnp25 === null ? null : { ...answers.bbnp25, bRel };
  return {
    source,
    ...answers,
    bRel,
    matchThreshold: bRel,
    batchForGivenBias,
    similarities,
    lcs24,
    bbnp25,
    initialLoss,
    monteCarlo,
  };
}
