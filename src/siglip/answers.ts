/**
 * `siglip`: the numbers SigLIP practitioners ask for, from one set of parameters.
 * docs/theory.md §5 gives each formula with its derivation.
 */
import { ccemThresholds } from '../../constructions/ccem.js';
import { floatOptimumAtDecimals } from '../../constructions/ccem-at-decimals.js';
import { exactDecimalString } from '../numeric/hp/decimal.js';
import { feasibility } from '../bounds/constellation.js';
import { marginFor } from '../bounds/table.js';
import { UsageError } from '../errors.js';
import { sigmoid, softplus } from '../numeric/float/softplus.js';
import { cosineGridNodes, MAX_COSINE_NODES } from './cosine.js';
import {
  calibratedInitLogitBias,
  initLogitBias,
  initLogitBiasForBatch,
  batchForLogitBias,
} from './init-bias.js';
import {
  type InitialLoss,
  initialLoss,
  initialLossMonteCarlo,
  initTermsShape,
  type MonteCarloEstimate,
} from './init-loss.js';
import { type LogitsDtype, type LogitsMemory, logitsMemory } from './memory.js';
import {
  type ExactParameters,
  type MatchSide,
  matchLogit,
  matchSide,
  matchThreshold,
  readableMatchThreshold,
} from './threshold.js';

/** open_clip clamps t = exp(logit_scale) to [1, 100]. */
export const OPEN_CLIP_MAX_T = 100;

/** Options of {@link siglipAnswers}; every field but t and b is optional. */
export interface SiglipOptions {
  /** Canonical inverse temperature t = exp(logit_scale) > 0. */
  readonly t: number;
  /** Canonical bias b = -logit_bias (logits t s - b). */
  readonly b: number;
  /** The decimal inputs (t, b) came from, for exact threshold decisions. @defaultValue exact decimals of t, b */
  readonly exact?: ExactParameters;
  /** Global batch size B (pairs per step). */
  readonly batch?: number;
  /** Target initial match probability. @defaultValue 1 / batch */
  readonly prior?: number;
  /** 1 - prior computed exactly from the typed decimal (near 1 the double prior has lost it). */
  readonly priorComplement?: number;
  /** 2 prior - 1 computed exactly from the typed decimal (near 1/2 the double prior has lost it). */
  readonly priorExcess?: number;
  /** Embedding dimension for the random-init expectation and the capacity bounds. */
  readonly d?: number;
  /** Similarities to report p(s) for, as decimal strings. @defaultValue [] */
  readonly similarities?: readonly string[];
  /** Logits dtype. @defaultValue 'fp32' */
  readonly dtype?: LogitsDtype;
  /** Devices the batch is sharded over. @defaultValue 1 */
  readonly devices?: number;
  /** Local rows scored at a time (chunked loss). @defaultValue none */
  readonly chunk?: number;
  /** Monte Carlo draws for the initial-loss cross-check (0: skip). @defaultValue 0 */
  readonly monteCarloSamples?: number;
  /** Seed of the Monte Carlo. @defaultValue 42 */
  readonly seed?: number;
}

/** One similarity and its predicted match probability. */
export interface SimilarityAnswer {
  readonly s: string;
  readonly p: number;
  /** log10 p(s) = -softplus(b - t s) / ln 10, finite where p underflows (t s - b below -745). */
  readonly log10P: number;
  /** Exact side of the threshold, decided on the decimal inputs. */
  readonly side: MatchSide;
}

/** All answers; sections are null when their inputs were not given. */
export interface SiglipAnswers {
  readonly convention: string;
  readonly t: number;
  readonly b: number;
  readonly bRel: number;
  readonly logitScale: number;
  readonly logitBias: number;
  /** The similarity where p = 1/2: b / t. */
  readonly matchThreshold: number;
  /** logit_bias (SigLIP's sign) for the target prior, assuming similarity 0 at init. */
  readonly initLogitBias: number | null;
  readonly initBias: {
    readonly prior: number;
    readonly logitBias: number;
    readonly b: number;
    readonly assumption: string;
    /** E[sigmoid] = prior over the random-init similarity in R^d (null without d). */
    readonly calibratedLogitBias: number | null;
  } | null;
  /** The batch whose 1/B prior the given logit_bias matches: 1 + e^{-logit_bias}. */
  readonly batchForGivenBias: number;
  readonly similarities: readonly SimilarityAnswer[];
  readonly initialLoss: InitialLoss | null;
  readonly monteCarlo: MonteCarloEstimate | null;
  readonly memory: LogitsMemory | null;
  readonly lcs24: {
    readonly regime: 'etf' | 'interior' | 'antipodal';
    readonly c1: number;
    readonly c2: number;
    readonly delta: number;
    readonly lossPerAnchor: number;
    readonly thresholds: { readonly etf: number; readonly antipodal: number };
    /** d >= B (the CCEM optimum exists in R^d); null without d. */
    readonly attained: boolean | null;
  } | null;
  readonly bbnp25: {
    readonly bRel: number;
    readonly separable: boolean;
    readonly reason: string;
    /** Largest m with (m, b_rel) in the exponential-capacity region m + b <= 1, 3m <= 1 + b. */
    readonly marginExponential: number | null;
    /** Thm 3.4 at N = B: no B pairs have a larger mean margin at this b_rel (any d). */
    readonly marginNecessary: number | null;
    /** marginFor(B, d, b_rel): certainly achievable and largest possible margin in R^d. */
    readonly marginGuaranteed: number | null;
    readonly marginMax: number | null;
  } | null;
  readonly warnings: readonly string[];
}

/** Completes the defaults of {@link SiglipOptions} in one place. */
function withDefaults(o: SiglipOptions) {
  return {
    ...o,
    similarities: o.similarities ?? [],
    dtype: o.dtype ?? ('fp32' as LogitsDtype),
    devices: o.devices ?? 1,
    monteCarloSamples: o.monteCarloSamples ?? 0,
    seed: o.seed ?? 42,
  };
}

/** x rounded down to 3 significant digits. */
function floor3(x: number): number {
  const unit = 10 ** (Math.floor(Math.log10(x)) - 2);
  return Number((Math.floor(x / unit) * unit).toPrecision(3));
}

/**
 * Refuses, naming --t and --d, an expectation over the random-init cosine whose quadrature would
 * need more than `maxNodes` nodes: softplus bends over a width 1/t in the similarity,
 * so the nodes grow like t. Says up to which t the same request fits.
 */
function quadratureFits(
  d: number,
  t: number,
  logRange: (t: number) => number,
  what: string,
  maxNodes: number,
): void {
  const nodes = (tt: number) => cosineGridNodes(d, Math.PI / (tt + 1), logRange(tt));
  if (nodes(t) <= maxNodes) return;
  // bracket geometrically first: halving from a huge t (1e300) would never reach the limit
  let hi = t;
  let lo = t / 1024;
  while (lo > 0 && nodes(lo) > maxNodes) {
    hi = lo;
    lo /= 1024;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-6 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (nodes(mid) <= maxNodes) lo = mid;
    else hi = mid;
  }
  throw new UsageError(
    `siglip: --t ${t} with --d ${d}: ${what} needs ${nodes(t)} quadrature nodes (softplus bends over a width 1/t in the similarity), more than ${maxNodes}; ${lo > 0 ? `it fits up to t = ${floor3(lo)}` : 'no t > 0 fits'}, and without --d sigcheck still gives the s = 0 value and the range`,
  );
}

/**
 * The answers for (t, b) and whichever of batch, d, dtype, devices, chunk and similarities are given.
 * @example Math.abs(siglipAnswers({ t: 117.8, b: 12.9 }).matchThreshold - 12.9 / 117.8) < 1e-16 // about 0.1095
 */
export function siglipAnswers(options: SiglipOptions): SiglipAnswers {
  const o = withDefaults(options);
  const { t, b } = o;
  if (!(t > 0 && Number.isFinite(t))) throw new UsageError(`siglip: t must be finite and > 0, got ${t}`);
  if (!Number.isFinite(b)) throw new UsageError(`siglip: b must be finite, got ${b}`);
  // the range's extreme logits t + |b| must be doubles: past 1.8e308 the maximum read Infinity
  if (!Number.isFinite(t + Math.abs(b))) {
    throw new UsageError(
      `siglip: the largest logit t + |b| overflows float64 at t = ${t}, b = ${b} (need t + |b| < 1.8e308)`,
    );
  }
  const batch = o.batch;
  if (batch !== undefined && !(Number.isInteger(batch) && batch >= 2)) {
    throw new UsageError(`siglip: batch must be an integer >= 2, got ${batch}`);
  }
  const d = o.d;
  if (d !== undefined && !(Number.isInteger(d) && d >= 2))
    throw new UsageError(`siglip: d must be an integer >= 2, got ${d}`);
  if (d !== undefined) {
    const prior = o.prior ?? (batch !== undefined ? 1 / batch : undefined);
    if (batch !== undefined)
      quadratureFits(
        d,
        t,
        (tt) => initTermsShape(tt, b).logRange,
        'the expected initial loss',
        MAX_COSINE_NODES,
      );
    if (prior !== undefined) {
      const lb = Math.abs(initLogitBias(prior));
      // the calibration bisects over 64 quadratures: a sixteenth of the nodes keeps it to seconds
      quadratureFits(d, t, (tt) => tt + lb + tt + 2, 'the calibrated logit_bias', MAX_COSINE_NODES / 16);
    }
  }
  const warnings: string[] = [];
  if (t > OPEN_CLIP_MAX_T) {
    warnings.push(
      `t = ${t} > ${OPEN_CLIP_MAX_T}: open_clip clamps t = exp(logit_scale) to [1, 100] (logit_scale <= ln 100 = 4.6052); big_vision and HF do not clamp`,
    );
  } else if (t === OPEN_CLIP_MAX_T) {
    warnings.push(`t = ${t}: at open_clip's clamp (t <= 100); training may be pinned there`);
  }
  if (t < 1) warnings.push(`t = ${t} < 1: open_clip clamps t to [1, 100]`);

  const exact: ExactParameters = o.exact ?? { kind: 'canonical', t: String(t), b: String(b) };
  const similarities = o.similarities.map((s) => {
    const side = matchSide(s, exact);
    const z = matchLogit(s, exact);
    return { s, p: sigmoid(z), log10P: -softplus(-z) / Math.LN10, side };
  });

  const prior = o.prior ?? (batch !== undefined ? 1 / batch : undefined);
  let initBias: SiglipAnswers['initBias'] = null;
  if (prior !== undefined) {
    const lb =
      o.prior === undefined && batch !== undefined
        ? initLogitBiasForBatch(batch)
        : initLogitBias(prior, o.prior === undefined ? undefined : o.priorComplement);
    initBias = {
      prior,
      logitBias: lb,
      b: -lb,
      assumption: 'similarity 0 at init: sigmoid(logit_bias) = prior, logit_bias = ln(prior/(1-prior))',
      calibratedLogitBias:
        d === undefined
          ? null
          : o.prior === undefined
            ? calibratedInitLogitBias(prior, d, t)
            : calibratedInitLogitBias(prior, d, t, o.priorComplement, o.priorExcess),
    };
  }

  const init = batch === undefined ? null : initialLoss(batch, d ?? null, t, b);
  const monteCarlo =
    batch !== undefined && d !== undefined && o.monteCarloSamples > 0
      ? initialLossMonteCarlo(batch, d, t, b, o.monteCarloSamples, o.seed)
      : null;
  const memory = batch === undefined ? null : logitsMemory(batch, o.devices, o.chunk ?? null, o.dtype);

  let lcs24: SiglipAnswers['lcs24'] = null;
  let bbnp25: SiglipAnswers['bbnp25'] = null;
  const bRel = matchThreshold(t, b);
  const bRelRead = readableMatchThreshold(bRel, exact);
  if (batch !== undefined && batch >= 3) {
    // next to a regime edge the float root's 1 -+ c1 ~ 1/t is rounding noise: the decimal route there
    const opt = floatOptimumAtDecimals(
      batch,
      { text: exactDecimalString(t), x: t },
      { text: exactDecimalString(b), x: b },
    );
    const thr = ccemThresholds(batch);
    lcs24 = {
      regime: opt.regime,
      c1: opt.c1,
      c2: opt.c2,
      delta: opt.delta,
      lossPerAnchor: opt.loss,
      thresholds: { etf: thr.etf, antipodal: thr.antipodal },
      attained: d === undefined ? null : d >= batch,
    };
    if (d !== undefined && d < batch) {
      warnings.push(
        `d = ${d} < B = ${batch}: the LCS24 optimum (CCEM) needs d >= B; its loss is only a lower bound here`,
      );
    }
    if (bRel >= 1 || bRel <= -1) {
      bbnp25 = {
        bRel,
        separable: false,
        reason:
          bRel >= 1
            ? `b_rel = ${bRelRead} >= 1: no similarity exceeds the threshold, so no pair is ever a predicted match`
            : `b_rel = ${bRelRead} <= -1: every similarity exceeds the threshold, so every negative is a predicted match`,
        marginExponential: null,
        marginNecessary: null,
        marginGuaranteed: null,
        marginMax: null,
      };
    } else {
      const mExp = Math.max(0, Math.min(1 - bRel, (1 + bRel) / 3));
      const mNec = Math.min(1 - bRel, ((1 + bRel) * batch) / (3 * batch - 4));
      const feasible = feasibility(mExp, bRel).feasible;
      const mf = d !== undefined ? marginFor(batch, d, bRel) : null;
      bbnp25 = {
        bRel,
        separable: true,
        reason: `|b_rel| < 1: (m, b_rel)-constellations exist; exponentially many pairs for m <= ${mExp}${feasible ? '' : ' (edge)'}`,
        marginExponential: mExp,
        marginNecessary: mNec,
        marginGuaranteed: mf?.mGuaranteed ?? null,
        marginMax: mf?.mMax ?? null,
      };
    }
  }
  return {
    convention:
      'canonical: logits t s - b, t = exp(logit_scale), b = -logit_bias (SigLIP/open_clip/HF add logit_bias); p(s) = sigmoid(t s - b)',
    t,
    b,
    bRel,
    logitScale: Math.log(t),
    logitBias: -b,
    matchThreshold: bRel,
    initLogitBias: initBias?.logitBias ?? null,
    initBias,
    batchForGivenBias: batchForLogitBias(-b),
    similarities,
    initialLoss: init,
    monteCarlo,
    memory,
    lcs24,
    bbnp25,
    warnings,
  };
}
